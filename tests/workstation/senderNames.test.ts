import { describe, expect, it } from 'vitest';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// The notification of an e-mail and the inbox row name its sender by the name the mail gives
// (FromPersonal), the address only a tooltip away. A name that is itself another address is the
// phishing mail's display-name trick: the agent read "support@bank.example" where the mail came
// from mallory@evil.example (found by an attack review). The desk core against the simulator.

const harness = useSimulator();
const desks = useSignedInDesks();

describe("an e-mail whose sender's name is another address", () => {
  it('is announced and listed under its real address', async () => {
    const simulator = await harness.start({ scenario: 'quiet' });
    const { desk, os } = await desks.open(simulator);
    const id = simulator.control.receiveEmail({
      from: 'mallory@evil.example',
      fromPersonal: 'support@bank.example',
      subject: 'Please verify your account',
      text: 'Click here.',
    });
    await expect.poll(() => os.shown.length).toBe(1);
    expect(os.shown[0]?.title).toContain('mallory@evil.example');
    expect(JSON.stringify(os.shown[0])).not.toContain('bank.example');
    const [row] = await desk.handlers.interactions.inbox(undefined);
    expect(row).toMatchObject({ id, from: 'mallory@evil.example' });
    expect(row?.fromName).toBeUndefined();
  });
});
