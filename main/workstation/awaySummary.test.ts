import { describe, expect, it } from 'vitest';
import { awayHeadline, restoreSentence } from '../../common/awaySummary';
import type { Restore } from '../../common/model';
import { createTranslator, ENGLISH } from '../i18n/translator';
import { err, ok, type Result } from '../../common/errors';
import type { AgentState, ChannelState, InteractionHead } from '../../common/model';
import {
  AwayTracker,
  contactCenterSessionLost,
  restoreAgentState,
  sameAgentState,
  type RestoreOperations,
} from './awaySummary';
import { emptyChangeSet } from './cacheWriter';
import type { Commit, PolicyEvent } from './policy';

/** The restore in the desk's words, in English (the log's, and the panel's in English). */
function sentence(restore: Restore): string {
  return restoreSentence(restore, ENGLISH.t);
}

function head(
  id: string,
  state: string,
  phase: InteractionHead['phase'],
  subject?: string,
): InteractionHead {
  return {
    id,
    channel: 'chat',
    state,
    phase,
    firstSeenAt: 1,
    updatedAt: 2,
    to: [],
    capabilities: [],
    userData: {},
    ...(subject === undefined ? {} : { subject }),
  };
}

function commit(heads: InteractionHead[], alerts: PolicyEvent[] = []): Commit {
  return { changes: { ...emptyChangeSet(), interactions: heads }, alerts };
}

function channel(name: string, state: string, extra: Partial<ChannelState> = {}): ChannelState {
  return { channel: name, state, dnd: false, ...extra };
}

function agent(channels: ChannelState[], dnd = false): AgentState {
  return { channels, dnd };
}

const READY = agent([channel('chat', 'Ready'), channel('email', 'Ready')]);
const LOGGED_OUT = agent([channel('chat', 'LoggedOut'), channel('email', 'LoggedOut')]);

describe('AwayTracker', () => {
  it('lists the invitations a resync withdrew and the work it ended, with the state before', () => {
    const tracker = new AwayTracker();
    tracker.begin(READY);
    tracker.fold(
      commit(
        [
          head('inv-1', 'Revoked', 'ended', 'Refund'),
          head('work-1', 'Ended', 'ended', 'Order 7'),
          head('still-1', 'Accepted', 'working'),
        ],
        [{ kind: 'revoke', interactionId: 'inv-1', channel: 'chat', subject: 'Refund' }],
      ),
    );
    const gap = tracker.finish();
    expect(gap?.before).toBe(READY);
    expect(gap?.items).toEqual([
      { id: 'inv-1', channel: 'chat', change: 'withdrawn', state: 'Revoked', subject: 'Refund' },
      { id: 'work-1', channel: 'chat', change: 'ended', state: 'Ended', subject: 'Order 7' },
    ]);
    // Finished: the next gap starts afresh.
    expect(tracker.finish()).toBeUndefined();
  });

  it('drops an invitation withdrawn during the gap that the resync then offers anew', () => {
    const tracker = new AwayTracker();
    tracker.begin(READY);
    tracker.fold(
      commit(
        [head('inv-1', 'Revoked', 'ended'), head('inv-2', 'Revoked', 'ended')],
        [
          { kind: 'revoke', interactionId: 'inv-1', channel: 'chat' },
          { kind: 'revoke', interactionId: 'inv-2', channel: 'chat' },
        ],
      ),
    );
    tracker.fold(commit([head('inv-1', 'Invited', 'invited')]));
    expect(tracker.finish()?.items.map((item) => item.id)).toEqual(['inv-2']);
  });

  it('ignores commits outside a gap and withdrawals the agent was never shown', () => {
    const tracker = new AwayTracker();
    tracker.fold(commit([head('before-gap', 'Ended', 'ended')]));
    tracker.begin(READY);
    tracker.fold(commit([head('unannounced', 'Revoked', 'ended')]));
    expect(tracker.finish()?.items).toEqual([]);
  });

  it('keeps the state from before the first of overlapping gaps, and forgets a cancelled one', () => {
    const tracker = new AwayTracker();
    expect(tracker.gathering).toBe(false);
    tracker.begin(READY);
    tracker.begin(LOGGED_OUT);
    expect(tracker.gathering).toBe(true);
    expect(tracker.finish()?.before).toBe(READY);
    expect(tracker.gathering).toBe(false);
    tracker.begin(READY);
    tracker.cancel();
    expect(tracker.finish()).toBeUndefined();
  });

  it('restores nothing over a state the agent chose while the gap was read', () => {
    const tracker = new AwayTracker();
    tracker.begin(READY);
    tracker.stateChosen();
    // No state before to put back: the agent's own choice stands.
    expect(tracker.finish()?.before).toBeUndefined();
    tracker.begin(LOGGED_OUT);
    tracker.stateChosen();
    expect(tracker.finish()?.before).toBeUndefined();
    // Chosen outside a gap: the next gap measures from its own start.
    tracker.stateChosen();
    tracker.begin(READY);
    expect(tracker.finish()?.before).toBe(READY);
  });

  it('gathers at sign-in what it ended of the work held from before, and only that, with no state before', () => {
    const tracker = new AwayTracker();
    tracker.beginSignIn(new Set());
    expect(tracker.gathering).toBe(false);
    tracker.beginSignIn(new Set(['held-1', 'held-2']));
    expect(tracker.gathering).toBe(true);
    tracker.fold(
      commit([
        head('held-1', 'Ended', 'ended', 'Order 7'),
        head('held-2', 'Accepted', 'working'),
        // Ended by its own notification as the sign-in went on: not what the sign-in found.
        head('new-1', 'Ended', 'ended'),
      ]),
    );
    const gap = tracker.finish();
    expect(gap?.before).toBeUndefined();
    expect(gap?.items.map((item) => item.id)).toEqual(['held-1']);
  });

  it('widens a sign-in gathering to everything a gap within it changes, from the state before that gap', () => {
    const tracker = new AwayTracker();
    tracker.beginSignIn(new Set(['held-1']));
    tracker.begin(READY);
    tracker.fold(commit([head('new-1', 'Ended', 'ended')]));
    expect(tracker.finish()).toMatchObject({ before: READY, items: [{ id: 'new-1' }] });
  });
});

describe('contactCenterSessionLost', () => {
  it('is true only when the agent was logged in and the server now has every channel logged out', () => {
    expect(contactCenterSessionLost(READY, LOGGED_OUT)).toBe(true);
    expect(contactCenterSessionLost(LOGGED_OUT, LOGGED_OUT)).toBe(false);
    expect(contactCenterSessionLost(READY, READY)).toBe(false);
    expect(
      contactCenterSessionLost(
        READY,
        agent([channel('chat', 'LoggedOut'), channel('email', 'NotReady')]),
      ),
    ).toBe(false);
    // Nothing read from the server is no evidence.
    expect(contactCenterSessionLost(READY, agent([]))).toBe(false);
  });

  it('reads 003’s T-Server state of the Offline agent state (Logout) as logged out', () => {
    // 003 "Agent States": Offline is `"state" : "Logout"`; a channel matched to it says so.
    const offline = agent([channel('chat', 'Logout'), channel('email', 'Logout')]);
    expect(contactCenterSessionLost(READY, offline)).toBe(true);
  });

  it('compares states as the agent reads them', () => {
    expect(
      sameAgentState(READY, agent([channel('chat', 'Ready'), channel('email', 'Ready')])),
    ).toBe(true);
    expect(sameAgentState(READY, LOGGED_OUT)).toBe(false);
    expect(sameAgentState(READY, { ...READY, dnd: true })).toBe(false);
  });
});

/** Operations that record what they were asked and refuse what `refuse` names. */
function recordingOps(refuse: Partial<Record<keyof RestoreOperations, string>> = {}) {
  const calls: string[] = [];
  const answer = (name: keyof RestoreOperations, call: string): Promise<Result<unknown>> => {
    calls.push(call);
    const refusal = refuse[name];
    return Promise.resolve(refusal === undefined ? ok(undefined) : err('invalidState', refusal));
  };
  const ops: RestoreOperations = {
    startContactCenterSession: (channels) =>
      answer('startContactCenterSession', `start ${channels.join(',')}`),
    setChannelReady: (name) => answer('setChannelReady', `ready ${name}`),
    setChannelNotReady: (name, reason) =>
      answer('setChannelNotReady', `notReady ${name} ${reason ?? '-'}`),
    setChannelState: (name, operationName) =>
      answer('setChannelState', `state ${name} ${operationName}`),
    doNotDisturb: (on) => answer('doNotDisturb', `dnd ${String(on)}`),
    setChannelDoNotDisturb: (name, on) =>
      answer('setChannelDoNotDisturb', `dnd ${name} ${String(on)}`),
  };
  return { ops, calls };
}

const REASONS = [
  { operationName: 'NotReady', displayName: 'Not Ready' },
  { operationName: 'AuxWork', displayName: 'AuxWork' },
];

describe('restoreAgentState', () => {
  it('starts the session on the channels the agent had and puts each back once', async () => {
    const { ops, calls } = recordingOps();
    const restore = await restoreAgentState(READY, REASONS, ops);
    expect(calls).toEqual(['start chat,email', 'ready chat', 'ready email']);
    expect(restore.outcome).toBe('restored');
    expect(sentence(restore)).toBe('Your state was restored: Ready on chat, e-mail.');
  });

  it('stops once the agent chose a state meanwhile: nothing of the earlier one is sent over it', async () => {
    const { ops, calls } = recordingOps();
    let chosen = false;
    const started = ops.startContactCenterSession.bind(ops);
    ops.startContactCenterSession = async (channels) => {
      const answer = await started(channels);
      // The agent chose Not Ready while the start was under way.
      chosen = true;
      return answer;
    };
    const restore = await restoreAgentState({ ...READY, dnd: true }, REASONS, ops, () => chosen);
    expect(calls).toEqual(['start chat,email']);
    expect(restore).toBeUndefined();
  });

  it('restores Not Ready with its reason, a reason code, and Do Not Disturb', async () => {
    const { ops, calls } = recordingOps();
    const before = agent(
      [
        channel('chat', 'NotReady', { displayName: 'AuxWork', workMode: 'AuxWork' }),
        channel('email', 'NotReady', { displayName: 'Not Ready', reason: '42' }),
      ],
      true,
    );
    const restore = await restoreAgentState(before, REASONS, ops);
    expect(calls).toEqual([
      'start chat,email',
      'state chat AuxWork',
      'notReady email 42',
      'dnd true',
    ]);
    expect(sentence(restore)).toBe(
      'Your state was restored: Not ready (AuxWork) on chat · Not ready (42) on e-mail, with Do Not Disturb on.',
    );
  });

  it('skips channels that were logged out and says in one sentence why the server refused', async () => {
    const { ops, calls } = recordingOps({ setChannelState: 'Unknown agent state AuxWork' });
    const before = agent([
      channel('chat', 'NotReady', { displayName: 'AuxWork' }),
      channel('email', 'LoggedOut'),
    ]);
    const restore = await restoreAgentState(before, REASONS, ops);
    expect(calls).toEqual(['start chat', 'state chat AuxWork']);
    expect(restore.outcome).toBe('channelsRefused');
    expect(sentence(restore)).toBe(
      'The server refused to restore Not ready (AuxWork) on chat: unknown agent state AuxWork.',
    );
  });

  it('restores the channels it can when the server refuses one, and says which in one sentence', async () => {
    const { ops, calls } = recordingOps({ setChannelState: 'No such state' });
    const before = agent([
      channel('chat', 'NotReady', { displayName: 'AuxWork' }),
      channel('email', 'Ready'),
    ]);
    const restore = await restoreAgentState(before, REASONS, ops);
    expect(calls).toEqual(['start chat,email', 'state chat AuxWork', 'ready email']);
    expect(restore.outcome).toBe('channelsRefused');
    expect(sentence(restore)).toBe(
      'Ready on e-mail was restored; the server refused to restore Not ready (AuxWork) on chat: no such state.',
    );
  });

  it('never restores a reason the contact center no longer lists as plain Not Ready', async () => {
    const { ops, calls } = recordingOps();
    const before = agent([channel('chat', 'NotReady', { displayName: 'Lunch' })]);
    const restore = await restoreAgentState(before, REASONS, ops);
    expect(calls).toEqual(['start chat']);
    expect(restore.outcome).toBe('channelsRefused');
    expect(sentence(restore)).toBe(
      'The server refused to restore Not ready (Lunch) on chat: the contact center no longer lists Lunch as a Not Ready reason.',
    );
  });

  it('says so when only Do Not Disturb is refused', async () => {
    const { ops, calls } = recordingOps({ doNotDisturb: 'DND is not allowed' });
    const restore = await restoreAgentState({ ...READY, dnd: true }, REASONS, ops);
    expect(calls).toEqual(['start chat,email', 'ready chat', 'ready email', 'dnd true']);
    expect(restore.outcome).toBe('dndRefused');
    expect(sentence(restore)).toBe(
      'The server refused to turn Do Not Disturb on again: DND is not allowed.',
    );
  });

  it('puts a channel’s own Do Not Disturb back on that channel, and says which channel', async () => {
    const { ops, calls } = recordingOps();
    // As the server reports a channel under DND of its own: plain Not Ready, `dnd` on it alone.
    const before = agent([
      channel('chat', 'NotReady', { displayName: 'Not Ready', dnd: true }),
      channel('email', 'Ready'),
    ]);
    expect(before.dnd).toBe(false);
    const restore = await restoreAgentState(before, REASONS, ops);
    expect(calls).toEqual(['start chat,email', 'notReady chat -', 'dnd chat true', 'ready email']);
    expect(sentence(restore)).toBe(
      'Your state was restored: Do not disturb on chat · Ready on e-mail.',
    );

    const refusing = recordingOps({ setChannelDoNotDisturb: 'Not on this channel' });
    const refused = await restoreAgentState(before, REASONS, refusing.ops);
    expect(refused.outcome).toBe('channelsRefused');
    expect(sentence(refused)).toBe(
      'Ready on e-mail was restored; the server refused to restore Do not disturb on chat: not on this channel.',
    );
  });

  it('stops when the server refuses to start the session again', async () => {
    const { ops, calls } = recordingOps({ startContactCenterSession: 'Place is busy.' });
    const restore = await restoreAgentState(READY, REASONS, ops);
    expect(calls).toEqual(['start chat,email']);
    expect(sentence(restore)).toBe(
      'The server refused to start your session again: place is busy.',
    );
  });
});

describe('awayHeadline', () => {
  it('counts what changed and ends with what became of the state', () => {
    const item = { channel: 'chat', state: 'Revoked' } as const;
    expect(
      awayHeadline(
        {
          at: 1,
          agent: READY,
          items: [
            { ...item, id: 'a', change: 'withdrawn' },
            { ...item, id: 'b', change: 'withdrawn' },
            { ...item, id: 'c', change: 'ended', state: 'Ended' },
          ],
          restore: {
            outcome: 'restored',
            channels: [channel('chat', 'Ready')],
            dnd: false,
          },
        },
        ENGLISH,
      ),
    ).toBe(
      '2 invitations withdrawn, 1 interaction ended or moved. Your state was restored: Ready on chat.',
    );
    expect(awayHeadline({ at: 1, agent: READY, items: [] }, ENGLISH)).toBe(
      'Nothing was withdrawn or ended.',
    );
  });
});

describe('the restore and the headline in the desk language', () => {
  it('words them in German and Spanish, the server’s reason kept as it is', () => {
    const german = createTranslator('de');
    const restored: Restore = {
      outcome: 'restored',
      channels: [channel('chat', 'Ready')],
      dnd: true,
    };
    expect(restoreSentence(restored, german.t)).toBe(
      'Ihr Status wurde wiederhergestellt: Bereit für Chat, mit „Nicht stören“ eingeschaltet.',
    );
    expect(
      awayHeadline(
        {
          at: 1,
          agent: READY,
          items: [{ id: 'a', channel: 'chat', state: 'Revoked', change: 'withdrawn' }],
          restore: { outcome: 'dndRefused', reason: 'DND is not allowed' },
        },
        german,
      ),
    ).toBe(
      '1 Einladung zurückgezogen. Der Server hat abgelehnt, „Nicht stören“ wieder einzuschalten: DND is not allowed.',
    );
    expect(restoreSentence({ outcome: 'sessionRefused' }, createTranslator('es').t)).toBe(
      'El servidor se negó a iniciar de nuevo tu sesión: sin indicar el motivo.',
    );
    // The desk's own refusal (a reason no longer listed) is worded too, not the server's.
    expect(
      restoreSentence(
        {
          outcome: 'channelsRefused',
          kept: [],
          refused: [channel('chat', 'NotReady', { displayName: 'Lunch' })],
          unlistedReason: 'Lunch',
        },
        german.t,
      ),
    ).toMatch(/: das Contact Center führt Lunch nicht mehr als Grund für „Nicht bereit“\.$/u);
  });
});
