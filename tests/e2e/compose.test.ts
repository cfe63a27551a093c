import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import type { Draft } from '../../common/model';
import { interactionMessage } from '../../simulator/dialect';
import type { SimInteraction } from '../../simulator/model';
import { startSimulator, type Simulator } from '../../simulator/server';
import { expectAccessible } from './axeAudit';
import {
  fieldScreenshots,
  focusedId,
  focusedLabel,
  focusedText,
  frames,
  row,
  darkScreenshotsAt1280And320,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  type DeskPage,
  connectionState,
} from './deskHarness';
import { fullDiskError } from '../support/damage';

// Writing e-mail in the shipped renderer, in Chromium, against the real desk core, cache and
// GWS client talking to the simulator: Reply all, Forward with files, New e-mail and Cancel
// reach the server with the right fields (read on the simulator's side, `world.sent`), and a
// draft survives a restart of the core on the same cache file.

const { open: openDeskPage } = useDeskPages();

const SHOTS = 'out/screenshots/compose';

/**
 * The desk's own looks again at a Send left in doubt: every quarter second for a minute, not
 * after 2 s, 5 s, 15 s, …. The flows that use them hide the draft from the server's answers
 * (the server may drop one from view: not known) while they look at what the agent is told, and
 * show it again for the desk's next look to find.
 */
const QUICK_FOLLOW_UPS_MS = Array<number>(240).fill(250);

/**
 * How far the simulator's clock stands behind while a customer's e-mail arrives (see
 * {@link acceptedEmail}), for a desk opened with {@link LAGGING_WORLD}.
 */
let worldBehindMs = 0;
/** A simulator whose clock a test sets back while an e-mail arrives (its start date). */
const LAGGING_WORLD = { now: () => Date.now() - worldBehindMs };

/**
 * A customer's e-mail arrives and the agent accepts it; answers its id. `writtenAgoMs`: the
 * customer wrote it that long before it reached the agent (it waited in a queue), on a desk
 * opened with {@link LAGGING_WORLD}.
 */
async function acceptedEmail(deskPage: DeskPage, writtenAgoMs = 0): Promise<string> {
  const { page, simulator } = deskPage;
  worldBehindMs = writtenAgoMs;
  const emailId = simulator.control.receiveEmail({
    from: 'maria@example.com',
    fromPersonal: 'Maria Lopez',
    to: ['support@switchboard.example', 'sales@example.com'],
    cc: ['bo@example.com'],
    subject: 'Invoice charged twice',
    text: 'Hello,\nI was charged twice for order 4471.\nMaria',
    attachments: [
      { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 4471') },
    ],
  });
  worldBehindMs = 0;
  const emailRow = row(page, emailId);
  await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
  // The row names her as the mail does (FromPersonal), not by her address.
  await emailRow.getByRole('button', { name: 'E-mail from Maria Lopez:' }).click();
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
  return emailId;
}

/** Opens the customer's e-mail (acceptedEmail's) from its row: the agent looks at it. */
async function openCustomersEmail(page: Page, emailId: string): Promise<void> {
  await row(page, emailId).getByRole('button', { name: 'E-mail from' }).click();
  await expect
    .poll(() => page.getByTestId('detail-subject').innerText())
    .toBe('Invoice charged twice');
}

/** Opens a draft's row again (the agent comes back to it) and waits for its composer. */
async function backToDraft(page: Page, draftId: string): Promise<void> {
  await row(page, draftId).getByRole('button').first().click();
  await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
}

/** Opens the e-mail's row and starts a reply, reply all or forward; answers the draft's id. */
async function respond(
  page: Page,
  emailId: string,
  action: 'Reply' | 'Reply all' | 'Forward',
): Promise<string> {
  await openCustomersEmail(page, emailId);
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
  return draftOpened(page, emailId);
}

/** A file in the desk's data folder that the OS's file dialog answers next (Add files…). */
async function fileChosenToAttach(
  deskPage: DeskPage,
  name: string,
  content: string,
): Promise<void> {
  await mkdir(join(deskPage.dataDir, 'outgoing'), { recursive: true });
  const path = join(deskPage.dataDir, 'outgoing', name);
  await writeFile(path, content);
  deskPage.os.attachPaths = [path];
}

/** Signs in Ready, accepts the customer's e-mail and starts a reply: answers both ids. */
async function replyStarted(deskPage: DeskPage): Promise<{ emailId: string; replyId: string }> {
  await signInReady(deskPage.page);
  const emailId = await acceptedEmail(deskPage);
  const replyId = await respond(deskPage.page, emailId, 'Reply');
  return { emailId, replyId };
}

/**
 * A desk page whose drafts operation `operation` waits, as a slow server holds it, until the test
 * lets each call go: `releases` gets each call's release, in the order of the calls.
 */
async function deskHoldingDrafts(
  operation: 'send' | 'cancel' | 'removeAttachment',
): Promise<{ deskPage: DeskPage; releases: (() => void)[] }> {
  const releases: (() => void)[] = [];
  const deskPage = await openDeskPage({
    handlers: (handlers) => {
      const run = handlers.drafts[operation] as (...args: unknown[]) => Promise<unknown>;
      return {
        ...handlers,
        drafts: {
          ...handlers.drafts,
          [operation]: async (...args: unknown[]) => {
            await new Promise<void>((resolve) => releases.push(resolve));
            return await run(...args);
          },
        },
      };
    },
  });
  return { deskPage, releases };
}

async function draftOpened(page: Page, notId?: string): Promise<string> {
  await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
  const draftId = await page.locator('.row--selected').getAttribute('data-interaction-id');
  expect(draftId).not.toBeNull();
  expect(draftId).not.toBe(notId);
  return draftId ?? '';
}

/** Types at the very start of the draft's text, as an agent writing above the quote does. */
async function typeAtStart(page: Page, text: string): Promise<void> {
  const area = page.getByLabel('Text', { exact: true });
  await area.click();
  await area.press('Control+Home');
  await page.keyboard.type(text);
}

/** The stored draft, as main answers the renderer. */
async function storedDraft(deskPage: DeskPage, id: string): Promise<Draft | null> {
  return await deskPage.desk.handlers.drafts.get(id);
}

/**
 * Once the server has carried out the Send of `draftId` (its answer lost), hides the draft from
 * the server's answers, as a server may drop one from view: the desk's questions after the cut
 * ones (pauses of 0.3 s and 1 s between three) learn nothing until the test shows it again.
 * Answers the draft as the server keeps it, to show again.
 */
async function hiddenOnceSent(simulator: Simulator, draftId: string): Promise<SimInteraction> {
  await expect
    .poll(() => simulator.world.sent.filter((sent) => sent.interactionId === draftId).length)
    .toBe(1);
  const onServer = simulator.world.interactions.get(draftId);
  if (onServer === undefined) throw new Error('the draft is not on the server');
  simulator.world.interactions.delete(draftId);
  return onServer;
}

/**
 * A desk page whose cache refuses every draft save while `disk.full` (a real SQLite error of a
 * full disk, as main's handler meets it).
 */
async function deskOnADiskThatFills(disk: { full: boolean }): Promise<DeskPage> {
  return await openDeskPage({
    handlers: (handlers) => ({
      ...handlers,
      drafts: {
        ...handlers.drafts,
        save: async (fields) => {
          if (disk.full) throw fullDiskError();
          return await handlers.drafts.save(fields);
        },
      },
    }),
  });
}

describe('writing e-mail in Chromium', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
  });

  it('reply all, forward with files, new e-mail and cancel reach the server as written', async () => {
    const deskPage = await openDeskPage({ simulator: LAGGING_WORLD });
    const { page, simulator, os, problems, dataDir } = deskPage;
    await signInReady(page);
    // Maria wrote two days before the e-mail reached the agent (it waited in a queue).
    const writtenAt = Date.now() - 2 * 24 * 60 * 60_000;
    const emailId = await acceptedEmail(deskPage, Date.now() - writtenAt);
    const writtenOn = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(writtenAt);

    // ---- Reply all: addressed, prefixed, quoted, the original above; a bad Cc blocks Send
    const replyAllId = await respond(page, emailId, 'Reply all');
    const replyAll = page.getByRole('form', { name: 'Reply to all draft' });
    expect(await replyAll.getByLabel('To', { exact: true }).inputValue()).toBe('maria@example.com');
    // Everyone the customer wrote to but the desk's own mailbox: the server's Cc, then the
    // original's other To.
    expect(await replyAll.getByLabel('Cc', { exact: true }).inputValue()).toBe(
      'bo@example.com, sales@example.com',
    );
    expect(await replyAll.getByLabel('Subject').inputValue()).toBe('Re: Invoice charged twice');
    const quoted = await replyAll.getByLabel('Text', { exact: true }).inputValue();
    // The quote names the person the mail names (its FromPersonal), not the address, and the
    // day she wrote it, not the day it reached the desk.
    expect(quoted).toMatch(
      /^\n\nOn .+, Maria Lopez wrote:\n> Hello,\n> I was charged twice for order 4471\.\n> Maria$/u,
    );
    expect(quoted).toContain(`On ${writtenOn}, `);
    expect(await page.getByTestId('composer-original').innerText()).toContain(
      'I was charged twice for order 4471.',
    );
    const cc = replyAll.getByLabel('Cc', { exact: true });
    await cc.fill('bo@example.com, bo@');
    await expect
      .poll(() => replyAll.getByRole('alert').first().innerText())
      .toBe('"bo@" is not an e-mail address.');
    expect(await replyAll.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await cc.getAttribute('aria-invalid')).toBe('true');
    await cc.fill('bo@example.com; Dana Lee <dana@example.com>');
    await expect.poll(() => replyAll.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await typeAtStart(page, 'Dear Maria, we refunded the second charge.');
    await replyAll.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    const [sentReplyAll] = simulator.world.sent;
    expect(sentReplyAll).toMatchObject({
      interactionId: replyAllId,
      parentId: emailId,
      subType: 'OutboundReply',
      to: ['maria@example.com'],
      cc: ['bo@example.com', 'dana@example.com'],
      bcc: [],
      subject: 'Re: Invoice charged twice',
      attachments: [],
    });
    expect(sentReplyAll?.text).toBe(`Dear Maria, we refunded the second charge.${quoted}`);
    await expect.poll(() => row(page, replyAllId).count()).toBe(0);
    expect(await storedDraft(deskPage, replyAllId)).toBeNull();
    // The sent e-mail shows as sent, not as a kept draft.
    await expect.poll(() => page.getByText('The e-mail was sent.').count()).toBe(1);
    expect(await page.getByTestId('draft-gone').count()).toBe(0);

    // ---- Forward: the original's file comes along; one added, one too large, one removed
    const forwardId = await respond(page, emailId, 'Forward');
    const forward = page.getByRole('form', { name: 'Forward draft' });
    expect(await forward.getByLabel('Subject').inputValue()).toBe('Fwd: Invoice charged twice');
    const files = forward.getByTestId('draft-files');
    await expect.poll(() => files.innerText()).toContain('invoice.pdf');
    expect(await forward.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await forward.getByTestId('draft-status').innerText()).toBe(
      'Add at least one address in To.',
    );
    // The limit the server states, said before the agent picks anything.
    expect(await forward.getByTestId('file-limit').innerText()).toBe('Files up to 25 MB each.');
    await forward.getByLabel('To', { exact: true }).fill('finance@example.com');
    // Its row and header name whom it goes to as typed (the server's forward names nobody).
    await expect
      .poll(() => row(page, forwardId).locator('.row__from').innerText())
      .toMatch(/^to finance@example\.com/u);
    expect(await page.getByTestId('detail-party').innerText()).toBe('to finance@example.com');
    await fileChosenToAttach(deskPage, 'refund-note.txt', 'Refund of 42 EUR approved.');
    await forward.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => files.innerText()).toContain('refund-note.txt');
    const big = join(dataDir, 'outgoing', 'scan.pdf');
    await writeFile(big, '');
    await truncate(big, 25 * 1024 * 1024 + 1);
    os.attachPaths = [big];
    await forward.getByRole('button', { name: 'Add files…' }).click();
    // Worded by the refusal's code (fileTooLarge), in the desk's language, with its own advice.
    await expect
      .poll(() => forward.getByRole('alert').innerText())
      .toContain(
        'scan.pdf is too large to send: files can be at most 25 MB. Send a smaller file, or share it another way.',
      );
    // By keyboard: the button pressed goes with its file, and the keyboard to the next file's.
    await forward.getByRole('button', { name: 'Remove invoice.pdf' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => files.innerText()).not.toContain('invoice.pdf');
    await expect.poll(() => focusedLabel(page)).toBe('Remove refund-note.txt');
    const onServer = () =>
      simulator.world.interactions.get(forwardId)?.email?.attachments.map((file) => file.name);
    expect(onServer()).toEqual(['refund-note.txt']);
    expect((await storedDraft(deskPage, forwardId))?.attachments.map((file) => file.name)).toEqual([
      'refund-note.txt',
    ]);
    // The next action cleared the message about the large file.
    expect(await forward.getByRole('alert').count()).toBe(0);
    await frames(page);
    await page.screenshot({ path: join(SHOTS, 'forward-with-files.png') });
    await forward.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(2);
    expect(simulator.world.sent[1]).toMatchObject({
      interactionId: forwardId,
      parentId: emailId,
      subType: 'OutboundNew',
      to: ['finance@example.com'],
      cc: [],
      subject: 'Fwd: Invoice charged twice',
      attachments: [{ name: 'refund-note.txt', size: 26 }],
    });
    // The original goes whole under a block naming its sender, which finance needs.
    const forwarded = simulator.world.sent[1]?.text ?? '';
    expect(forwarded).toContain(
      `---------- Forwarded message ----------\nFrom: Maria Lopez <maria@example.com>\nDate: ${writtenOn}, `,
    );
    expect(forwarded).toContain(
      '\nSubject: Invoice charged twice\nTo: support@switchboard.example, sales@example.com\nCc: bo@example.com\n\nHello,\nI was charged twice for order 4471.\nMaria',
    );

    // ---- New e-mail (CreateEmail)
    await page.getByTestId('new-email').click();
    const newId = await draftOpened(page, emailId);
    const created = page.getByRole('form', { name: 'New e-mail draft' });
    expect(await created.getByLabel('Text', { exact: true }).inputValue()).toBe('');
    // It names nobody yet: its row and header say so, never the desk's own mailbox as the party.
    expect(await page.getByTestId('detail-party').innerText()).toBe('no recipient yet');
    expect(await row(page, newId).locator('.row__from').innerText()).toMatch(/^no recipient yet/u);
    await created.getByLabel('To', { exact: true }).fill('ann@example.org');
    await created.getByLabel('Bcc', { exact: true }).fill('archive@example.com');
    await created.getByLabel('Subject').fill('Your new card');
    await created.getByLabel('Text', { exact: true }).fill('Your card is on its way.');
    await created.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(3);
    expect(simulator.world.sent[2]).toMatchObject({
      interactionId: newId,
      parentId: undefined,
      subType: 'OutboundNew',
      to: ['ann@example.org'],
      bcc: ['archive@example.com'],
      subject: 'Your new card',
      text: 'Your card is on its way.',
    });

    // ---- Reply, then Cancel: the server forgets the draft, and so does the cache
    const replyId = await respond(page, emailId, 'Reply');
    await typeAtStart(page, 'Never mind');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^Never mind/u);
    expect(simulator.world.interactions.get(replyId)?.state).toBe('ReplyCreated');
    // The e-mail it answers lists it under Replies as the draft in hand it is.
    await row(page, emailId).getByRole('button').first().click();
    const listed = page.locator(`[data-testid="thread-reply"][data-reply-id="${replyId}"]`);
    await expect
      .poll(() => listed.locator('.thread__text').innerText())
      .toBe('A draft, not sent yet: open it to go on writing.');
    // Done on the e-mail asks first: its customer has no answer yet. Escape leaves both as they
    // are; asked again, "Open the reply" goes to the draft.
    const done = page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Done' });
    await done.click();
    const question = page.getByTestId('unsent-reply-question');
    await expect.poll(() => question.count()).toBe(1);
    expect(await question.innerText()).toContain('Your reply to this e-mail is not sent yet.');
    expect(await focusedText(page)).toBe('Open the reply');
    await frames(page);
    await page.screenshot({ path: join(SHOTS, 'done-with-unsent-reply.png') });
    await expectAccessible(page, 'Done asking about a reply not sent');
    await page.emulateMedia({ colorScheme: 'light' });
    await question.getByRole('button', { name: 'Open the reply' }).focus();
    // Done again (a double click) leaves the choice to the question.
    await done.click();
    expect(await row(page, emailId).getAttribute('data-state')).toBe('Accepted');
    expect(await focusedText(page)).toBe('Open the reply');
    await page.keyboard.press('Escape');
    await expect.poll(() => question.count()).toBe(0);
    expect(await row(page, emailId).getAttribute('data-state')).toBe('Accepted');
    // The keyboard is back on Done, which asked.
    await expect.poll(() => focusedText(page)).toBe('Done');
    await done.click();
    await question.getByRole('button', { name: 'Open the reply' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Cancel e-mail' }).count()).toBe(1);
    // On the draft's text, to go on writing.
    await expect.poll(() => focusedId(page)).toBe('draft-text');
    // Cancel asks first: what was written would be lost. Keep writing has the keyboard, and
    // Escape keeps writing too, back on the button that asked.
    const cancelEmail = page.getByRole('button', { name: 'Cancel e-mail' });
    await cancelEmail.click();
    const discard = page.getByTestId('discard-question');
    await expect.poll(() => focusedText(page)).toBe('Keep writing');
    await frames(page);
    await page.screenshot({ path: join(SHOTS, 'discard-question.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => discard.count()).toBe(0);
    expect(await focusedText(page)).toBe('Cancel e-mail');
    expect(simulator.world.interactions.has(replyId)).toBe(true);
    await cancelEmail.click();
    await discard.getByRole('button', { name: 'Discard e-mail' }).click();
    await expect.poll(() => simulator.world.interactions.has(replyId)).toBe(false);
    // The simulator forgets the draft before its answer reaches the desk, which forgets its copy
    // once the answer came (a save typed after Cancel would keep it, and fail this).
    await expect.poll(() => storedDraft(deskPage, replyId)).toBeNull();
    expect(simulator.world.sent).toHaveLength(3);
    // The e-mail it answered lists it as not sent (the server's copy was closed like a sent
    // one), and so does the discarded reply itself: never taken for an e-mail the customer got.
    await row(page, emailId).getByRole('button').first().click();
    await expect.poll(() => listed.locator('.thread__when').innerText()).toBe('Not sent');
    expect(await listed.getByTestId('thread-not-sent').innerText()).toBe(
      'Not sent from this desk: discarded, or closed without being sent.',
    );
    await listed.getByRole('button', { name: 'Open' }).click();
    await expect
      .poll(() => page.getByTestId('not-sent-note').innerText())
      .toBe('Not sent from this desk: discarded, or closed without being sent.');
    expect(await page.getByTestId('sent-note').count()).toBe(0);

    // ---- The sent forward in History offers the agent's own file, kept when it was added (the
    // server serves it no longer): Open and Save as…, not "Not downloaded yet".
    await page.getByRole('tab', { name: 'History' }).click();
    const sentForward = row(page, forwardId);
    await expect.poll(() => sentForward.count()).toBe(1);
    await sentForward.getByRole('button').first().click();
    const sentFile = page.locator('.attachment', { hasText: 'refund-note.txt' });
    await expect.poll(() => sentFile.count()).toBe(1);
    expect(await sentFile.getByRole('button', { name: 'Open refund-note.txt' }).count()).toBe(1);
    expect(await page.getByText('Not downloaded yet').count()).toBe(0);
    await frames(page);
    await page.screenshot({ path: join(SHOTS, 'sent-forward-files.png') });

    // The sent new e-mail names its blind copy above it, the address in an isolate of its own
    // (an <i18n-t> slot is not isolated by the message compiler).
    await row(page, newId).getByRole('button').first().click();
    const bcc = page.getByTestId('sent-bcc');
    await expect.poll(() => bcc.count()).toBe(1);
    expect(await page.getByTestId('sent-note').innerText()).toMatch(
      /^You sent this e-mail .+\. Bcc: archive@example\.com$/u,
    );
    expect(await bcc.locator('bdi').allInnerTexts()).toEqual(['archive@example.com']);
    await screenshotsAtThreeSizes(page, 'compose', 'sent-bcc');

    expect(problems).toEqual([]);
    // Nothing but the loopback servers was ever asked for.
    expect(
      deskPage.responses.filter(
        (response) => !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/u.test(response.url),
      ),
    ).toEqual([]);
  }, 90_000);

  it('opens a reply, quoted, and a new e-mail on a server whose answers name no draft (002)', async () => {
    // 002 documents Reply's and CreateEmail's answers as `{"status":"ok"}` alone, and the
    // draft's notification with no parent: the desk knows its draft by the notification.
    const deskPage = await openDeskPage({ simulator: { documentedDraftAnswers: true } });
    const { page, simulator, problems } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    expect(simulator.world.interactions.get(replyId)?.parentId).toBeNull();
    const reply = page.getByRole('form', { name: 'Reply draft' });
    const text = reply.getByLabel('Text', { exact: true });
    await expect.poll(() => text.inputValue()).toContain('I was charged twice for order 4471.');
    expect(await reply.getByLabel('To', { exact: true }).inputValue()).toContain(
      'maria@example.com',
    );
    await page.screenshot({ path: `${SHOTS}/reply-documented-answer.png` });

    await page.getByTestId('new-email').click();
    const newId = await draftOpened(page, replyId);
    expect(simulator.world.interactions.get(newId)?.subType).toBe('OutboundNew');
    const created = page.getByRole('form', { name: 'New e-mail draft' });
    await expect.poll(() => created.count()).toBe(1);
    // No subject: Send asks once, with the keyboard in Subject; Send again sends without one.
    await created.getByLabel('To', { exact: true }).fill('ann@example.org');
    await created.getByLabel('Text', { exact: true }).fill('Your card is on its way.');
    const send = created.getByRole('button', { name: 'Send' });
    await send.click();
    await expect
      .poll(() => created.getByTestId('no-subject').innerText())
      .toBe('This e-mail has no subject. Write one, or press Send again to send it without.');
    expect(await focusedId(page)).toBe('draft-subject');
    await page.screenshot({ path: `${SHOTS}/new-email-no-subject.png` });
    expect(simulator.world.sent).toHaveLength(0);
    await send.click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]?.interactionId).toBe(newId);
    expect(problems).toEqual([]);
  }, 60_000);

  it("names the queue set in Settings for a new e-mail; a reply waits in the e-mail's own", async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const queue = settings.getByRole('textbox', { name: 'Queue for new e-mails' });
    expect(await queue.inputValue()).toBe('SimpleEmailOutQueue');
    await queue.fill('  ');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => settings.getByRole('alert').first().innerText())
      .toContain('The queue for new e-mails cannot be blank.');
    await queue.fill('Overflow');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.getByRole('status').innerText()).toBe('Saved.');
    // The field, in the middle of the dialog's scroll, at each of the three sizes.
    await fieldScreenshots(page, 'compose', 'settings-outbound-queue', 'settings-outbound-queue');
    // Scrolled there, the list of sections stays in place, whole, under the dialog's heading
    // (was: it scrolled away with the panel, an empty column left beside the field).
    await queue.scrollIntoViewIfNeeded();
    const [headingBottom, tabTop, listBottom, dialogBottom] = await page.evaluate<
      number[]
    >(`(() => {
      const dialog = document.querySelector('[data-testid="settings"]');
      const list = dialog.querySelector('[role="tablist"]').getBoundingClientRect();
      return [
        dialog.querySelector('.dialog-header').getBoundingClientRect().bottom,
        list.top,
        list.bottom,
        dialog.getBoundingClientRect().bottom,
      ];
    })()`);
    expect(Number(tabTop)).toBeGreaterThanOrEqual(Number(headingBottom));
    expect(Number(listBottom)).toBeLessThanOrEqual(Number(dialogBottom));
    await settings.getByRole('button', { name: 'Close' }).click();

    // CreateEmail names it, with 002's type and subtype of a new outbound e-mail.
    await page.getByTestId('new-email').click();
    const newId = await draftOpened(page);
    expect(simulator.world.interactions.get(newId)).toMatchObject({
      queue: 'Overflow',
      type: 'Outbound',
      subType: 'OutboundNew',
    });
    const created = page.getByRole('form', { name: 'New e-mail draft' });
    await created.getByLabel('To', { exact: true }).fill('ann@example.org');
    await created.getByLabel('Subject').fill('Your new card');
    await created.getByLabel('Text', { exact: true }).fill('On its way.');
    await created.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);

    // A reply names none: its draft waits in the queue the server gives the e-mail (its
    // outQueues), and is sent from there.
    const emailId = await acceptedEmail(deskPage);
    const replyId = await respond(page, emailId, 'Reply');
    expect(simulator.world.interactions.get(replyId)?.queue).toBe('SimpleEmailOutQueue');
    await typeAtStart(page, 'Refunded.');
    await page
      .getByRole('form', { name: 'Reply draft' })
      .getByRole('button', { name: 'Send' })
      .click();
    await expect.poll(() => simulator.world.sent.length).toBe(2);
    expect(simulator.world.sent.map((sent) => [sent.interactionId, sent.queue])).toEqual([
      [newId, 'Overflow'],
      [replyId, 'SimpleEmailOutQueue'],
    ]);
    expect(problems).toEqual([]);
  }, 90_000);

  it('leaves nothing of one agent’s refused New e-mail on the next agent’s desk', async () => {
    const deskPage = await openDeskPage();
    const { page, desk, problems } = deskPage;
    await signInReady(page);
    await desk.handlers.settings.update({ outboundEmailQueue: 'Agent1-Private-Queue' });
    // The page reads the settings as it loads (Settings' own dialog would say so at once).
    console.log('RELOAD', Date.now());
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await page.getByTestId('new-email').click();
    const alert = page.locator('.detail__alert');
    await expect.poll(() => alert.innerText()).toContain('Agent1-Private-Queue');

    // agent1 signs out; agent2 sits down and signs in: an empty desk, no alert of agent1's.
    await page.getByTestId('agent-menu-button').click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('User name').fill('agent2');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await frames(page);
    expect(await alert.count()).toBe(0);
    expect(await page.getByText('Agent1-Private-Queue').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'next-agent-clean.png') });
    expect(problems).toEqual([]);
  });

  it('shows the files the server took when adding more failed, and keeps them on the next save', async () => {
    let failAfterUpload = false;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        drafts: {
          ...handlers.drafts,
          // The first file reaches the server through the real desk; the next one fails, as a
          // server refusing the second of two files does.
          attachFiles: async (fields) => {
            const stored = await handlers.drafts.attachFiles(fields);
            if (failAfterUpload)
              throw new SwitchboardFailure('network', 'second.pdf could not be added: reset');
            return stored;
          },
        },
      }),
    });
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await fileChosenToAttach(deskPage, 'refund-note.txt', 'Refund of 42 EUR approved.');
    failAfterUpload = true;
    await reply.getByRole('button', { name: 'Add files…' }).click();
    await expect
      .poll(() => reply.getByRole('alert').locator('.error-alert__text').innerText())
      .toBe('The server cannot be reached. Check the network and try again.');
    // Which file, and the network's word, under Details.
    expect(await reply.getByRole('alert').locator('.error-alert__detail').textContent()).toBe(
      'network: second.pdf could not be added: reset',
    );
    expect(
      simulator.world.interactions.get(replyId)?.email?.attachments.map((file) => file.name),
    ).toEqual(['refund-note.txt']);
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(1);
    expect(await reply.getByTestId('draft-files').innerText()).toContain('refund-note.txt');
    // The next save keeps the file on the stored draft too.
    await typeAtStart(page, 'See the note.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^See the note\./u);
    expect((await storedDraft(deskPage, replyId))?.attachments.map((file) => file.name)).toEqual([
      'refund-note.txt',
    ]);
    // The last file removed by mouse: the keyboard goes to Add files…, not out of the page.
    await reply.getByRole('button', { name: 'Remove refund-note.txt' }).click();
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(0);
    await expect.poll(() => focusedLabel(page)).toBe('Add files…');
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('shows a file the server took while the agent looked at another interaction, and sends it as listed', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    // The attachment limit asked before the server slows down.
    await expect.poll(() => reply.getByTestId('file-limit').count()).toBe(1);
    await fileChosenToAttach(deskPage, 'refund-note.txt', 'Refund of 42 EUR approved.');
    // A slow upload: the agent looks at the customer's e-mail meanwhile, and comes back.
    simulator.control.stall(2_500);
    await reply.getByRole('button', { name: 'Add files…' }).click();
    await openCustomersEmail(page, emailId);
    await backToDraft(page, replyId);
    await expect
      .poll(() => simulator.world.interactions.get(replyId)?.email?.attachments.length, {
        timeout: 10_000,
      })
      .toBe(1);
    // The composer shows the file the customer will get, and keeps it on its next save.
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(1);
    await typeAtStart(page, 'See the note.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^See the note\./u);
    expect((await storedDraft(deskPage, replyId))?.attachments.map((file) => file.name)).toEqual([
      'refund-note.txt',
    ]);
    // Sent with it, and the desk's copy of what was sent lists it as the customer gets it.
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]?.attachments.map((file) => file.name)).toEqual([
      'refund-note.txt',
    ]);
    await expect
      .poll(async () =>
        (await deskPage.desk.handlers.interactions.get(replyId))?.attachments.map(
          (file) => file.name,
        ),
      )
      .toEqual(['refund-note.txt']);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('shows a file the server took while the page was loaded again (its renderer lost mid-upload), and keeps it on the next save', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(() => reply.getByTestId('file-limit').count()).toBe(1);
    await fileChosenToAttach(deskPage, 'refund-note.txt', 'Refund of 42 EUR approved.');
    // A slow upload, and the page goes while it runs: the page loaded again knows nothing of it.
    simulator.control.stall(2_500);
    await reply.getByRole('button', { name: 'Add files…' }).click();
    await page.reload();
    await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
    expect(simulator.world.interactions.get(replyId)?.email?.attachments.length).toBe(1);
    // The composer shows the file the customer will get, and its next save keeps it.
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(1);
    await typeAtStart(page, 'See the note.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^See the note\./u);
    expect((await storedDraft(deskPage, replyId))?.attachments.map((file) => file.name)).toEqual([
      'refund-note.txt',
    ]);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('a page loaded again while a Send was on its way offers no draft to write on: it shows the e-mail sent once answered', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'Refunded.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^Refunded\./u);
    // A slow server, and the page goes as the Send waits for its answer.
    simulator.control.stall(3_000);
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => deskPage.bridge.calls.some((call) => call.channel.endsWith('drafts:send')))
      .toBe(true);
    await page.reload();
    // No composer to type a PS into, which the Send under way would never carry: once
    // answered, the e-mail shows as sent, as the customer got it.
    const first = await Promise.race([
      page
        .locator('[data-testid="composer"][data-ready="true"]')
        .waitFor({ timeout: 10_000 })
        .then(
          () => 'a draft to write on',
          () => 'none',
        ),
      page
        .getByText('You sent this e-mail', { exact: false })
        .waitFor({ timeout: 10_000 })
        .then(
          () => 'the e-mail sent',
          () => 'none',
        ),
    ]);
    expect(first).toBe('the e-mail sent');
    expect(simulator.world.sent.map((sent) => sent.text)).toEqual([
      expect.stringMatching(/^Refunded\./u),
    ]);
    expect(await reply.count()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('leaves out a file the server removed while the agent looked at another interaction', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await fileChosenToAttach(deskPage, 'refund-note.txt', 'Refund of 42 EUR approved.');
    await reply.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(1);
    // A slow removal: the agent looks at the customer's e-mail meanwhile, and comes back.
    simulator.control.stall(2_500);
    await reply.getByRole('button', { name: 'Remove refund-note.txt' }).click();
    await openCustomersEmail(page, emailId);
    await backToDraft(page, replyId);
    await expect
      .poll(() => simulator.world.interactions.get(replyId)?.email?.attachments.length, {
        timeout: 10_000,
      })
      .toBe(0);
    // The composer no longer offers the file, and its next save does not bring it back.
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(0);
    await typeAtStart(page, 'No note after all.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^No note after all\./u);
    expect((await storedDraft(deskPage, replyId))?.attachments).toEqual([]);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('forwards an e-mail whose file has a very long name or type, and keeps its draft meanwhile', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    // A stranger's file names and types have no length: 1,100 characters of name (RFC 2231
    // splits one over as many lines as it likes), a type with a long `name=` parameter.
    const longName = `Scan ${'7'.repeat(1_100)}.pdf`;
    const longType = `application/pdf; name="${'x'.repeat(300)}.pdf"`;
    const emailId = simulator.control.receiveEmail({
      from: 'maria@example.com',
      subject: 'Scans',
      text: 'The scans.',
      attachments: [
        { name: longName, mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 one') },
        { name: 'receipt.pdf', mimeType: longType, bytes: Buffer.from('%PDF-1.4 two') },
      ],
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button').first().click();
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Forward', exact: true })
      .click();
    const forwardId = await draftOpened(page, emailId);
    const forward = page.getByRole('form', { name: 'Forward draft' });
    await expect
      .poll(() => forward.getByTestId('draft-files').innerText())
      .toContain('receipt.pdf');
    await forward.getByLabel('To', { exact: true }).fill('finance@example.com');
    await typeAtStart(page, 'Both scans, for the refund.');
    // Kept as typed, with its files.
    await expect
      .poll(async () => (await storedDraft(deskPage, forwardId))?.text)
      .toMatch(/^Both scans, for the refund\./u);
    expect(await forward.getByTestId('draft-status').innerText()).not.toContain(
      'could not be saved',
    );
    await forward.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]).toMatchObject({
      interactionId: forwardId,
      to: ['finance@example.com'],
      attachments: [
        { name: longName, size: 12 },
        { name: 'receipt.pdf', size: 12 },
      ],
    });
    expect(simulator.world.sent[0]?.text).toMatch(/^Both scans, for the refund\./u);
    // The desk's copy of what was sent lists both files.
    await expect
      .poll(
        async () => (await deskPage.desk.handlers.interactions.get(forwardId))?.attachments.length,
      )
      .toBe(2);
    expect(await forward.getByRole('alert').count()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('keeps the words typed while a file is being removed, once the server took the removal', async () => {
    // The removal held until the test has typed, as a slow server holds the DELETE.
    const { deskPage, releases } = await deskHoldingDrafts('removeAttachment');
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await fileChosenToAttach(deskPage, 'wrong-note.txt', 'Not this one.');
    await reply.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(1);
    await reply.getByRole('button', { name: 'Remove wrong-note.txt' }).click();
    await expect.poll(() => releases.length).toBe(1);
    // The agent writes on while the server removes the file; the words are kept as typed.
    await typeAtStart(page, 'Dear Maria, the refund is on its way.');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^Dear Maria, the refund is on its way\./u);
    releases[0]?.();
    await expect.poll(() => reply.getByTestId('draft-files').count()).toBe(0);
    expect(simulator.world.interactions.get(replyId)?.email?.attachments).toEqual([]);
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.attachments.length)
      .toBe(0);
    // The removal did not put back the text as it was when Remove was pressed.
    expect((await storedDraft(deskPage, replyId))?.text).toMatch(
      /^Dear Maria, the refund is on its way\./u,
    );
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('keeps what was typed while the draft could not be saved, across switching away and back', async () => {
    const disk = { full: false };
    const deskPage = await deskOnADiskThatFills(disk);
    const { page } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(async () => (await storedDraft(deskPage, replyId))?.text).toMatch(/^\n/u);
    disk.full = true;
    await typeAtStart(page, 'Dear Maria, the refund is on its way.');
    await expect
      .poll(() => reply.getByTestId('draft-status').innerText())
      .toBe('The draft could not be saved on this computer; it is kept while this window is open.');
    // A look at the customer's e-mail, and back to the reply.
    await openCustomersEmail(page, emailId);
    disk.full = false;
    await backToDraft(page, replyId);
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toMatch(
      /^Dear Maria, the refund is on its way\.\n/u,
    );
    // Kept on this computer too, now that the cache takes writes again.
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^Dear Maria, the refund is on its way\.\n/u);
    // Refused again, and the server ends the draft (another desk, a supervisor): its kept copy
    // is what was typed, not the older one the cache holds.
    disk.full = true;
    await typeAtStart(page, 'PS ');
    await expect
      .poll(() => reply.getByTestId('draft-status').innerText())
      .toBe('The draft could not be saved on this computer; it is kept while this window is open.');
    const onServer = deskPage.simulator.world.interactions.get(replyId);
    if (onServer === undefined) throw new Error('the draft is not on the server');
    deskPage.simulator.world.complete(onServer);
    await expect.poll(() => page.getByTestId('draft-gone').isVisible()).toBe(true);
    expect(await page.getByTestId('draft-gone-text').innerText()).toMatch(
      /^PS Dear Maria, the refund is on its way\./u,
    );
    expect((await storedDraft(deskPage, replyId))?.text).toMatch(/^Dear Maria/u);
  }, 60_000);

  it('keeps the draft on this computer by itself once the disk takes writes again, with no more typing', async () => {
    const disk = { full: false };
    const deskPage = await deskOnADiskThatFills(disk);
    const { page } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(async () => (await storedDraft(deskPage, replyId))?.text).toMatch(/^\n/u);
    disk.full = true;
    await typeAtStart(page, 'Dear Maria, the refund is on its way.');
    await expect
      .poll(() => reply.getByTestId('draft-status').innerText())
      .toBe('The draft could not be saved on this computer; it is kept while this window is open.');
    // Space is freed (IT, a clean-up) while the agent reads the customer's e-mail in the pane
    // beside: nothing typed since. The draft stayed "could not be saved" until the next key, and
    // a crash or a power cut meanwhile lost the reply though the disk had room again.
    disk.full = false;
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text, { timeout: 5_000 })
      .toMatch(/^Dear Maria, the refund is on its way\.\n/u);
    await expect
      .poll(() => reply.getByTestId('draft-status').innerText())
      .toMatch(/^Draft saved /u);
    // Main answered each refusal as the disk's trouble (a warning, not a failure of its own),
    // and nothing else went wrong.
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('offers Add files… on a draft only while the server lists LinkAttachment among its capabilities', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    const addFiles = reply.getByRole('button', { name: 'Add files…' });
    await expect.poll(() => addFiles.count()).toBe(1);
    const draft = simulator.world.interactions.get(replyId);
    if (draft === undefined) throw new Error('no draft on the server');
    /** The draft's ReplyCreated notification as the simulator words it, with `capabilities`. */
    const announce = (keep: (capability: string) => boolean) => {
      const message = interactionMessage(simulator.options.dialect, draft);
      const fields = (message.interaction ?? message) as { capabilities: string[] };
      fields.capabilities = fields.capabilities.filter(keep);
      simulator.control.injectNotification('agent1', '/v2/me/interactions', message);
    };
    // 001/002's Reply Created lists LinkAttachment; a server that leaves it out takes no files.
    announce((capability) => capability !== 'LinkAttachment');
    await expect.poll(() => addFiles.count()).toBe(0);
    expect(await reply.getByRole('button', { name: 'Send' }).count()).toBe(1);
    await screenshotsAtThreeSizes(page, 'compose', 'draft-without-link-attachment');
    announce(() => true);
    await expect.poll(() => addFiles.count()).toBe(1);
    expect(deskPage.problems).toEqual([]);
  });

  it('takes no typing while sending, and keeps no draft of the e-mail once sent', async () => {
    // Send held until the test has tried to type, as a slow server would hold it.
    const { deskPage, releases } = await deskHoldingDrafts('send');
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'Refunded.');
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => releases.length).toBe(1);
    const text = reply.getByLabel('Text', { exact: true });
    const before = await text.inputValue();
    await text.press('End');
    await page.keyboard.type(' And more.');
    expect(await text.inputValue()).toBe(before);
    expect(await text.getAttribute('readonly')).not.toBeNull();
    releases[0]?.();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]?.text).toBe(before);
    await expect.poll(() => page.getByText('The e-mail was sent.').count()).toBe(1);
    // The Send button went with the draft: the keyboard is on the sent e-mail's heading, not lost.
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    // Longer than the save's debounce: nothing brought the draft back.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await storedDraft(deskPage, replyId)).toBeNull();
    expect(await page.getByTestId('draft-gone').count()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('offers no second Send of a draft whose Send is under way, and says a refusal answered once the agent looked elsewhere', async () => {
    // Each Send held as a slow server holds it, until the test lets it go.
    const { deskPage, releases: held } = await deskHoldingDrafts('send');
    const { page, simulator } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    await typeAtStart(page, 'Refunded.');
    const reply = page.getByRole('form', { name: 'Reply draft' });
    const text = reply.getByLabel('Text', { exact: true });
    const written = await text.inputValue();
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => held.length).toBe(1);
    // A look at the customer's e-mail while the server takes its time, and back to the reply:
    // still being sent, so no typing that would not go, and no second Send.
    await openCustomersEmail(page, emailId);
    await backToDraft(page, replyId);
    expect(await text.getAttribute('readonly')).not.toBeNull();
    expect(await reply.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await page.keyboard.press('Control+Enter');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(held).toHaveLength(1);

    // The agent goes on to the customer's e-mail, and the server refuses the Send meanwhile:
    // the reply's row and the reply itself say so, its words kept and sendable.
    await openCustomersEmail(page, emailId);
    simulator.control.failNextRequests(['unavailable']);
    held[0]?.();
    await expect.poll(() => page.getByTestId('composer').count()).toBe(0);
    await expect
      .poll(() => row(page, replyId).getByTestId('row-failed').innerText())
      .toBe('Message not sent');
    await backToDraft(page, replyId);
    await expect.poll(() => page.getByTestId('error-alert').count()).toBe(1);
    expect(await page.getByTestId('error-alert').locator('code').textContent()).toMatch(
      /Service temporarily unavailable$/u,
    );
    expect(simulator.world.sent).toHaveLength(0);
    expect(await text.inputValue()).toBe(written);
    expect(await text.getAttribute('readonly')).toBeNull();
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => held.length).toBe(2);
    held[1]?.();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]?.text).toBe(written);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('says a Cancel refused once the agent looked at another interaction, the draft kept', async () => {
    const { deskPage, releases } = await deskHoldingDrafts('cancel');
    const { page, simulator } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    await page.getByRole('button', { name: 'Cancel e-mail' }).click();
    await page
      .getByTestId('discard-question')
      .getByRole('button', { name: 'Discard e-mail' })
      .click();
    await expect.poll(() => releases.length).toBe(1);
    await openCustomersEmail(page, emailId);
    simulator.control.failNextRequests(['unavailable']);
    releases[0]?.();
    await expect
      .poll(() => row(page, replyId).getByTestId('row-failed').innerText())
      .toBe('Action failed');
    expect(simulator.world.interactions.has(replyId)).toBe(true);
    await backToDraft(page, replyId);
    await expect.poll(() => page.getByTestId('error-alert').count()).toBe(1);
    expect(await page.getByTestId('error-alert').locator('code').textContent()).toMatch(
      /Service temporarily unavailable$/u,
    );
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('keeps what the agent wrote when Send fails, says so, and sends it once on a double click', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { replyId } = await replyStarted(deskPage);
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'We refunded the second charge today.');
    const text = reply.getByLabel('Text', { exact: true });
    const written = await text.inputValue();
    // Addresses with names, as pasted from a mail program.
    const to = '"Lopez, Maria" <maria@example.com>, Billing <billing@example.com>';
    await reply.getByLabel('To', { exact: true }).fill(to);

    simulator.control.failNextRequests(['unavailable']);
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => reply.getByRole('alert').count()).toBe(1);
    expect(simulator.world.sent).toHaveLength(0);
    expect(await text.inputValue()).toBe(written);
    expect(await text.getAttribute('readonly')).toBeNull();
    // Kept as the agent wrote it, the names too.
    expect(await storedDraft(deskPage, replyId)).toMatchObject({ text: written, to });

    await reply.getByRole('button', { name: 'Send' }).dblclick();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(simulator.world.sent).toHaveLength(1);
    expect(simulator.world.sent[0]).toMatchObject({
      text: written,
      to: ['maria@example.com', 'billing@example.com'],
    });
  }, 60_000);

  it('asks the server what became of a Send left unanswered, and says what it learnt', async () => {
    const deskPage = await openDeskPage({ sendFollowUpPausesMs: QUICK_FOLLOW_UPS_MS });
    const { page, simulator } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage);
    const sentOf = (id: string) => simulator.world.sent.filter((sent) => sent.interactionId === id);

    // Cut before the server got it: not sent, said so, the text kept and sendable.
    const firstId = await respond(page, emailId, 'Reply');
    const first = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'We refunded the second charge today.');
    const written = await first.getByLabel('Text', { exact: true }).inputValue();
    simulator.control.failNextRequests(['reset']);
    await first.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => first.getByRole('alert').innerText())
      .toMatch(/^The e-mail was not sent: the server did not answer/u);
    expect(sentOf(firstId)).toEqual([]);
    expect(await first.getByLabel('Text', { exact: true }).inputValue()).toBe(written);
    await screenshotsAtThreeSizes(page, 'compose', 'send-not-sent');

    // Carried out, its answer lost: the desk asks, and it is sent like any other.
    simulator.control.failNextRequests(['answerLost']);
    await first.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByText('The e-mail was sent.').count()).toBe(1);
    expect(sentOf(firstId)).toHaveLength(1);
    expect(await page.getByTestId('draft-gone').count()).toBe(0);
    expect(await storedDraft(deskPage, firstId)).toBeNull();

    // Carried out, and the server not to be asked right after it (three questions), while the
    // server's end of the draft came: that end makes the desk ask again at once (not at its
    // first look again, seconds later), and the e-mail shows as sent. At no time does the kept
    // draft say it "can no longer be sent" beside the alert that it may have left.
    const endHeardId = await respond(page, emailId, 'Reply');
    const endHeard = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'The refund is on its way.');
    await page.evaluate((words) => {
      const scope = globalThis as unknown as {
        document: { body: object; documentElement: { innerText: string } };
        MutationObserver: new (seen: () => void) => {
          observe: (node: object, options: object) => void;
        };
        goneNoteSeen?: boolean;
      };
      scope.goneNoteSeen = false;
      new scope.MutationObserver(() => {
        if (scope.document.documentElement.innerText.includes(words)) scope.goneNoteSeen = true;
      }).observe(scope.document.body, { childList: true, subtree: true, characterData: true });
    }, 'can no longer be sent');
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);
    await endHeard.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByText('You sent this e-mail').count()).toBe(1);
    expect(await storedDraft(deskPage, endHeardId)).toBeNull();
    expect(await page.getByTestId('draft-gone').count()).toBe(0);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { goneNoteSeen: boolean }).goneNoteSeen),
    ).toBe(false);
    expect(sentOf(endHeardId)).toHaveLength(1);
    await screenshotsAtThreeSizes(page, 'compose', 'send-outcome-end-heard');

    // Carried out, and the server not to be asked at once, on hearing the draft's end, nor at
    // the first look again (three questions each), then showing the draft to no question while
    // the agent reads: not known, said so where the draft was, though the server's end of the
    // draft took its composer away; once it shows it again, the desk finds it sent on its own.
    const secondId = await respond(page, emailId, 'Reply');
    const second = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'A second word on it.');
    simulator.control.failNextRequests(['answerLost', ...Array<'reset'>(9).fill('reset')]);
    await second.getByRole('button', { name: 'Send' }).click();
    const secondOnServer = await hiddenOnceSent(simulator, secondId);
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toMatch(/^It is not known whether the e-mail was sent/u);
    // The kept draft under it says the same, not that it "can no longer be sent".
    await expect
      .poll(() => page.getByTestId('draft-gone').getByRole('note').innerText())
      .toMatch(/^It is not known yet whether this e-mail was sent\. What you wrote is kept here/u);
    expect(sentOf(secondId)).toHaveLength(1);
    await screenshotsAtThreeSizes(page, 'compose', 'send-outcome-unknown');
    await darkScreenshotsAt1280And320(page, 'compose', 'send-outcome-unknown');
    simulator.world.interactions.set(secondId, secondOnServer);
    await expect
      .poll(async () => (await storedDraft(deskPage, secondId)) === null, { timeout: 20_000 })
      .toBe(true);
    await expect.poll(() => page.getByTestId('draft-gone').count()).toBe(0);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(await page.getByText('You sent this e-mail').count()).toBe(1);
    expect(sentOf(secondId)).toHaveLength(1);
    await screenshotsAtThreeSizes(page, 'compose', 'send-outcome-found-sent');

    // Cut before the server got it, and the server not to be asked right after (three
    // questions), then showing the draft to no question while the agent reads: not known, said
    // so. The desk's own look again, once the server shows it, finds it still a draft: the alert
    // says, without the draft being opened again, that it was not sent; the text is kept and
    // sendable.
    const thirdId = await respond(page, emailId, 'Reply');
    const third = page.getByRole('form', { name: 'Reply draft' });
    await typeAtStart(page, 'A third word on it.');
    const thirdWritten = await third.getByLabel('Text', { exact: true }).inputValue();
    const thirdOnServer = simulator.world.interactions.get(thirdId);
    if (thirdOnServer === undefined) throw new Error('the draft is not on the server');
    simulator.control.failNextRequests(['reset', 'reset', 'reset', 'reset']);
    await third.getByRole('button', { name: 'Send' }).click();
    // Hidden while the Send and its three questions are cut (1.3 s of pauses between them).
    simulator.world.interactions.delete(thirdId);
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toMatch(/^It is not known whether the e-mail was sent/u);
    simulator.world.interactions.set(thirdId, thirdOnServer);
    await expect
      .poll(() => page.getByRole('alert').first().innerText(), { timeout: 20_000 })
      .toMatch(/^The e-mail was not sent: the server did not answer/u);
    expect(await page.getByText('It is not known whether the e-mail was sent').count()).toBe(0);
    expect(await third.getByLabel('Text', { exact: true }).inputValue()).toBe(thirdWritten);
    expect((await storedDraft(deskPage, thirdId))?.text).toBe(thirdWritten);
    expect(sentOf(thirdId)).toEqual([]);
    await screenshotsAtThreeSizes(page, 'compose', 'send-outcome-found-not-sent');
    await third.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => sentOf(thirdId).length).toBe(1);
    expect(sentOf(thirdId)[0]?.text).toBe(thirdWritten);
    expect(deskPage.problems).toEqual([]);
  }, 120_000);

  it('says so when the kept draft cannot be read, and never saves over it', async () => {
    let readFails = false;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        drafts: {
          ...handlers.drafts,
          get: (id) => {
            if (readFails) throw new SwitchboardFailure('internal', 'The cache could not be read');
            return handlers.drafts.get(id);
          },
        },
      }),
    });
    const { page } = deskPage;
    const { emailId, replyId } = await replyStarted(deskPage);
    await typeAtStart(page, 'Half an answer');
    await expect
      .poll(async () => (await storedDraft(deskPage, replyId))?.text)
      .toMatch(/^Half an answer/u);
    const kept = await storedDraft(deskPage, replyId);
    await openCustomersEmail(page, emailId);
    readFails = true;
    await row(page, replyId).getByRole('button').first().click();
    const composer = page.getByTestId('composer');
    await expect.poll(() => composer.count()).toBe(1);
    // Longer than the save's debounce: the kept draft is as it was.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    readFails = false;
    expect(await storedDraft(deskPage, replyId)).toEqual(kept);
    readFails = true;
    await expect
      .poll(() => composer.getByRole('alert').locator('.error-alert__detail').textContent())
      .toBe('internal: The cache could not be read');
    expect(await composer.getAttribute('data-load-failed')).toBe('true');
    expect(await composer.getAttribute('data-ready')).toBe('false');
    expect(await page.getByLabel('Text', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await composer.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
  }, 60_000);

  it('keeps the words typed just before the page goes or hides, within the save delay', async () => {
    const deskPage = await openDeskPage({ clock: Date.now() });
    const { page } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage);
    const draftId = await respond(page, emailId, 'Reply');
    await expect.poll(async () => (await storedDraft(deskPage, draftId))?.text).toMatch(/^\n/u);
    /** What the page fires as it goes (a reload, a renderer restarted) or its window hides. */
    const fire = (event: 'pagehide' | 'visibilitychange') =>
      page.evaluate((event) => {
        const scope = globalThis as unknown as EventTarget & {
          document: EventTarget & { visibilityState: string };
          Event: new (type: string) => Event;
        };
        if (event === 'pagehide') {
          scope.dispatchEvent(new scope.Event('pagehide'));
          return;
        }
        Object.defineProperty(scope.document, 'visibilityState', {
          value: 'hidden',
          configurable: true,
        });
        scope.document.dispatchEvent(new scope.Event('visibilitychange'));
      }, event);
    // The page's time stands still from here: the save delay never ends, as for a page that
    // goes (or hides) within it. pauseAt jumps the page's clock ahead to that time at once, so
    // the time is a second ahead: 50 ms was sometimes in the past by the time the page got the
    // call on a loaded machine ("Cannot fast-forward to the past"). Nothing is typed until then.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
    // Typed, and at once the page goes: no debounce wait, no blur. (A real reload's own
    // pagehide cannot be watched here: Playwright drops a binding called as its page unloads.)
    await typeAtStart(page, 'Dear Maria, the refund is on its way');
    await fire('pagehide');
    await expect
      .poll(async () => (await storedDraft(deskPage, draftId))?.text)
      .toMatch(/^Dear Maria, the refund is on its way\n/u);
    // The window hidden (closed to the tray, and Quit from there shuts the core down first).
    await typeAtStart(page, 'PS ');
    await fire('visibilitychange');
    await expect
      .poll(async () => (await storedDraft(deskPage, draftId))?.text)
      .toMatch(/^PS Dear Maria, the refund/u);
    // The page loaded anew shows the draft as kept.
    await page.clock.resume();
    await page.reload();
    await expect.poll(() => row(page, draftId).count()).toBe(1);
    await row(page, draftId).getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toMatch(
      /^PS Dear Maria, the refund is on its way\n/u,
    );
    // The server ends the draft (another desk, a supervisor) within the save delay: its kept
    // copy shows what was typed up to then.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
    await typeAtStart(page, 'PPS ');
    const onServer = deskPage.simulator.world.interactions.get(draftId);
    if (onServer === undefined) throw new Error('the draft is not on the server');
    deskPage.simulator.world.complete(onServer);
    await expect.poll(() => page.getByTestId('draft-gone').isVisible()).toBe(true);
    await expect
      .poll(async () => (await storedDraft(deskPage, draftId))?.text)
      .toMatch(/^PPS PS Dear Maria/u);
    expect(await page.getByTestId('draft-gone-text').innerText()).toMatch(/^PPS PS Dear Maria/u);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  describe('a draft kept in the cache', () => {
    let simulator: Simulator | undefined;
    let dataDir: string | undefined;
    afterEach(async () => {
      await simulator?.close();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    });

    it('survives a restart of the core, and shows read-only once its e-mail is gone', async () => {
      simulator = await startSimulator({ port: 0, scenario: 'quiet', control: false });
      dataDir = await mkdtemp(join(tmpdir(), 'switchboard-compose-'));
      const reuse = { simulator, dataDir };

      const first = await openDeskPage({ reuse });
      await signInReady(first.page);
      const emailId = await acceptedEmail(first);
      const draftId = await respond(first.page, emailId, 'Reply');
      await typeAtStart(first.page, 'Dear Maria, half an answer');
      await first.page.getByLabel('Bcc', { exact: true }).fill('audit@example.com');
      // Kept as typed (the debounce), with no blur and no Send: as a crash would find it.
      await expect
        .poll(async () => (await storedDraft(first, draftId))?.bcc)
        .toBe('audit@example.com');
      expect((await storedDraft(first, draftId))?.text).toMatch(
        /^Dear Maria, half an answer\n\nOn /u,
      );
      // Switching to another interaction keeps what was typed a moment before (no debounce
      // wait), and coming back fills the composer from the cache.
      await first.page.getByLabel('Subject').fill('Re: Invoice charged twice (order 4471)');
      await row(first.page, emailId).getByRole('button', { name: 'E-mail from' }).click();
      await expect
        .poll(() => first.page.getByTestId('detail-subject').innerText())
        .toBe('Invoice charged twice');
      await expect
        .poll(async () => (await storedDraft(first, draftId))?.subject)
        .toBe('Re: Invoice charged twice (order 4471)');
      await row(first.page, draftId).getByRole('button').first().click();
      await expect
        .poll(() => first.page.getByTestId('composer').getAttribute('data-ready'))
        .toBe('true');
      expect(await first.page.getByLabel('Subject').inputValue()).toBe(
        'Re: Invoice charged twice (order 4471)',
      );
      expect(await first.page.getByLabel('Text', { exact: true }).inputValue()).toMatch(
        /^Dear Maria, half an answer\n\nOn /u,
      );
      for (const [name, size, zoom] of [
        ['reply-with-quote', { width: 1280, height: 800 }, '1'],
        ['reply-narrow', { width: 480, height: 800 }, '1'],
        ['reply-zoom-200', { width: 1280, height: 800 }, '2'],
      ] as const) {
        await first.page.setViewportSize(size);
        await first.page.evaluate((value) => {
          (
            globalThis as unknown as { document: { body: { style: { zoom: string } } } }
          ).document.body.style.zoom = value;
        }, zoom);
        await frames(first.page);
        await first.page.screenshot({ path: join(SHOTS, `${name}.png`) });
      }
      expect(first.problems).toEqual([]);
      await first.close();

      // ---- the core starts again on the same cache file; the agent opens the draft
      const second = await openDeskPage({ reuse });
      await signInReady(second.page);
      const draftRow = row(second.page, draftId);
      await expect.poll(() => draftRow.count()).toBe(1);
      await draftRow.getByRole('button').first().click();
      const form = second.page.getByRole('form', { name: 'Reply draft' });
      await expect
        .poll(() => second.page.getByTestId('composer').getAttribute('data-ready'))
        .toBe('true');
      expect(await form.getByLabel('Text', { exact: true }).inputValue()).toMatch(
        /^Dear Maria, half an answer\n\nOn .+, Maria Lopez wrote:\n> Hello,/u,
      );
      expect(await form.getByLabel('Bcc', { exact: true }).inputValue()).toBe('audit@example.com');
      expect(await form.getByLabel('Subject').inputValue()).toBe(
        'Re: Invoice charged twice (order 4471)',
      );

      // ---- the server ends the draft (as another desk or a supervisor might): kept, read-only
      const onServer = simulator.world.interactions.get(draftId);
      if (onServer === undefined) throw new Error('the draft is not on the server');
      simulator.world.complete(onServer);
      const gone = second.page.getByTestId('draft-gone');
      await expect.poll(() => gone.isVisible()).toBe(true);
      expect(await second.page.getByTestId('draft-gone-text').innerText()).toMatch(
        /^Dear Maria, half an answer/u,
      );
      expect(await gone.getByRole('note').innerText()).toContain('can no longer be sent');
      await second.page.screenshot({ path: join(SHOTS, 'draft-gone.png') });
      // Copied (or not: the page may have no clipboard), then the desk switched to German: what
      // Copy said follows, as the rest of the panel does (it stayed English).
      await gone.getByRole('button', { name: 'Copy text' }).click();
      const copied = gone.getByRole('status');
      await expect.poll(() => copied.count()).toBe(1);
      const inEnglish = await copied.innerText();
      await second.page.getByRole('button', { name: 'Settings', exact: true }).click();
      const settings = second.page.getByTestId('settings');
      await settings.locator('#settings-tab-language').click();
      const language = settings.locator('#settings-panel-language');
      await language.getByRole('radio', { name: 'Deutsch' }).check();
      await language.locator('button[type="submit"]').click();
      await expect.poll(() => second.page.locator('html').getAttribute('lang')).toBe('de');
      await second.page.keyboard.press('Escape');
      await expect.poll(() => settings.isVisible()).toBe(false);
      expect([inEnglish, await copied.innerText()]).toEqual([
        inEnglish,
        inEnglish === 'Copied.'
          ? 'Kopiert.'
          : 'Kopieren nicht möglich: Markieren Sie den Text unten und kopieren Sie ihn.',
      ]);
      await gone.getByRole('button', { name: 'Entwurf verwerfen' }).click();
      await expect.poll(() => gone.count()).toBe(0);
      expect(await storedDraft(second, draftId)).toBeNull();
      expect(second.problems).toEqual([]);
    }, 60_000);

    it('finds a Send left in doubt sent after a restart of the core, stamped when it was sent', async () => {
      simulator = await startSimulator({ port: 0, scenario: 'quiet' });
      dataDir = await mkdtemp(join(tmpdir(), 'switchboard-compose-'));
      const reuse = { simulator, dataDir };
      const sentOf = (id: string) =>
        (simulator?.world.sent ?? []).filter((sent) => sent.interactionId === id);

      const first = await openDeskPage({ reuse });
      await signInReady(first.page);
      const emailId = await acceptedEmail(first);
      const draftId = await respond(first.page, emailId, 'Reply');
      const reply = first.page.getByRole('form', { name: 'Reply draft' });
      await typeAtStart(first.page, 'Refunded, see you.');
      // Carried out, its answer lost, and the server not to be asked after it nor on hearing of
      // the draft's end (three questions each): not known when the core stops.
      simulator.control.failNextRequests(['answerLost', ...Array<'reset'>(6).fill('reset')]);
      const pressed = Date.now();
      await reply.getByRole('button', { name: 'Send' }).click();
      // ... and the server shows the draft to no question from then on (as it may drop one from
      // view), nor to the desk's own look again before the core stops.
      const onServer = await hiddenOnceSent(simulator, draftId);
      await expect
        .poll(() => first.page.getByRole('alert').first().innerText())
        .toMatch(/^It is not known whether the e-mail was sent/u);
      expect(sentOf(draftId)).toHaveLength(1);
      expect((await storedDraft(first, draftId))?.text).toMatch(/^Refunded, see you\./u);
      await first.close();
      const stopped = Date.now();
      // The faults its questions did not meet (how many it asked before it stopped depends on
      // timing; it asks none once stopping) are not the next desk's: one failed its sign-in.
      simulator.control.dropRequestFaults();

      // ---- the core starts again on the same cache file, and the server still shows the draft
      // to no question: still not known. The agent, who saw no refusal on this desk, opens the
      // kept draft and is told so, not that it "can no longer be sent"
      const second = await openDeskPage({ reuse, sendFollowUpPausesMs: QUICK_FOLLOW_UPS_MS });
      await signInReady(second.page);
      await second.page.getByRole('tab', { name: 'History' }).click();
      await row(second.page, draftId).getByRole('button').first().click();
      await expect
        .poll(() => second.page.getByTestId('draft-gone').getByRole('note').innerText())
        .toMatch(
          /^It is not known yet whether this e-mail was sent\. What you wrote is kept here/u,
        );
      expect(await second.page.getByRole('alert').first().innerText()).toMatch(
        /^It is not known whether the e-mail was sent/u,
      );
      await screenshotsAtThreeSizes(second.page, 'compose', 'send-outcome-unknown-after-restart');

      // ---- the server shows it again: the desk's next question finds it sent, and keeps the
      // e-mail as sent, at the time of its Send, not of the restart; the open draft says so
      simulator.world.interactions.set(draftId, onServer);
      // The desk's own looks again come every quarter second after it connected.
      await expect
        .poll(async () => (await storedDraft(second, draftId)) === null, { timeout: 60_000 })
        .toBe(true);
      const sent = await second.desk.handlers.interactions.get(draftId);
      expect(sent?.email?.text).toMatch(/^Refunded, see you\./u);
      expect(sent?.email?.sentAt).toBeGreaterThanOrEqual(pressed);
      expect(sent?.email?.sentAt).toBeLessThan(stopped);
      // The agent finds it sent where the draft was, without opening it again.
      await expect.poll(() => second.page.getByText('You sent this e-mail').count()).toBe(1);
      expect(await second.page.getByTestId('draft-gone').count()).toBe(0);
      await expect.poll(() => second.page.getByRole('alert').count()).toBe(0);
      expect(sentOf(draftId)).toHaveLength(1);
      expect(second.problems).toEqual([]);
    }, 150_000);
  });
});
