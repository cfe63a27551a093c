import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { SwitchboardClient } from '../../../common/contract';
import type { Result, SwitchboardError } from '../../../common/errors';
import type { InteractionDetail } from '../../../common/model';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { coalesce } from '../lib/coalesce';

/** Something the agent can do to the open interaction, for busy flags and messages. */
export type InteractionAction =
  | 'accept'
  | 'reject'
  | 'send'
  | 'done'
  | 'endChat'
  | 'leaveChat'
  | 'reply'
  | 'sendEmail'
  | 'cancelReply'
  | 'saveTranscript'
  | 'attachment';

/** What Send takes: addresses as one string (`,`/`;` between them) or a list; main normalizes. */
export type OutgoingEmail = NonNullable<Parameters<SwitchboardClient['interactions']['send']>[1]>;

/**
 * Where the keyboard goes once an interaction shows as an action left it: after Accept, its
 * message box (a chat) or its detail; after Reply, the new draft's text.
 */
export type FocusTarget = 'work' | 'draft';

export interface FocusRequest {
  readonly id: string;
  readonly target: FocusTarget;
}

/** An action's answer, and whether the agent still has the interaction it was for open. */
interface Outcome<T> {
  readonly id: string;
  readonly result: Result<T>;
  readonly current: boolean;
}

/** States in which the agent works on an interaction (GWS keeps them after Accept). */
const WORKING_STATES: ReadonlySet<string> = new Set([
  'Accepted',
  'PropertiesChanged',
  'InvitedConference',
  'LeftConference',
  'Pulled',
  'ReplyCreated',
]);

/**
 * The interaction open on the right: its detail from the cache, refetched whenever an event
 * names it, the operations the detail view offers, and the chat messages the agent is writing.
 */
export const useInteractionStore = defineStore('interaction', () => {
  const selectedId = ref<string | null>(null);
  const detail = shallowRef<InteractionDetail | null>(null);
  const loading = ref(false);
  /** The selected id is not in the cache (purged, or another account's). */
  const missing = ref(false);
  const loadError = ref<SwitchboardError | null>(null);

  const busy = ref<InteractionAction | null>(null);
  const actionError = ref<SwitchboardError | null>(null);
  /** A short confirmation of the last action ("Saved to …"). */
  const notice = ref<string | null>(null);
  /** Where the view should move the focus once the interaction shows (see {@link FocusTarget}). */
  const focusRequest = shallowRef<FocusRequest | null>(null);

  /**
   * Half-typed chat messages by interaction id, so that switching to another interaction and
   * back keeps them. A message leaves when it is sent or its chat ends, all of them on sign-out.
   */
  const drafts = reactive(new Map<string, string>());
  /** The message box of the open interaction. */
  const composerText = computed({
    get: () => (selectedId.value === null ? '' : (drafts.get(selectedId.value) ?? '')),
    set: (text: string) => {
      const id = selectedId.value;
      if (id === null) return;
      if (text === '') drafts.delete(id);
      else drafts.set(id, text);
    },
  });

  /**
   * Bumped by {@link clear} (sign-out): whatever was asked for before is dropped when it
   * answers, so nothing of one agent lands on the next agent's desk.
   */
  let epoch = 0;

  const capabilities = computed<ReadonlySet<string>>(
    () => new Set(detail.value?.capabilities ?? []),
  );
  /** Accepted and not ended: the agent may write in it. */
  const working = computed(() => {
    const current = detail.value;
    return current !== null && current.endedAt === undefined && WORKING_STATES.has(current.state);
  });

  const loadJob = coalesce(async () => {
    const id = selectedId.value;
    if (id === null) return;
    const asked = epoch;
    const result = await api.interactions.get(id);
    // The agent may have moved on (or signed out) while the answer was coming.
    if (asked !== epoch || id !== selectedId.value) return;
    loading.value = false;
    if (result.ok) {
      detail.value = result.value;
      missing.value = result.value === null;
      loadError.value = null;
    } else {
      loadError.value = result.error;
    }
  });

  function select(id: string | null): void {
    if (focusRequest.value !== null && focusRequest.value.id !== id) focusRequest.value = null;
    if (id === selectedId.value) {
      loadJob.request();
      return;
    }
    selectedId.value = id;
    detail.value = null;
    missing.value = false;
    loadError.value = null;
    actionError.value = null;
    notice.value = null;
    loading.value = id !== null;
    if (id !== null) loadJob.request();
  }

  /** Refetches when an event is about the open interaction. */
  function touched(interactionId: string): void {
    if (interactionId === selectedId.value) loadJob.request();
  }

  /** Opens an interaction the agent just accepted (from the list) and asks for the focus. */
  function openAccepted(id: string): void {
    select(id);
    focusRequest.value = { id, target: 'work' };
  }

  /** The view moved the focus (or gave up): the request is done. */
  function focusHandled(): void {
    focusRequest.value = null;
  }

  /**
   * Runs an action on the open interaction. Its error and a refetch apply only while that
   * interaction is still open; nothing applies after a sign-out (the answer is then `null`).
   */
  async function run<T>(
    action: InteractionAction,
    call: (id: string) => Promise<Result<T>>,
  ): Promise<Outcome<T> | null> {
    const id = selectedId.value;
    if (id === null || busy.value !== null) return null;
    const asked = epoch;
    busy.value = action;
    actionError.value = null;
    notice.value = null;
    try {
      const result = await call(id);
      if (asked !== epoch) return null;
      const current = selectedId.value === id;
      if (current) {
        if (!result.ok) actionError.value = result.error;
        loadJob.request();
      }
      return { id, result, current };
    } finally {
      if (asked === epoch) busy.value = null;
    }
  }

  /** Runs an action that ends the agent's part in a chat: its half-typed message goes too. */
  async function finish(action: InteractionAction, call: (id: string) => Promise<Result<void>>) {
    const outcome = await run(action, call);
    if (outcome?.result.ok === true) drafts.delete(outcome.id);
  }

  async function accept(): Promise<void> {
    const outcome = await run('accept', (id) => api.interactions.accept(id, undefined));
    if (outcome?.current === true && outcome.result.ok)
      focusRequest.value = { id: outcome.id, target: 'work' };
  }
  const reject = () => run('reject', (id) => api.interactions.reject(id));
  const done = () => finish('done', (id) => api.interactions.stopProcessing(id));
  const endChat = () => finish('endChat', (id) => api.interactions.endChatSession(id));
  const leaveChat = () => finish('leaveChat', (id) => api.interactions.leaveChat(id));
  const cancelReply = () => run('cancelReply', (id) => api.interactions.cancelReplyEmail(id));

  /**
   * Sends a chat line; answers whether it went. The message box then empties, unless the agent
   * typed on while the line was going.
   */
  async function sendMessage(text: string): Promise<boolean> {
    const outcome = await run('send', (id) => api.interactions.sendMessage(id, text, undefined));
    if (outcome?.result.ok !== true) return false;
    if (drafts.get(outcome.id)?.trim() === text) drafts.delete(outcome.id);
    return true;
  }

  async function sendEmail(email: OutgoingEmail): Promise<boolean> {
    const outcome = await run('sendEmail', (id) => api.interactions.send(id, email, undefined));
    return outcome?.result.ok === true;
  }

  /** Creates a reply draft and opens it when the server names it. */
  async function reply(): Promise<void> {
    const outcome = await run('reply', (id) => api.interactions.reply(id, undefined));
    if (outcome?.current !== true || !outcome.result.ok) return;
    const draftId = outcome.result.value;
    if (draftId === undefined) return;
    select(draftId);
    focusRequest.value = { id: draftId, target: 'draft' };
  }

  function savedNotice(outcome: Outcome<{ path: string } | null> | null): void {
    if (outcome?.current === true && outcome.result.ok && outcome.result.value !== null)
      notice.value = `Saved to ${outcome.result.value.path}`;
  }

  async function saveTranscript(): Promise<void> {
    savedNotice(await run('saveTranscript', (id) => api.interactions.saveTranscript(id, 'html')));
  }

  async function openAttachment(attachmentId: string): Promise<void> {
    await run('attachment', (id) => api.attachments.open(id, attachmentId));
  }

  async function saveAttachment(attachmentId: string): Promise<void> {
    savedNotice(await run('attachment', (id) => api.attachments.saveAs(id, attachmentId)));
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    loadJob.cancel();
    selectedId.value = null;
    detail.value = null;
    loading.value = false;
    missing.value = false;
    loadError.value = null;
    busy.value = null;
    actionError.value = null;
    notice.value = null;
    focusRequest.value = null;
    drafts.clear();
  }

  /** Follows the events that can change the open interaction. */
  const events = subscriptions(() => {
    const { interactions, attachments } = api;
    return [
      interactions.onInvited(({ id }) => {
        touched(id);
      }),
      interactions.onUpdated(({ id }) => {
        touched(id);
      }),
      interactions.onRevoked(({ interactionId }) => {
        touched(interactionId);
      }),
      interactions.onEnded(({ interactionId }) => {
        // Nothing more can be said in an ended interaction.
        drafts.delete(interactionId);
        touched(interactionId);
      }),
      interactions.onChatMessages(({ interactionId }) => {
        touched(interactionId);
      }),
      interactions.onEmailReceived(({ interactionId }) => {
        touched(interactionId);
      }),
      attachments.onDownloaded(({ interactionId }) => {
        touched(interactionId);
      }),
    ];
  });
  const start = events.start;
  /** Stops following events and drops a refetch not yet run. */
  function stop(): void {
    events.stop();
    loadJob.cancel();
  }

  return {
    selectedId,
    detail,
    loading,
    missing,
    loadError,
    busy,
    actionError,
    notice,
    focusRequest,
    composerText,
    capabilities,
    working,
    select,
    openAccepted,
    focusHandled,
    accept,
    reject,
    done,
    endChat,
    leaveChat,
    reply,
    sendMessage,
    sendEmail,
    cancelReply,
    saveTranscript,
    openAttachment,
    saveAttachment,
    clear,
    start,
    stop,
  };
});
