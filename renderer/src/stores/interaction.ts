import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, toRaw, watch } from 'vue';
import { unanswered, type Result, type SwitchboardError } from '../../../common/errors';
import { sendOutcomeError } from '../../../common/sendOutcomes';
import {
  agentsIn,
  chatParticipants,
  customerWhoLeft,
  invitedToConsult,
  isConference,
  isConsulting,
  isCustomerType,
  partyKey,
} from '../../../common/chatParticipants';
import {
  CHAT_LINE_MAX_LENGTH,
  type ChangeSet,
  type ChatEvent,
  type InteractionDetail,
  type StoredAttachment,
  type AttachmentDownload,
} from '../../../common/model';
import { NO_LEFT_CODES, withLeftCodes, type LeftCodes } from '../../../common/fieldCodes';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { t } from '../i18n';
import { arrivals } from '../lib/arrivals';
import { coalesce } from '../lib/coalesce';
import { wholeMap, wholeSet } from '../lib/wholeMap';
import { foldDetail, foldDownload, names, upsertAttachment } from './fold';
import { useInboxStore } from './inbox';
import { useSessionStore } from './session';

/** Something the agent can do to the open interaction, for busy flags and messages. */
export type InteractionAction =
  | 'accept'
  | 'reject'
  | 'send'
  | 'done'
  | 'endChat'
  | 'leaveChat'
  | 'transfer'
  | 'placeInQueue'
  | 'placeInWorkbin'
  | 'consult'
  | 'completeTransfer'
  | 'completeConference'
  | 'conference'
  | 'leaveConference'
  | 'saveTranscript'
  | 'attachment'
  | 'cancelDraft';

/**
 * Where the keyboard goes once an interaction shows as an action left it: after Accept, its
 * message box (a chat) or its detail; after Reply, the new draft's text.
 */
/**
 * Where the keyboard goes: the work (a chat's message box, else the heading), a draft's text,
 * or, once the interaction is over (after Done, Send or Cancel, whose button is then gone), its
 * heading: the focus never falls out of the page.
 */
export type FocusTarget = 'work' | 'draft' | 'ended';

export interface FocusRequest {
  readonly id: string;
  readonly target: FocusTarget;
  /**
   * When the agent asked for it (a shortcut; `performance.now()`): the focus then moves from
   * wherever it is, if the interaction shows soon after. Otherwise it moves only from where the
   * action left it (see InteractionView.vue's focusIsFree).
   */
  readonly askedAt?: number;
}

/**
 * An action the server refused (or never answered) on one interaction: the error and what it
 * was, and for a chat line its text.
 */
export interface Refusal {
  readonly error: SwitchboardError;
  readonly action: InteractionAction | null;
  /** The chat line that was sent, trimmed. */
  readonly sentText?: string;
}

/**
 * How a refusal is worded before and after the server's reason: what was being done ("Could not
 * transfer it to Jonas Berg"), and what to do when the action knows better than the error's kind.
 */
interface RefusalWords {
  readonly context: string;
  readonly advice?: string;
}

/**
 * Whether a refusal leaves it open whether the action happened: a request the server did not
 * answer in time may have reached it (a chat line may still show in the transcript).
 */
export function mayHaveHappened(refusal: Pick<Refusal, 'error'>): boolean {
  return refusal.error.kind === 'timeout';
}

/**
 * Whether a Consult's refusal leaves it open whether the consultation started: no answer came,
 * in time or at all (the connection cut as it left). Main then keeps it open, so that Complete
 * is offered (consultations.ts): the refusal says it may have started, and stays until seen.
 */
function consultMayHaveStarted(error: SwitchboardError): boolean {
  return unanswered(error.kind);
}

/**
 * How an interaction's row shows its refusal: a chat line not sent, one that may not have been
 * (no answer in time), or another action refused.
 */
export type FailedRow = 'send' | 'unsure' | 'other';

/**
 * Hand-ons: what the agent would not want done twice (a second transfer, a second place in a
 * queue). A request of one the server did not answer in time may have gone through: its refusal
 * says so and stays until the agent looked ({@link handOnRefused}), as a chat line's does.
 */
const HAND_ONS: ReadonlySet<InteractionAction> = new Set<InteractionAction>([
  'transfer',
  'placeInQueue',
  'placeInWorkbin',
  'completeTransfer',
  'completeConference',
]);

/**
 * How a hand-on's refusal is worded: `refused` ("Could not transfer it to Priya Raman"), or,
 * for one the server did not answer in time, `unsure` ("The transfer to Priya Raman may not have
 * gone through") and the advice to look before trying again.
 */
function handOnRefused(
  refused: () => string,
  unsure: () => string,
  advice = () => t('interaction.refused.handOnUnsureAdvice'),
): (error: SwitchboardError) => RefusalWords {
  return (error) =>
    mayHaveHappened({ error }) ? { context: unsure(), advice: advice() } : { context: refused() };
}

export function failedRowOf(refusal: Refusal): FailedRow {
  if (refusal.action !== 'send') return 'other';
  return mayHaveHappened(refusal) ? 'unsure' : 'send';
}

/** An action's answer, and whether the agent still has the interaction it was for open. */
interface Outcome<T> {
  readonly id: string;
  readonly result: Result<T>;
  readonly current: boolean;
  /** The interaction left the agent's hands (its end came) while the action was under way. */
  readonly forgotten: boolean;
}

/**
 * Who ended a chat, as its transcript tells: the first agent to leave in the party lines that
 * close it (the others leave because that one ended it); undefined when no agent's leaving closes
 * it.
 */
function whoEnded(transcript: readonly ChatEvent[]): string | undefined {
  let first: string | undefined;
  for (let index = transcript.length - 1; index >= 0; index -= 1) {
    const event = transcript[index];
    if (event?.kind !== 'left') break;
    if (!isCustomerType(event.authorType ?? '')) first = event.authorName ?? first;
  }
  return first;
}

/** Whether a customer joined the chat and is in it still, as its party lines say. */
function customerStillIn(transcript: readonly ChatEvent[]): boolean {
  return (
    transcript.some((line) => line.kind === 'joined' && isCustomerType(line.authorType ?? '')) &&
    customerWhoLeft(transcript) === undefined
  );
}

/** Something main pushed that can change the open interaction, to fold onto it. */
interface DetailPush {
  /** Whether it says anything about the interaction `id`. */
  readonly names: (id: string) => boolean;
  /** The detail with it folded in (the detail itself when it says nothing about it). */
  readonly fold: (detail: InteractionDetail) => InteractionDetail;
}

type SettledSendOutcome = NonNullable<ChangeSet['settledSends']>[number]['outcome'];

function changeSetPush(changes: ChangeSet): DetailPush {
  return { names: (id) => names(changes, id), fold: (detail) => foldDetail(detail, changes) };
}

/**
 * Where an attachment's download stands: folded onto the open detail, never a reason to read
 * it again (a detail read later carries it).
 */
function downloadStatePush(
  interactionId: string,
  attachmentId: string,
  download: AttachmentDownload,
): DetailPush {
  return {
    names: () => false,
    fold: (detail) =>
      detail.id === interactionId ? foldDownload(detail, attachmentId, download) : detail,
  };
}

function downloadPush(interactionId: string, attachment: StoredAttachment): DetailPush {
  return {
    names: (id) => id === interactionId,
    fold: (detail) => (detail.id === interactionId ? upsertAttachment(detail, attachment) : detail),
  };
}

/**
 * The interaction open on the right: its detail, fetched from the cache when it opens and then
 * kept current by main's change sets (the header replaced, transcript lines appended, the
 * e-mail replaced), the operations the detail view offers, and the chat messages the agent is
 * writing.
 */
export const useInteractionStore = defineStore('interaction', () => {
  const selectedId = ref<string | null>(null);
  const detail = shallowRef<InteractionDetail | null>(null);
  const loading = ref(false);
  /** The selected id is not in the cache (purged, or another account's). */
  const missing = ref(false);
  /**
   * The open interaction was deleted by the retention purge while open (ended longer ago than
   * the retention period; a change set's `purged`): the view says so rather than show it still.
   */
  const purgedWhileOpen = ref(false);
  const loadError = ref<SwitchboardError | null>(null);

  /**
   * The action under way on each interaction, one at a time on each: a request the server is
   * slow to answer (up to the request's timeout) holds that interaction's buttons alone, and the
   * agent goes on answering the other chats.
   */
  const actions = wholeMap<string, InteractionAction>();
  /** The open interaction's action under way, if any. */
  const busy = computed(() =>
    selectedId.value === null ? null : (actions.get(selectedId.value) ?? null),
  );
  /**
   * Each interaction's refused action, with what it was: one answered while the agent was in
   * another interaction waits to be seen there (its row says so, see {@link failedActions}).
   * It goes once seen and left, when the interaction's next action starts, or when its chat ends.
   */
  const refusals = wholeMap<string, Refusal>();
  /**
   * Interactions that left the agent's hands ({@link forget}) while an action on them was under
   * way: its answer is not kept for them (the chat ended while its line was going: its box is
   * empty, and the id may come back as new work). Only while the action runs: kept for every
   * interaction that ever ended, it grew all shift long.
   */
  const forgottenMidAction = new Set<string>();
  /** The open interaction's refusal: what its error region shows, and what the view may set. */
  const actionError = computed<SwitchboardError | null>({
    get: () => (selectedId.value === null ? null : (refusals.get(selectedId.value)?.error ?? null)),
    set: (error) => {
      const id = selectedId.value;
      if (id === null) return;
      if (error === null) refusals.delete(id);
      else refusals.set(id, { error, action: null });
    },
  });
  /**
   * The refused actions of the interactions not open, by id: the rows say that something the
   * agent did there did not go through (a line not sent), until the agent opens it.
   */
  const failedActions = computed(() => {
    const failed = new Map<string, Refusal>();
    for (const [id, refusal] of refusals) if (id !== selectedId.value) failed.set(id, refusal);
    return failed;
  });
  /**
   * What was being done when the server refused, by the refusal it goes with: an error set
   * elsewhere (a disposition missing, say) finds none, so no earlier context is ever shown with it.
   */
  const refusalContexts = new WeakMap<SwitchboardError, () => RefusalWords>();
  const actionWords = computed(() =>
    actionError.value === null ? undefined : refusalContexts.get(toRaw(actionError.value))?.(),
  );
  /** The context of {@link actionError} ("Could not transfer it to Jonas Berg"), if it has one. */
  const actionContext = computed(() => actionWords.value?.context);
  /** What to do about {@link actionError}, when the action knows better than the error's kind. */
  const actionAdvice = computed(() => actionWords.value?.advice);
  // "The server cannot be reached" is over once it can be: an action that failed for the link
  // says so no longer when the link is back (trying it again is the agent's choice). Not a chat
  // line: it is still not sent, and still in its box (a request that timed out makes the
  // session check the link, so the link is "back" moments after every such failure).
  watch(
    () => useSessionStore().connection.state,
    (state) => {
      if (state !== 'connected') return;
      for (const [id, { error, action }] of refusals) {
        // A hand-on that may have gone through (or a consultation that may have started) still
        // may have: the agent looks first.
        const unsure =
          action !== null &&
          ((HAND_ONS.has(action) && mayHaveHappened({ error })) ||
            (action === 'consult' && consultMayHaveStarted(error)));
        if (unanswered(error.kind) && action !== 'send' && !unsure) refusals.delete(id);
      }
    },
  );
  /**
   * A short confirmation of the last action ("Saved to …"), kept as its wording and worded when
   * read: held as a string, it stayed in the language it was said in after the agent switched
   * the desk's language.
   */
  const noticeWords = shallowRef<(() => string) | null>(null);
  const notice = computed(() => noticeWords.value?.() ?? null);
  /** Shows the notice `words` say (in the desk's language whenever read). */
  function say(words: () => string): void {
    noticeWords.value = words;
  }
  /**
   * The notice that says how the chat is now ("In conference with …", "Consulting …"), and
   * while when it is true: it goes once that stops (the colleague left), rather than staying on
   * screen under a participants line that says otherwise.
   */
  const noticeWhile = shallowRef<{
    readonly words: () => string;
    readonly holds: () => boolean;
  } | null>(null);
  /** Says `sentence` for as long as `holds` does (once it held: a colleague may be on her way). */
  function sayWhile(words: () => string, holds: () => boolean): void {
    say(words);
    noticeWhile.value = { words, holds };
  }
  watch(
    () => {
      const said = noticeWhile.value;
      return said !== null && noticeWords.value === said.words && said.holds();
    },
    (holds, held) => {
      const said = noticeWhile.value;
      if (holds || !held || said === null) return;
      noticeWhile.value = null;
      if (noticeWords.value === said.words) noticeWords.value = null;
    },
    { flush: 'sync' },
  );
  /** Where the view should move the focus once the interaction shows (see {@link FocusTarget}). */
  const focusRequest = shallowRef<FocusRequest | null>(null);

  /**
   * Half-typed chat messages by interaction id, so that switching to another interaction and
   * back keeps them. A message leaves when it is sent or its chat ends, all of them on sign-out.
   * Main keeps a copy of each box ({@link keepInMain}), which a page loaded again reads back.
   */
  const drafts = wholeMap<string, string>();
  /** The message box of the open interaction. */
  const composerText = computed({
    get: () => (selectedId.value === null ? '' : (drafts.get(selectedId.value) ?? '')),
    set: (text: string) => {
      const id = selectedId.value;
      if (id === null) return;
      if (text === '') drafts.delete(id);
      else drafts.set(id, text);
      keepInMain(id);
    },
  });

  /**
   * The codes standard responses inserted into an interaction's text left unfilled, by
   * interaction id (a chat's box, an e-mail draft): the views name those the text still holds
   * (`leftCodesIn`), also when the agent comes back to it from another interaction, whose box or
   * composer is another's text. Leave with the chat, all of them on sign-out.
   */
  const leftCodes = wholeMap<string, LeftCodes>();
  function leftCodesOf(id: string): LeftCodes {
    return leftCodes.get(id) ?? NO_LEFT_CODES;
  }
  function addLeftCodes(id: string, inserted: LeftCodes): void {
    if (inserted.unknown.length + inserted.missing.length === 0) return;
    leftCodes.set(id, withLeftCodes(leftCodesOf(id), inserted));
  }

  /**
   * The colleagues the agent picked to consult, by the target the operation was given (a user id
   * or user name): the names consultations show, as the agent knows them. Names only: whether a
   * consultation is open is main's (the detail's `consultingWith`).
   */
  const pickedNames = reactive(new Map<string, string>());

  /**
   * Bumped by {@link clear} (sign-out): whatever was asked for before is dropped when it
   * answers, so nothing of one agent lands on the next agent's desk.
   */
  let epoch = 0;

  const capabilities = computed<ReadonlySet<string>>(
    () => new Set(detail.value?.capabilities ?? []),
  );
  /** Accepted and not ended (main says so in the phase): the agent may write in it. */
  const working = computed(() => detail.value?.phase === 'working');
  /**
   * Who is in the open chat now, from its transcript's party events, an agent who joined seen
   * by agents only read as consulting (see {@link participants}).
   */
  const presentIfConsulting = computed(() =>
    detail.value === null ? [] : chatParticipants(detail.value.transcript, true),
  );
  /**
   * This agent was invited into the open chat to consult (InvitedConference, having joined seen
   * by agents only), not added to a conference (StartConference gives the same state): its
   * messages are internal, and the chat is not its to end.
   */
  const consulted = computed(
    () =>
      detail.value?.state === 'InvitedConference' && invitedToConsult(presentIfConsulting.value),
  );
  /**
   * The colleague the open chat's consultation consults, while one this desk's agent started is
   * open (main keeps it: the detail's `consultingWith`): as the agent picked them (the
   * directory's full name), else by the name the server gives them once they joined (after a
   * reload), else a stand-in.
   */
  const consultant = computed(() => {
    const target = detail.value?.consultingWith;
    if (target === undefined) return undefined;
    return (
      pickedNames.get(target) ??
      // The agent who joined seen by agents only last: one consulted earlier may still be there.
      presentIfConsulting.value.findLast(isConsulting)?.name ??
      t('interaction.notice.theConsultedAgent')
    );
  });
  /**
   * Who is in the open chat now; an agent who joined internally reads as consulting only while
   * a consultation is open (this desk's, or one it was invited to): once completed as a
   * conference, no party event says so.
   */
  const participants = computed(() => {
    const open = detail.value;
    if (open === null) return [];
    return consulted.value || consultant.value !== undefined
      ? presentIfConsulting.value
      : chatParticipants(open.transcript, false);
  });
  /** The agent works on the open chat with at least one other agent, none of them consulting. */
  const inConference = computed(() => working.value && isConference(participants.value));

  /**
   * Chats whose next lines the agent chose to send to the agents only (visibility `Int`: the
   * customer does not see them), by interaction id.
   */
  const agentsOnlyChats = wholeSet<string>();
  /**
   * The agent may write to the agents only in the open chat: it works on it (not as the consulted
   * colleague, whose lines are internal anyway) with another agent there or consulted (this desk's
   * consultation, the colleague perhaps not joined yet).
   */
  const mayWriteToAgents = computed(
    () =>
      working.value &&
      !consulted.value &&
      (consultant.value !== undefined || agentsIn(participants.value).length >= 2),
  );
  /**
   * The customer who left the open chat the agent works on, with no colleague to write to (see
   * {@link mayWriteToAgents}): what the agent writes would reach no one, so the message box
   * closes and says why.
   */
  const customerLeft = computed(() => {
    const open = detail.value;
    if (open?.channel !== 'chat' || !working.value) return undefined;
    if (mayWriteToAgents.value) return undefined;
    return customerWhoLeft(open.transcript);
  });
  /** The open chat's next line goes to the agents only (the agent's choice, where it may). */
  const writingToAgents = computed({
    get: () =>
      mayWriteToAgents.value && selectedId.value !== null && agentsOnlyChats.has(selectedId.value),
    set: (agentsOnly: boolean) => {
      const id = selectedId.value;
      if (id === null) return;
      if (agentsOnly && mayWriteToAgents.value) agentsOnlyChats.add(id);
      else agentsOnlyChats.delete(id);
      keepInMain(id);
    },
  });
  /**
   * The open chat, read, where the agent may not write to the agents only: its choice goes (a
   * later conference starts with everyone again). Not while a chat's detail is loading: that is
   * no change of who is in it.
   */
  const noAgentsToWriteTo = computed(() =>
    detail.value !== null && detail.value.id === selectedId.value && !mayWriteToAgents.value
      ? detail.value.id
      : null,
  );
  // At once (`sync`): a rejoin in the next change set must not find the old choice. A chat read
  // again after the other agents left while another was open loses it too.
  watch(
    noAgentsToWriteTo,
    (id) => {
      if (id === null || !agentsOnlyChats.delete(id)) return;
      keepInMain(id);
      // The box no longer says "agents only", nor does the focus stay on the check box that went:
      // what the agent writes next goes to the customer, which the notice says.
      say(() => t('chat.composer.agentsOnlyEnded'));
    },
    { flush: 'sync', immediate: true },
  );

  /**
   * The open chat, read, while this agent is consulted on it. When that stops with the chat still
   * in hand (the owner completed the consultation as a transfer or a conference), what the agent
   * writes next goes to the customer, where it went to the agents only: said, as the owner's
   * agents-only choice ending is, since a line typed for the agents hides the placeholder that
   * said who reads it and nothing else in the box changes. Not when the agent left or the chat
   * ended (not working), nor as another chat opens.
   */
  const consultedOn = computed(() =>
    detail.value !== null && detail.value.id === selectedId.value && consulted.value
      ? detail.value.id
      : null,
  );
  watch(
    consultedOn,
    (id, before) => {
      if (id !== null || before === null) return;
      if (selectedId.value !== before || detail.value?.id !== before || !working.value) return;
      say(() => t('chat.composer.consultationEnded'));
    },
    { flush: 'sync' },
  );

  /** What main pushed while the detail's fetch was under way, folded onto its answer. */
  const pushed = arrivals<DetailPush>();

  const loadJob = coalesce(async () => {
    const id = selectedId.value;
    if (id === null) return;
    const asked = epoch;
    const stopRecording = pushed.record();
    try {
      const result = await api.interactions.get(id);
      const missed = stopRecording();
      // The agent may have moved on (or signed out) while the answer was coming.
      if (asked !== epoch || id !== selectedId.value) return;
      loading.value = false;
      if (result.ok) {
        const fetched = result.value;
        // Lines and heads main committed after reading are folded on (each once, by eventId and
        // updatedAt), so a change set that overtook the answer is not lost.
        detail.value =
          fetched === null ? null : missed.reduce((folded, push) => push.fold(folded), fetched);
        // Main tells which party is this agent's when it can (the names it joins under).
        if (fetched?.ownParty !== undefined) ownParties.set(id, fetched.ownParty);
        if (detail.value?.sendInDoubt && !refusals.has(id))
          refusals.set(id, { error: sendOutcomeError('unknown', id), action: 'send' });
        missing.value = fetched === null;
        if (fetched !== null) purgedWhileOpen.value = false;
        loadError.value = null;
        // Not in the cache when read, but stored since: now there is something to show.
        if (fetched === null && missed.some((push) => push.names(id))) loadJob.request();
      } else {
        loadError.value = result.error;
      }
    } finally {
      stopRecording();
    }
  });

  /**
   * Opens an interaction: fetched, since the store holds only the open one. Selecting the open
   * one again reads it again (the agent's own way to refresh; pushes never refetch).
   */
  function select(id: string | null): void {
    if (focusRequest.value !== null && focusRequest.value.id !== id) focusRequest.value = null;
    if (id === selectedId.value) {
      loadJob.request();
      return;
    }
    // What went wrong in the one left was seen there.
    if (selectedId.value !== null) refusals.delete(selectedId.value);
    selectedId.value = id;
    // Main keeps it for a page loaded again (after a sign-out, main keeps nothing).
    void api.page.keepOpen(id);
    detail.value = null;
    missing.value = false;
    purgedWhileOpen.value = false;
    loadError.value = null;
    noticeWords.value = null;
    loading.value = id !== null;
    if (id !== null) loadJob.request();
  }

  /**
   * Folds one commit's change set: into the open interaction, or, when the open one could not
   * be read (not in the cache yet, as a reply draft just made; or the read failed), a fetch now
   * that main has stored something of it. A chat that ends takes along what the desk kept for it
   * (its half-typed message, its "Agents only" choice).
   */
  function applyChanges(changes: ChangeSet): void {
    linesShown(changes);
    const open = selectedId.value;
    if (open !== null && changes.purged?.includes(open) === true) {
      detail.value = null;
      loading.value = false;
      loadError.value = null;
      missing.value = true;
      purgedWhileOpen.value = true;
    }
    const under = endedUnderAgent(changes);
    for (const head of changes.interactions) {
      // Its end came, or it is back in the agent's hands: no end of the agent's is awaited now.
      endedHere.delete(head.id);
      if (head.phase === 'ended') forget(head.id);
      else {
        // The open one back in the agent's hands (taken from a workbin, offered again): what the
        // last action said of its leaving ("Placed in the workbin …") is over.
        if (head.id === selectedId.value && detail.value?.phase === 'ended')
          noticeWords.value = null;
      }
    }
    for (const { interactionId, outcome } of changes.settledSends ?? [])
      sendSettled(interactionId, outcome);
    apply(changeSetPush(changes));
    if (under !== undefined) sayEndedUnder(under);
  }

  /**
   * A Send the agent was told "it is not known whether it was sent" settled since (main asked
   * the server again): the interaction says what became of it, without being opened again.
   * Sent, the alert goes (the e-mail shows as sent); not sent, or closed elsewhere unsent, it
   * says so. A refusal of another kind there by now is left alone.
   */
  function sendSettled(id: string, outcome: SettledSendOutcome): void {
    if (refusals.get(id)?.error.code !== 'sendOutcomeUnknown') return;
    if (outcome === 'sent') refusals.delete(id);
    else refusals.set(id, { error: sendOutcomeError(outcome, id), action: 'send' });
  }

  /**
   * The open chat, which the agent works on, ending in `changes` with nothing the agent did (the
   * owner ended the chat she was consulted on, or the conference she was in): with what was in
   * its message box, which goes with it.
   */
  function endedUnderAgent(changes: ChangeSet): { id: string; typed: string } | undefined {
    const open = detail.value;
    const id = selectedId.value;
    if (id === null || open?.id !== id || open.channel !== 'chat' || open.phase !== 'working')
      return undefined;
    if (!changes.interactions.some((head) => head.id === id && head.phase === 'ended'))
      return undefined;
    const own = actions.get(id);
    if ((own !== undefined && own !== 'send') || endedHere.has(id)) return undefined;
    return { id, typed: drafts.get(id)?.trim() ?? '' };
  }

  /**
   * Says why the chat the agent was in ended (by whom, when its transcript names them), and what
   * she had typed that was not sent, which leaves with it: the box is gone, so the text is shown
   * rather than silently dropped. The keyboard, whose box went, goes to the chat's heading.
   */
  function sayEndedUnder({ id, typed }: { id: string; typed: string }): void {
    if (id !== selectedId.value) return;
    const transcript = detail.value?.transcript ?? [];
    const by = whoEnded(transcript);
    // The customer still in it: it went on without this agent (the owner handed it on, which
    // has every agent leave), not ended.
    const handedOn = customerStillIn(transcript);
    say(() => {
      const ended =
        by === undefined
          ? t('interaction.endedUnder.unknown')
          : t(handedOn ? 'interaction.endedUnder.handedOnBy' : 'interaction.endedUnder.by', {
              name: by,
            });
      return typed === ''
        ? ended
        : `${ended} ${t('interaction.endedUnder.notSent', { text: typed })}`;
    });
    focusOnceOver(id);
  }

  function apply(push: DetailPush): void {
    pushed.add(push);
    const id = selectedId.value;
    if (id === null) return;
    const current = detail.value;
    if (current?.id === id) detail.value = push.fold(current);
    else if (!loading.value && push.names(id)) loadJob.request();
  }

  /**
   * Opens an interaction the agent just accepted (from the list) and asks for the focus. One
   * already open (an invitation opened, then accepted) is not read again: the acceptance's
   * change set keeps it current, and a read answered after the commit's lines were counted was
   * a refetch that pushes exist to avoid. `openWhenAsked` is the interaction open when the agent
   * pressed Accept.
   */
  function openAccepted(id: string, openWhenAsked: string | null = selectedId.value): void {
    // The agent opened another interaction while the server answered: she is not taken away
    // from it (the keyboard in its message box would go on typing into the accepted chat's);
    // the accepted one waits in the inbox, as a reply's draft does.
    if (selectedId.value !== openWhenAsked && selectedId.value !== id) return;
    if (id !== selectedId.value) select(id);
    focusRequest.value = { id, target: 'work' };
  }

  /** Opens an interaction with the keyboard in it (its message box), as a shortcut asked. */
  function openToWork(id: string): void {
    if (id !== selectedId.value) select(id);
    focusRequest.value = { id, target: 'work', askedAt: performance.now() };
  }

  /**
   * The keyboard goes to the open interaction's heading once it shows as over: the button the
   * agent pressed (Done, Send) is gone with its work.
   */
  function focusOnceOver(id: string): void {
    if (id === selectedId.value) focusRequest.value = { id, target: 'ended' };
  }

  /** The view moved the focus (or gave up): the request is done. */
  function focusHandled(): void {
    focusRequest.value = null;
  }

  /**
   * Runs an action on the open interaction, unless one is under way on it. Its refusal is kept
   * for that interaction, shown there now or when the agent comes back to it; nothing applies
   * after a sign-out (the answer is then `null`). What the action changes shows when main
   * commits it (a change set), so nothing is refetched here.
   */
  async function run<T>(
    action: InteractionAction,
    call: (id: string) => Promise<Result<T>>,
    /**
     * What was being done, said before the server's reason when it refuses: worded when shown,
     * so that it follows the desk's language as the reason does.
     */
    refusedContext?: (error: SwitchboardError) => string | RefusalWords,
    /** A chat line's text: its refusal is dropped if the line shows in the transcript after all. */
    sentText?: string,
  ): Promise<Outcome<T> | null> {
    const id = selectedId.value;
    if (id === null || actions.has(id)) return null;
    const asked = epoch;
    actions.set(id, action);
    refusals.delete(id);
    noticeWords.value = null;
    try {
      const result = await call(id);
      if (asked !== epoch) return null;
      const current = selectedId.value === id;
      const forgotten = forgottenMidAction.has(id);
      if (!result.ok && !forgotten) {
        const { error } = result;
        if (refusedContext !== undefined)
          refusalContexts.set(error, () => {
            const words = refusedContext(error);
            return typeof words === 'string' ? { context: words } : words;
          });
        refusals.set(id, { error, action, ...(sentText === undefined ? {} : { sentText }) });
      }
      return { id, result, current, forgotten };
    } finally {
      if (asked === epoch) {
        actions.delete(id);
        forgottenMidAction.delete(id);
      }
    }
  }

  /**
   * The agent's own Send (or Cancel) of the draft was answered (taken, or refused for a reason
   * of its own, which its composer says): what was not known of an earlier Send of it, or the
   * refusal of a Send or Cancel its composer could not say, is over.
   */
  function sendAnswered(id: string): void {
    const action = refusals.get(id)?.action;
    if (action === 'send' || action === 'cancelDraft') refusals.delete(id);
  }

  /**
   * Marks `action`, run outside {@link run} (a draft's Send or Cancel, compose.ts), as under way
   * on interaction `id`: the other actions there (Place in workbin) wait for it, as they wait for
   * one of their own. Answers how to unmark it, or null when another action is under way there.
   */
  function holdAction(id: string, action: InteractionAction): (() => void) | null {
    if (actions.has(id)) return null;
    const asked = epoch;
    actions.set(id, action);
    return () => {
      if (asked !== epoch) return;
      actions.delete(id);
      forgottenMidAction.delete(id);
    };
  }

  /** The action under way on interaction `id`, if any (open or not). */
  function actionOn(id: string): InteractionAction | null {
    return actions.get(id) ?? null;
  }

  /**
   * Keeps a refusal of an action that ran outside {@link run} for interaction `id`, where no view
   * of that action may be left to say it (a Send whose composer went with the draft's end).
   */
  function keepRefusal(id: string, error: SwitchboardError, action: InteractionAction): void {
    refusals.set(id, { error, action });
  }

  /** Runs an action that ends the agent's part in a chat: what the desk kept for it goes too. */
  async function finish(action: InteractionAction, call: (id: string) => Promise<Result<void>>) {
    const outcome = await run(action, call);
    if (outcome?.result.ok !== true) return;
    endedByAgent(outcome);
    forget(outcome.id);
    if (outcome.current) focusOnceOver(outcome.id);
  }

  /**
   * Interactions the agent's own action ended (Done, a transfer, Leave) whose end the server has
   * not announced yet: it is no news to say when it comes ({@link sayEndedUnder}), and they leave
   * then (or when back in the agent's hands). Kept past it, they grew all shift long.
   */
  const endedHere = new Set<string>();

  /** The agent's action ended the interaction: its end, still to come, is no news. */
  function endedByAgent(outcome: Outcome<unknown>): void {
    // Announced while the action was under way: nothing more is coming to keep it for.
    if (!outcome.forgotten) endedHere.add(outcome.id);
  }

  /** A chat that left the agent's hands: its half-typed message and its choice of audience go. */
  function forget(id: string): void {
    if (actions.has(id)) forgottenMidAction.add(id);
    refusals.delete(id);
    ownParties.delete(id);
    takenLines.delete(id);
    agentsAtSend.delete(id);
    leftCodes.delete(id);
    const hadText = drafts.delete(id);
    // Main forgets an ended chat's box by itself; told only when there was one (a resync's
    // ended interactions do not each cost a call).
    if (agentsOnlyChats.delete(id) || hadText) keepInMain(id);
  }

  /**
   * Tells main how a chat's message box is now, so that a page loaded again (after its renderer
   * was lost) finds it: on every change, in order (the calls go through one channel), unanswered
   * (a box main could not keep is still the page's).
   */
  function keepInMain(id: string): void {
    void api.page.keepChatDraft(id, {
      // As much as a line may hold (the box holds no more, unless text was put in by code).
      text: (drafts.get(id) ?? '').slice(0, CHAT_LINE_MAX_LENGTH),
      agentsOnly: agentsOnlyChats.has(id),
    });
  }

  /**
   * After the page loaded again: the interaction the agent had open and the chats' message boxes,
   * as main kept them. A box the agent typed in meanwhile, or an interaction opened meanwhile,
   * stays as it is.
   */
  async function restore(): Promise<void> {
    const asked = epoch;
    const answer = await api.page.memory();
    if (asked !== epoch || !answer.ok) return;
    for (const { interactionId, text, agentsOnly, lineInDoubt } of answer.value.chats) {
      // The lost page said the line may not have been sent: this one says it too, until the
      // line shows in the transcript (linesShown) or the agent sends again.
      if (lineInDoubt !== undefined && !refusals.has(interactionId)) {
        const { error } = lineInDoubt;
        refusalContexts.set(error, () => sendRefusedWords(error));
        refusals.set(interactionId, { error, action: 'send', sentText: lineInDoubt.text });
      }
      if (drafts.has(interactionId) || agentsOnlyChats.has(interactionId)) continue;
      if (text !== '') drafts.set(interactionId, text);
      // Not where the open chat already has no other agent (its watch would not drop it now).
      if (agentsOnly && noAgentsToWriteTo.value !== interactionId)
        agentsOnlyChats.add(interactionId);
    }
    const open = answer.value.open;
    if (open !== null && selectedId.value === null) select(open);
  }

  /**
   * Runs Accept or Reject of the open invitation as the inbox's answer to it: not while one from
   * its row or a shortcut is on its way, and none from there while this one is.
   */
  async function answer(
    action: 'accept' | 'reject',
    call: (id: string) => Promise<Result<void>>,
  ): Promise<Outcome<void> | null> {
    const id = selectedId.value;
    if (id === null) return null;
    const release = useInboxStore().holdAnswer(id);
    if (release === null) return null;
    try {
      return await run(action, call);
    } finally {
      release();
    }
  }

  async function accept(): Promise<void> {
    const outcome = await answer('accept', (id) => api.interactions.accept(id, undefined));
    if (outcome?.current === true && outcome.result.ok)
      focusRequest.value = { id: outcome.id, target: 'work' };
  }
  const reject = () => answer('reject', (id) => api.interactions.reject(id));
  const done = () => finish('done', (id) => api.interactions.stopProcessing(id));
  const endChat = () => finish('endChat', (id) => api.interactions.endChatSession(id));
  const leaveChat = () => finish('leaveChat', (id) => api.interactions.leaveChat(id));

  /**
   * Transfers the open interaction to another agent (`targetId`: user id, user name or employee
   * id; `targetName` is how the agent knows them). Answers whether the server took it: the row
   * leaves the inbox when its notification says the agent no longer owns it; a refusal shows as
   * the action's error and the interaction stays.
   */
  async function transfer(targetId: string, targetName: string): Promise<boolean> {
    const outcome = await run(
      'transfer',
      (id) => api.interactions.transfer(id, targetId),
      handOnRefused(
        () => t('interaction.refused.transfer', { name: targetName }),
        () => t('interaction.refused.transferUnsure', { name: targetName }),
      ),
    );
    // The server invited the colleague (003): the chat is theirs only once they accept it.
    return handedOn(outcome, () => t('interaction.notice.offeredTo', { name: targetName }));
  }

  /** Places the open interaction in `queue` for routing; answers as {@link transfer} does. */
  async function placeInQueue(queue: string): Promise<boolean> {
    const outcome = await run(
      'placeInQueue',
      (id) => api.interactions.placeInQueue(id, queue),
      handOnRefused(
        () => t('interaction.refused.placeInQueue', { queue }),
        () => t('interaction.refused.placeInQueueUnsure', { queue }),
      ),
    );
    return handedOn(outcome, () => t('interaction.notice.placedInQueue', { queue }));
  }

  /**
   * Places the open interaction in the workbin `workbinId` (PlaceInWorkbin; `name` is how the
   * agent knows it); answers as {@link transfer} does: it leaves the desk as the server confirms.
   */
  async function placeInWorkbin(workbinId: string, name: string): Promise<boolean> {
    const outcome = await run(
      'placeInWorkbin',
      (id) => api.interactions.placeInWorkbin(id, workbinId),
      handOnRefused(
        () => t('interaction.refused.placeInWorkbin', { name }),
        () => t('interaction.refused.placeInWorkbinUnsure', { name }),
      ),
    );
    return handedOn(outcome, () => t('interaction.notice.placedInWorkbin', { name }));
  }

  /**
   * Consults a colleague (`targetId`, known to the agent as `targetName`) on the open chat
   * (InitiateConsultation): they join it, seen by agents only. Answers whether the server took
   * it; a refusal shows as the action's error and the chat stays as it was.
   */
  async function startConsultation(targetId: string, targetName: string): Promise<boolean> {
    // Named before asking: main's change set, which opens the consultation, may come before the
    // answer (a refusal opens none, so the name shows nowhere).
    pickedNames.set(targetId, targetName);
    const outcome = await run(
      'consult',
      (id) => api.interactions.startChatConsultation(id, targetId),
      // Not answered, it may have started: main keeps it open, Complete is offered.
      (error) =>
        consultMayHaveStarted(error)
          ? {
              context: t('interaction.refused.consultUnsure', { name: targetName }),
              advice: t('interaction.refused.consultUnsureAdvice', { name: targetName }),
            }
          : t('interaction.refused.consult', { name: targetName }),
    );
    if (outcome?.result.ok !== true) return false;
    if (outcome.current)
      sayWhile(
        () => t('interaction.notice.consulting', { name: targetName }),
        () => consultant.value !== undefined,
      );
    return true;
  }

  /** Completes the open chat's consultation as a transfer: the consulted colleague takes it. */
  async function completeTransfer(): Promise<boolean> {
    const name = consultedName();
    const outcome = await run(
      'completeTransfer',
      (id) => api.interactions.completeTransfer(id),
      handOnRefused(
        () => t('interaction.refused.completeTransfer', { name }),
        () => t('interaction.refused.completeTransferUnsure', { name }),
        () => t('interaction.refused.completeUnsureAdvice'),
      ),
    );
    return handedOn(outcome, () => t('interaction.notice.transferredTo', { name }));
  }

  /** Completes the open chat's consultation as a conference: both agents stay in the chat. */
  async function completeConference(): Promise<boolean> {
    const name = consultedName();
    const outcome = await run(
      'completeConference',
      (id) => api.interactions.completeConference(id),
      handOnRefused(
        () => t('interaction.refused.completeConference', { name }),
        () => t('interaction.refused.completeConferenceUnsure', { name }),
        () => t('interaction.refused.completeUnsureAdvice'),
      ),
    );
    if (outcome?.result.ok !== true) return false;
    if (outcome.current)
      sayWhile(
        () => t('interaction.notice.inConference', { name }),
        () => inConference.value,
      );
    return true;
  }

  /**
   * Adds a colleague (`targetId`, known to the agent as `targetName`) to the open chat in one
   * step (StartConference): they join it as the customer sees them, and the agent stays.
   * Answers whether the server took it; a refusal shows as the action's error.
   */
  async function startConference(targetId: string, targetName: string): Promise<boolean> {
    const outcome = await run(
      'conference',
      (id) => api.interactions.startConference(id, targetId),
      () => t('interaction.refused.conference', { name: targetName }),
    );
    if (outcome?.result.ok !== true) return false;
    if (outcome.current)
      sayWhile(
        () => t('interaction.notice.inConference', { name: targetName }),
        () => inConference.value,
      );
    return true;
  }

  /**
   * Leaves the open chat's conference (EndConference, naming this agent as 003's body does):
   * the chat leaves this desk and stays with the other agents. Answers as {@link transfer} does.
   */
  async function leaveConference(): Promise<boolean> {
    const agent = useSessionStore().agent;
    const outcome = await run('leaveConference', (id) =>
      api.interactions.endConference(id, agent?.id),
    );
    return handedOn(outcome, () => t('interaction.notice.leftConference'));
  }

  /** The colleague consulted on the open chat, named as {@link consultant} names them. */
  function consultedName(): string {
    return consultant.value ?? t('interaction.notice.theConsultedAgent');
  }

  /** After a hand-over: what the desk kept for the chat goes with it; the agent reads where. */
  function handedOn(outcome: Outcome<void> | null, words: () => string): boolean {
    if (outcome?.result.ok !== true) return false;
    endedByAgent(outcome);
    forget(outcome.id);
    if (outcome.current) {
      say(words);
      // The button pressed (Transfer's choice, the workbin) goes with the agent's work.
      focusOnceOver(outcome.id);
    }
    return true;
  }

  /** How a chat line's refusal is worded: one that may have gone is not simply tried again. */
  function sendRefusedWords(error: SwitchboardError): RefusalWords {
    return mayHaveHappened({ error })
      ? {
          context: t('interaction.refused.sendUnsure'),
          advice: t('interaction.refused.sendUnsureAdvice'),
        }
      : { context: t('interaction.refused.send') };
  }

  /**
   * Sends a chat line, to the agents only when the agent chose so ({@link writingToAgents});
   * answers whether it went. The message box then empties, unless the agent typed on while the
   * line was going.
   */
  async function sendMessage(text: string): Promise<boolean> {
    // The consulted colleague's too: her box says the agents only read her, and the server's
    // default may no longer be that by the time the line arrives (the owner completed the
    // consultation as it left), when the customer would read what was written for the agents.
    const visibility = writingToAgents.value || consulted.value ? 'Int' : undefined;
    // Where the chat stood as the line left: an agent's line with its text after that is it.
    const shownBefore = detail.value?.transcript.at(-1)?.eventId ?? Number.NEGATIVE_INFINITY;
    // And who was in it: the one agent then is this one (see isOwnLine).
    if (selectedId.value !== null && detail.value?.id === selectedId.value)
      agentsAtSend.set(
        selectedId.value,
        agentsIn(participants.value).map((agent) => agent.key),
      );
    const outcome = await run(
      'send',
      (id) => api.interactions.sendMessage(id, text, visibility),
      sendRefusedWords,
      text,
    );
    if (outcome === null) return false;
    if (!outcome.result.ok) {
      if (!lineShownSince(outcome.id, text, shownBefore)) return false;
      // The server took the line and its answer was lost (the connection cut as it left), and
      // the line came back before the failure did: it went, and is not to be sent twice.
      refusals.delete(outcome.id);
    } else learnOwnParty(outcome.id, text.trim(), shownBefore);
    lineWent(outcome.id, text);
    return true;
  }

  /**
   * This agent's party in each chat (its id there, else its name): as main tells it (the chat's
   * detail or a change set's `ownParty`, from the names the agent joins under), else learned from
   * a line the server took from this desk: the first agent's line with its words that shows is
   * this agent's. A line
   * in doubt is then matched by its sender too: a colleague's line in a conference with the
   * same words ("One moment, please") is not this agent's, and does not say it went.
   */
  const ownParties = new Map<string, string>();
  /** Lines the server took from this desk that have not shown yet, by chat (a few at most). */
  const takenLines = new Map<string, string[]>();
  /** The agents in each chat (their party keys) as the desk last sent a line to it. */
  const agentsAtSend = new Map<string, readonly string[]>();

  /** A line of `id` the server took: its party is this agent's once it shows (it may have). */
  function learnOwnParty(id: string, text: string, after: number): void {
    if (ownParties.has(id)) return;
    const open = detail.value;
    const shown =
      open?.id === id
        ? open.transcript.find((line) => line.eventId > after && agentLine(line, text))
        : undefined;
    const party = shown === undefined ? undefined : partyKey(shown);
    if (party !== undefined) ownParties.set(id, party);
    else takenLines.set(id, [...(takenLines.get(id) ?? []).slice(-4), text]);
  }

  /** The lines of a change set that show a taken line: their party is this agent's. */
  function ownPartiesShown(changes: ChangeSet): void {
    for (const { interactionId, lines, ownParty } of changes.transcripts) {
      // Told by main (a join showed which party is this agent's): no line needs to tell it.
      if (ownParty !== undefined) {
        ownParties.set(interactionId, ownParty);
        takenLines.delete(interactionId);
        continue;
      }
      const taken = takenLines.get(interactionId);
      if (taken === undefined) continue;
      const shown = lines.find((line) => taken.some((text) => agentLine(line, text)));
      const party = shown === undefined ? undefined : partyKey(shown);
      if (party === undefined) continue;
      ownParties.set(interactionId, party);
      takenLines.delete(interactionId);
    }
  }

  /** Whether the open chat `id` shows the agent's line `text` after event `after`. */
  function lineShownSince(id: string, text: string, after: number): boolean {
    const open = detail.value;
    return (
      open?.id === id &&
      open.transcript.some((line) => line.eventId > after && isOwnLine(id, line, text.trim()))
    );
  }

  /** An agent's (not the customer's) message line whose text is `text`. */
  function agentLine(line: ChatEvent, text: string): boolean {
    return (
      line.kind === 'message' &&
      !isCustomerType(line.authorType ?? '') &&
      line.text?.trim() === text
    );
  }

  /**
   * This agent's message line in chat `id` whose text is `text`: from its party when the desk
   * knows it ({@link ownParties}); until then, as the chat stood when the line was sent: the one
   * agent in it then was this one, and with none known (a chat whose history has not come) any
   * agent's line is taken. With two or more then (a conference), no line is: a colleague's with
   * the same words must not say the agent's went, and the agent, told it may not have, looks.
   */
  function isOwnLine(id: string, line: ChatEvent, text: string): boolean {
    if (!agentLine(line, text)) return false;
    const own = ownParties.get(id);
    if (own !== undefined) return partyKey(line) === own;
    const agents = agentsAtSend.get(id) ?? [];
    return agents.length === 0 || (agents.length === 1 && partyKey(line) === agents[0]);
  }

  /** A chat line went: its box empties, unless the agent typed on meanwhile. */
  function lineWent(id: string, text: string): void {
    if (drafts.get(id)?.trim() !== text) return;
    drafts.delete(id);
    keepInMain(id);
  }

  /**
   * A line the server did not answer in time that shows in its transcript after all (the
   * agent's own line, with its text) went: its refusal and its box go, as if answered, so that
   * the agent does not send it twice.
   */
  function linesShown(changes: ChangeSet): void {
    ownPartiesShown(changes);
    for (const { interactionId, lines } of changes.transcripts) {
      const refusal = refusals.get(interactionId);
      const sent = refusal?.sentText;
      if (sent === undefined) continue;
      const shown = lines.some((line) => isOwnLine(interactionId, line, sent));
      if (!shown) continue;
      refusals.delete(interactionId);
      lineWent(interactionId, sent);
    }
  }

  function savedNotice(outcome: Outcome<{ path: string } | null> | null): void {
    if (outcome?.current === true && outcome.result.ok && outcome.result.value !== null) {
      const { path } = outcome.result.value;
      say(() => t('interaction.notice.savedTo', { path }));
    }
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

  /** The open interaction's failed downloads, tried again now (their progress is pushed). */
  async function retryDownloads(): Promise<void> {
    await run('attachment', (id) => api.attachments.retryDownloads(id));
  }

  /**
   * How many entries the store keeps by interaction (actions, refusals, boxes, "agents only"
   * choices, ends still to come): those with something under way or typed, never one per
   * interaction of the shift (interaction.shift.test.ts).
   */
  function keptCount(): number {
    return (
      actions.size +
      refusals.size +
      drafts.size +
      agentsOnlyChats.size +
      endedHere.size +
      forgottenMidAction.size +
      ownParties.size +
      takenLines.size +
      agentsAtSend.size
    );
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    loadJob.cancel();
    selectedId.value = null;
    detail.value = null;
    loading.value = false;
    missing.value = false;
    purgedWhileOpen.value = false;
    loadError.value = null;
    actions.clear();
    refusals.clear();
    noticeWords.value = null;
    noticeWhile.value = null;
    focusRequest.value = null;
    drafts.clear();
    leftCodes.clear();
    endedHere.clear();
    forgottenMidAction.clear();
    pickedNames.clear();
    agentsOnlyChats.clear();
    // The agent's party in each chat is this agent's: the next one may pick the chat up.
    ownParties.clear();
    takenLines.clear();
    agentsAtSend.clear();
  }

  /** Follows main's change sets and attachment downloads (their progress and their end). */
  const events = subscriptions(() => [
    api.desk.onChanged(applyChanges),
    api.attachments.onDownloaded(({ interactionId, attachment }) => {
      apply(downloadPush(interactionId, attachment));
    }),
    api.attachments.onDownload(({ interactionId, attachmentId, download }) => {
      apply(downloadStatePush(interactionId, attachmentId, download));
    }),
  ]);
  const start = events.start;
  /** Stops following events and drops a fetch not yet run. */
  function stop(): void {
    events.stop();
    loadJob.cancel();
  }

  return {
    selectedId,
    detail,
    loading,
    missing,
    purgedWhileOpen,
    loadError,
    busy,
    actionError,
    actionContext,
    actionAdvice,
    failedActions,
    notice,
    say,
    focusRequest,
    composerText,
    leftCodesOf,
    addLeftCodes,
    capabilities,
    working,
    consulted,
    participants,
    inConference,
    customerLeft,
    mayWriteToAgents,
    writingToAgents,
    select,
    restore,
    openAccepted,
    openToWork,
    focusHandled,
    focusOnceOver,
    keepRefusal,
    holdAction,
    actionOn,
    sendAnswered,
    accept,
    reject,
    done,
    endChat,
    leaveChat,
    sendMessage,
    transfer,
    placeInQueue,
    placeInWorkbin,
    consultant,
    startConsultation,
    completeTransfer,
    completeConference,
    startConference,
    leaveConference,
    saveTranscript,
    openAttachment,
    retryDownloads,
    saveAttachment,
    keptCount,
    clear,
    start,
    stop,
  };
});
