import { phaseOf } from '../../../common/interactionStates';
import type {
  ChatEvent,
  InteractionDetail,
  InteractionHead,
  InteractionSummary,
} from '../../../common/model';
import { summaryOf } from '../stores/fold';

/**
 * Interactions and chat lines as main's cache describes them, for store and fold tests. The
 * phase is derived by common/interactionStates.ts as main derives it; an ended state also gets
 * its end time (the cache records one), so that the history can order it. Imported by tests only.
 */
export function sampleHead(
  id: string,
  state: string,
  updatedAt: number,
  extra: Partial<InteractionHead> = {},
): InteractionHead {
  const endedAt = phaseOf(state) === 'ended' ? updatedAt : undefined;
  const head: InteractionHead = {
    id,
    channel: 'chat',
    state,
    phase: phaseOf(state, endedAt),
    firstSeenAt: 1,
    updatedAt,
    to: [],
    capabilities: state === 'Accepted' ? ['StopProcessing'] : [],
    userData: {},
    ...extra,
  };
  if (endedAt !== undefined && head.endedAt === undefined) head.endedAt = endedAt;
  return head;
}

/** The list row of {@link sampleHead}. */
export function sampleRow(
  id: string,
  state: string,
  updatedAt: number,
  extra: Partial<InteractionHead> = {},
): InteractionSummary {
  return summaryOf(sampleHead(id, state, updatedAt, extra));
}

/** The detail of {@link sampleHead}, with a transcript. */
export function sampleDetail(
  id: string,
  state: string,
  updatedAt: number,
  transcript: ChatEvent[] = [],
  extra: Partial<InteractionHead> = {},
): InteractionDetail {
  return { ...sampleHead(id, state, updatedAt, extra), transcript, attachments: [] };
}

/** A customer's chat line. */
export function sampleLine(eventId: number, text = `line ${eventId}`): ChatEvent {
  return { eventId, kind: 'message', authorType: 'Client', authorName: 'Tom', text };
}
