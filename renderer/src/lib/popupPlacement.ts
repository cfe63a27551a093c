import { nextTick, onBeforeUnmount, ref, watch, type Ref } from 'vue';

/** Which edge of its button a popup lines up with: its end (opening leftwards) or its start. */
export type PopupAlign = 'end' | 'start';

/** The room kept between a popup and the window's edge, in CSS px. */
const WINDOW_MARGIN = 4;

/**
 * Keeps a popup opened from a button inside the window: lined up with the button's `preferred`
 * edge, with the other one when that would take it off the window (a button wrapped to the start
 * of a 320 px row), and when neither fits (at 320 px a popup can be wider than the room on either
 * side of its button) moved sideways by `offset` px (negative: leftwards), just enough to end
 * inside the window, never past its left edge. Placed as it opens, and again when the window
 * changes size (or zoom) while it is open: off the window, part of it was out of reach and the
 * page scrolled sideways.
 */
export function usePopupPlacement(
  open: Ref<boolean>,
  popup: Readonly<Ref<HTMLElement | null>>,
  preferred: PopupAlign = 'end',
): { align: Ref<PopupAlign>; offset: Ref<number> } {
  const align = ref<PopupAlign>(preferred);
  const offset = ref(0);
  const fits = (box: DOMRect) => box.left >= 0 && box.right <= window.innerWidth;

  async function place(): Promise<void> {
    align.value = preferred;
    offset.value = 0;
    await nextTick();
    const first = popup.value?.getBoundingClientRect();
    if (first === undefined || fits(first)) return;
    align.value = preferred === 'end' ? 'start' : 'end';
    await nextTick();
    const box = popup.value?.getBoundingClientRect();
    if (box === undefined || fits(box)) return;
    const overRight = box.right - (window.innerWidth - WINDOW_MARGIN);
    const overLeft = WINDOW_MARGIN - box.left;
    if (overRight > 0) offset.value = -Math.min(overRight, box.left - WINDOW_MARGIN);
    else if (overLeft > 0) offset.value = Math.min(overLeft, -overRight);
  }
  function onResize(): void {
    void place();
  }
  watch(open, (isOpen) => {
    if (isOpen) {
      window.addEventListener('resize', onResize);
      void place();
    } else window.removeEventListener('resize', onResize);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize);
  });
  return { align, offset };
}
