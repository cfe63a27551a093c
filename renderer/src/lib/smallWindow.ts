import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * A small window — narrow (the desk stacked, DeskView.vue) or short (1280 × 800 at 200% zoom is
 * 640 × 400) — as a ref that follows the window's size and zoom. There what is open by default
 * on a large window starts folded (the case data's keys, the interaction's secondary actions).
 */
export function useSmallWindow(): Ref<boolean> {
  const query = window.matchMedia('(max-width: 759px), (max-height: 500px)');
  const small = ref(query.matches);
  function onChange(event: MediaQueryListEvent): void {
    small.value = event.matches;
  }
  query.addEventListener('change', onChange);
  onBeforeUnmount(() => {
    query.removeEventListener('change', onChange);
  });
  return small;
}
