import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../common/model';
import type { Desk } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// The agent's state as the desk shows it against the server's, when the server's answers and
// its notifications cross: the desk core against the real simulator, a real cache and real
// HTTP/CometD.

const harness = useSimulator();
const desks = useSignedInDesks();

/** agent1 signed in on a desk of its own, not set Ready (each test sets the states it needs). */
async function signedInDesk(simulator: Simulator): Promise<Desk> {
  return (await desks.open(simulator, { ready: false })).desk;
}

/** What a desk pushed to its page, in order. */
type Pushes = { channel: string; payload: unknown }[];

/** {@link signedInDesk}, with what it pushes to its page kept. */
async function deskTellingItsPage(simulator: Simulator): Promise<{ desk: Desk; pushed: Pushes }> {
  const pushed: Pushes = [];
  const { desk } = await desks.open(simulator, {
    ready: false,
    send: (channel, payload) => pushed.push({ channel, payload }),
  });
  return { desk, pushed };
}

/** The agent's channels as the simulator's world holds them. */
function serverStates(simulator: Simulator): string[] {
  return [...simulator.world.agent('agent1').channels.values()].map((channel) => channel.state);
}

async function deskStates(desk: Desk): Promise<string[]> {
  return (await desk.handlers.agent.getState()).channels.map((channel) => channel.state);
}

describe('the agent state shown against the server’s', () => {
  it('keeps a state change the server notified while the resync after a gap read an older one', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');
    expect(serverStates(simulator)).toEqual(['Ready', 'Ready']);

    // The resync after the gap reads the channels (GET /me?subresources=*, the first REST
    // request after it); the server answers it late (a busy server), and between its reading
    // and its answer a supervisor sets the agent Not Ready, which the server notifies at once.
    const { world } = simulator;
    const agentOf = world.agent.bind(world);
    const listInteractions = world.interactionsOf.bind(world);
    let stage: 'armed' | 'read' | 'listed' = 'armed';
    world.agent = (userName) => {
      if (stage === 'armed') {
        stage = 'read';
        setTimeout(() => {
          const notReady = world.agentStateByOperation('NotReady');
          if (notReady !== undefined) world.setChannelState('agent1', ['email', 'chat'], notReady);
        }, 100);
      }
      return agentOf(userName);
    };
    // The resync goes on to read the interactions once it has passed the channels on.
    world.interactionsOf = (userName) => {
      if (stage === 'read') stage = 'listed';
      return listInteractions(userName);
    };
    simulator.control.failNextRequests(['answerLate']);
    simulator.control.dropCometdSessions();

    await expect.poll(() => stage, { timeout: 15_000 }).toBe('listed');
    expect(serverStates(simulator)).toEqual(['NotReady', 'NotReady']);
    // What the desk shows once the resync is through: the server's state, Not Ready.
    await expect.poll(() => desk.trayState.icon).toBe('notReady');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deskStates(desk)).toEqual(['NotReady', 'NotReady']);
    expect(desk.trayState.icon).toBe('notReady');
  });
});

describe('signing out', () => {
  it('leaves the agent logged out at the server when its first EndContactCenterSession fails', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');

    // A busy server (or its load balancer) answers the sign-out's EndContactCenterSession 503.
    simulator.control.failNextRequests(['unavailable']);
    await desk.handlers.session.signOut();

    expect(desk.trayState.icon).toBe('signedOut');
    // The desk is signed out: the server must not go on routing work to a Ready agent.
    expect(serverStates(simulator)).toEqual(['Logout', 'Logout']);
  });

  it('leaves the agent logged out at the server when the HTTP session lapsed before the sign-out', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');

    // Idle past the server's HTTP session time-out: EndContactCenterSession is answered 401.
    simulator.control.expireHttpSessions();
    await desk.handlers.session.signOut();

    expect(desk.trayState.icon).toBe('signedOut');
    expect(serverStates(simulator)).toEqual(['Logout', 'Logout']);
  });
});

describe('a reason for every channel', () => {
  it('sets a Not Ready reason on the channels logged in when another was logged out elsewhere', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');
    // A supervisor logs the agent out of chat (the server tells the desk so).
    const agent = simulator.world.agent('agent1');
    agent.channels.set('chat', {
      state: 'Logout',
      operationName: 'Offline',
      displayName: 'Offline',
      id: 'offline',
    });
    simulator.control.injectNotification('agent1', '/v2/me/channels', {
      messageType: 'ChannelStateChanged',
      channels: [{ channel: 'chat', dndState: 'Off', userState: { state: 'Logout' } }],
    });
    await expect.poll(async () => deskStates(desk)).toEqual(['Ready', 'Logout']);

    // The agent goes on a break: e-mail takes it; chat, logged out, is not asked.
    await desk.handlers.agent.setNotReady({ reason: 'AuxWork' });
    expect(serverStates(simulator)).toEqual(['NotReady', 'Logout']);
  });
});

describe('a channel taken from the agent mid-shift', () => {
  it('is no longer shown once the server is read again, and a reason for every channel goes to the rest', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');

    // The administrator takes chat from agent1, and the server restarts to take the change.
    simulator.control.setUserChannels('agent1', ['email']);
    await simulator.control.restart(300);

    const channelNames = async () =>
      (await desk.handlers.agent.getState()).channels.map((channel) => channel.channel);
    await expect.poll(channelNames, { timeout: 15_000 }).toEqual(['email']);
    // The agent goes on a break: the one channel they have takes it, and nothing is refused.
    await desk.handlers.agent.setNotReady({ reason: 'AuxWork' });
    expect(serverStates(simulator)).toEqual(['NotReady']);
    expect(await channelNames()).toEqual(['email']);
  });
});

describe('the agent renamed mid-shift', () => {
  it('is named as the server now names them once the desk reads /me again', async () => {
    const simulator = await harness.start();
    const { desk, pushed } = await deskTellingItsPage(simulator);
    const nameOf = (state: SessionState) =>
      `${state.agent?.firstName ?? ''} ${state.agent?.lastName ?? ''}`;
    const named = async () => nameOf(await desk.handlers.session.getState());
    const before = await named();

    // The administrator corrects the agent's name; the server restarts (or the desk wakes).
    simulator.control.renameUser('agent1', { firstName: 'Alexandra', lastName: 'Nowak' });
    expect(before).not.toBe('Alexandra Nowak');
    await simulator.control.restart(300);

    await expect.poll(named, { timeout: 15_000 }).toBe('Alexandra Nowak');
    // The page's menu hears it as it hears any change of the session.
    const told = pushed.filter((push) => push.channel === 'switchboard:session:connectionChanged');
    expect(nameOf(told.at(-1)?.payload as SessionState)).toBe('Alexandra Nowak');
  });
});

describe('Not Ready reasons changed by the administrator mid-shift', () => {
  const LUNCH = {
    displayName: 'Lunch',
    id: 'lunch',
    operationName: 'Lunch',
    state: 'NotReady',
  } as const;
  const TRAINING = {
    displayName: 'Training',
    id: 'training',
    operationName: 'Training',
    state: 'NotReady',
  } as const;

  /** What the desk pushed of the reasons to its page, last first. */
  function reasonPushes(pushed: Pushes): unknown[] {
    return pushed
      .filter((push) => push.channel === 'switchboard:agent:notReadyReasonsChanged')
      .map((push) => push.payload)
      .reverse();
  }

  it('says a removed reason is gone, in the desk’s words, and offers the list as it is now', async () => {
    const simulator = await harness.start();
    simulator.world.agentStates.push(LUNCH);
    const { desk, pushed } = await deskTellingItsPage(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');
    expect((await desk.handlers.agent.getNotReadyReasons()).map((r) => r.displayName)).toContain(
      'Lunch',
    );

    // The administrator deletes Lunch and adds Training while the agent works.
    const { agentStates } = simulator.world;
    agentStates.splice(
      agentStates.findIndex((state) => state.operationName === 'Lunch'),
      1,
      TRAINING,
    );
    // The agent picks Lunch from the menu still showing it.
    await expect(desk.handlers.agent.setNotReady({ reason: 'Lunch' })).rejects.toMatchObject({
      code: 'notReadyReasonUnknown',
      params: { reason: 'Lunch' },
    });
    // Nothing changed at the server, and the menus now offer what the contact center lists.
    expect(serverStates(simulator)).toEqual(['Ready', 'Ready']);
    const now = (await desk.handlers.agent.getNotReadyReasons()).map((r) => r.operationName);
    expect(now).toContain('Training');
    expect(now).not.toContain('Lunch');
    expect(reasonPushes(pushed)[0]).toEqual(await desk.handlers.agent.getNotReadyReasons());
    // Training, the new one, is taken.
    await desk.handlers.agent.setNotReady({ reason: 'Training' });
    expect(serverStates(simulator)).toEqual(['NotReady', 'NotReady']);
  });

  it('reads the reasons again when the server reports the agent in one renamed since', async () => {
    const simulator = await harness.start();
    simulator.world.agentStates.push(LUNCH);
    const { desk } = await desks.open(simulator, { ready: false });
    const names = async () =>
      (await desk.handlers.agent.getNotReadyReasons()).map((reason) => reason.displayName);
    expect(await names()).toContain('Lunch');

    // The administrator renames Lunch; the agent, the menu still saying "Lunch", chooses it.
    const lunch = simulator.world.agentStateByOperation('Lunch');
    if (lunch !== undefined) lunch.displayName = 'Lunch break';
    await desk.handlers.agent.setNotReady({ reason: 'Lunch' });

    // The channels now say "Lunch break": the menus name it so too, and check it.
    await expect.poll(names).toContain('Lunch break');
    expect(await names()).not.toContain('Lunch');
  });

  it('reads the reasons again when the server comes back from a restart', async () => {
    const simulator = await harness.start();
    const { desk, pushed } = await deskTellingItsPage(simulator);
    await desk.handlers.agent.setReady(undefined);
    await expect.poll(() => desk.trayState.icon).toBe('ready');
    expect(
      (await desk.handlers.agent.getNotReadyReasons()).map((r) => r.operationName),
    ).not.toContain('Training');

    // The administrator adds a reason, and the server restarts (an upgrade) to take it.
    simulator.world.agentStates.push(TRAINING);
    await simulator.control.restart(300);

    await expect
      .poll(
        async () => (await desk.handlers.agent.getNotReadyReasons()).map((r) => r.operationName),
        { timeout: 15_000 },
      )
      .toContain('Training');
    expect(reasonPushes(pushed)[0]).toEqual(await desk.handlers.agent.getNotReadyReasons());
  });
});
