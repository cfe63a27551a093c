import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { err, unanswered, type Result, type SwitchboardError } from '../../../common/errors';
import type {
  ChangeSet,
  Draft,
  DraftFields,
  DraftKind,
  InteractionDetail,
} from '../../../common/model';
import { writtenByAgent } from '../../../common/interactionStates';
import { DEFAULT_OUTBOUND_EMAIL_QUEUE } from '../../../common/settingsRules';
import { api } from '../api';
import { t } from '../i18n';
import { subjectPrefix } from '../lib/compose';
import { subscriptions } from '../lib/subscriptions';
import { useAppStore } from './app';

/**
 * What became of a Send the interaction says, not its composer, which the draft's end may have
 * taken away: not known whether it left, or its draft closed elsewhere before it could.
 */
export function saidByInteraction(error: SwitchboardError): boolean {
  return error.code === 'sendOutcomeUnknown' || error.code === 'sendClosedElsewhere';
}
import { useInteractionStore } from './interaction';

/**
 * Drafts sent or cancelled that are remembered as such (see `leftIds`), the latest: a late save
 * comes within a request's time of its Send, while an agent sends a few e-mails a minute.
 */
export const LEFT_DRAFTS_KEPT = 100;

/**
 * What adding (or removing) files came to: the draft as stored now (null: unchanged), and any
 * error.
 */
export interface AttachOutcome {
  readonly draft: Draft | null;
  readonly error: SwitchboardError | null;
}

/**
 * Writing e-mails: starting a reply, reply to all, forward or new e-mail (the server creates the
 * draft interaction, which then opens), and the draft's calls to main — kept in the cache as
 * typed, files added and removed, sent, cancelled. The composer (components/EmailComposer.vue)
 * holds the fields being typed; this store holds what outlives it.
 *
 * Hooks for other parts of the desk:
 * - The agent's signature (stores/library.ts) goes into every new draft through the composer's
 *   `signature` prop.
 * - {@link sendDraft}: the one way a draft is sent.
 * - Standard responses go in at the cursor from the composer's own picker (ResponsePicker).
 */
export const useComposeStore = defineStore('compose', () => {
  /**
   * The kind of each draft this desk started, until it is sent or cancelled from here or ends
   * otherwise (placed in a workbin, closed elsewhere, sent by main's follow-up of a Send left in
   * doubt): kept past its end, every such draft of the shift stayed.
   */
  const startedKinds = new Map<string, DraftKind>();
  /**
   * Main's change sets, followed while a started kind waits for its draft's end: the store holds
   * its own subscription, so that no view has to remember to start it.
   */
  const endsFollowed = subscriptions(() => [api.desk.onChanged(applyChanges)]);
  function remember(draftId: string, kind: DraftKind): void {
    startedKinds.set(draftId, kind);
    endsFollowed.start();
  }
  function forget(draftId: string): void {
    startedKinds.delete(draftId);
    if (startedKinds.size === 0) endsFollowed.stop();
  }
  function applyChanges(changes: ChangeSet): void {
    for (const head of changes.interactions) if (head.phase === 'ended') forget(head.id);
  }
  /** A compose action under way (Reply, Forward, …), for the buttons' busy state. */
  const starting = ref<DraftKind | null>(null);
  const startError = ref<SwitchboardError | null>(null);
  /**
   * Bumped at sign-out: a draft the server makes (or refuses) after it is the agent's who asked,
   * not the next one's to be shown, or told of.
   */
  let epoch = 0;
  /**
   * Drafts being sent or cancelled: the server may announce them ended before it answers, and
   * until main has forgotten their copy they must not show as kept drafts.
   */
  const leavingIds = reactive(new Set<string>());
  const leaving = (interactionId: string) => leavingIds.has(interactionId);
  /**
   * Drafts the server took (sent) or cancelled on this desk: main forgot their copy, and a save
   * arriving late (a debounce, a keystroke) would bring it back as a kept draft of a sent e-mail.
   * The latest {@link LEFT_DRAFTS_KEPT}: every one of the shift's replies was kept before.
   * Filed by the sign-in that sent them ({@link leftKey}): ids are each server's own, and the
   * next agent's draft of the same id on another server is kept as any other.
   */
  const leftIds = new Set<string>();
  const leftKey = (signIn: number, interactionId: string) =>
    JSON.stringify([signIn, interactionId]);
  function left(signIn: number, interactionId: string): void {
    leftIds.add(leftKey(signIn, interactionId));
    for (const oldest of leftIds) {
      if (leftIds.size <= LEFT_DRAFTS_KEPT) break;
      leftIds.delete(oldest);
    }
  }

  /** Runs Send or Cancel of a draft; says so on the desk if the agent still has it open. */
  async function leave(
    interactionId: string,
    action: 'send' | 'cancelDraft',
    call: () => Promise<Result<void>>,
    done: () => string,
  ): Promise<Result<void>> {
    const asked = epoch;
    // One action at a time on the draft: Place in workbin waits for the Send (where both went, the
    // e-mail could end up sent and in a workbin), and a Send for a Place in workbin on its way.
    const release = useInteractionStore().holdAction(interactionId, action);
    if (release === null)
      return err(
        'invalidState',
        `${interactionId}: another action is on its way`,
        'actionUnderWay',
      );
    leavingIds.add(interactionId);
    try {
      const result = await call();
      if (result.ok) {
        left(asked, interactionId);
        forget(interactionId);
        unsavedDrafts.delete(interactionId);
        const interaction = useInteractionStore();
        if (interaction.selectedId === interactionId) {
          interaction.say(done);
          interaction.focusOnceOver(interactionId);
        }
      }
      return result;
    } finally {
      leavingIds.delete(interactionId);
      release();
    }
  }

  /**
   * What a draft interaction is, when this desk did not start it (another start, another
   * window): a forward and a new e-mail are both OutboundNew, told apart by their parent.
   */
  function kindOf(draft: InteractionDetail): DraftKind {
    const started = startedKinds.get(draft.id);
    if (started !== undefined) return started;
    if (draft.parentId === undefined) return 'new';
    if (draft.subType === 'OutboundNew') return 'forward';
    return (draft.email?.cc.length ?? 0) > 0 ? 'replyAll' : 'reply';
  }

  /**
   * Opens the draft the server created, with the keyboard in its text, only while the agent is
   * still on the interaction open when she asked (`openWhenAsked`: the e-mail answered, or
   * whatever was open at New e-mail). One who moved on is not taken away (the keyboard in another
   * chat's box would go on typing into the draft): the draft waits in the inbox.
   */
  function openDraft(
    asked: number,
    kind: DraftKind,
    result: Result<string | undefined>,
    openWhenAsked: string | null,
  ): void {
    if (asked !== epoch) return;
    if (!result.ok) {
      startError.value = result.error;
      return;
    }
    const draftId = result.value;
    if (draftId === undefined) return;
    remember(draftId, kind);
    const interaction = useInteractionStore();
    if (interaction.selectedId !== openWhenAsked) return;
    interaction.select(draftId);
    interaction.focusRequest = { id: draftId, target: 'draft' };
  }

  /**
   * Reply, Reply all or Forward to an e-mail: the server makes the draft (002) with the subject
   * prefixed as lib/compose.ts rules (sent as `subjectPrefix`, so the server's copy agrees) and
   * without its own quote (`quoteOriginal: false`): the composer quotes the original itself.
   * No queue is named: the draft waits where the server puts it (the e-mail's own out-queue).
   */
  async function respond(kind: 'reply' | 'replyAll' | 'forward', original: InteractionDetail) {
    if (starting.value !== null) return;
    starting.value = kind;
    startError.value = null;
    const asked = epoch;
    try {
      const subject = original.email?.subject ?? original.subject ?? '';
      const options = { subjectPrefix: subjectPrefix(kind, subject), quoteOriginal: false };
      const result =
        kind === 'reply'
          ? await api.interactions.reply(original.id, options)
          : kind === 'replyAll'
            ? await api.interactions.replyAll(original.id, options)
            : await api.interactions.forward(original.id, undefined);
      openDraft(asked, kind, result, original.id);
    } finally {
      starting.value = null;
    }
  }

  /**
   * A new e-mail (002 CreateEmail): names the queue the draft waits in (the account's setting;
   * the GWS samples' queue until the settings are read), and the type and subtype the documents
   * give for a new outbound e-mail.
   */
  async function newEmail(): Promise<void> {
    if (starting.value !== null) return;
    starting.value = 'new';
    startError.value = null;
    const asked = epoch;
    const openWhenAsked = useInteractionStore().selectedId;
    try {
      openDraft(
        asked,
        'new',
        await api.interactions.createEmail(
          useAppStore().settings?.outboundEmailQueue ?? DEFAULT_OUTBOUND_EMAIL_QUEUE,
          'Outbound',
          'OutboundNew',
        ),
        openWhenAsked,
      );
    } finally {
      starting.value = null;
    }
  }

  /**
   * Drafts whose last save the cache refused (a full disk, a folder it cannot write), by id: the
   * fields as the agent left them, which the composer opens with again (it says the draft is
   * kept while the window is open, and it goes when the agent switches to another interaction),
   * until a save of them is taken, the draft leaves or the agent signs out. Stamped with when
   * the cache refused them: a draft ended elsewhere shows them as its kept copy ({@link keptCopy}).
   */
  const unsavedDrafts = new Map<string, Draft>();
  /**
   * Each draft's saves under way (its composer's, in order; the last as it closed), which a
   * reading of the draft waits for: a view that opens as the composer closes (the draft ended
   * elsewhere, the agent came back to it) shows the words typed up to then.
   */
  const savesUnderWay = new Map<string, Promise<unknown>>();
  function keeping(interactionId: string, saves: Promise<unknown>): void {
    savesUnderWay.set(interactionId, saves);
    void saves.then(() => {
      if (savesUnderWay.get(interactionId) === saves) savesUnderWay.delete(interactionId);
    });
  }

  /**
   * The stored draft of an interaction: null when there is none, an error when the cache could
   * not be read (then the composer must not start afresh and save over what is kept). Read once
   * the draft's save under way (its composer's last, as it closed) is answered.
   */
  async function stored(interactionId: string): Promise<Result<Draft | null>> {
    await savesUnderWay.get(interactionId);
    return await api.drafts.get(interactionId);
  }

  /**
   * What the agent typed of a draft that the cache did not take (see {@link unsavedDrafts}),
   * once the draft's save under way is answered; undefined when the cache holds it all.
   */
  async function unsaved(interactionId: string): Promise<Draft | undefined> {
    await savesUnderWay.get(interactionId);
    return unsavedDrafts.get(interactionId);
  }

  /**
   * The copy of a draft kept for the agent once its composer is gone (its e-mail ended
   * elsewhere): what the cache refused to keep, newer than what it holds, else the stored draft
   * ({@link stored}).
   */
  async function keptCopy(interactionId: string): Promise<Result<Draft | null>> {
    const refused = await unsaved(interactionId);
    return refused === undefined ? await stored(interactionId) : { ok: true, value: refused };
  }

  /**
   * Keeps the draft's fields in the cache (offline too). Answers null, keeping nothing, while the
   * draft is being sent or cancelled and once it was: main forgets it then. Fields the cache
   * refused are kept in {@link unsavedDrafts} for the draft's next composer, unless the agent
   * signed out since `openedIn` ({@link generation} when the caller, a composer, opened) or
   * while the save was on its way.
   */
  async function save(
    fields: DraftFields,
    openedIn: number = epoch,
  ): Promise<Result<Draft> | null> {
    const id = fields.interactionId;
    if (leaving(id) || leftIds.has(leftKey(openedIn, id))) return null;
    const result = await api.drafts.save(fields);
    // Signed out (the composer's last save runs as the desk closes, after the desk cleared this
    // store): what it refused is not kept for the next agent, who may open a draft of the same id.
    if (openedIn !== epoch) return result;
    if (result.ok) unsavedDrafts.delete(id);
    else unsavedDrafts.set(id, { ...fields, updatedAt: Date.now() });
    return result;
  }

  /**
   * Sends a draft: the one function every Send goes through (main's `drafts.send`, which
   * stores nothing more than the server needs today; keeping the sent e-mail belongs there).
   * `composerGone` tells whether the composer that sent it is still there to say a refusal.
   */
  async function sendDraft(
    fields: DraftFields,
    composerGone: () => boolean = () => false,
  ): Promise<Result<void>> {
    const result = await leave(
      fields.interactionId,
      'send',
      () => api.drafts.send(fields),
      () => t('email.composer.sent'),
    );
    // Not known whether it left, or closed elsewhere unsent: the server may have ended the draft
    // meanwhile (has, when closed), and its composer with it, so the interaction itself says so
    // (also once the agent comes back to it). So does a refusal answered once the agent went on
    // to another interaction (its row says so): the composer that would have said it is gone,
    // and the draft, still there, reads as if it were never sent.
    if (!result.ok && (saidByInteraction(result.error) || composerGone()))
      useInteractionStore().keepRefusal(fields.interactionId, result.error, 'send');
    else useInteractionStore().sendAnswered(fields.interactionId);
    return result;
  }

  /** Cancels a draft on the server (002 CancelReplyEmail) and forgets it. */
  async function cancelDraft(
    interactionId: string,
    composerGone: () => boolean = () => false,
  ): Promise<Result<void>> {
    const result = await leave(
      interactionId,
      'cancelDraft',
      () => api.drafts.cancel(interactionId),
      () => t('email.composer.cancelled'),
    );
    // Refused once the agent went on to another interaction: the draft's row and the draft say
    // so, as for a Send (the composer that would have said it is gone, and the draft, still
    // there, would read as kept by choice).
    if (!result.ok && composerGone())
      useInteractionStore().keepRefusal(interactionId, result.error, 'cancelDraft');
    // A Cancel with no answer learnt nothing: what is not known of a Send of the draft stays.
    else if (result.ok || !unanswered(result.error.kind))
      useInteractionStore().sendAnswered(interactionId);
    return result;
  }

  /**
   * Adds files the agent picks. Answers the draft as stored (null when the agent picked nothing)
   * and, on failure, the error with the draft as main kept it: files uploaded before the one that
   * failed are on the server draft, and the composer must show them (its next save writes its
   * list back).
   */
  function attachFiles(fields: DraftFields): Promise<AttachOutcome> {
    return changingFiles(fields.interactionId, 'attach', async () => {
      const result = await api.drafts.attachFiles(fields);
      if (result.ok) return { draft: result.value, error: null };
      const kept = await stored(fields.interactionId);
      return { draft: kept.ok ? kept.value : null, error: result.error };
    });
  }
  /** Removes a file from the draft: the draft as stored now, or the error (nothing removed). */
  function removeAttachment(fields: DraftFields, documentId: string): Promise<AttachOutcome> {
    return changingFiles(fields.interactionId, 'remove', async () => {
      const result = await api.drafts.removeAttachment(fields, documentId);
      return result.ok
        ? { draft: result.value, error: null }
        : { draft: null, error: result.error };
    });
  }
  /**
   * Each draft's files being added or removed, by id: a composer of the draft opened meanwhile
   * (the agent looked at another interaction and came back while the server took its time)
   * opened from the stored copy as it was before; it changes no files until the change is
   * answered, and then shows the draft's files as the server has them.
   */
  const filesChanging = reactive(
    new Map<string, { kind: 'attach' | 'remove'; outcome: Promise<AttachOutcome> }>(),
  );
  async function changingFiles(
    interactionId: string,
    kind: 'attach' | 'remove',
    change: () => Promise<AttachOutcome>,
  ): Promise<AttachOutcome> {
    const outcome = change();
    filesChanging.set(interactionId, { kind, outcome });
    try {
      return await outcome;
    } finally {
      if (filesChanging.get(interactionId)?.outcome === outcome)
        filesChanging.delete(interactionId);
    }
  }
  /** The change of the draft's files under way, if any (see {@link filesChanging}). */
  const fileChange = (interactionId: string) => filesChanging.get(interactionId);
  function discard(interactionId: string): Promise<Result<void>> {
    unsavedDrafts.delete(interactionId);
    return api.drafts.discard(interactionId);
  }

  /**
   * Whether an e-mail the agent wrote is over with no copy sent from this desk (discarded, or
   * closed unsent), so that it is not taken for one the customer got. Not while it is being
   * sent: the server may announce the draft ended before it answers Send, and only then does
   * main store the sent copy.
   */
  function notSentFromHere(
    email: Pick<InteractionDetail, 'id' | 'phase' | 'email' | 'type' | 'subType'>,
  ): boolean {
    return (
      email.phase === 'ended' &&
      email.email?.sentAt === undefined &&
      writtenByAgent(email.type, email.subType) &&
      !leaving(email.id)
    );
  }

  /**
   * How many drafts the store keeps something for (started here, being sent or cancelled, left):
   * a few, never one per e-mail of the shift (compose.test.ts).
   */
  function keptCount(): number {
    return startedKinds.size + leavingIds.size + leftIds.size + unsavedDrafts.size;
  }

  /** Which sign-in the store serves now: {@link clear} moves it on. */
  const generation = (): number => epoch;

  /** Forgets what this desk started (sign-out). Stored drafts stay in the cache. */
  function clear(): void {
    epoch++;
    startedKinds.clear();
    unsavedDrafts.clear();
    // The next agent's draft of the same id (another server's) waits for no change of these.
    filesChanging.clear();
    endsFollowed.stop();
    starting.value = null;
    startError.value = null;
  }

  return {
    starting,
    startError,
    kindOf,
    leaving,
    notSentFromHere,
    respond,
    newEmail,
    stored,
    unsaved,
    keptCopy,
    keeping,
    generation,
    save,
    sendDraft,
    cancelDraft,
    attachFiles,
    fileChange,
    removeAttachment,
    discard,
    keptCount,
    clear,
  };
});
