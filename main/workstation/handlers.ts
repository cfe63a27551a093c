import type { SwitchboardHandlers } from '../../common/contract';
import { SwitchboardFailure, type Result } from '../../common/errors';
import type { GwsOperations } from '../gws/operations';
import type { AccountMemory } from './accountMemory';
import { createAppHandlers, type RuntimeFacts } from './appService';
import type { DeskSession } from './deskSession';
import type { DeskFiles } from './files';
import type { Presence } from './presence';

/** The services the contract's handlers are bound to. */
export interface DeskServices {
  readonly runtime: RuntimeFacts;
  readonly session: DeskSession;
  readonly memory: AccountMemory;
  readonly presence: Presence;
  readonly files: DeskFiles;
}

/** A GWS answer as a handler's value: an error becomes a failure of the same kind. */
async function run<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new SwitchboardFailure(result.error.kind, result.error.message);
  return result.value;
}

/**
 * Binds every method of the contract to the service that owns it. Nothing is decided here:
 * queries go to the account's cache (online or not), GWS operations to the signed-in session
 * (`unauthorized` while signed out), the rest to the session, presence, files and memory.
 */
export function bindHandlers(services: DeskServices): SwitchboardHandlers {
  const { session, memory, presence, files } = services;
  const ops = (): GwsOperations => {
    const operations = session.ops;
    if (operations === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return operations;
  };
  /** Runs one GWS operation of the session; rejects (never throws) when signed out. */
  const gws = async <T>(operation: (ops: GwsOperations) => Promise<Result<T>>): Promise<T> =>
    run(operation(ops()));
  const workstation = () => session.workstation;
  return {
    app: createAppHandlers(services.runtime),
    session: {
      getState: () => session.state(),
      signIn: (request) => session.signIn(request),
      signOut: () => session.signOut(),
      forgetPassword: () => {
        session.forgetPassword();
      },
      changePassword: (oldPassword, newPassword) =>
        session.changePassword(oldPassword, newPassword),
      checkConnection: async () => {
        const gwsSession = session.gws;
        if (gwsSession === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
        await run(gwsSession.checkConnection());
      },
    },
    agent: {
      getState: () => presence.agentState(session.signedIn),
      getNotReadyReasons: () => presence.notReadyReasons(),
      setReady: (channel) => presence.setReady(channel),
      setNotReady: ({ channel, reason }) => presence.setNotReady(channel, reason),
      setAgentState: (operationName, channel) => presence.setAgentState(operationName, channel),
      setDoNotDisturb: (on) => presence.setDoNotDisturb(on),
      getProfile: () => gws((ops) => ops.getMe()),
      getAgentStates: () => gws((ops) => ops.getAgentStates()),
      getFeatures: () => gws((ops) => ops.getFeatures()),
      startContactCenterSession: (channels) =>
        gws((ops) => ops.startContactCenterSession(channels)),
      // Ending the contact-center session is signing out: the desk must know it happened.
      endContactCenterSession: () => session.signOut(),
    },
    interactions: {
      inbox: (page) => workstation()?.inbox(page) ?? [],
      get: (id) => workstation()?.interaction(id) ?? null,
      history: (query) => workstation()?.history(query) ?? [],
      search: async (text, page) => (await workstation()?.search(text, page)) ?? [],
      saveTranscript: (id, format) => files.saveTranscript(id, format),
      listOnServer: () => gws((ops) => ops.listInteractions()),
      getOnServer: (id) => gws((ops) => ops.getInteraction(id)),
      accept: (id, nickname) => gws((ops) => ops.accept(id, nickname)),
      reject: (id) => gws((ops) => ops.reject(id)),
      stopProcessing: (id) => gws((ops) => ops.stopProcessing(id)),
      placeInQueue: (id, queue) => gws((ops) => ops.placeInQueue(id, queue)),
      updateProperties: (id, properties) => gws((ops) => ops.updateProperties(id, properties)),
      placeInWorkbin: (id, workbin) => gws((ops) => ops.placeInWorkbin(id, workbin)),
      getWorkbinContent: (id, workbin) => gws((ops) => ops.getWorkbinContent(id, workbin)),
      transfer: (id, targetId) => gws((ops) => ops.transfer(id, targetId)),
      startConference: (id, agentId) => gws((ops) => ops.startConference(id, agentId)),
      endConference: (id) => gws((ops) => ops.endConference(id)),
      reply: (id, options) => gws((ops) => ops.reply(id, options)),
      replyAll: (id, options) => gws((ops) => ops.replyAll(id, options)),
      forward: (id, toAddress) => gws((ops) => ops.forward(id, toAddress)),
      send: (id, email, queueName) => gws((ops) => ops.send(id, email, queueName)),
      cancelReplyEmail: (id) => gws((ops) => ops.cancelReplyEmail(id)),
      createEmail: (queueName, type, subType) =>
        gws((ops) => ops.createEmail(queueName, type, subType)),
      sendMessage: (id, text, visibility) => gws((ops) => ops.sendMessage(id, text, visibility)),
      sendNotification: (id, notification) => gws((ops) => ops.sendNotification(id, notification)),
      requestChatHistory: (id, eventId) => gws((ops) => ops.requestChatHistory(id, eventId)),
      startChatConsultation: (id, agentId) => gws((ops) => ops.startChatConsultation(id, agentId)),
      completeTransfer: (id) => gws((ops) => ops.completeTransfer(id)),
      completeConference: (id) => gws((ops) => ops.completeConference(id)),
      leaveChat: (id) => gws((ops) => ops.leaveChat(id)),
      endChatSession: (id) => gws((ops) => ops.endChatSession(id)),
    },
    attachments: {
      open: (id, attachmentId) => files.openAttachment(id, attachmentId),
      saveAs: (id, attachmentId) => files.saveAttachment(id, attachmentId),
      upload: (id, file) => gws((ops) => ops.uploadAttachment(id, file)),
      delete: (id, documentId) => gws((ops) => ops.deleteAttachment(id, documentId)),
    },
    workbins: {
      list: () => gws((ops) => ops.getWorkbins()),
      content: (workbinId) => gws((ops) => ops.getWorkbinInteractions(workbinId)),
      add: (workbinId, id) => gws((ops) => ops.addInteractionToWorkbin(workbinId, id)),
      pull: (workbinId, id) => gws((ops) => ops.pullInteractionFromWorkbin(workbinId, id)),
      subscribe: (workbinId) => gws((ops) => ops.subscribeWorkbin(workbinId)),
      unsubscribe: (workbinId) => gws((ops) => ops.unsubscribeWorkbin(workbinId)),
    },
    ucs: {
      retrieveHistory: (filters) => gws((ops) => ops.retrieveInteractionHistory(filters)),
      getContent: (id) => gws((ops) => ops.getInteractionContent(id)),
    },
    // Pushes only (`desk.changed`): no methods to handle.
    desk: {},
    settings: {
      get: () => memory.settings(),
      update: (change) => memory.updateSettings(change),
    },
  };
}
