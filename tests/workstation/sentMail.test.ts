import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../common/model';
import { openDesk, type Desk } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault, type OsRecorder } from '../support/deskPorts';
import { acceptedInvoiceEmail } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// Issue 12, item 6: an e-mail the agent sent is kept. It used to be stored without its text
// ("This e-mail has no text." in History, its words not searchable). The real desk core, the
// real simulator, a real cache file: accept an e-mail, Reply, Send with text, then read the
// reply back from the cache the way History, search and the inbound's thread do.

const harness = useSimulator();
const folders: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Opened {
  readonly desk: Desk;
  readonly os: OsRecorder;
  readonly dataDir: string;
  readonly changes: ChangeSet[];
}

async function signedInDesk(simulator: Simulator, dataDir?: string): Promise<Opened> {
  const folder = dataDir ?? (await mkdtemp(join(tmpdir(), 'switchboard-sent-')));
  if (dataDir === undefined) folders.push(folder);
  const os = osRecorder();
  const changes: ChangeSet[] = [];
  const quiet = () => undefined;
  const desk = await openDesk({
    dataDir: folder,
    send: (channel, payload) => {
      if (channel === 'switchboard:desk:changed') changes.push(payload as ChangeSet);
    },
    ...testDeskOptions(os, simulator, workingVault()),
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  desks.push(desk);
  const state = await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  await desk.handlers.agent.setReady(undefined);
  return { desk, os, dataDir: folder, changes };
}

/** Accepts a new customer e-mail and sends a reply to it; answers both ids. */
async function replyTo(simulator: Simulator, opened: Opened, text: string) {
  const { desk } = opened;
  const inboundId = await acceptedInvoiceEmail(simulator, desk);
  const replyId = (await desk.handlers.interactions.reply(inboundId, undefined)) ?? '';
  await expect
    .poll(async () => (await desk.handlers.interactions.get(replyId))?.state)
    .toBe('ReplyCreated');
  await desk.handlers.interactions.send(
    replyId,
    {
      toAddress: 'ann@example.com',
      ccAddress: 'billing@example.com',
      bccAddress: 'audit@example.com',
      subject: 'Re: Question about invoice 77',
      text,
    },
    undefined,
  );
  // The server's own notification (Completed) follows the send: wait for it to be folded.
  await expect
    .poll(async () => (await desk.handlers.interactions.get(replyId))?.phase)
    .toBe('ended');
  return { inboundId, replyId };
}

describe('a sent e-mail', () => {
  it('is kept with its text and addresses, in History, search and the thread', async () => {
    const simulator = await harness.start();
    const opened = await signedInDesk(simulator);
    const { desk } = opened;
    const text = 'Dear Ann,\nthe invoice is paid: reference quokka-4711.';
    const { inboundId, replyId } = await replyTo(simulator, opened, text);

    const sent = await desk.handlers.interactions.get(replyId);
    expect(sent?.parentId).toBe(inboundId);
    expect(sent?.email?.text).toBe(text);
    expect(sent?.email?.to).toEqual(['ann@example.com']);
    expect(sent?.email?.cc).toEqual(['billing@example.com']);
    expect(sent?.email?.bcc).toEqual(['audit@example.com']);
    expect(sent?.email?.subject).toBe('Re: Question about invoice 77');
    expect(sent?.email?.sentAt).toBeGreaterThan(0);

    // History lists it; search finds its words.
    const history = await desk.handlers.interactions.history(undefined);
    expect(history.map((row) => row.id)).toContain(replyId);
    const hits = await desk.handlers.interactions.search('quokka', undefined);
    expect(hits.map((hit) => [hit.interaction.id, hit.kind])).toEqual([[replyId, 'email']]);

    // The inbound e-mail's thread lists the reply with its text.
    const thread = await desk.handlers.interactions.replies(inboundId);
    expect(thread.map((reply) => [reply.id, reply.email?.text])).toEqual([[replyId, text]]);

    // The change set carried the sent e-mail (the last word on the reply's e-mail): the views
    // need not read it again.
    const carried = opened.changes
      .flatMap((change) => change.emails)
      .filter((email) => email.interactionId === replyId);
    expect(carried.at(-1)?.email.text).toBe(text);
    expect(carried.at(-1)?.email.sentAt).toBeGreaterThan(0);
  });

  it('survives a restart of the core and exports like a transcript', async () => {
    const simulator = await harness.start();
    const opened = await signedInDesk(simulator);
    const text = 'We refunded 42 EUR today (case wombat-9).';
    const { inboundId, replyId } = await replyTo(simulator, opened, text);
    await opened.desk.shutdown();
    desks.splice(desks.indexOf(opened.desk), 1);

    const again = await signedInDesk(simulator, opened.dataDir);
    expect((await again.desk.handlers.interactions.get(replyId))?.email?.text).toBe(text);
    again.os.savePath = join(opened.dataDir, 'sent.txt');
    await again.desk.handlers.interactions.saveTranscript(replyId, 'text');
    const saved = await readFile(again.os.savePath, 'utf8');
    expect(saved).toContain(text);
    expect(saved).toContain('ann@example.com');
    expect(saved).toContain('Cc: billing@example.com');
    expect(saved).toContain('Bcc: audit@example.com');

    // The inbound e-mail's export carries its thread: the reply with its text, also as HTML.
    again.os.savePath = join(opened.dataDir, 'thread.txt');
    await again.desk.handlers.interactions.saveTranscript(inboundId, 'text');
    const thread = await readFile(again.os.savePath, 'utf8');
    expect(thread).toContain('Has invoice 77 been paid?');
    expect(thread).toContain('--- Reply 1 of 1 ---');
    expect(thread.indexOf(text)).toBeGreaterThan(thread.indexOf('--- Reply 1 of 1 ---'));
    again.os.savePath = join(opened.dataDir, 'thread.html');
    await again.desk.handlers.interactions.saveTranscript(inboundId, 'html');
    const page = await readFile(again.os.savePath, 'utf8');
    expect(page).toContain('<h2>Reply 1 of 1</h2>');
    expect(page).toContain('(case wombat-9)');
  });
});
