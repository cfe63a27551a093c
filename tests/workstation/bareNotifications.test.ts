import { describe, expect, it } from 'vitest';
import { interactionMessage } from '../../simulator/dialect';
import { loadFixture, useSimulator } from '../support/simulatorHarness';
import { useSignedInDesks } from '../support/signedInDesks';

// 003's conference notifications are bare: StartConference's "Cometd Response Message" and
// EndConference's "Cometd Notification Messages" carry only `messageTypeName`, `id` and `state`
// ("The full response will vary depending on the media type"). What such a message leaves out
// (the channel, the capabilities) is not said, and must not wipe out what the desk knows: the
// desk core against the real simulator, cache and GWS client.

const harness = useSimulator();
const { open } = useSignedInDesks();

/** 003-interaction-start-conference.json's two CometD samples, for interaction `id`. */
function bare(key: 'cometd' | 'cometdNotification', id: string): Record<string, unknown> {
  const sample = loadFixture('003-interaction-start-conference.json')[key] as Record<
    string,
    unknown
  >;
  return { ...sample, id };
}

describe("a chat line in 000's form (PropertiesChanged, content.events, no capabilities)", () => {
  it('keeps the operations the server offered the chat', async () => {
    const simulator = await harness.start({ scenario: 'quiet', dialect: 'b' });
    const { desk } = await open(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.state)
      .toBe('Invited');
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.capabilities)
      .toContain('StopProcessing');
    const offered = (await desk.handlers.interactions.get(id))?.capabilities;
    const chat = simulator.world.interactions.get(id);
    if (chat === undefined) throw new Error('no chat on the server');

    // 000's "Chat Notifications" sample lists no capabilities: a customer's line, as it shows it.
    const message = interactionMessage('b', chat, 'PropertiesChanged');
    const fields = message.interaction as Record<string, unknown>;
    delete fields.capabilities;
    const content = fields.content as { events: Record<string, unknown>[] };
    const customer = content.events.find((event) => event.userType === 'Client');
    content.events.push({
      id: content.events.length + 1,
      messageType: 'MESSAGE',
      userId: customer?.userId,
      visibility: 'All',
      text: 'Is it on its way?',
      timestamp: Date.now(),
    });
    simulator.control.injectNotification('agent1', '/v2/me/interactions', message);
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.lastLine?.text)
      .toBe('Is it on its way?');
    expect((await desk.handlers.interactions.get(id))?.capabilities).toEqual(offered);
  });
});

describe('a bare conference notification (003: messageTypeName, id and state only)', () => {
  it('LeftConference keeps the chat a chat, with the operations the server offered', async () => {
    const simulator = await harness.start({ scenario: 'quiet' });
    const { desk } = await open(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.state)
      .toBe('Invited');
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.capabilities)
      .toContain('StopProcessing');
    const offered = (await desk.handlers.interactions.get(id))?.capabilities;

    // A colleague left the conference: the remaining agent is told so, and nothing more.
    simulator.control.injectNotification(
      'agent1',
      '/v2/me/interactions',
      bare('cometdNotification', id),
    );
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.state)
      .toBe('LeftConference');
    const after = await desk.handlers.interactions.get(id);
    expect(after?.channel).toBe('chat');
    expect(after?.capabilities).toEqual(offered);
    expect(after?.phase).toBe('working');
  });
});
