// i18n: pending (issue 15: remove when this file's text is in the catalogs)
import type { Directive } from 'vue';
import { useSessionStore } from '../stores/session';

/** Why a server action is disabled during an offline review (main refuses with the same words). */
export const OFFLINE_REASON = 'Offline: sign in to do this';
/** The id of the one element that says {@link OFFLINE_REASON} (OfflineBanner.vue renders it). */
export const OFFLINE_REASON_ID = 'offline-reason';

/**
 * Marks a control as a server action: while the desk reviews a cache offline it is disabled,
 * says why on hover (title) and to assistive technology (aria-describedby). Applied after each
 * render, so the element's own `:disabled` and `:title` bindings cannot undo it; the desk is
 * mounted afresh when the review ends, which is when the element would be enabled again.
 */
export const vServerAction: Directive<HTMLElement, void> = {
  mounted: disableWhileOffline,
  updated: disableWhileOffline,
};

function disableWhileOffline(element: HTMLElement): void {
  if (!useSessionStore().offline) return;
  element.setAttribute('disabled', '');
  element.setAttribute('title', OFFLINE_REASON);
  element.setAttribute('aria-describedby', OFFLINE_REASON_ID);
  element.dataset.offline = 'disabled';
}
