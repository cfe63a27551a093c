import { watch, type Ref } from 'vue';

/**
 * Keeps the height of a bar stuck to the bottom of a scrolling region (`position: sticky`) on
 * that region as the CSS property `property`, for its `scroll-padding-bottom`: what the keyboard
 * (or `scrollIntoView`) brings into sight then stops above the bar, not under it. Measured, not
 * a fixed figure: the bar wraps to two rows in a narrow window, grows with an alert in it, and
 * the zoom and the language change it. A bar not shown (`display: none`: another Settings
 * section's, kept mounted by `v-show`) measures 0 and leaves the region's figure alone, so that
 * several bars in one region, one shown at a time, do not undo each other's while they stay
 * mounted. The property is taken off the region when a bar goes (unmounted): several bars that
 * come and go in one region would need a figure of their own each.
 *
 * @param bar the sticky bar (a template ref)
 * @param regionOf the scrolling region the bar sticks in, found from the bar
 * @param property the custom property to set on it, e.g. `--consultation-bar-height`
 */
export function useStuckBarHeight(
  bar: Ref<HTMLElement | null>,
  regionOf: (bar: HTMLElement) => HTMLElement | null | undefined,
  property: string,
): void {
  watch(
    bar,
    (element, _before, onCleanup) => {
      const region = element === null ? null : regionOf(element);
      if (element === null || region === null || region === undefined) return;
      const keepHeight = (): void => {
        if (element.offsetHeight === 0) return;
        region.style.setProperty(property, `${String(element.offsetHeight)}px`);
      };
      const observer = new ResizeObserver(keepHeight);
      // Its border box, which is what it covers: a padding or a line it gains as it sticks (the
      // chat's Consultation bar in a window made short, not narrower) changes no content box.
      observer.observe(element, { box: 'border-box' });
      keepHeight();
      onCleanup(() => {
        observer.disconnect();
        region.style.removeProperty(property);
      });
    },
    { flush: 'post' },
  );
}
