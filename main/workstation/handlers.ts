import { doneRefusal } from '../../common/caseData';
import type { SwitchboardHandlers } from '../../common/contract';
import { SwitchboardFailure, valueOrThrow } from '../../common/errors';
import type { GwsOperations } from '../gws/operations';
import type { AccountMemory } from './accountMemory';
import type { AgentLibrary } from './agentLibrary';
import type { CacheHealthMonitor } from './cacheHealth';
import { ContactHistoryService } from './contactHistory';
import { consultationHandlers } from './consultations';
import { createAppHandlers, type RuntimeFacts } from './appService';
import type { DeskSession } from './deskSession';
import type { DeskDrafts } from './drafts';
import type { DeskFiles } from './files';
import { finishInteraction } from './finishing';
import { gwsHandlers } from './gwsHandlers';
import { ColleagueNames, handOffHandlers } from './handOffs';
import type { InvitationAnswers } from './invitations';
import type { WorkInProgress } from '../../common/leaving';
import type { AwaySummary } from '../../common/model';
import type { MailView } from './mailView';
import type { PageMemoryKeeper } from './pageMemory';
import type { Presence } from './presence';
import type { SentMail } from './sentMail';
import type { DeskWorkbins } from './workbins';

/** Why a server action is refused while the desk reads its cache offline (the UI says the same). */
export const OFFLINE_REFUSAL = 'Offline: sign in to do this.';

/**
 * The signed-in session's GWS operations, or the refusal every server action gets without one:
 * why, in one sentence (offline review, or not signed in).
 */
export function signedInOperations(session: DeskSession): GwsOperations {
  const operations = session.ops;
  if (operations === undefined)
    throw session.offline
      ? new SwitchboardFailure('unauthorized', OFFLINE_REFUSAL, 'offlineReview')
      : new SwitchboardFailure('unauthorized', 'Not signed in');
  return operations;
}

/** The services the contract's handlers are bound to. */
export interface DeskServices {
  readonly runtime: RuntimeFacts;
  /** The OS's preferred languages (DeskOptions `systemLanguages`), told to the window. */
  readonly systemLanguages: readonly string[];
  readonly session: DeskSession;
  readonly memory: AccountMemory;
  readonly presence: Presence;
  readonly files: DeskFiles;
  readonly drafts: DeskDrafts;
  readonly mail: MailView;
  readonly cache: CacheHealthMonitor;
  readonly library: AgentLibrary;
  readonly sentMail: SentMail;
  readonly workbins: DeskWorkbins;
  readonly invitations: InvitationAnswers;
  /** The interactions signing out would abandon (common/leaving.ts). */
  readonly workInProgress: () => WorkInProgress[];
  /** The away summaries since the agent last dismissed them, merged; null when none. */
  readonly awaySummary: () => AwaySummary | null;
  /** The agent dismissed the away summary it was shown, the one of time `at`. */
  readonly dismissAway: (at: number) => void;
  /** How far the signed-in server's clock is ahead of main's now (0 without a session). */
  readonly serverClockAhead: () => number;
  /** Every invitation waiting, uncapped (the alerts own the count; the tray shows it too). */
  readonly invitationsWaiting: () => number;
  /** What the page keeps in main for a page loaded again. */
  readonly page: PageMemoryKeeper;
}

/**
 * Binds every method of the contract to the service that owns it. Nothing is decided here:
 * queries go to the account's cache (online or not), GWS operations to the signed-in session
 * (`unauthorized` while signed out; their handlers derive from the operations table, see
 * gwsHandlers.ts), the rest to the session, presence, files and memory.
 */
export function bindHandlers(services: DeskServices): SwitchboardHandlers {
  const { session, memory, presence, files, library, sentMail } = services;
  const ops = (): GwsOperations => signedInOperations(session);
  /** The methods that are GWS operations as they are, derived from their table. */
  const gws = gwsHandlers(ops);
  const writer = () => session.writer;
  const contactHistory = new ContactHistoryService(session);
  /** The directory as the pickers last read it: a hand-off's colleague is named from it. */
  const colleagues = new ColleagueNames(() => gws.agent.directory(), writer);
  /** The consultation's operations, then the hand-offs' over them (completeTransfer is both). */
  const consultations = consultationHandlers(gws.interactions, writer);
  /** Runs a request that makes a draft; answers the draft's id (see DraftStarts). */
  const startDraft = (
    original: string | undefined,
    request: () => Promise<string | undefined>,
  ): Promise<string | undefined> => {
    const starts = writer()?.draftStarts;
    return starts === undefined ? request() : starts.start(original, request);
  };
  return {
    app: {
      ...createAppHandlers(services.runtime, services.systemLanguages),
      invitationsWaiting: services.invitationsWaiting,
    },
    session: {
      getState: () => session.state(),
      signIn: (request) => session.signIn(request),
      signOut: () => session.signOut(),
      forgetPassword: () => {
        session.forgetPassword();
      },
      changePassword: (oldPassword, newPassword) =>
        session.changePassword(oldPassword, newPassword),
      workInProgress: () => services.workInProgress(),
      checkConnection: async () => {
        const gwsSession = session.gws;
        if (gwsSession === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
        await valueOrThrow(gwsSession.checkConnection());
      },
      getCacheHealth: () => services.cache.health,
      moveCacheAside: () => services.cache.moveAside(),
      cachedAccounts: () => session.cachedAccounts(),
      openOffline: (account) => session.openOffline(account),
      leaveOffline: () => session.leaveOffline(),
    },
    agent: {
      getState: () => presence.state(),
      getNotReadyReasons: () => presence.notReadyReasons(),
      setReady: (channel) => presence.setReady(channel),
      setNotReady: ({ channel, reason }) => presence.setNotReady(channel, reason),
      setAgentState: (operationName, channel) => presence.setAgentState(operationName, channel),
      setDoNotDisturb: (on) => presence.setDoNotDisturb(on),
      ...gws.agent,
      directory: () => colleagues.read(),
    },
    interactions: {
      inbox: (page) => writer()?.inbox(page) ?? [],
      get: (id) => writer()?.interaction(id) ?? null,
      history: (query) => writer()?.history(query) ?? [],
      counts: () => writer()?.counts() ?? { inbox: 0, invited: 0, history: 0 },
      search: async (text, page) => (await writer()?.search(text, page)) ?? [],
      saveTranscript: (id, format) => files.saveTranscript(id, format),
      replies: (id) => writer()?.replies(id) ?? [],
      ...gws.interactions,
      sendNotification: async (id, notice) => {
        services.page.typingNotice(id, notice, false);
        await gws.interactions.sendNotification(id, notice);
        services.page.typingNotice(id, notice, true);
      },
      // A line the server took leaves the box main keeps for a page loaded again (pageMemory.ts).
      sendMessage: (id, text, visibility) =>
        services.page.sendLine(id, text, () => gws.interactions.sendMessage(id, text, visibility)),
      // The cache keeps whom the agent consults, from its own requests (consultations.ts),
      // and where the agent handed an interaction on (handOffs.ts).
      ...consultations,
      ...handOffHandlers({ ...gws.interactions, ...consultations }, writer, colleagues),
      // An answered Reject and an offer the server no longer has leave the desk (invitations.ts).
      accept: (id, nickname) => services.invitations.accept(id, nickname),
      reject: (id) => services.invitations.reject(id),
      // A draft the server makes is known by its notification when the answer does not name
      // it (002 documents Reply's and CreateEmail's answers so), and is the original's child.
      reply: (id, options) => startDraft(id, () => gws.interactions.reply(id, options)),
      replyAll: (id, options) => startDraft(id, () => gws.interactions.replyAll(id, options)),
      forward: (id, toAddress) => startDraft(id, () => gws.interactions.forward(id, toAddress)),
      createEmail: (queue, type, subType) =>
        startDraft(undefined, () => gws.interactions.createEmail(queue, type, subType)),
      // Send is more than its REST call: what was sent is kept in the cache (sentMail.ts).
      send: (id, email, queue) => sentMail.send(id, email, queue),
      // Done waits for a disposition when the settings require one, whoever asks (the desk, the
      // CLI): the cache holds what the server confirmed, so a choice still on its way does not count.
      // On a chat the customer is still in, Done ends the chat first (finishing.ts).
      stopProcessing: async (id) => {
        const refusal = doneRefusal(memory.settings(), writer()?.interaction(id)?.userData ?? {});
        if (refusal !== undefined)
          throw new SwitchboardFailure('invalidState', refusal, 'dispositionRequired');
        await finishInteraction(ops(), id, writer()?.interaction(id));
      },
    },
    attachments: {
      open: (id, attachmentId) => files.openAttachment(id, attachmentId),
      saveAs: (id, attachmentId) => files.saveAttachment(id, attachmentId),
      retryDownloads: (id) => {
        writer()?.retryDownloadsOf(id);
      },
    },
    library: {
      getSignature: () => library.signature(),
      setSignature: (signature) => library.setSignature(signature),
      responses: (search) => library.responses(search),
      saveResponse: (draft) => library.saveResponse(draft),
      deleteResponse: (id) => {
        library.deleteResponse(id);
      },
    },
    drafts: {
      get: (id) => services.drafts.read(id),
      list: () => services.drafts.list(),
      save: (fields) => services.drafts.save(fields),
      discard: (id) => {
        services.drafts.discard(id);
      },
      send: (fields) => services.drafts.send(fields),
      cancel: (id) => services.drafts.cancel(id),
      attachFiles: (fields) => services.drafts.attachFiles(fields),
      attachmentLimit: () => services.drafts.attachmentLimit(),
      removeAttachment: (fields, documentId) =>
        services.drafts.removeAttachment(fields, documentId),
    },
    mail: {
      allowRemoteImages: (sender) => {
        services.mail.allowRemoteImages(sender);
      },
      forgetRemoteImages: (sender) => {
        services.mail.forgetRemoteImages(sender);
      },
      remoteImagesAllowed: (sender) => services.mail.remoteImagesAllowed(sender),
      inlineImage: (id, attachmentId) => services.mail.inlineImage(id, attachmentId),
      openLink: (url) => services.mail.openLink(url),
    },
    workbins: { ...gws.workbins, overview: () => services.workbins.overview() },
    contactHistory: {
      cached: (contactId) => contactHistory.cached(contactId),
      fetch: (contactId) => contactHistory.fetch(contactId),
      open: (contactId, id) => contactHistory.open(contactId, id),
    },
    desk: {
      awaySummary: services.awaySummary,
      dismissAway: services.dismissAway,
      serverClockAhead: services.serverClockAhead,
    },
    page: {
      memory: () => {
        // A page that asks is a new one: what a lost one left saying the agent types is undone.
        for (const id of services.page.takeTyping())
          gws.interactions.sendNotification(id, 'TypingStopped').catch(() => undefined);
        return services.page.memoryOnceLinesAnswered();
      },
      keepOpen: (interactionId) => {
        services.page.keepOpen(interactionId);
      },
      keepChatDraft: (interactionId, draft) => {
        services.page.keepChatDraft(interactionId, draft);
      },
      keepCaseEdit: (interactionId, edit) => {
        services.page.keepCaseEdit(interactionId, edit);
      },
    },
    settings: {
      get: () => memory.settings(),
      update: (change) => memory.updateSettings(change),
    },
  };
}
