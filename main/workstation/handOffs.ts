import { agentFullName, findAgent } from '../../common/agentNames';
import { SwitchboardFailure, unanswered } from '../../common/errors';
import type { DirectoryEntry } from '../../common/gwsOperations';
import { REVOKED_STATE, phaseOf } from '../../common/interactionStates';
import type { HandOffKind, InteractionDetail } from '../../common/model';
import { agentsIn, chatParticipants } from '../../common/chatParticipants';
import type { CacheWriter } from './cacheWriter';
import type { GwsHandlers } from './gwsHandlers';

/** The contract's handlers of the operations that hand an interaction on. */
export type HandOffHandlers = Pick<
  GwsHandlers['interactions'],
  'transfer' | 'placeInQueue' | 'placeInWorkbin' | 'completeTransfer' | 'endConference'
>;

/**
 * The colleagues of the agent directory as the desk last read it for this account's writer (the
 * Transfer and Consult pickers read it through {@link read}), to name a hand-off's target as the
 * agent knows them.
 */
export class ColleagueNames {
  private known:
    { readonly writer: CacheWriter; readonly entries: readonly DirectoryEntry[] } | undefined;

  constructor(
    private readonly directory: () => Promise<DirectoryEntry[]>,
    private readonly writer: () => CacheWriter | undefined,
  ) {}

  /** The directory from the server, remembered to name targets by. */
  async read(): Promise<DirectoryEntry[]> {
    const entries = await this.directory();
    const writer = this.writer();
    this.known = writer === undefined ? undefined : { writer, entries };
    return entries;
  }

  /**
   * The colleague `target` names (a user id, user name or employee id, as Transfer takes it) by
   * their full name: from the directory read for this account, else read now; the target as
   * given when the directory cannot be read or does not hold them.
   */
  async nameOf(target: string): Promise<string> {
    const known = this.known?.writer === this.writer() ? this.known?.entries : undefined;
    const entry =
      findAgent(known ?? [], target) ??
      (known === undefined ? findAgent(await this.read().catch(() => []), target) : undefined);
    return entry === undefined ? target : agentFullName(entry);
  }
}

/**
 * The operations that hand an interaction on (Transfer, PlaceInQueue, PlaceInWorkbin, a
 * consultation completed as a transfer, and leaving a conference: History said Done of it), each the GWS operation as it is (`gws`) and then, once
 * the server took it, the hand-off kept in the cache (CacheWriter.recordHandOff) with its target
 * named as the agent knows it: GWS tells the agent who handed it on only that it is over for
 * them (003: a Transfer's target gets an invitation), so the desk keeps what its agent did.
 * A refused operation records nothing; a hand-off that cannot be named or kept does not make
 * the operation fail (it happened). One whose answer never came (the connection cut as it left,
 * the request's time up) may have been carried out, and GWS tells this agent no more than that
 * the interaction is over for it: the server is asked, and an interaction it no longer shows
 * this agent, or shows over for them (a workbin's item reads Revoked), went (kept as handed on, the operation answered as done), as a Reject in doubt is
 * (invitations.ts). Without it, History said Done of a chat the agent transferred, and routing
 * offering it back was a plain invitation.
 */
export function handOffHandlers(
  gws: HandOffHandlers & Pick<GwsHandlers['interactions'], 'getOnServer'>,
  writer: () => CacheWriter | undefined,
  colleagues: ColleagueNames,
): HandOffHandlers {
  /**
   * Runs the request; one not answered whose interaction the server no longer shows the agent,
   * or shows over for them (an item of a workbin reads Revoked), went.
   */
  const handOn = async (interactionId: string, request: () => Promise<void>): Promise<void> => {
    try {
      await request();
    } catch (error) {
      if (!(error instanceof SwitchboardFailure) || !unanswered(error.kind)) throw error;
      const gone = await gws.getOnServer(interactionId).then(
        (shown) => shown.state === REVOKED_STATE || phaseOf(shown.state) === 'ended',
        (failure: unknown) => failure instanceof SwitchboardFailure && failure.kind === 'notFound',
      );
      if (!gone) throw error;
    }
  };
  const record = async (
    interactionId: string,
    kind: HandOffKind,
    target: string,
    name: () => string | Promise<string>,
  ): Promise<void> => {
    writer()?.recordHandOff(interactionId, { kind, target, name: await name() });
  };
  return {
    transfer: async (interactionId, targetId) => {
      await handOn(interactionId, () => gws.transfer(interactionId, targetId));
      await record(interactionId, 'agent', targetId, () => colleagues.nameOf(targetId));
    },
    placeInQueue: async (interactionId, queue) => {
      await handOn(interactionId, () => gws.placeInQueue(interactionId, queue));
      await record(interactionId, 'queue', queue, () => queue);
    },
    placeInWorkbin: async (interactionId, workbin) => {
      // Before the request: its workbin notification may come before its answer.
      writer()?.forgetPlacement(workbin, interactionId);
      await handOn(interactionId, () => gws.placeInWorkbin(interactionId, workbin));
      writer()?.placedByAgent(workbin, interactionId);
      // PlaceInWorkbin takes an id or a name: named as the Workbins panel names it.
      await record(
        interactionId,
        'workbin',
        workbin,
        () =>
          writer()
            ?.storedWorkbins()
            ?.workbins.find((stored) => stored.workbinId === workbin)?.name ?? workbin,
      );
    },
    endConference: async (interactionId, agentId) => {
      // Read before: the colleagues the chat stays with (this agent's party known, main's own).
      const others = colleaguesIn(writer()?.interaction(interactionId));
      await handOn(interactionId, () => gws.endConference(interactionId, agentId));
      await record(interactionId, 'leftConference', others, () => others);
    },
    completeTransfer: async (interactionId) => {
      // Read before: completing forgets the consultation (consultations.ts).
      const target = writer()?.consultation(interactionId)?.target;
      // Found gone with no answer, the Complete's own clean-up never ran: the chat's end, which
      // the server tells, forgets the consultation (the cache writer's interactionEnded).
      await handOn(interactionId, () => gws.completeTransfer(interactionId));
      if (target !== undefined)
        await record(interactionId, 'consultTransfer', target, () => colleagues.nameOf(target));
    },
  };
}

/**
 * The agents other than this one in a chat (their names in it, joined by commas), as the cache
 * holds it: empty when the chat's detail does not say which party is this agent's
 * (InteractionDetail `ownParty`), nor any colleague is in it.
 */
function colleaguesIn(detail: InteractionDetail | undefined): string {
  const own = detail?.ownParty;
  if (detail === undefined || own === undefined) return '';
  return agentsIn(chatParticipants(detail.transcript, false))
    .filter((agent) => agent.key !== own)
    .map((agent) => agent.name)
    .join(', ');
}
