import { expect, it } from 'vitest';
import type { ConnectionStatus, GwsEvent } from '../../common/model';
import { NotificationNormalizer } from '../../main/gws/normalizer';
import { createOperations } from '../../main/gws/operations';
import type { GwsSession } from '../../main/gws/session';
import { ENGLISH } from '../../main/i18n/translator';
import { deriveTrayState } from '../../main/workstation/trayState';

/** The tray's words for a cache that cannot store what arrives. */
const STORAGE_FAILURE_WORDS = ENGLISH.t('tray.status.storageFailure');
import { eventually, useClientWithCache } from '../support/clientWithCache';

// Issue 11, item 2: with the cache's disk full, chat lines were dropped for good: the session
// had marked them as seen before the cache committed them, so a resync once space was freed did
// not bring them back, and nothing said the cache was failing. A real server over CometD, the
// real session and writer, a real SQLite file made full with `PRAGMA max_page_count`.

const startClient = useClientWithCache();

/** The chat event ids the server holds for `interactionId`, read as a resync reads them. */
async function serverEventIds(session: GwsSession, interactionId: string): Promise<number[]> {
  const listed = await session.requester.get('/me/interactions?fields=*');
  if (!listed.ok) throw new Error(listed.error.message);
  const entries = listed.value.interactions as unknown[];
  const fresh = new NotificationNormalizer({ warn: () => undefined });
  const ids: number[] = [];
  for (const entry of entries) {
    for (const event of fresh.normalize('/v2/me/interactions', entry)) {
      if (event.type === 'chatEventsReceived' && event.interactionId === interactionId)
        ids.push(...event.events.map((line) => line.eventId));
    }
  }
  return ids.sort((a, b) => a - b);
}

it.each([
  { repair: 'a forced resync', forced: true },
  { repair: 'its own retry', forced: false },
])(
  'keeps nothing as seen that the full cache did not commit, says so, and $repair repairs it',
  async ({ forced }) => {
    const { simulator, db, store, accountId, session, writer, warnings } = await startClient({
      folderPrefix: 'switchboard-full-disk-',
      maxBackoffMs: 300,
    });
    const statuses: ConnectionStatus[] = [];
    session.onStatus((status) => statuses.push(status));
    const committedEvents: GwsEvent[] = [];
    writer.onStored((events) => committedEvents.push(...events));
    expect((await session.signIn()).ok).toBe(true);
    await eventually(() => session.status.state === 'connected', 'connected');
    const operations = createOperations(session.requester);
    expect((await operations.setChannelReady('chat')).ok).toBe(true);

    const chatId = simulator.control.startChat({
      customerNickName: 'Fern',
      subject: 'A full disk',
      firstMessage: 'hello',
    });
    await eventually(() => store.interactionRecord(accountId, chatId) !== undefined, 'the invite');
    expect((await operations.accept(chatId)).ok).toBe(true);
    const storedIds = () => [...store.transcriptLines(accountId, chatId)].map((l) => l.eventId);
    await eventually(() => storedIds().length > 0, 'the first line');

    // The disk fills up: no page beyond those the file has now.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const long = 'x'.repeat(2000);
    for (let line = 1; line <= 30; line += 1)
      simulator.control.customerSays(chatId, `line ${line} ${long}`);
    // The failure is reported at once, on the status the desk and the command line show.
    await eventually(
      () => /cache/i.test(session.status.reason),
      'the failing cache reported on the status',
    );
    expect(warnings.some((line) => /full/i.test(line))).toBe(true);
    // The desk: the status says it apart from the link (the renderer's banner), and the tray.
    const trayTooltip = () =>
      deriveTrayState({ connection: session.status, channels: [], pendingInvitations: 0 }).tooltip;
    expect(session.status.state).toBe('connected');
    expect(session.status.storageFailure).toMatch(/full/i);
    expect(trayTooltip()).toContain(STORAGE_FAILURE_WORDS);
    const serverIds = await serverEventIds(session, chatId);
    expect(serverIds.length).toBeGreaterThan(30);
    expect(storedIds().length).toBeLessThan(serverIds.length);
    // What the cache did not commit is not announced as committed.
    const announced = committedEvents.flatMap((event) =>
      event.type === 'chatEventsReceived' ? event.events.map((line) => line.eventId) : [],
    );
    expect(announced.every((id) => storedIds().includes(id))).toBe(true);

    // Space is freed; a resync is forced: every line the server holds is stored, once.
    db.pragma('max_page_count = 1073741823');
    // Without a forced resync, the session's retry (a back-off of at most 300 ms) repairs it.
    const forcedResync = forced ? await session.checkConnection() : { ok: true };
    expect(forcedResync.ok).toBe(true);
    await eventually(
      () => storedIds().length === serverIds.length,
      'every line of the server in the cache',
    );
    expect(storedIds()).toEqual(serverIds);
    const duplicates = db
      .prepare(
        'SELECT COUNT(*) AS n FROM (SELECT event_id FROM chat_messages WHERE interaction_id = ? GROUP BY event_id HAVING COUNT(*) > 1)',
      )
      .get(chatId) as { n: number };
    expect(duplicates.n).toBe(0);
    // And the status says the cache is writing again.
    await eventually(() => !/could not/i.test(session.status.reason), 'the failure cleared');
    expect(session.status.storageFailure).toBeUndefined();
    expect(trayTooltip()).not.toContain(STORAGE_FAILURE_WORDS);
    expect(statuses.some((status) => /cache/i.test(status.reason))).toBe(true);
  },
);
