import { defineStore, storeToRefs } from 'pinia';
import { computed, nextTick, ref } from 'vue';
import type { ShortcutAction } from '../../../common/shortcutKeys';
import { onEscapeKey } from '../lib/escapeStack';
import { serverActionBlock } from '../lib/serverAction';
import {
  bindingsInEffect,
  isTypingTarget,
  shortcutDefinition,
  shortcutFor,
} from '../lib/shortcuts';
import { useAgentStore } from './agent';
import { useAppStore } from './app';
import { useInboxStore } from './inbox';
import { useInteractionStore } from './interaction';
import { useSessionStore } from './session';
import { useWorkbinsStore } from './workbins';

/** The attribute marking the controls a shortcut works (set by the `v-shortcut` directive). */
export const SHORTCUT_ATTRIBUTE = 'data-shortcut-action';

/**
 * The desk's keyboard shortcuts on the page (issue 15 item 1): the bindings in effect (the
 * defaults of lib/shortcuts.ts with the agent's remapping from the settings), the one keydown
 * listener that runs an action, and the overlays an action opens (the help, the Not Ready
 * reasons).
 *
 * An action works the desk the way the agent would: most press the control they stand for (a
 * control marked with `v-shortcut`), so a control that is disabled (busy, offline, not allowed
 * by the server) is not pressed by its shortcut either; the others (the newest invitation, the
 * next interaction, the agent's state, the lists, and the header's controls, which a narrow or
 * zoomed window folds into the agent menu) go through the stores the controls use.
 */
export const useShortcutsStore = defineStore('shortcuts', () => {
  const { settings } = storeToRefs(useAppStore());
  const bindings = computed(() => bindingsInEffect(settings.value?.shortcuts ?? {}));

  /** The help overlay (ShortcutHelp.vue) is open. */
  const helpOpen = ref(false);
  /** The Not Ready reason choice (NotReadyDialog.vue) is open. */
  const reasonsOpen = ref(false);
  /** Counts the Sign out shortcut's presses; the header (which owns the leave guard) answers. */
  const signOutRequests = ref(0);
  /** Counts the Settings shortcut's presses; the header (which owns the dialog) answers. */
  const settingsRequests = ref(0);

  /** An action's combinations in effect. */
  function keysOf(action: ShortcutAction): readonly string[] {
    return bindings.value.get(action) ?? [];
  }

  /**
   * The invitation offered last (its chime the last the agent heard), if any: by when main
   * announced it (`offeredAt`), else its row's time, as the inbox puts its newest first. Not by
   * when the desk first saw it: an e-mail handed on this morning that comes back, or one offered
   * again after it timed out, is the newest invitation, not one first seen a minute ago.
   * Not one whose answer is on its way: it stays invited until the server's answer, and a
   * second press meant the next one (three presses for three invitations in a burst answered
   * only the first, the others swallowed).
   */
  function newestInvitation(): string | undefined {
    const inbox = useInboxStore();
    let newest: { id: string; at: number } | undefined;
    for (const row of inbox.items) {
      if (row.phase !== 'invited' || inbox.pending.has(row.id)) continue;
      const at = row.offeredAt ?? row.updatedAt;
      if (newest === undefined || at > newest.at) newest = { id: row.id, at };
    }
    return newest?.id;
  }

  async function respondToNewest(accept: boolean): Promise<boolean> {
    const id = newestInvitation();
    if (id === undefined) return false;
    const inbox = useInboxStore();
    const interaction = useInteractionStore();
    if (!accept) {
      void inbox.reject(id);
      return true;
    }
    // As Accept on the row does: the interaction opens with the keyboard in it.
    const openWhenAsked = interaction.selectedId;
    if (await inbox.accept(id)) interaction.openAccepted(id, openWhenAsked);
    return true;
  }

  /** Opens the next (+1) or previous (-1) interaction of the list on show, and focuses its row. */
  async function step(by: 1 | -1): Promise<boolean> {
    const inbox = useInboxStore();
    const interaction = useInteractionStore();
    const rows = inbox.tab === 'history' ? inbox.history : inbox.items;
    if (rows.length === 0) return false;
    const at = rows.findIndex((row) => row.id === interaction.selectedId);
    const next = rows[at < 0 ? (by === 1 ? 0 : rows.length - 1) : at + by];
    if (next === undefined) return false;
    interaction.select(next.id);
    await nextTick();
    rowButton(next.id)?.focus();
    return true;
  }

  /**
   * Opens the chat whose customer has waited longest for the agent's answer (the inbox's
   * {@link useInboxStore waitingChats}), never the open one, with the keyboard in its message
   * box. Not the open one: its wait ends only when main has the answer the agent just sent,
   * and the shortcut must go to the same chat whether that came yet or not. Shows the inbox
   * (its wait badges) when the history or a search is on show.
   */
  function openLongestWaiting(): boolean {
    const inbox = useInboxStore();
    const interaction = useInteractionStore();
    const next = inbox.waitingChats.find((row) => row.id !== interaction.selectedId);
    if (next === undefined) return false;
    if (inbox.query.trim() !== '') inbox.setQuery('');
    inbox.showTab('inbox');
    interaction.openToWork(next.id);
    return true;
  }

  /**
   * In a narrow desk the open interaction takes the list's place (DeskView.vue): a shortcut to
   * the list (or its search) brings it back first, as "Back to the list" does.
   */
  async function bringListBack(): Promise<void> {
    const interaction = useInteractionStore();
    const list = document.querySelector('.desk__body > .inbox');
    if (interaction.selectedId === null || list === null || list.getClientRects().length > 0)
      return;
    interaction.select(null);
    await nextTick();
  }

  /**
   * The list's selected row (in a narrow desk, the one just left, as "Back to the list" does),
   * else its first one: where the keyboard goes to work the list.
   */
  async function focusList(): Promise<boolean> {
    const open = useInteractionStore().selectedId;
    await bringListBack();
    await nextTick();
    const target =
      (open === null ? null : rowButton(open)) ??
      document.querySelector<HTMLElement>('.row .row__main');
    target?.focus();
    return target !== null;
  }

  function rowButton(id: string): HTMLElement | null {
    return document.querySelector<HTMLElement>(
      `.row[data-interaction-id="${CSS.escape(id)}"] .row__main`,
    );
  }

  async function showList(tab: 'inbox' | 'history'): Promise<boolean> {
    const inbox = useInboxStore();
    if (inbox.query.trim() !== '') inbox.setQuery('');
    inbox.showTab(tab);
    await bringListBack();
    await nextTick();
    document.getElementById(`tab-${tab}`)?.focus();
    return true;
  }

  /**
   * An item of a closed menu that holds actions (MoreActionsMenu.vue), its menu button shown: in
   * a small window the action is there rather than on the toolbar, and its key still works.
   */
  function inShownMenu(element: HTMLElement): boolean {
    const menu = element.closest('[data-holds-shortcuts]');
    return menu !== null && menu.getClientRects().length > 0;
  }

  /**
   * Presses (a button) or focuses (a field) the control marked for `action`: the one in the
   * form that has the focus first (Send in this composer), else the first one shown and enabled.
   */
  function pressControl(action: ShortcutAction): boolean {
    const marked = [...document.querySelectorAll<HTMLElement>(`[${SHORTCUT_ATTRIBUTE}]`)].filter(
      (element) =>
        (element.getAttribute(SHORTCUT_ATTRIBUTE) ?? '').split(' ').includes(action) &&
        (element.getClientRects().length > 0 || inShownMenu(element)) &&
        element.closest('[inert]') === null,
    );
    const form = document.activeElement?.closest('form');
    const control =
      marked.find((element) => form?.contains(element) === true) ?? marked.at(0) ?? null;
    if (control === null || (control as HTMLButtonElement).disabled) return false;
    if (control instanceof HTMLButtonElement) control.click();
    else {
      control.focus();
      if (control instanceof HTMLInputElement) control.select();
    }
    return true;
  }

  /** Runs `action`; answers whether it did anything (else the key does what it would). */
  function run(action: ShortcutAction): boolean | Promise<boolean> {
    const agent = useAgentStore();
    switch (action) {
      case 'acceptInvitation':
        return newestInvitation() !== undefined && respondToNewest(true);
      case 'rejectInvitation':
        return newestInvitation() !== undefined && respondToNewest(false);
      case 'nextInteraction':
        return step(1);
      case 'previousInteraction':
        return step(-1);
      case 'longestWaiting':
        return openLongestWaiting();
      case 'focusList':
        return focusList();
      case 'ready':
        if (agent.state === null || !agent.choosable || agent.busy) return false;
        void agent.choose('ready');
        return true;
      case 'notReady':
        if (agent.state === null || !agent.choosable) return false;
        // A contact center that lists no reason: nothing to ask "why" about. Not while the
        // reasons are still being read (just after sign-in): a site that asks for one would get
        // a Not Ready without it.
        if (agent.reasonsRead && agent.namedReasons.length === 0) void agent.choose('notReady');
        else reasonsOpen.value = true;
        return true;
      case 'inbox':
        return showList('inbox');
      case 'history':
        return showList('history');
      case 'help':
        helpOpen.value = true;
        return true;
      case 'signOut':
        if (useSessionStore().agent === undefined) return false;
        signOutRequests.value += 1;
        return true;
      // The header's controls, by the same rules as their buttons (AppHeader.vue,
      // AgentStateControl.vue), whether the header shows them or has folded them.
      case 'doNotDisturb':
        if (
          agent.state === null ||
          agent.busy ||
          serverActionBlock(useSessionStore()) !== undefined
        )
          return false;
        void agent.toggleDoNotDisturb();
        return true;
      case 'workbins':
        if (!useSessionStore().accountOpen) return false;
        useWorkbinsStore().togglePanel();
        return true;
      case 'settings':
        if (!settings.value) return false;
        settingsRequests.value += 1;
        return true;
      case 'reply':
      case 'send':
      case 'done':
      case 'transfer':
      case 'newEmail':
        return pressControl(action);
      // The search box is the list's: in a narrow desk the list comes back first.
      case 'search':
        return bringListBack().then(() => pressControl(action));
    }
  }

  /**
   * The page's keydown listener. Shortcuts are off while a modal dialog is open (it has the
   * keyboard: the settings' recorder, a question), and for a key a control already used.
   */
  function onKeydown(event: KeyboardEvent): void {
    onEscapeKey(event);
    if (event.defaultPrevented || event.isComposing) return;
    if (document.querySelector('dialog:modal') !== null) return;
    const action = shortcutFor(event, bindings.value, document.activeElement);
    if (action === undefined) return;
    // One meant for a text field always takes its key there, held down too: macOS's Option+G
    // would type "©" whenever no chat waits, and do the action otherwise.
    const taken =
      shortcutDefinition(action).whileTyping === true && isTypingTarget(document.activeElement);
    if (event.repeat) {
      if (taken) event.preventDefault();
      return;
    }
    const done = run(action);
    // The key was taken when the action applies here (an async action always applies).
    if (done !== false || taken) event.preventDefault();
  }

  let listening = false;
  /** Listens to the page's keys (the desk is on screen). */
  function start(): void {
    if (listening) return;
    listening = true;
    window.addEventListener('keydown', onKeydown);
  }
  function stop(): void {
    listening = false;
    window.removeEventListener('keydown', onKeydown);
    helpOpen.value = false;
    reasonsOpen.value = false;
  }

  return {
    bindings,
    helpOpen,
    reasonsOpen,
    signOutRequests,
    settingsRequests,
    keysOf,
    run,
    start,
    stop,
  };
});
