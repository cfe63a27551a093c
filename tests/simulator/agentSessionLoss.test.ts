import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/server';
import { interactionOf } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// A GWS server can lose an agent's contact-center session: a restart of the node that held it,
// or the server's session timeout. The agent is then logged out of every channel and its
// invitations are withdrawn, and a client must start a session again (issue 14 item 3).

const harness = useSimulator();

/** The agent's channels as the simulator's world holds them: channel → state word. */
function channelStates(running: Simulator, userName = 'agent1'): Record<string, string> {
  const agent = running.world.agent(userName);
  return Object.fromEntries([...agent.channels].map(([channel, state]) => [channel, state.state]));
}

async function invitedEmail(running: Simulator): Promise<string> {
  const id = running.control.receiveEmail({
    from: 'ann@example.com',
    subject: 'Refund',
    text: 'Please',
    html: null,
  });
  const deadline = Date.now() + 3000;
  while (running.world.interactions.get(id)?.invitee !== 'agent1') {
    if (Date.now() > deadline) throw new Error('the e-mail was never offered to agent1');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return id;
}

describe('losing contact-center sessions', () => {
  it('keeps the agent logged in across a plain restart (only HTTP and CometD sessions go)', async () => {
    const running = await harness.start({ reofferDelayMs: 60_000 });
    const agent = harness.agent();
    await agent.signIn();
    await running.control.restart(200);
    expect(running.world.agent('agent1').sessionStarted).toBe(true);
    expect(channelStates(running)).toEqual({ email: 'Ready', chat: 'Ready' });
  });

  it('logs every agent out and withdraws its invitations on a restart that forgets agents', async () => {
    const running = await harness.start({ reofferDelayMs: 60_000, inviteTimeoutSeconds: 60 });
    const agent = harness.agent();
    await agent.signIn();
    const id = await invitedEmail(running);

    await running.control.restart(200, { forgetAgents: true });

    expect(running.world.agent('agent1').sessionStarted).toBe(false);
    expect(channelStates(running)).toEqual({ email: 'Logout', chat: 'Logout' });
    expect(running.world.interactions.get(id)).toMatchObject({ state: 'Queued', invitee: null });
    // Nobody heard the withdrawal: the node that would have said so was gone.
    expect(
      agent.received.some(
        (message) =>
          interactionOf(message.data).id === id && interactionOf(message.data).state === 'Revoked',
      ),
    ).toBe(false);
  });

  it('forgets agents on a restart asked for over HTTP with forgetAgents', async () => {
    const running = await harness.start({ control: true });
    const agent = harness.agent();
    await agent.signIn();
    const response = await fetch(`${running.url}/simulator/restart`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ downMs: 200, forgetAgents: true }),
    });
    expect(response.status).toBe(200);
    const deadline = Date.now() + 3000;
    while (running.world.agent('agent1').sessionStarted) {
      if (Date.now() > deadline) throw new Error('the restart kept the contact-center session');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(channelStates(running)).toEqual({ email: 'Logout', chat: 'Logout' });
  });

  it('ends the contact-center sessions on a session timeout asked for over HTTP', async () => {
    const running = await harness.start({ control: true });
    const agent = harness.agent();
    await agent.signIn();
    const response = await fetch(`${running.url}/simulator/agents/expire`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ statusCode: 0, ended: 1 });
    expect(channelStates(running)).toEqual({ email: 'Logout', chat: 'Logout' });
  });

  it('ends every session at once on a session timeout', async () => {
    const running = await harness.start({ reofferDelayMs: 60_000, inviteTimeoutSeconds: 60 });
    const agent = harness.agent();
    await agent.signIn();
    const id = await invitedEmail(running);

    expect(running.control.expireAgentSessions()).toBe(1);

    expect(channelStates(running)).toEqual({ email: 'Logout', chat: 'Logout' });
    expect(running.world.interactions.get(id)).toMatchObject({ state: 'Queued', invitee: null });
    // The agent's HTTP session is gone too: its channels are refused until it starts again.
    const refused = await agent.post('/me/channels/chat', { operationName: 'Ready' });
    expect(refused.status).not.toBe(200);
    expect(channelStates(running).chat).toBe('Logout');
  });
});
