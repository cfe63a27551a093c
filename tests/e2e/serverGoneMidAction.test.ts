import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/server';
import { TestAgent } from '../support/gwsAgent';
import {
  acceptOpened,
  acceptedChat,
  frames,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  connectionState,
} from './deskHarness';

// The server goes (connections refused and open ones cut: the simulator's outage) while the
// agent is in the middle of something, in the shipped renderer in Chromium against the real
// desk core, cache and GWS client: nothing typed is lost, the desk says plainly what did not go,
// and once the server is back the agent finishes it.

const { open: openDeskPage } = useDeskPages();

const PRIYA = 'priya.raman@switchboard.example';

describe('the server gone mid-action', () => {
  it('a chat line sent as the server goes stays in its box, one whose answer was lost but that shows went, a transfer picked as it goes says so; both go once the server is back', async () => {
    /** Holds the first Send until the test has taken the server away. */
    let releaseSend: () => void = () => undefined;
    const sendHeld = new Promise<void>((resolve) => {
      releaseSend = resolve;
    });
    let sends = 0;
    /** Where the third Send's line is looked for before its (lost) answer returns. */
    let shownLine: (text: string) => Promise<void> = () => Promise.resolve();
    /** Whether the third Send's answer was lost, as the step means it to be. */
    let thirdLost = false;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          sendMessage: async (...args) => {
            sends += 1;
            if (sends === 1) await sendHeld;
            if (sends !== 3) return handlers.interactions.sendMessage(...args);
            // The server takes the line and the connection is cut as its answer leaves; the
            // line's notification reaches the page before the failure does.
            deskPage.simulator.control.failNextRequests(['answerLost']);
            try {
              await handlers.interactions.sendMessage(...args);
            } catch (error) {
              thirdLost = true;
              throw error;
            } finally {
              await shownLine(args[1]);
            }
          },
        },
      }),
    });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Ilse Berg',
      subject: 'Parcel 5521',
      firstMessage: 'Where is parcel 5521?',
    });
    await row(page, chatId).locator('button.row__main').click();
    const said = () =>
      (simulator.world.interactions.get(chatId)?.chat?.events ?? [])
        .filter((event) => event.kind === 'MESSAGE' && event.userType === 'Agent')
        .map((event) => event.text);
    const box = page.getByLabel('Message', { exact: true });
    const send = page.getByRole('button', { name: 'Send', exact: true });
    const line = 'Your parcel 5521 leaves the depot today.';
    await box.fill(line);
    await box.press('Enter');

    // The server goes while the line is on its way.
    const outage = simulator.control.refuseConnections(60_000);
    try {
      await expect.poll(() => connectionState(page), { timeout: 15_000 }).not.toBe('connected');
      releaseSend();
      const alert = page.getByRole('alert').filter({ hasText: 'message' });
      await expect
        .poll(() => alert.locator('.error-alert__text').allInnerTexts(), { timeout: 15_000 })
        .toEqual([
          'Your message was not sent. The server cannot be reached. Check the network and try again.',
        ]);
      expect(await box.inputValue(), 'the line is kept in its box').toBe(line);
      expect(said()).toEqual([]);
      // The agent goes on typing while the server is away; Send says why it waits.
      await box.press('End');
      await page.keyboard.type(' Tracking follows.');
      await expect.poll(() => send.isDisabled()).toBe(true);
      expect(await send.getAttribute('title')).toMatch(/^(Offline|Reconnecting)/u);
      await screenshotsAtThreeSizes(page, 'server-gone', 'chat-line-not-sent');
    } finally {
      simulator.control.endOutage();
      await outage;
    }

    // Back: Send goes again, the line goes once, with what was typed meanwhile.
    await expect.poll(() => connectionState(page), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => send.isEnabled()).toBe(true);
    expect(await box.inputValue()).toBe(`${line} Tracking follows.`);
    await box.press('Enter');
    await expect.poll(() => said()).toEqual([`${line} Tracking follows.`]);
    await expect.poll(() => box.inputValue()).toBe('');

    // A line the server took whose answer was lost, and which shows in the chat before the
    // failure comes back: it went, so the box empties and nothing says it was not sent (the
    // agent pressing Send again would have sent it twice).
    const transcript = page.getByRole('log');
    shownLine = (text) =>
      expect
        .poll(() => transcript.getByText(text, { exact: true }).count(), { timeout: 10_000 })
        .toBe(1);
    const another = 'A courier will call before noon.';
    await box.fill(another);
    await box.press('Enter');
    await expect.poll(() => sends).toBe(3);
    await expect.poll(() => box.inputValue()).toBe('');
    expect(thirdLost).toBe(true);
    expect(said()).toEqual([`${line} Tracking follows.`, another]);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await row(page, chatId).getByTestId('row-failed').count()).toBe(0);

    // ---- the Transfer picker open, a colleague picked, as the server goes
    const priya = new TestAgent(simulator.apiUrl, PRIYA);
    try {
      await priya.signIn(['chat']);
      await page
        .getByRole('toolbar', { name: 'Actions' })
        .getByRole('button', { name: 'Transfer' })
        .click();
      const panel = page.getByRole('dialog', { name: 'Transfer' });
      await expect.poll(() => panel.count()).toBe(1);
      await page.keyboard.type('riya');
      const options = panel.getByRole('option');
      await expect.poll(() => options.allInnerTexts()).toHaveLength(1);
      const down = simulator.control.refuseConnections(60_000);
      try {
        await expect
          .poll(() => connectionState(page), {
            timeout: 15_000,
          })
          .not.toBe('connected');
        await page.keyboard.press('Enter');
        // Said plainly; the chat stays the agent's, the panel open on the colleague picked.
        await expect
          .poll(() => page.getByRole('alert').locator('.error-alert__text').allInnerTexts())
          .toEqual([
            'Could not transfer it to Priya Raman. The server cannot be reached. Check the network and try again.',
          ]);
        expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
        expect(await row(page, chatId).getAttribute('data-state')).toBe('Accepted');
        expect(await panel.count(), 'the Transfer panel stays open on the pick').toBe(1);
        expect(await panel.getByRole('combobox', { name: 'Agent name' }).inputValue()).toBe('riya');
        await screenshotsAtThreeSizes(page, 'server-gone', 'transfer-picked');
      } finally {
        simulator.control.endOutage();
        await down;
      }
      // Back: the same pick goes through, and the chat leaves the desk.
      await expect.poll(() => connectionState(page), { timeout: 20_000 }).toBe('connected');
      await options.first().click();
      await expect.poll(() => simulator.world.interactions.get(chatId)?.invitee).toBe(PRIYA);
      await expect.poll(() => row(page, chatId).count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      await priya.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('an e-mail reply with a file, the server gone mid-edit and the desk restarted meanwhile: kept whole, and sent with its file once the server is back', async () => {
    // The desk's core is started twice on one data folder and one simulator, which this test
    // owns (the harness's pages neither start nor remove them).
    const simulator = await startSimulator({ port: 0, scenario: 'quiet', control: false });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-server-gone-'));
    try {
      const reuse = { simulator, dataDir };
      const first = await openDeskPage({ reuse });
      await signInReady(first.page);
      const emailId = simulator.control.receiveEmail({
        from: 'maria@example.com',
        subject: 'Invoice charged twice',
        text: 'Hello,\nI was charged twice for order 4471.\nMaria',
      });
      await acceptOpened(first.page, emailId);
      await first.page
        .getByRole('toolbar', { name: 'Actions' })
        .getByRole('button', { name: 'Reply', exact: true })
        .click();
      await expect
        .poll(() => first.page.getByTestId('composer').getAttribute('data-ready'))
        .toBe('true');
      const draftId =
        (await first.page.locator('.row--selected').getAttribute('data-interaction-id')) ?? '';
      expect(draftId).not.toBe(emailId);
      const reply = first.page.getByRole('form', { name: 'Reply draft' });
      await mkdir(join(dataDir, 'outgoing'), { recursive: true });
      const note = join(dataDir, 'outgoing', 'refund-note.txt');
      await writeFile(note, 'Refund of 42 EUR approved.');
      first.os.attachPaths = [note];
      await reply.getByRole('button', { name: 'Add files…' }).click();
      await expect
        .poll(() => reply.getByTestId('draft-files').innerText())
        .toContain('refund-note.txt');
      const text = reply.getByLabel('Text', { exact: true });
      await text.click();
      await text.press('Control+Home');
      await first.page.keyboard.type('Dear Maria, the second charge ');

      // The server goes while the agent writes on; then the desk itself is restarted.
      const outage = simulator.control.refuseConnections(120_000);
      try {
        await expect
          .poll(() => connectionState(first.page), {
            timeout: 15_000,
          })
          .not.toBe('connected');
        await first.page.keyboard.type('is refunded today.');
        const stored = () => first.desk.handlers.drafts.get(draftId);
        await expect
          .poll(async () => (await stored())?.text)
          .toMatch(/^Dear Maria, the second charge is refunded today\.\n/u);
        expect((await stored())?.attachments.map((file) => file.name)).toEqual(['refund-note.txt']);
        await screenshotsAtThreeSizes(first.page, 'server-gone', 'reply-draft-written-offline');
        expect(first.problems).toEqual([]);
        await first.close();

        // ---- the desk starts again with the server still gone: the draft reads offline
        const second = await openDeskPage({ reuse });
        await second.page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await second.page
          .getByTestId('offline-entry')
          .getByRole('button', { name: 'Open offline' })
          .click();
        await expect.poll(() => second.page.getByTestId('offline-banner').count()).toBe(1);
        await row(second.page, draftId).getByRole('button').first().click();
        const offlineForm = second.page.getByRole('form', { name: 'Reply draft' });
        await expect
          .poll(() => offlineForm.getByLabel('Text', { exact: true }).inputValue())
          .toMatch(/^Dear Maria, the second charge is refunded today\.\n/u);
        expect(await offlineForm.getByTestId('draft-files').innerText()).toContain(
          'refund-note.txt',
        );
        // Nothing goes from the review: Send, and what else asks the server (the files are on
        // it), wait for a sign-in and say so. Was: Remove, Add files… and Cancel e-mail were
        // offered, and failed with "You are no longer signed in. Sign in again."
        for (const name of ['Send', 'Remove refund-note.txt', 'Add files…', 'Cancel e-mail']) {
          const button = offlineForm.getByRole('button', { name, exact: true });
          const blocked = await button.evaluate(
            (element: { getAttribute(name: string): string | null; disabled?: boolean }) =>
              element.disabled === true || element.getAttribute('aria-disabled') === 'true',
          );
          const title = await button.getAttribute('title');
          expect({
            name,
            blocked,
            offline: /^Offline: sign in to do this( \(.+\))?$/u.test(title ?? ''),
          }).toEqual({
            name,
            blocked: true,
            offline: true,
          });
        }
        // Clicked anyway (it is only aria-disabled, to keep the focus): nothing happens.
        await offlineForm
          .getByRole('button', { name: 'Remove refund-note.txt' })
          .click({ force: true });
        await frames(second.page);
        expect(await offlineForm.getByRole('alert').count()).toBe(0);
        expect(await offlineForm.getByTestId('draft-files').innerText()).toContain(
          'refund-note.txt',
        );
        await screenshotsAtThreeSizes(second.page, 'server-gone', 'reply-draft-offline-review');
        simulator.control.endOutage();
        await outage;

        // ---- the server is back: signed in from the banner, the draft opens whole and goes
        await second.page
          .getByTestId('offline-banner')
          .getByRole('button', { name: 'Sign in…' })
          .click();
        await second.page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await expect
          .poll(() => connectionState(second.page), {
            timeout: 20_000,
          })
          .toBe('connected');
        const draftRow = row(second.page, draftId);
        await expect.poll(() => draftRow.count()).toBe(1);
        await draftRow.getByRole('button').first().click();
        await expect
          .poll(() => second.page.getByTestId('composer').getAttribute('data-ready'))
          .toBe('true');
        const form = second.page.getByRole('form', { name: 'Reply draft' });
        expect(await form.getByLabel('Text', { exact: true }).inputValue()).toMatch(
          /^Dear Maria, the second charge is refunded today\.\n/u,
        );
        expect(await form.getByTestId('draft-files').innerText()).toContain('refund-note.txt');
        await form.getByRole('button', { name: 'Send' }).click();
        await expect.poll(() => simulator.world.sent.length).toBe(1);
        const sent = simulator.world.sent[0];
        expect(sent?.text).toMatch(/^Dear Maria, the second charge is refunded today\.\n/u);
        expect(sent?.attachments.map((file) => file.name)).toEqual(['refund-note.txt']);
        expect(second.problems).toEqual([]);
      } finally {
        simulator.control.endOutage();
        await outage;
      }
    } finally {
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
