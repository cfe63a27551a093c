import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ATTACHMENTS_FOLDER } from '../cache/paths';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HTML_TEXT_VERSION } from '../../common/htmlText';
import { DEMO_ACCOUNT_URL } from '../../common/model';
import { openDatabase } from '../cache/database';
import { SearchClient } from '../cache/searchClient';
import { CacheStore } from '../cache/store';
import { TEST_VERIFIER_COST, workingVault } from '../../tests/support/deskPorts';
import { newsletterHtml } from '../../tests/support/newsletter';
import { cacheMailWithOldWords } from '../../tests/support/oldHtmlMail';
import { useSimulator } from '../../tests/support/simulatorHarness';
import type { Simulator } from '../../simulator/server';
import { AccountMemory } from './accountMemory';
import type { Commit } from './cacheWriter';
import { DeskSession, type DeskSessionHooks } from './deskSession';
import type { CredentialVault } from './shellPorts';

// The session service against the real simulator and a real cache file: what it tells the
// composition (hooks), in which order, and what it remembers.

const harness = useSimulator();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const REFUSAL_DELAY_MS = 300;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * A search worker on the cache that answers each e-mail's text after `delayMs` (its words are
 * not what these tests read) and each search with no hits.
 */
function slowTextWorker(dataDir: string, dbPath: string, delayMs: number): Promise<SearchClient> {
  const workerPath = join(dataDir, 'slowTextWorker.mjs');
  writeFileSync(
    workerPath,
    [
      "import { parentPort } from 'node:worker_threads';",
      'parentPort.on("message", ({ id, html }) => {',
      '  if (html === undefined) parentPort.postMessage({ id, hits: [] });',
      `  else setTimeout(() => parentPort.postMessage({ id, text: "made" }), ${String(delayMs)});`,
      '});',
      'parentPort.postMessage({ ready: true });',
    ].join('\n'),
  );
  return SearchClient.start(dbPath, { workerUrl: pathToFileURL(workerPath) });
}

function deskSessionOn(
  simulator: Simulator,
  options: {
    /** The search worker answers an e-mail's text this late (none runs by default). */
    readonly textOfHtmlDelayMs?: number;
    readonly sessionOpened?: DeskSessionHooks['sessionOpened'];
    /** Told each info line the desk logs. */
    readonly info?: (line: string) => void;
    /** Told each commit of the account's cache writer, as the desk is. */
    readonly commit?: (commit: Commit) => void;
    /** The OS's vault (a working one by default). */
    readonly vault?: CredentialVault;
  } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-session-'));
  const dbPath = join(dataDir, 'cache.sqlite');
  const store = new CacheStore(openDatabase(dbPath));
  // The cheap verifier the desk's tests make (TEST_VERIFIER_COST): at the shipped cost each
  // sign-in and each offline review is ~0.2 s of one core's scrypt, and the offline review test's
  // eight took 8 s at a load of 15 (past its 20 s under more), 1.1 s with this one.
  const memory = new AccountMemory(
    store,
    options.vault ?? workingVault(),
    quiet,
    TEST_VERIFIER_COST,
  );
  const heard: string[] = [];
  const searchWorker =
    options.textOfHtmlDelayMs === undefined
      ? Promise.resolve(undefined)
      : slowTextWorker(dataDir, dbPath, options.textOfHtmlDelayMs);
  const session = new DeskSession({
    attachmentsDir: join(dataDir, ATTACHMENTS_FOLDER),
    store,
    memory,
    searchWorker,
    startDemo: () =>
      Promise.resolve({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        close: () => Promise.resolve(),
      }),
    session: { requestTimeoutMs: 2_000, maxBackoffMs: 200 },
    offlineRefusalDelayMs: REFUSAL_DELAY_MS,
    log: { ...quiet, info: options.info ?? quiet.info },
    hooks: {
      writerOpened: (writer) => {
        heard.push('writerOpened');
        return options.commit === undefined ? [] : [writer.onCommit(options.commit)];
      },
      sessionOpened: (opened, writer) => {
        heard.push('sessionOpened');
        return options.sessionOpened?.(opened, writer) ?? [];
      },
      signedIn: () => heard.push('signedIn'),
      status: (status) => heard.push(`status:${status.state}`),
      dropped: () => heard.push('dropped'),
      reviewEnded: () => heard.push('reviewEnded'),
      changed: () => heard.push('changed'),
    },
  });
  cleanups.push(async () => {
    await session.close();
    await (await searchWorker)?.close();
    store.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { session, memory, heard, store };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo account's cache holds two ended chats, one ended `recentDaysAgo` before `trueNow`,
 * one `expiredDaysAgo` before (the retention period is the default, 90 days); a desk on it
 * whose info lines are kept.
 */
function deskWithEndedChats(
  simulator: Simulator,
  trueNow: number,
  days: { recentDaysAgo: number; expiredDaysAgo: number },
) {
  const lines: string[] = [];
  /** The interactions the commits told the desk the purge deleted. */
  const purged: string[] = [];
  const desk = deskSessionOn(simulator, {
    info: (line) => lines.push(line),
    commit: (commit) => purged.push(...(commit.changes.purged ?? [])),
  });
  const agent = desk.store.accountId({ serverUrl: DEMO_ACCOUNT_URL, userName: 'agent1' });
  const ended = (id: string, daysAgo: number) => {
    const at = trueNow - daysAgo * DAY_MS;
    desk.store.upsertInteraction(
      agent,
      { id, channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
      at,
    );
    desk.store.markEnded(agent, id, 'Completed', at);
  };
  ended('recent', days.recentDaysAgo);
  ended('expired', days.expiredDaysAgo);
  const kept = () =>
    ['recent', 'expired'].filter((id) => desk.store.interactionRecord(agent, id) !== undefined);
  return { ...desk, lines, kept, purged };
}

describe('DeskSession: the retention purge and a wrong clock', () => {
  const YEAR_MS = 365 * DAY_MS;
  const postponed = (days: number) =>
    `purge postponed: the PC's clock is ${String(days)} days past the last time the cache knows to be real (the server's time last seen, else its newest activity); it runs once the server's clock is known`;

  /** Starts the desk: nothing purged, and the line that says why; then signs in. */
  async function startOfflineThenSignIn(
    simulator: Simulator,
    desk: ReturnType<typeof deskWithEndedChats>,
    postponedDays: number,
  ): Promise<void> {
    await desk.session.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(desk.kept()).toEqual(['recent', 'expired']);
    expect(desk.lines).toContain(postponed(postponedDays));
    await desk.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
  }

  it('waits at start when the PC clock is a year ahead, then purges on the server clock once signed in', async () => {
    // The PC's clock (this machine's, the demo server's) is a year ahead of the server's, which is right.
    const trueNow = () => Date.now() - YEAR_MS;
    const simulator = await harness.start({ now: trueNow });
    const desk = deskWithEndedChats(await harness.start(), trueNow(), {
      recentDaysAgo: 10,
      expiredDaysAgo: 100,
    });
    await startOfflineThenSignIn(simulator, desk, 375);
    await vi.waitFor(() => {
      expect(desk.lines).toContain('purged 1 interactions past the retention period');
    });
    expect(desk.kept()).toEqual(['recent']);
    // The demo account's row: the page of the account signed in to never showed it.
    expect(desk.purged).toEqual([]);
  });

  it('purges at start, with no sign-in, when the PC clock is within the retention period of the cache', async () => {
    const simulator = await harness.start();
    const desk = deskWithEndedChats(simulator, Date.now(), {
      recentDaysAgo: 10,
      expiredDaysAgo: 100,
    });
    await desk.session.start();
    await vi.waitFor(() => {
      expect(desk.kept()).toEqual(['recent']);
    });
    expect(desk.session.signedIn).toBe(false);
    expect(desk.lines.filter((line) => line.startsWith('purge postponed'))).toEqual([]);
    // The page, showing the cache's history meanwhile, is told the row is gone.
    expect(desk.purged).toEqual(['expired']);
  });

  it('after a long leave purges nothing offline, and everything past retention at the sign-in', async () => {
    // The PC's clock is right and the server agrees: the agent was away 120 days.
    const simulator = await harness.start();
    const desk = deskWithEndedChats(await harness.start(), Date.now(), {
      recentDaysAgo: 120,
      expiredDaysAgo: 200,
    });
    await startOfflineThenSignIn(simulator, desk, 120);
    await vi.waitFor(() => {
      expect(desk.kept()).toEqual([]);
    });
  });

  it('still waits when the PC clock is a year ahead and the demo server is signed in to: its clock is the PC’s', async () => {
    const trueNow = () => Date.now() - YEAR_MS;
    const demo = await harness.start();
    const desk = deskWithEndedChats(demo, trueNow(), { recentDaysAgo: 10, expiredDaysAgo: 100 });
    await startOfflineThenSignIn(demo, desk, 375);
    expect(desk.session.state()).toMatchObject({ demo: true });
    // A purge on the demo's clock would run now (not awaited by the sign-in): give it time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(desk.kept()).toEqual(['recent', 'expired']);
    expect(desk.lines).toContain("purge still postponed: the demo server's clock is this PC's");
  });
});

/** A working vault whose keyring the test locks (`locked`: a start before the desktop's unlock). */
function lockableKeyring(): { vault: CredentialVault; locked: boolean } {
  const working = workingVault();
  const keyring = { locked: false, vault: working };
  keyring.vault = {
    unavailableReason: () => (keyring.locked ? 'noSecretStore' : undefined),
    encrypt: (plain) => {
      if (keyring.locked) throw new Error('the keyring is locked');
      return working.encrypt(plain);
    },
    decrypt: (sealed) => {
      if (keyring.locked) throw new Error('the keyring is locked');
      return working.decrypt(sealed);
    },
  };
  return keyring;
}

describe('DeskSession', () => {
  it('makes the words of HTML-only mail cached by an older htmlToText again once the cache opens', async () => {
    const simulator = await harness.start();
    const { session, store } = deskSessionOn(simulator);
    const agent = store.accountId({ serverUrl: DEMO_ACCOUNT_URL, userName: 'agent1' });
    cacheMailWithOldWords(store, agent);
    await session.start();
    await vi.waitFor(() => {
      expect(store.htmlTextProgress(agent)).toEqual({ version: HTML_TEXT_VERSION });
    });
    const hits = await session.writer?.search('Zeppelin');
    expect(hits?.map((hit) => hit.interaction.id)).toEqual(['old-mail']);
  });

  it('opens the demo account at start, signs in and out, and tells the composition in order', async () => {
    const simulator = await harness.start();
    const { session, memory, heard } = deskSessionOn(simulator);
    await session.start();
    expect(heard).toEqual(['writerOpened']);
    expect(session.state()).toMatchObject({ demo: true, userName: 'agent1', demoPassword: 'demo' });

    const state = await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: true,
    });
    expect(state.connection.state).toBe('connected');
    expect(state.passwordRemembered).toBe(true);
    expect(session.signedIn).toBe(true);
    expect(heard.slice(0, 3)).toEqual(['writerOpened', 'sessionOpened', 'status:connecting']);
    expect(heard.indexOf('signedIn')).toBeGreaterThan(heard.indexOf('status:connected'));
    expect(memory.lastAccount()).toMatchObject({ userName: 'agent1', demo: true });

    heard.length = 0;
    await session.signOut();
    expect(session.signedIn).toBe(false);
    expect(session.ops).toBeUndefined();
    expect(heard).toContain('dropped');
    expect(heard.at(-1)).toBe('changed');
    expect(session.state().connection.state).toBe('signedOut');
  });

  it('keeps the previous account when a sign-in is refused, and runs transitions one at a time', async () => {
    const simulator = await harness.start();
    const { session } = deskSessionOn(simulator);
    await session.start();
    const refused = session.signIn({
      serverUrl: simulator.url,
      userName: 'nobody',
      password: 'wrong',
      remember: false,
    });
    // Asked while the sign-in runs: it waits for it instead of overlapping.
    const order: string[] = [];
    const signOut = session.signOut().then(() => order.push('signOut'));
    await expect(refused.finally(() => order.push('signIn'))).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await signOut;
    expect(order).toEqual(['signIn', 'signOut']);
    expect(session.state()).toMatchObject({ userName: 'agent1', demo: true });
    await expect(
      session.signIn({ serverUrl: simulator.url, userName: 'agent1', remember: false }),
    ).rejects.toMatchObject({ kind: 'missingParameter' });
  });

  it('offers no account for the offline review that only a refused sign-in named', async () => {
    const simulator = await harness.start();
    const { session, store } = deskSessionOn(simulator);
    await session.start();
    const accountsBefore = store.accounts();
    // A password typed into the user name field, an unreachable server, no password at all:
    // none of these signed in, so none may be listed to whoever sits at the desk next.
    const refusals = [
      { serverUrl: simulator.url, userName: 'hunter2-in-the-wrong-field', password: 'x' },
      { serverUrl: 'http://127.0.0.1:1', userName: 'agent1', password: 'demo' },
      { serverUrl: simulator.url, userName: 'nobody' },
    ];
    for (const refused of refusals)
      await expect(session.signIn({ ...refused, remember: false })).rejects.toBeDefined();
    expect(await session.cachedAccounts()).toEqual([]);
    // Nor is a row of the cache left naming them (before, each refusal left one behind).
    expect(store.accounts()).toEqual(accountsBefore);
    await expect(
      session.openOffline({
        serverUrl: DEMO_ACCOUNT_URL,
        userName: 'hunter2-in-the-wrong-field',
        password: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'notFound', code: 'noOfflineCache' });

    // The account that did sign in is offered, its cache empty as it is.
    await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect(await session.cachedAccounts()).toEqual([
      { serverUrl: DEMO_ACCOUNT_URL, userName: 'agent1', demo: true, interactions: 0 },
    ]);
  });

  it('first login: asks for a new password, shows the server’s rule on a refused one, signs in with an accepted one and remembers it', async () => {
    const simulator = await harness.start();
    simulator.control.setPassword('agent2', 'temp', { mustChange: true });
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const request = { serverUrl: simulator.url, userName: 'agent2', remember: true };

    await expect(session.signIn({ ...request, password: 'temp' })).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'The server asks for a new password before you sign in: choose one below.',
    });
    // The form stays on the account that must choose, and knows to ask.
    expect(session.state()).toMatchObject({ userName: 'agent2', passwordChangeRequired: true });
    expect(session.signedIn).toBe(false);

    // The same password again: the server's rule, in one sentence; nothing changed.
    await expect(
      session.signIn({ ...request, password: 'temp', newPassword: 'temp' }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'The server refused the new password: password does not meet security guidelines.',
    });
    expect(session.state().passwordChangeRequired).toBe(true);
    expect(simulator.world.users.get('agent2')?.password).toBe('temp');

    const state = await session.signIn({ ...request, password: 'temp', newPassword: 'chosen-1' });
    expect(state.connection.state).toBe('connected');
    expect(state.passwordChangeRequired).toBeUndefined();
    expect(simulator.world.users.get('agent2')).toMatchObject({
      password: 'chosen-1',
      mustChangePassword: false,
    });
    const account = memory.lastAccount();
    if (account === undefined) throw new Error('no account remembered');
    expect(memory.password(account)).toBe('chosen-1');
    // Still signed in a moment later: the refused first attempt's end does not end this one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(session.signedIn).toBe(true);
  });

  it('changes the password while signed in: the server’s reason on a refusal, the remembered password follows a change', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: true,
    });
    // PasswordChangeError 2 (003): the desk words a wrong current password in its language.
    await expect(session.changePassword('wrong', 'next-1')).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'The server refused the new password: did not enter old password correctly.',
      code: 'currentPasswordWrong',
    });
    // 1, the guidelines: the server's reason, which may name the rule, as it words it.
    const refusedByRules = session.changePassword('demo', 'demo');
    await expect(refusedByRules).rejects.toMatchObject({
      message: 'The server refused the new password: password does not meet security guidelines.',
    });
    // …set into the desk's own sentence, which the renderer says in its language.
    expect(await refusedByRules.catch((error: unknown) => error)).toMatchObject({
      code: 'newPasswordRefused',
      params: { reason: 'password does not meet security guidelines' },
    });
    await session.changePassword('demo', 'next-1');
    expect(simulator.world.users.get('agent1')?.password).toBe('next-1');
    const account = memory.lastAccount();
    if (account === undefined) throw new Error('no account remembered');
    expect(memory.password(account)).toBe('next-1');
    // The session goes on, on the new password.
    expect(session.state().connection.state).toBe('connected');
    expect((await session.gws?.http.get('/me'))?.ok).toBe(true);
  });

  it('opens a cached account offline with its password and no server, and goes live on sign-in', async () => {
    const simulator = await harness.start();
    const { session } = deskSessionOn(simulator);
    await session.start();
    // Only accounts with something to review are offered (the demo's, never signed in to and
    // holding nothing, is not yet), and only those open.
    expect(await session.cachedAccounts()).toEqual([]);
    await expect(
      session.openOffline({
        serverUrl: 'https://gws.example.com',
        userName: 'agent1',
        password: 'demo',
      }),
    ).rejects.toMatchObject({
      kind: 'notFound',
      message: 'This machine holds no cache for that account.',
    });
    await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    // What a session stored earlier (the desk wires the session's events to the writer).
    const chatId = 'chat-kept';
    session.writer?.apply({
      type: 'interactionInvited',
      interaction: {
        id: chatId,
        channel: 'chat',
        state: 'Invited',
        subject: 'Kept offline',
        capabilities: ['Accept', 'Reject'],
        userData: {},
      },
    });

    // From a live session: it ends first (nothing of the server stays), the cache stays open.
    const review = { serverUrl: 'demo:simulator', userName: 'agent1', password: 'demo' };
    const state = await session.openOffline(review);
    expect(state).toMatchObject({ offline: true, userName: 'agent1', demo: true });
    expect(state.connection.state).toBe('signedOut');
    expect(session.signedIn).toBe(false);
    expect(session.ops).toBeUndefined();
    expect(session.offline).toBe(true);
    expect(session.writer?.interaction(chatId)?.subject).toBe('Kept offline');
    expect(session.writer?.counts()).toEqual({ inbox: 1, invited: 1, history: 0 });
    expect(await session.cachedAccounts()).toEqual([
      { serverUrl: 'demo:simulator', userName: 'agent1', demo: true, interactions: 1 },
    ]);

    // Signing in ends the review: the same desk goes live, no restart.
    const live = await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect(live.offline).toBeUndefined();
    expect(live.connection.state).toBe('connected');
    expect(session.offline).toBe(false);

    // Signing out of a review (or leaving it) goes back to the sign-in form.
    await session.openOffline(review);
    await session.signOut();
    expect(session.state().offline).toBeUndefined();
    await session.openOffline(review);
    expect((await session.leaveOffline()).offline).toBeUndefined();
  });

  it('remembers a password only for the account a sign-in asks it for, never the next agent’s', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    const agent2 = { ...agent1, userName: 'agent2' };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await session.signOut();
    await session.signIn({ ...agent2, password: 'demo', remember: false });
    expect(memory.hasPassword(agent2)).toBe(false);
    // agent1's own choice stands; it is not the desk's account any more, so nothing signs in
    // by itself at the next start.
    expect(memory.hasPassword(agent1)).toBe(true);
    expect(session.state()).toMatchObject({ userName: 'agent2', passwordRemembered: false });
    await session.signOut();
    await expect(session.signIn({ ...agent2, remember: true })).rejects.toMatchObject({
      code: 'passwordMissing',
    });
    expect(memory.hasPassword(agent2)).toBe(false);
  });

  it('opens a cache offline only with the password its account last signed in with here', async () => {
    const simulator = await harness.start();
    const { session, memory, store } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    const agent2 = { ...agent1, userName: 'agent2' };
    const review = (userName: string, password: string) =>
      session.openOffline({ serverUrl: 'demo:simulator', userName, password });
    // agent2's cache, written before verifiers (no online sign-in since): not opened offline.
    const agent2Id = store.accountId({ serverUrl: 'demo:simulator', userName: 'agent2' });
    store.transaction(() => {
      store.upsertInteraction(
        agent2Id,
        { id: 'kept', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
        1,
      );
    });
    await expect(review('agent2', 'demo')).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'offlineNotVerified',
    });
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await session.signOut();

    // No password, or a wrong one (held back a while): refused, the desk stays signed out.
    await expect(review('agent1', '')).rejects.toMatchObject({ code: 'offlinePasswordMissing' });
    const started = Date.now();
    await expect(review('agent1', 'guess')).rejects.toMatchObject({
      kind: 'unauthorized',
      code: 'offlinePasswordRefused',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(REFUSAL_DELAY_MS);
    expect(session.offline).toBe(false);
    // Remembered (sealed by the OS) is not enough: the password must be typed.
    expect(memory.hasPassword(agent1)).toBe(true);
    expect(await memory.checkPassword(agent2, 'demo')).toBe('unknown');
    expect((await review('agent1', 'demo')).offline).toBe(true);
    await session.leaveOffline();

    // The password changes on the server: the next sign-in's is the one that opens it.
    simulator.control.setPassword('agent1', 'changed-1');
    await session.signIn({ ...agent1, password: 'changed-1', remember: false });
    await session.signOut();
    await expect(review('agent1', 'demo')).rejects.toMatchObject({
      code: 'offlinePasswordRefused',
    });
    expect((await review('agent1', 'changed-1')).offline).toBe(true);
  });

  it('opens the offline review with the password changed here, never the one it replaced', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: false });
    await expect
      .poll(() => memory.checkPassword(agent1, 'demo'), { timeout: 10_000 })
      .toBe('matches');
    // Changed from the header (the old one leaked, say), then the network goes: the review.
    await session.changePassword('demo', 'next-1');
    await session.signOut();
    const review = (password: string) =>
      session.openOffline({ serverUrl: 'demo:simulator', userName: 'agent1', password });
    await expect(review('demo')).rejects.toMatchObject({ code: 'offlinePasswordRefused' });
    expect((await review('next-1')).offline).toBe(true);
  });

  it('a password change whose answer was lost: carried out by the server, it is kept as changed, the remembered password with it', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    // The requests after a sign-in (features, channel states…) are done with.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The server changes it, then the connection is cut where its answer would go.
    simulator.control.failNextRequests(['answerLost']);
    await session.changePassword('demo', 'next-1');
    expect(simulator.control.dropRequestFaults()).toBe(0);
    expect(simulator.world.users.get('agent1')?.password).toBe('next-1');
    expect(memory.password(agent1)).toBe('next-1');
    // The session signs in again with the new one once the server forgets it.
    simulator.control.expireHttpSessions();
    expect((await session.gws?.http.get('/me'))?.ok).toBe(true);
    expect(session.state().connection.state).toBe('connected');
    // Cut before the server acted: the change is not made, and said as the network's failure.
    simulator.control.failNextRequests(['reset']);
    await expect(session.changePassword('next-1', 'next-2')).rejects.toMatchObject({
      kind: 'network',
    });
    expect(simulator.world.users.get('agent1')?.password).toBe('next-1');
    expect(memory.password(agent1)).toBe('next-1');
    expect((await session.gws?.http.get('/me'))?.ok).toBe(true);
  });

  it('a password changed while the vault cannot seal it: the one it replaced is not kept as remembered', async () => {
    const simulator = await harness.start();
    const working = workingVault();
    let sealing = true;
    const vault: CredentialVault = {
      unavailableReason: () => (sealing ? undefined : 'noSecretStore'),
      encrypt: (plain) => {
        if (!sealing) throw new Error('the keyring is locked');
        return working.encrypt(plain);
      },
      decrypt: (sealed) => {
        if (!sealing) throw new Error('the keyring is locked');
        return working.decrypt(sealed);
      },
    };
    const { session, memory } = deskSessionOn(simulator, { vault });
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    expect(memory.password(agent1)).toBe('demo');
    // The keyring locks mid-shift (the screen locked, say); the password changes from the header.
    sealing = false;
    await session.changePassword('demo', 'next-1');
    // The form must not offer the old one as remembered: once the keyring opens again, signing
    // in with it (by itself at the next start) is refused at the server, an attempt that counts
    // towards a lock-out.
    expect(session.state().passwordRemembered).toBe(false);
    await session.signOut();
    sealing = true;
    await expect(session.signIn({ ...agent1, remember: true })).rejects.toMatchObject({
      code: 'passwordMissing',
    });
  });

  it('a keyring locked at the sign-in form: not said as remembered, and a password typed then keeps the sealed one', async () => {
    const simulator = await harness.start();
    const keyring = lockableKeyring();
    const { vault } = keyring;
    const { session, memory } = deskSessionOn(simulator, { vault });
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await session.signOut();
    // The keyring is locked (a start before the desktop's keyring was unlocked, say).
    keyring.locked = true;
    // "Remembered" offered a password the desk cannot open now: Sign in then said it was missing.
    expect(session.state()).toMatchObject({
      passwordRemembered: false,
      rememberUnavailable: 'noSecretStore',
    });
    // The form cannot offer "remember me" now, so it asks without it: the agent chose nothing.
    await session.signIn({ ...agent1, password: 'demo', remember: false });
    await session.signOut();
    keyring.locked = false;
    expect(memory.password(agent1)).toBe('demo');
    expect(session.state().passwordRemembered).toBe(true);
  });

  it('forgets untried a remembered password that is not the one last accepted here (changed while the keyring was locked)', async () => {
    const simulator = await harness.start();
    const keyring = lockableKeyring();
    const { vault } = keyring;
    const { session, memory } = deskSessionOn(simulator, { vault });
    // The old password's verifier takes longer to make than the new one's (each hash is on a
    // thread of its own, and a loaded machine may finish them in either order): the one kept
    // must be the later sign-in's.
    const remember = memory.rememberVerifier.bind(memory);
    vi.spyOn(memory, 'rememberVerifier').mockImplementation(async (account, password) => {
      if (password === 'demo') await new Promise((resolve) => setTimeout(resolve, 400));
      return remember(account, password);
    });
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await session.signOut();
    // The password changed elsewhere; the agent types the new one while the keyring is locked,
    // which keeps the sealed old one (it cannot tell it is old).
    simulator.control.setPassword('agent1', 'changed-by-admin');
    keyring.locked = true;
    await session.signIn({ ...agent1, password: 'changed-by-admin', remember: false });
    await session.signOut();
    keyring.locked = false;
    expect(memory.password(agent1)).toBe('demo');

    const state = await session.signIn({ ...agent1, remember: true });

    // Not sent (the server's refusal would say rememberedPasswordRefused): a refused try would
    // count toward the account's lock-out.
    expect(state.connection).toMatchObject({
      state: 'signedOut',
      refusal: 'rememberedPasswordStale',
    });
    expect(memory.password(agent1)).toBeUndefined();
    expect(session.state().passwordRemembered).toBe(false);
  });

  it('signs in at the API address GWS documents, and says an address with no GWS behind it as such', async () => {
    const simulator = await harness.start();
    const { session } = deskSessionOn(simulator);
    await session.start();
    // Pasted from GWS's documents (http://host:port/api/v2/…): was 404, "no longer has this item".
    const state = await session.signIn({
      serverUrl: `${simulator.url}/api/v2/`,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect(state).toMatchObject({ serverUrl: simulator.url, demo: true });
    expect(state.connection.state).toBe('connected');
    await session.signOut();
    // A web server answers there, but not GWS: said as a wrong address, not a missing item.
    await expect(
      session.signIn({
        serverUrl: `${simulator.url}/genesys`,
        userName: 'agent1',
        password: 'demo',
        remember: false,
      }),
    ).rejects.toMatchObject({ kind: 'notFound', code: 'serverNotGws' });
  });

  it('says in the desk’s words that a sign-in with the remembered password found no server', async () => {
    const simulator = await harness.start();
    const { session } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await session.signOut();
    // As at a start with the server down: no password typed, the remembered one used.
    const outage = simulator.control.refuseConnections(60_000);
    await expect(session.signIn({ ...agent1, remember: true })).rejects.toMatchObject({
      code: 'serverUnreachable',
    });
    expect(session.state().connection).toEqual({
      state: 'signedOut',
      reason: 'The server for agent1 did not answer the sign-in.',
      refusal: 'serverUnreachable',
    });
    simulator.control.endOutage();
    await outage;
  });

  it('forgets a remembered password the server refuses, mid-session or at sign-in, and says so', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    await session.signIn({ ...agent1, password: 'demo', remember: true });
    await expect
      .poll(() => memory.checkPassword(agent1, 'demo'), { timeout: 10_000 })
      .toBe('matches');

    // Mid-session: the administrator changes the password, the server ends the session.
    simulator.control.setPassword('agent1', 'changed-1');
    simulator.control.expireAgentSessions();
    await expect
      .poll(() => session.state().connection.refusal, { timeout: 15_000 })
      .toBe('rememberedPasswordRefused');
    expect(session.state()).toMatchObject({ passwordRemembered: false, userName: 'agent1' });
    expect(memory.hasPassword(agent1)).toBe(false);
    // Nor does the refused password open the offline review any more.
    expect(await memory.checkPassword(agent1, 'demo')).toBe('unknown');

    // At a start (no password typed: the remembered one), as the desk words it, not the server.
    await session.signIn({ ...agent1, password: 'changed-1', remember: true });
    await session.signOut();
    simulator.control.setPassword('agent1', 'changed-2');
    await expect(session.signIn({ ...agent1, remember: true })).rejects.toMatchObject({
      code: 'credentialsRefused',
    });
    expect(session.state().connection).toEqual({
      state: 'signedOut',
      reason: 'The server refused the remembered password for agent1; it is forgotten.',
      refusal: 'rememberedPasswordRefused',
    });
    expect(memory.hasPassword(agent1)).toBe(false);
  });

  it('reviews an account offline with its own settings, and saves Settings changed there as its own', async () => {
    const simulator = await harness.start();
    const { session, memory } = deskSessionOn(simulator);
    await session.start();
    const agent1 = { serverUrl: simulator.url, userName: 'agent1', demo: true };
    const agent3 = { ...agent1, userName: 'agent3' };
    const changes: string[] = [];
    memory.onSettingsChanged((settings) => changes.push(`${settings.language}/${settings.theme}`));
    await session.signIn({ ...agent1, password: 'demo', remember: false });
    memory.updateSettings({ language: 'de', theme: 'dark' });
    await session.signOut();
    await session.signIn({ ...agent3, password: 'demo', remember: false });
    await session.signOut();
    expect(memory.settings()).toMatchObject({ language: 'system', theme: 'system' });

    // agent1's cache reviewed (agent3 signed in last): agent1's German and dark.
    changes.length = 0;
    await session.openOffline({
      serverUrl: 'demo:simulator',
      userName: 'agent1',
      password: 'demo',
    });
    expect(memory.settings()).toMatchObject({ language: 'de', theme: 'dark' });
    expect(changes).toEqual(['de/dark']);
    memory.updateSettings({ theme: 'light' });
    // The review ends: agent3's again, untouched; agent1 keeps what was saved in the review.
    await session.leaveOffline();
    expect(memory.settings()).toMatchObject({ language: 'system', theme: 'system' });
    expect(memory.lastAccount()).toMatchObject({ userName: 'agent3' });
    await session.signIn({ ...agent1, password: 'demo', remember: false });
    expect(memory.settings()).toMatchObject({ language: 'de', theme: 'light' });
  });
  it("tells the views of the batches that waited behind a newsletter's text when the agent signs out", async () => {
    const simulator = await harness.start();
    // Wired as the desk wires a session: the writer its one subscriber, the views its commits.
    const commits: Commit[] = [];
    const heardInvited: string[] = [];
    const { session } = deskSessionOn(simulator, {
      textOfHtmlDelayMs: 800,
      sessionOpened: (opened, writer) =>
        writer === undefined
          ? []
          : [
              writer.attach(opened),
              writer.onCommit((commit) => commits.push(commit)),
              opened.onEvent((event) => {
                if (event.type === 'interactionInvited') heardInvited.push(event.interaction.id);
              }),
            ],
    });
    await session.start();
    await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect((await session.ops?.setReady())?.ok).toBe(true);
    const mailId = simulator.control.receiveEmail({
      from: 'news@shop.example',
      subject: 'Winter sale',
      text: '',
      html: newsletterHtml(),
    });
    await vi.waitFor(() => {
      expect(session.writer?.interaction(mailId)).toBeDefined();
    });
    // Accepted: its newsletter waits for the worker's text, and the chat's invitation behind it.
    expect((await session.ops?.accept(mailId))?.ok).toBe(true);
    const chatId = simulator.control.startChat({
      customerNickName: 'Erin',
      subject: 'Kettle',
      firstMessage: 'Hello',
    });
    await vi.waitFor(() => {
      expect(heardInvited).toContain(chatId);
    });
    expect(session.writer?.interaction(chatId)).toBeUndefined();

    await session.signOut();
    await vi.waitFor(() => {
      expect(session.writer?.interaction(chatId)).toBeDefined();
    });
    // The views heard of both (the renderer's lists, the tray), and the invitation's alert came.
    const changes = commits.map((commit) => commit.changes);
    expect(
      changes.flatMap((change) => change.emails.map((email) => email.interactionId)),
    ).toContain(mailId);
    expect(changes.flatMap((change) => change.interactions.map((head) => head.id))).toContain(
      chatId,
    );
    expect(commits.flatMap((commit) => commit.alerts)).toContainEqual(
      expect.objectContaining({ kind: 'invite', interactionId: chatId }),
    );
  });
});
