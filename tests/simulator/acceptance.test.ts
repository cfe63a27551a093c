import { describe, expect, it } from 'vitest';
import { interactionOf } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// The simulator issue's acceptance: agent1 signs in, subscribes, sets chat and e-mail Ready,
// receives an invite within the first 5 s of the demo scenario, accepts it, and gets the
// Accepted notification with content. Both dialects.

const harness = useSimulator();

describe.each(['a', 'b'] as const)('demo scenario, dialect %s', (dialect) => {
  it('invites agent1 within 5 s and answers Accept with the content', async () => {
    const startedAt = Date.now();
    await harness.start({ scenario: 'demo', dialect, seed: 7 });
    const agent = await harness.signedIn('agent1', ['email', 'chat']);

    const invite = await agent.waitFor(
      (message) =>
        message.channel === '/v2/me/interactions' &&
        interactionOf(message.data).state === 'Invited',
      5000 - (Date.now() - startedAt),
      'invite',
    );
    expect(invite.at - startedAt).toBeLessThan(5000);
    const invited = interactionOf(invite.data);
    expect(invited.capabilities).toEqual(['Accept', 'Reject']);
    const id = invited.id as string;

    const answer = await agent.post(`/me/interactions/${id}`, { operationName: 'Accept' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(dialect === 'a' ? { status: 'ok' } : { statusCode: 0 });

    const accepted = interactionOf(
      (
        await agent.waitFor(
          (message) =>
            interactionOf(message.data).id === id &&
            interactionOf(message.data).state === 'Accepted',
          3000,
          'Accepted',
        )
      ).data,
    );
    // B carries the content in `content`, A flat in `email_object` or `chat_notifications`.
    const content = (
      dialect === 'b' ? accepted.content : (accepted.email_object ?? accepted.chat_notifications)
    ) as Record<string, unknown> | undefined;
    expect(content).toBeTruthy();
    expect((accepted.capabilities as string[]).length).toBeGreaterThan(2);
  });
});
