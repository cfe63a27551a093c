import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { TestAgent } from './gwsAgent';

/**
 * A sample of the GWS documents from tests/fixtures/gws/ (see its README.md), parsed. Typed as
 * an object because most are; the few Bayeux message arrays are checked by their callers.
 */
export function loadFixture(name: string): Record<string, unknown> {
  const text = readFileSync(new URL(`../fixtures/gws/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** What {@link useSimulator} hands a test file. */
export interface SimulatorHarness {
  /**
   * Starts a simulator on a free port with the `quiet` scenario (the tests make their own
   * traffic) unless `options` say otherwise; it is closed after the test.
   */
  start(options?: Partial<SimulatorOptions>): Promise<Simulator>;
  /** A TestAgent on the simulator started last, not yet signed in; closed after the test. */
  agent(userName?: string, password?: string): TestAgent;
  /** {@link agent}, then the full sign-in with Ready on `ready` (TestAgent.signIn's default). */
  signedIn(userName?: string, ready?: readonly string[]): Promise<TestAgent>;
  /** The simulator started last in this test; throws when none is running. */
  readonly simulator: Simulator;
}

/**
 * Registers an `afterEach` that closes every agent and simulator the returned harness created
 * during the test, so that no test leaks ports, timers or CometD long-polls into the next one.
 * Call it once at module level (or in a `describe`).
 */
export function useSimulator(): SimulatorHarness {
  const simulators: Simulator[] = [];
  const agents: TestAgent[] = [];

  afterEach(async () => {
    // Agents first: their CometD disconnects need the server still listening to answer at once.
    const closingAgents = agents.splice(0);
    await Promise.all(closingAgents.map((agent) => agent.close()));
    const closingSimulators = simulators.splice(0);
    await Promise.all(closingSimulators.map((simulator) => simulator.close()));
  });

  const current = (): Simulator => {
    const running = simulators.at(-1);
    if (!running) throw new Error('the simulator is not running');
    return running;
  };

  const agent = (userName = 'agent1', password = 'demo'): TestAgent => {
    const created = new TestAgent(current().apiUrl, userName, password);
    agents.push(created);
    return created;
  };

  return {
    async start(options = {}) {
      const running = await startSimulator({ port: 0, scenario: 'quiet', ...options });
      simulators.push(running);
      return running;
    },
    agent,
    async signedIn(userName = 'agent1', ready?: readonly string[]) {
      const created = agent(userName);
      await created.signIn(ready);
      return created;
    },
    get simulator() {
      return current();
    },
  };
}
