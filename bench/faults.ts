/**
 * Benchmark (h), and the storm of tests/gws/signInRecovery.test.ts: fault storms against one
 * live session. The simulator runs in this process (its control API times a fault to the moment
 * a handshake is denied); the real `GwsSession` (REST + CometD long-polling) feeds the real
 * cache writer and a SQLite file. The agent holds one chat; in every storm the customer writes
 * a line while faults hit back to back — the denied handshake followed by refused connections
 * and failing sign-in requests (issue 11, item 1), a restart, dropped CometD sessions, expired
 * HTTP sessions, refused connections, a 503 and a request never answered — in an order that
 * rotates so that each fault lands in a different phase of the recovery. After each storm it
 * waits for `connected` and for the line in the cache. Figures: permanent sign-outs (the
 * session's status ever `signedOut`), recovery time per storm, lines lost and duplicated in
 * the cache, and how many times one notification is heard afterwards (1: one subscription).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionStatus } from '../common/model';
import { openDatabase } from '../main/cache/database';
import { CacheStore } from '../main/cache/store';
import { createOperations } from '../main/gws/operations';
import { GwsSession } from '../main/gws/session';
import { CacheWriter } from '../main/workstation/cacheWriter';
import { startSimulator, type Simulator } from '../simulator/server';

const QUIET_LOG = { debug: () => undefined, warn: () => undefined };
/** How long one storm may take to recover before it counts as a failure to recover. */
const RECOVERY_LIMIT_MS = 20_000;
/** Each storm's customer line starts with this, then the storm's number. */
const LINE_PREFIX = 'storm line ';

export interface StormFigures {
  readonly storms: number;
  readonly faults: number;
  /** Times the session's status became `signedOut` (none may: every fault is transient). */
  readonly signOuts: number;
  /** Storms after which the session did not come back within {@link RECOVERY_LIMIT_MS}. */
  readonly unrecovered: number;
  /** Per storm: from its first fault to connected with its line in the cache, ms. */
  readonly recoveryMs: readonly number[];
  readonly linesSaid: number;
  readonly linesLost: number;
  readonly linesDuplicated: number;
  /** How many times one notification injected after the storms was heard (1 = correct). */
  readonly heardAfter: number;
  readonly totalMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** The faults of one storm, in their rotated order; each returns once it has been applied. */
function stormFaults(simulator: Simulator, storm: number): (() => Promise<void> | undefined)[] {
  const { control } = simulator;
  const faults: (() => Promise<void> | undefined)[] = [
    () => {
      control.afterNextDeniedHandshake(() => {
        control.failNextRequests(['unavailable', 'reset']);
        void control.refuseConnections(150 + (storm % 4) * 100);
      });
      control.expireHttpSessions();
      control.dropCometdSessions();
      return undefined;
    },
    () => control.restart(50 + (storm % 3) * 50),
    () => {
      control.dropCometdSessions();
      return undefined;
    },
    () => {
      control.expireHttpSessions();
      return undefined;
    },
    () => control.refuseConnections(100 + (storm % 5) * 60),
    () => {
      control.failNextRequests(['silent', 'unavailable']);
      return undefined;
    },
  ];
  const turn = storm % faults.length;
  return [...faults.slice(turn), ...faults.slice(0, turn)];
}

/** Runs `storms` fault storms against one signed-in session and reports what came through. */
export async function runFaultStorms(storms: number): Promise<StormFigures> {
  const startedAll = Date.now();
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', connectTimeoutMs: 1000 });
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-faults-'));
  const db = openDatabase(join(folder, 'cache.db'));
  const store = new CacheStore(db);
  const account = { serverUrl: simulator.url, userName: 'agent1' };
  // Short timeouts and back-off: the storms are about recovering, not waiting.
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    mediaChannels: ['chat'],
    maxBackoffMs: 300,
    requestTimeoutMs: 500,
    log: QUIET_LOG,
  });
  const writer = new CacheWriter({
    store,
    account,
    attachmentsDir: join(folder, 'attachments'),
    log: QUIET_LOG,
  });
  const detach = writer.attach(session);
  const statuses: ConnectionStatus[] = [];
  session.onStatus((status) => statuses.push(status));
  try {
    const operations = createOperations(session.requester);
    const signedIn = await session.signIn();
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    if (!(await operations.setChannelReady('chat')).ok) throw new Error('Ready failed');
    const chatId = simulator.control.startChat({ customerNickName: 'Storm', subject: 'Storms' });
    if (!(await until(() => session.interactions.has(chatId), 10_000)))
      throw new Error('the chat was not offered');
    const accepted = await operations.accept(chatId);
    if (!accepted.ok) throw new Error(`accept failed: ${accepted.error.message}`);
    const accountId = store.accounts().find((row) => row.userName === 'agent1')?.id;
    if (accountId === undefined) throw new Error('no account in the cache');
    const storedLines = (): string[] =>
      (store.interaction(accountId, chatId)?.transcript ?? [])
        .map((line) => line.text ?? '')
        .filter((text) => text.startsWith(LINE_PREFIX));

    let faults = 0;
    let unrecovered = 0;
    const recoveryMs: number[] = [];
    for (let storm = 1; storm <= storms; storm += 1) {
      const stormStart = Date.now();
      const rotated = stormFaults(simulator, storm);
      for (const [index, fault] of rotated.entries()) {
        await fault();
        faults += 1;
        // Said in the middle of the storm: it reaches the client live or through a resync.
        if (index === 2) simulator.control.customerSays(chatId, `${LINE_PREFIX}${storm}`);
        await sleep(30 + (storm % 4) * 40);
      }
      const isBack = () =>
        session.status.state === 'connected' && storedLines().includes(`${LINE_PREFIX}${storm}`);
      // A session signed out stays so: the storms left are counted as not recovered.
      await until(() => isBack() || session.status.state === 'signedOut', RECOVERY_LIMIT_MS);
      if (isBack()) recoveryMs.push(Date.now() - stormStart);
      else if (session.status.state === 'signedOut') {
        unrecovered += storms - storm + 1;
        break;
      } else unrecovered += 1;
    }

    // One subscription per channel after it all: one notification is heard once.
    await sleep(300);
    let heardAfter = 0;
    const stopHearing = session.onEvent((event) => {
      if (
        event.type === 'channelStateChanged' &&
        event.channels.some((channel) => channel.displayName === 'after the storms')
      )
        heardAfter += 1;
    });
    await until(
      () =>
        simulator.control.injectNotification('agent1', '/v2/me/channels', {
          channels: [
            { channel: 'chat', userState: { state: 'Ready', displayName: 'after the storms' } },
          ],
        }) > 0,
      5000,
    );
    await until(() => heardAfter > 0, 5000);
    await sleep(300);
    stopHearing();

    const lines = storedLines();
    const distinct = new Set(lines);
    return {
      storms,
      faults,
      signOuts: statuses.filter((status) => status.state === 'signedOut').length,
      unrecovered,
      recoveryMs,
      linesSaid: storms,
      linesLost: storms - distinct.size,
      linesDuplicated: lines.length - distinct.size,
      heardAfter,
      totalMs: Date.now() - startedAll,
    };
  } finally {
    await session.signOut();
    detach();
    await writer.close();
    db.close();
    await simulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
