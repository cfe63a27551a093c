import { computed, watch, type Directive } from 'vue';
import type { ConnectionStatus } from '../../../common/model';
import { t } from '../i18n';
import { useSessionStore } from '../stores/session';

/**
 * Why a server action (Accept, Send, Ready, Done…) cannot be done now: the desk reviews its
 * cache with no server, is signing in, is reconnecting, has lost the server, or nobody is signed
 * in. The one place that decides it: the directive below and any handler ask here.
 */
export type ServerActionBlock =
  'offlineReview' | 'signingIn' | 'reconnecting' | 'offline' | 'signedOut';

/** What {@link serverActionBlock} reads of the session. */
export interface ServerActionSession {
  readonly offline: boolean;
  readonly connection: ConnectionStatus;
}

/** Why a server action is not possible now, or undefined when it is. */
export function serverActionBlock(session: ServerActionSession): ServerActionBlock | undefined {
  if (session.offline) return 'offlineReview';
  switch (session.connection.state) {
    case 'connected':
      return undefined;
    case 'connecting':
      return 'signingIn';
    case 'reconnecting':
      return 'reconnecting';
    case 'offline':
      return 'offline';
    case 'signedOut':
      return 'signedOut';
  }
}

/**
 * For an action that falls back on the cache while the server is away (Contact history shows
 * the cached listing): blocked only when no account's cache is open (signed out). Offline
 * review has the account's cache, and yesterday's history is what it is for.
 */
export function blockWithCache(
  block: ServerActionBlock | undefined,
): ServerActionBlock | undefined {
  return block === 'signedOut' ? block : undefined;
}

/** The reason in the agent's words, for a title and for screen readers. */
export function serverActionReason(block: ServerActionBlock): string {
  return t(`errors.unavailable.${block}`);
}

/**
 * The id of the one element that says why server actions are unavailable now; every disabled
 * control points at it (aria-describedby). The directive keeps it in the document.
 */
export const SERVER_ACTION_REASON_ID = 'server-action-reason';

/** The element's own bindings, which the directive must give back when actions are possible. */
interface OwnState {
  readonly disabled: boolean;
  readonly title: string | undefined;
  readonly describedBy: string | undefined;
}

interface Bound {
  own: OwnState;
  /** `.focusable`: aria-disabled instead of disabled, so that focus stays on it. */
  readonly focusable: boolean;
  /** Why the action is blocked now (`.cached`: only without a session). */
  readonly blockOf: () => ServerActionBlock | undefined;
  blocked: boolean;
  readonly stop: () => void;
}

const bound = new WeakMap<HTMLElement, Bound>();

/** A boolean attribute's vnode value: `disabled`, `:disabled="true"` and `disabled=""` are on. */
function isOn(value: unknown): boolean {
  return value === true || value === '' || value === 'true' || value === 'disabled';
}

function ownState(vnode: { readonly props: object | null }): OwnState {
  const props = (vnode.props ?? {}) as Record<string, unknown>;
  const title = props.title;
  const describedBy = props['aria-describedby'];
  return {
    disabled: isOn(props.disabled) || isOn(props['aria-disabled']),
    title: typeof title === 'string' && title !== '' ? title : undefined,
    describedBy: typeof describedBy === 'string' && describedBy !== '' ? describedBy : undefined,
  };
}

/** The hidden sentence the disabled controls point at, created once, kept up to date. */
function describeReason(reason: string): void {
  let element = document.getElementById(SERVER_ACTION_REASON_ID);
  if (element === null) {
    element = document.createElement('span');
    element.id = SERVER_ACTION_REASON_ID;
    element.hidden = true;
    document.body.append(element);
  }
  if (element.textContent !== reason) element.textContent = reason;
}

function setAttribute(element: HTMLElement, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

/** Clicks on a control that is only aria-disabled must do nothing (the keyboard's too). */
function swallowWhileBlocked(event: Event): void {
  const target = event.currentTarget as HTMLElement;
  if (bound.get(target)?.blocked !== true) return;
  event.preventDefault();
  event.stopImmediatePropagation();
}

function apply(element: HTMLElement, state: Bound, block: ServerActionBlock | undefined): void {
  const { own, focusable } = state;
  if (block === undefined) {
    if (!state.blocked) return;
    state.blocked = false;
    if (focusable) setAttribute(element, 'aria-disabled', own.disabled ? 'true' : undefined);
    else (element as HTMLButtonElement).disabled = own.disabled;
    setAttribute(element, 'title', own.title);
    setAttribute(element, 'aria-describedby', own.describedBy);
    delete element.dataset.unavailable;
    return;
  }
  const reason = serverActionReason(block);
  describeReason(reason);
  state.blocked = true;
  if (focusable) element.setAttribute('aria-disabled', 'true');
  else (element as HTMLButtonElement).disabled = true;
  element.title = reason;
  const describedBy = [own.describedBy, SERVER_ACTION_REASON_ID].filter(Boolean).join(' ');
  element.setAttribute('aria-describedby', describedBy);
  element.dataset.unavailable = block;
}

/**
 * Marks a control as a server action: while {@link serverActionBlock} says it cannot be done, it
 * is disabled and says why on hover (title) and to assistive technology (aria-describedby);
 * once it can, the control's own `:disabled`, `:title` and `aria-describedby` are back. With
 * `v-server-action.focusable` it is aria-disabled instead (it keeps the focus) and its clicks
 * are swallowed; with `.cached` (an action that reads the cache while the server is away) it
 * is blocked only with no account's cache open ({@link blockWithCache}). One attribute per control: `<button v-server-action …>`.
 */
export const vServerAction: Directive<HTMLElement, void, 'focusable' | 'cached'> = {
  mounted(element, binding, vnode) {
    const session = useSessionStore();
    const cached = binding.modifiers.cached === true;
    const blockOf = (): ServerActionBlock | undefined =>
      cached ? blockWithCache(serverActionBlock(session)) : serverActionBlock(session);
    const block = computed(blockOf);
    const state: Bound = {
      own: ownState(vnode),
      focusable: binding.modifiers.focusable === true,
      blockOf,
      blocked: false,
      stop: watch(block, (next) => {
        apply(element, state, next);
      }),
    };
    if (state.focusable) element.addEventListener('click', swallowWhileBlocked, true);
    bound.set(element, state);
    apply(element, state, block.value);
  },
  updated(element, _binding, vnode) {
    const state = bound.get(element);
    if (state === undefined) return;
    state.own = ownState(vnode);
    // The render may have written the element's own disabled/title over ours: apply again.
    const block = state.blockOf();
    if (block !== undefined) apply(element, state, block);
  },
  beforeUnmount(element) {
    const state = bound.get(element);
    state?.stop();
    element.removeEventListener('click', swallowWhileBlocked, true);
    bound.delete(element);
  },
};
