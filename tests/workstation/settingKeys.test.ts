import { describe, expect, it } from 'vitest';
import { contract } from '../../common/contract';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// The disposition key is typed by a person (Settings → Routing and case data) and kept per
// account: one named like an Object.prototype member (`constructor`, `toString`…) broke the
// inbox, History, search and every change set, lost the invitations that arrived meanwhile, and
// stayed broken after a restart (found by an attack review). Through the contract, against the
// real desk, cache and simulator.

const harness = useSimulator();
const desks = useSignedInDesks();
const QUIET = { error: () => undefined, warn: () => undefined };

describe('a disposition key named like a member of every object', () => {
  it('leaves the inbox listing, and stores what arrives meanwhile', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const call = createDispatcher(contract, desk.handlers, QUIET);
    simulator.control.receiveEmail({ from: 'ann@example.com', subject: 'Order 7', text: 'Hi' });
    await expect
      .poll(async () => (await desk.handlers.interactions.inbox(undefined)).length)
      .toBe(1);

    for (const key of ['constructor', 'toString', '__proto__']) {
      const updated = await call.get('switchboard:settings:update')?.([{ dispositionKey: key }]);
      expect({ key, ok: updated?.ok }).toEqual({ key, ok: true });
      const inbox = await call.get('switchboard:interactions:inbox')?.([undefined]);
      expect({ key, inbox }).toMatchObject({
        key,
        inbox: { ok: true, value: [{ subject: 'Order 7' }] },
      });
    }
    simulator.control.receiveEmail({ from: 'bo@example.com', subject: 'Lost?', text: 'Hi' });
    await expect
      .poll(async () => (await desk.handlers.interactions.inbox(undefined)).length)
      .toBe(2);
    const history = await call.get('switchboard:interactions:history')?.([{}]);
    expect(history?.ok).toBe(true);
  });
});
