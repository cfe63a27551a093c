import { describe, expect, it } from 'vitest';
import { MAX_USER_DATA_DEPTH, type ChangeSet } from '../../common/model';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// userData is the server's (and, through a chat widget, partly the customer's). A value nested
// a few thousand levels deep is still valid JSON, and the desk stored it as it came; but Electron
// sends to the renderer with V8's structured clone, whose recursion gives out at around 1,600
// levels: the change set carrying it failed to send and was dropped whole, with the invitation
// that came in the same commit, and the inbox listing failed as long as the interaction lasted
// (found by an attack review). structuredClone is that same serializer.

const harness = useSimulator();
const desks = useSignedInDesks();

function nested(levels: number): unknown {
  let value: unknown = 'the bottom';
  for (let level = 0; level < levels; level += 1) value = { Sublist: value };
  return value;
}

function invitation(id: string, userData: Record<string, unknown>): Record<string, unknown> {
  return {
    messageType: 'InteractionStateMessage',
    id,
    channel: 'email',
    state: 'Invited',
    interactionType: 'Inbound',
    interactionSubType: 'InboundNew',
    capabilities: ['Accept', 'Reject'],
    userData: { Subject: id, ...userData },
  };
}

describe('user data nested deeper than the renderer can receive', () => {
  it('is left out, and the invitations of its commit and the inbox still reach the renderer', async () => {
    const simulator = await harness.start({ scenario: 'quiet' });
    const changeSets: unknown[] = [];
    const { desk } = await desks.open(simulator, {
      send: (channel, payload) => {
        if (channel === 'switchboard:desk:changed') changeSets.push(payload);
      },
    });
    const inject = (data: unknown) =>
      simulator.control.injectNotification('agent1', '/v2/me/interactions', data);
    // Back to back, so that the two land in one commit of the cache.
    inject(
      invitation('deep-case-data', {
        Shallow: nested(MAX_USER_DATA_DEPTH),
        Hostile: nested(2_500),
      }),
    );
    inject(invitation('an-honest-invitation', {}));
    await expect
      .poll(async () => (await desk.handlers.interactions.get('an-honest-invitation'))?.state)
      .toBe('Invited');

    const sent = changeSets.map((payload) => structuredClone(payload) as ChangeSet);
    const announced = sent.flatMap((changes) => changes.interactions.map((row) => row.id));
    expect(announced).toEqual(expect.arrayContaining(['deep-case-data', 'an-honest-invitation']));
    const inbox = structuredClone(await desk.handlers.interactions.inbox(undefined));
    expect(inbox.map((row) => row.id).sort()).toEqual(['an-honest-invitation', 'deep-case-data']);
    const deep = structuredClone(await desk.handlers.interactions.get('deep-case-data'));
    expect(Object.keys(deep?.userData ?? {})).toEqual(['Subject', 'Shallow']);
    expect(deep?.userData.Shallow).toEqual(nested(MAX_USER_DATA_DEPTH));
  });
});
