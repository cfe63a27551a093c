import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { SwitchboardClient } from '../../../common/contract';
import type { Result, SwitchboardError } from '../../../common/errors';
import type { InteractionDetail } from '../../../common/model';
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
 * names it, and the operations the detail view offers.
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
    const result = await api.interactions.get(id);
    // The agent may have moved on while the answer was coming.
    if (id !== selectedId.value) return;
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

  async function run<T>(
    action: InteractionAction,
    call: (id: string) => Promise<Result<T>>,
  ): Promise<Result<T> | null> {
    const id = selectedId.value;
    if (id === null || busy.value !== null) return null;
    busy.value = action;
    actionError.value = null;
    notice.value = null;
    try {
      const result = await call(id);
      if (!result.ok) actionError.value = result.error;
      loadJob.request();
      return result;
    } finally {
      busy.value = null;
    }
  }

  const accept = () => run('accept', (id) => api.interactions.accept(id, undefined));
  const reject = () => run('reject', (id) => api.interactions.reject(id));
  const done = () => run('done', (id) => api.interactions.stopProcessing(id));
  const endChat = () => run('endChat', (id) => api.interactions.endChatSession(id));
  const leaveChat = () => run('leaveChat', (id) => api.interactions.leaveChat(id));
  const cancelReply = () => run('cancelReply', (id) => api.interactions.cancelReplyEmail(id));

  /** Sends a chat line; answers whether it went (the box keeps the text when not). */
  async function sendMessage(text: string): Promise<boolean> {
    const result = await run('send', (id) => api.interactions.sendMessage(id, text, undefined));
    return result?.ok === true;
  }

  async function sendEmail(email: OutgoingEmail): Promise<boolean> {
    const result = await run('sendEmail', (id) => api.interactions.send(id, email, undefined));
    return result?.ok === true;
  }

  /** Creates a reply draft and opens it when the server names it. */
  async function reply(): Promise<void> {
    const result = await run('reply', (id) => api.interactions.reply(id, undefined));
    if (result?.ok === true && result.value !== undefined) select(result.value);
  }

  async function saveTranscript(): Promise<void> {
    const result = await run('saveTranscript', (id) => api.interactions.saveTranscript(id, 'html'));
    if (result?.ok === true && result.value !== null)
      notice.value = `Saved to ${result.value.path}`;
  }

  async function openAttachment(attachmentId: string): Promise<void> {
    await run('attachment', (id) => api.attachments.open(id, attachmentId));
  }

  async function saveAttachment(attachmentId: string): Promise<void> {
    const result = await run('attachment', (id) => api.attachments.saveAs(id, attachmentId));
    if (result?.ok === true && result.value !== null)
      notice.value = `Saved to ${result.value.path}`;
  }

  function clear(): void {
    select(null);
  }

  let unsubscribers: (() => void)[] = [];
  /** Follows the events that can change the open interaction; idempotent. */
  function start(): void {
    if (unsubscribers.length > 0) return;
    const { interactions, attachments } = api;
    unsubscribers = [
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
  }
  function stop(): void {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
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
    capabilities,
    working,
    select,
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
