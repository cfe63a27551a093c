import { describe, expect, it } from 'vitest';
import type { ChangeSet, InteractionHead, Reply } from '../../../common/model';
import { emptyChangeSet } from './fold';
import { foldReplies } from './threadFold';

function head(id: string, parentId: string | undefined, updatedAt: number): InteractionHead {
  return {
    id,
    channel: 'email',
    state: 'ReplyCreated',
    phase: 'working',
    firstSeenAt: 1,
    updatedAt,
    to: [],
    capabilities: [],
    userData: {},
    ...(parentId === undefined ? {} : { parentId }),
  };
}

const SENT = {
  to: ['ann@example.com'],
  cc: [],
  text: 'The invoice is paid.',
  attachments: [],
  sentAt: 9,
};

describe('foldReplies', () => {
  it('adds a new reply of the parent with the e-mail its change set carries', () => {
    const changes: ChangeSet = {
      ...emptyChangeSet(),
      interactions: [head('out-1', 'in-1', 5), head('other', 'in-2', 5)],
      emails: [{ interactionId: 'out-1', email: SENT, attachments: [] }],
    };
    const folded = foldReplies([], 'in-1', changes);
    expect(folded.map((reply) => [reply.id, reply.email?.text])).toEqual([
      ['out-1', 'The invoice is paid.'],
    ]);
  });

  it('updates a known reply (a newer row, its sent e-mail) and leaves the list alone otherwise', () => {
    const known: Reply[] = [{ ...head('out-1', 'in-1', 5), attachments: [] }];
    const ended = { ...head('out-1', 'in-1', 7), state: 'Completed', phase: 'ended' as const };
    const folded = foldReplies(known, 'in-1', {
      ...emptyChangeSet(),
      interactions: [ended],
      emails: [{ interactionId: 'out-1', email: SENT, attachments: [] }],
    });
    expect(folded[0]).toMatchObject({ state: 'Completed', email: { text: SENT.text } });
    // An older row does not win.
    expect(
      foldReplies(folded, 'in-1', {
        ...emptyChangeSet(),
        interactions: [head('out-1', 'in-1', 6)],
      })[0]?.state,
    ).toBe('Completed');
    const unrelated = { ...emptyChangeSet(), interactions: [head('x', undefined, 1)] };
    expect(foldReplies(known, 'in-1', unrelated)).toBe(known);
  });
});
