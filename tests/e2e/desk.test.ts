import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import {
  acceptedChat,
  darkScreenshot,
  emulateWindow,
  REFLOW_320,
  chooseInAgentMenu,
  focusedId,
  focusedLabel,
  frames,
  goReady,
  row,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  sightings,
  useDeskPages,
  watchFor,
} from './deskHarness';

// An agent's shift in the shipped renderer, in Chromium, against the real desk core, cache and
// GWS client talking to the simulator (see deskHarness.ts): sign in, go Ready, take a chat and
// an e-mail the test sends as the customers, search, finish, sign out. Console errors and
// warnings, CSP violations and errors main logs fail the test.

const { open: openDeskPage } = useDeskPages();

describe('the desk in Chromium', () => {
  /**
   * A shift's whole path (two invitations, a chat, an e-mail reply, a transfer and consult,
   * six screenshots, the leave guard) in one test: ~9 s on an idle CI machine, more than the
   * suite's 20 s per test on a loaded one.
   */
  const WHOLE_SHIFT = { timeout: 60_000 };

  it('works a chat and an e-mail from invitation to sign-out', WHOLE_SHIFT, async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, desk, os, problems, responses, dataDir, bridge } = deskPage;
    /**
     * Reads of the cache the page asked for since call number `from`: lists and details, which
     * pushes must not cause (each with its arguments, to say what asked when one does).
     */
    const readsSince = (from: number) =>
      bridge.calls
        .slice(from)
        .filter(
          (call) =>
            call.channel === 'switchboard:interactions:inbox' ||
            call.channel === 'switchboard:interactions:get',
        );

    // ---- sign in and go Ready
    await signIn(page);
    expect(await page.getByTestId('agent-name').innerText()).toBe('Agent 1');
    // Named by its state alone: the client's words for it are the link banner's Details.
    expect(await page.getByTestId('connection').getAttribute('aria-label')).toBe(
      'Connection: Connected',
    );
    await expect.poll(() => page.getByTestId('inbox-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('link-banner').count()).toBe(0);
    const state = page.getByLabel('State');
    await expect.poll(() => state.isEnabled()).toBe(true);
    await state.selectOption('reason:AuxWork');
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready (AuxWork) on e-mail, chat');
    expect(await state.inputValue()).toBe('reason:AuxWork');
    const dnd = page.getByRole('button', { name: 'Do Not Disturb' });
    await dnd.click();
    await expect.poll(() => dnd.getAttribute('aria-pressed')).toBe('true');
    await dnd.click();
    await expect.poll(() => dnd.getAttribute('aria-pressed')).toBe('false');
    // Ready on chat only: Ready there, and e-mail left Not Ready with its reason, on the server
    // and in the header.
    await state.selectOption('readyOnly:chat');
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Ready on chat · Not ready (AuxWork) on e-mail');
    expect(await state.inputValue()).toBe('readyOnly:chat');
    const channels = simulator.world.agents.get('agent1')?.channels;
    expect([channels?.get('chat')?.state, channels?.get('email')?.state]).toEqual([
      'Ready',
      'NotReady',
    ]);
    await screenshotsAtThreeSizes(page, 'agent-state', 'ready-on-chat-only');
    await darkScreenshot(page, 'out/screenshots/agent-state/ready-on-chat-only-dark.png');
    await goReady(page);

    // ---- a chat arrives: the inbox shows the invitation, main alerts, the chime is fetched
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });
    const chatRow = row(page, chatId);
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    expect(await chatRow.innerText()).toContain('Order 1234 is late');
    expect(await chatRow.locator('.row__channel').textContent()).toBe('Chat');
    expect(await chatRow.innerText()).toContain('Tom Baker');
    await expect.poll(() => os.shown.map((alert) => alert.interactionId)).toContain(chatId);
    await expect
      .poll(() => responses.find((response) => response.url.endsWith('/sounds/invitation.wav')))
      .toMatchObject({ status: 200 });

    // Clicking the OS notification opens it on the desk.
    const alert = os.shown.find((shown) => shown.interactionId === chatId);
    desk.alertClicked(alert?.id ?? '');
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');

    // ---- accept from the inbox row; the chat opens with the keyboard in its message box, and
    // the transcript shows the customer's line
    await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect
      .poll(() => transcript.innerText())
      .toContain('Hello, my order 1234 has not arrived.');
    expect(
      await transcript.locator('[data-kind="message"][data-author-type="Client"]').innerText(),
    ).toContain('Tom Baker');

    // ---- reply; the customer types (hidden) and answers. Lines arrive as main's change sets
    // and are appended: neither the inbox nor the transcript is read again for them.
    const callsBeforeLines = bridge.calls.length;
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Let me check that for you.');
    await box.press('Enter');
    await expect
      .poll(() => transcript.locator('.message[data-author-type="Agent"]').innerText())
      .toContain('Let me check that for you.');
    await expect.poll(() => box.inputValue()).toBe('');
    simulator.control.customerTyping(chatId, true);
    simulator.control.customerSays(chatId, 'Thank you!');
    await expect.poll(() => transcript.innerText()).toContain('Thank you!');
    expect(await transcript.innerText()).not.toMatch(/Typing/i);
    const moreLines = [
      'It was a birthday present.',
      'The tracking page says "in transit" since Monday.',
      'Could you send it again, express?',
    ];
    for (const text of moreLines) simulator.control.customerSays(chatId, text);
    await expect.poll(() => transcript.locator('.message').count()).toBe(6);
    expect(await transcript.locator('.message__text').allInnerTexts()).toEqual([
      'Hello, my order 1234 has not arrived.',
      'Let me check that for you.',
      'Thank you!',
      ...moreLines,
    ]);
    await bridge.flush();
    await frames(page);
    expect(readsSince(callsBeforeLines)).toEqual([]);
    await mkdir('out/screenshots', { recursive: true });
    await page.screenshot({ path: join('out/screenshots', 'desk-chat.png') });

    // ---- an e-mail with an attachment; only its text body is shown
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Question about invoice 77',
      text: 'Hello,\nplease see the attached invoice.\nAnn',
      html: '<p id="html-body">HTML version<img src="https://example.invalid/pixel.png"></p>',
      attachments: [
        {
          name: 'invoice-77.txt',
          mimeType: 'text/plain',
          bytes: Buffer.from('Invoice 77: 42 EUR'),
        },
        {
          name: 'totals.xlsm',
          mimeType: 'application/vnd.ms-excel.sheet.macroEnabled.12',
          bytes: Buffer.from('PK macros'),
        },
      ],
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button', { name: 'E-mail from ann@example.com:' }).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Question about invoice 77');
    // Invited, it says what is true of an invitation, and offers nothing to save yet.
    const toolbar = page.getByRole('toolbar', { name: 'Actions' });
    expect(await page.getByTestId('detail-invited-note').innerText()).toBe(
      'Accept the e-mail to read it. The invitation brings its subject and sender only.',
    );
    expect(await toolbar.getByRole('button', { name: /^Save/u }).count()).toBe(0);
    await toolbar.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    // Accepted, it is saved as what it is: an e-mail, not a transcript.
    await expect.poll(() => toolbar.getByRole('button', { name: 'Save e-mail' }).count()).toBe(1);
    expect(await toolbar.getByRole('button', { name: 'Save transcript' }).count()).toBe(0);
    // The Accept button went away: the keyboard is on the e-mail's heading, not lost.
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    // The HTML part shows first, in its sandboxed frame, its remote image held back; the text
    // part is one click away.
    const htmlBody = page.frameLocator('iframe.mail-frame').locator('#html-body');
    await expect.poll(() => htmlBody.innerText()).toMatch(/^HTML version/u);
    expect(await page.getByTestId('email-images-blocked').isVisible()).toBe(true);
    expect(responses.filter((response) => response.url.includes('example.invalid'))).toEqual([]);
    await page.getByRole('button', { name: 'Plain text' }).click();
    await expect
      .poll(() => page.getByTestId('email-body').innerText())
      .toBe('Hello,\nplease see the attached invoice.\nAnn');
    expect(await page.getByTestId('email-from').innerText()).toBe('ann@example.com');
    expect(await page.locator('#html-body, img').count()).toBe(0);
    expect(await page.getByText('HTML version').count()).toBe(0);

    // The attachment downloads after Accept; then it opens and saves through main.
    const open = page.getByRole('button', { name: 'Open invoice-77.txt' });
    await expect.poll(() => open.isVisible()).toBe(true);
    await open.click();
    await expect.poll(() => os.opened).toHaveLength(1);
    expect(await readFile(os.opened[0] ?? '', 'utf8')).toBe('Invoice 77: 42 EUR');
    os.savePath = join(dataDir, 'saved-invoice.txt');
    await page.getByRole('button', { name: 'Save invoice-77.txt as…' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved to' }).innerText())
      .toBe(`Saved to ${os.savePath}`);
    expect(await readFile(os.savePath, 'utf8')).toBe('Invoice 77: 42 EUR');
    // A document that can carry macros is offered for saving only: the agent decides.
    await expect
      .poll(() => page.getByRole('button', { name: 'Save totals.xlsm as…' }).count())
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Open totals.xlsm' }).count()).toBe(0);

    await page.screenshot({ path: join('out/screenshots', 'desk-email.png') });

    // ---- a half-typed chat line waits while the agent looks at the e-mail
    await chatRow.getByRole('button', { name: 'Chat from' }).first().click();
    await box.fill('Half a thou');
    await emailRow.getByRole('button', { name: 'E-mail from' }).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Question about invoice 77');
    await chatRow.getByRole('button', { name: 'Chat from' }).first().click();
    await expect.poll(() => box.inputValue()).toBe('Half a thou');
    await box.fill('');
    await emailRow.getByRole('button', { name: 'E-mail from' }).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Question about invoice 77');

    // ---- the rows answer the arrow keys
    const focusedRow = page.locator('.row:focus-within');
    await emailRow.getByRole('button', { name: 'E-mail from' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedRow.getAttribute('data-interaction-id')).toBe(chatId);
    await page.keyboard.press('Home');
    expect(await focusedRow.getAttribute('data-interaction-id')).toBe(emailId);

    // ---- reply: a draft opens, pre-addressed, and goes out with Send
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    const draft = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(() => draft.isVisible()).toBe(true);
    await expect.poll(() => focusedId(page)).toBe('draft-text');
    expect(await draft.getByLabel('To').inputValue()).toContain('ann@example.com');
    const draftId = await page.locator('.row--selected').getAttribute('data-interaction-id');
    expect(draftId).not.toBe(emailId);
    await draft.getByLabel('Text').fill('Dear Ann,\nthe invoice is paid.');
    await draft.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => row(page, draftId ?? '').count()).toBe(0);

    // ---- search the cache: the match is highlighted
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('invoice');
    const hit = page.locator(`.hit[data-interaction-id="${emailId}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    expect((await hit.locator('mark').allInnerTexts()).map((text) => text.toLowerCase())).toContain(
      'invoice',
    );
    // A file's name finds its e-mail too (and nothing else), the match said to be in its files.
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('totals.xlsm');
    await expect
      .poll(() => hit.locator('.hit__snippet').getAttribute('title'))
      .toBe('in the attachments');
    expect(await page.locator('.hit').count()).toBe(1);
    expect(await hit.locator('mark').allInnerTexts()).toEqual(['totals.xlsm']);
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('');

    // ---- the chat transcript saves as HTML
    await chatRow.getByRole('button', { name: 'Chat from' }).first().click();
    os.savePath = join(dataDir, 'transcript.html');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await expect.poll(() => page.getByText(`Saved to ${os.savePath}`).count()).toBe(1);
    expect(await readFile(os.savePath, 'utf8')).toContain('Let me check that for you.');

    await page.screenshot({ path: join('out/screenshots', 'desk.png') });

    // ---- Done ends the chat; it moves to History
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => chatRow.count()).toBe(0);
    await expect.poll(() => page.getByLabel('Message', { exact: true }).count()).toBe(0);
    // Done went with the chat's work: the keyboard is on its heading, not lost to the page.
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(1);
    await page.getByRole('tab', { name: /Inbox/ }).click();

    // ---- the sound setting is kept by the core
    const sound = page.getByRole('checkbox', { name: 'Sound' });
    expect(await sound.isChecked()).toBe(true);
    await sound.uncheck();
    await expect.poll(async () => (await desk.handlers.settings.get()).sound).toBe(false);

    // ---- sign out: the e-mail is still in progress, so the guard asks first; then the form
    await chooseInAgentMenu(page, 'Sign out');
    await page.getByRole('button', { name: 'Sign out anyway' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    expect(problems).toEqual([]);
  });

  it('keeps the cached desk visible while the server is away', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signIn(page);
    await goReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'bob@example.com',
      subject: 'Still there?',
      text: 'Just checking.',
    });
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');

    // Down while the test looks at the desk: connections cut, sessions lost, then back on the
    // same port.
    const restarted = simulator.control.restart(60_000);
    const indicator = page.getByTestId('connection');
    await expect
      .poll(() => indicator.getAttribute('data-state'), { timeout: 10_000 })
      .not.toBe('connected');
    const banner = page.getByTestId('link-banner');
    expect(await banner.isVisible()).toBe(true);
    // The sentence is the agent's; the client's own words for the failure wait under Details.
    await expect
      .poll(() => banner.getByRole('status').innerText())
      .toMatch(/^(Reconnecting|Offline)/u);
    expect(await banner.getByRole('status').innerText()).not.toMatch(/ECONN|socket|\(/u);
    await expect.poll(() => banner.locator('details').count()).toBe(1);
    await banner.getByText('Details').click();
    expect(await banner.getByTestId('link-reason').innerText()).not.toBe('');
    // The state beside the control is the last the desk heard, and says so.
    const channelStates = page.getByTestId('channel-states');
    expect(await channelStates.innerText()).toBe('Last known: Ready on e-mail, chat');
    await page.screenshot({ path: 'out/screenshots/desk/link-down.png' });
    expect(await row(page, emailId).isVisible()).toBe(true);
    expect(await page.getByTestId('agent-name').innerText()).toBe('Agent 1');
    simulator.control.endOutage();
    await restarted;
    await expect
      .poll(() => indicator.getAttribute('data-state'), { timeout: 15_000 })
      .toBe('connected');
    expect(await page.getByTestId('link-banner').count()).toBe(0);
    await expect.poll(() => channelStates.innerText()).not.toMatch(/^Last known/u);
    expect(problems).toEqual([]);
  });

  it("never shows one agent's interactions to the next agent", async () => {
    // Reads of an interaction can be held back, as a slow main would: one asked for while
    // agent1 is signed in comes back after agent2 has signed in on the same desk. (Pushed
    // change sets cause no reads; the agent opening the chat again does.)
    let holdGetMs = 0;
    let heldAnswers = 0;
    const { page, simulator, bridge, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          get: async (id) => {
            const hold = holdGetMs;
            const answer = await handlers.interactions.get(id);
            if (hold === 0) return answer;
            await new Promise((resolve) => setTimeout(resolve, hold));
            heldAnswers++;
            return answer;
          },
        },
      }),
    });

    await signIn(page);
    await goReady(page);
    const subject = 'For agent 1 only: order 5555';
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject,
      firstMessage: 'Hello?',
    });
    const chatRow = row(page, chatId);
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe(subject);
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('A line agent 2 must not see');

    // The customer writes and the agent opens the chat again; that read is answered (with
    // agent1's chat) only after the sign-out.
    simulator.control.customerSays(chatId, 'Are you still there?');
    await expect
      .poll(() => page.getByRole('log', { name: 'Chat transcript' }).innerText())
      .toContain('Are you still there?');
    const getCalls = () =>
      bridge.calls.filter((call) => call.channel === 'switchboard:interactions:get').length;
    const before = getCalls();
    holdGetMs = 1_500;
    await chatRow.getByRole('button', { name: 'Chat from' }).first().click();
    await expect.poll(getCalls).toBeGreaterThan(before);
    // The chat is in progress: the guard asks, and the agent signs out anyway.
    await chooseInAgentMenu(page, 'Sign out');
    await page.getByRole('button', { name: 'Sign out anyway' }).click();
    const heading = page.getByRole('heading', { name: 'Sign in to Switchboard' });
    await expect.poll(() => heading.isVisible()).toBe(true);
    holdGetMs = 0;

    // From here on, nothing of agent1's may render.
    await watchFor(page, { selector: `[data-interaction-id="${chatId}"]`, text: subject });
    await page.getByLabel('User name').fill('agent2');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('agent-name').innerText()).toBe('Agent 2');
    await expect.poll(() => page.getByTestId('inbox-empty').isVisible()).toBe(true);
    // The held answer has come back and had every chance to render.
    await expect.poll(() => heldAnswers).toBeGreaterThan(0);
    await bridge.flush();
    await frames(page);
    expect(await sightings(page)).toEqual([]);
    expect(await page.getByTestId('inbox-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('detail-empty').isVisible()).toBe(true);
    expect(await page.getByText('A line agent 2 must not see').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows hostile customer text as text, never as markup', async () => {
    const HOSTILE = '<img src=x onerror=alert(1)>';
    const { page, simulator, problems } = await openDeskPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await watchFor(page, { selector: 'img' });
    await signIn(page);
    await goReady(page);

    // A chat: the customer's name, the subject and the text carry the markup.
    const chatId = simulator.control.startChat({
      customerNickName: `Eve ${HOSTILE}`,
      subject: `Subject ${HOSTILE}`,
      firstMessage: `Hi ${HOSTILE} there`,
    });
    const chatRow = row(page, chatId);
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    expect(await chatRow.innerText()).toContain(`Subject ${HOSTILE}`);
    await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe(`Subject ${HOSTILE}`);
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.innerText()).toContain(`Hi ${HOSTILE} there`);
    // The row, the chat accepted, shows that line, as text too.
    await expect
      .poll(() => chatRow.getByTestId('row-last-line').innerText())
      .toBe(`Hi ${HOSTILE} there,`);
    expect(await transcript.innerText()).toContain(`Eve ${HOSTILE}`);

    // An e-mail: the subject and an attachment's name carry it.
    const emailId = simulator.control.receiveEmail({
      from: 'eve@example.com',
      subject: `Invoice ${HOSTILE}`,
      text: `Body ${HOSTILE}`,
      attachments: [
        { name: `${HOSTILE}.txt`, mimeType: 'text/plain', bytes: Buffer.from('harmless') },
      ],
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button', { name: 'E-mail from eve@example.com:' }).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe(`Invoice ${HOSTILE}`);
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe(`Body ${HOSTILE}`);
    await expect
      .poll(() => page.locator('.attachment__name').allInnerTexts())
      .toEqual([`${HOSTILE}.txt`]);

    // The search terms carry it too: the box, the results' label and any snippet stay text.
    const search = page.getByRole('searchbox', { name: 'Search interactions' });
    await search.fill(HOSTILE);
    const results = page.getByRole('region', { name: 'Search results' });
    await expect
      .poll(
        async () =>
          (await page.locator('.hit').count()) + (await page.getByTestId('search-empty').count()),
      )
      .toBeGreaterThan(0);
    expect(await search.inputValue()).toBe(HOSTILE);
    expect(await results.innerText()).toContain(HOSTILE);

    await frames(page);
    expect(await page.locator('img').count()).toBe(0);
    expect(await sightings(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows what main refused without pretending it worked', async () => {
    let failRefresh = false;
    const { page, simulator, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          get: (id) => {
            if (failRefresh) throw new SwitchboardFailure('timeout', 'the cache is busy');
            return handlers.interactions.get(id);
          },
        },
        settings: {
          ...handlers.settings,
          update: () => {
            throw new SwitchboardFailure('permissionDenied', 'settings are read-only here');
          },
        },
      }),
    });
    await signIn(page);

    // The sound box flips back when the setting could not be changed.
    const sound = page.getByRole('checkbox', { name: 'Sound' });
    await expect.poll(() => sound.isEnabled()).toBe(true);
    expect(await sound.isChecked()).toBe(true);
    await sound.click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Settings' }).innerText())
      .toContain('settings are read-only here');
    expect(await sound.isChecked()).toBe(true);

    // An open interaction whose refresh fails stays on screen, with the failure said above it.
    await goReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'bob@example.com',
      subject: 'Refresh me',
      text: 'Once.',
    });
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');
    const open = row(page, emailId).getByRole('button', { name: 'E-mail from bob@example.com:' });
    await open.click();
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Refresh me');
    failRefresh = true;
    await open.click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not refresh it' });
    await expect
      .poll(() => alert.locator('.error-alert__text').innerText())
      .toBe(
        'Could not refresh it (showing what was loaded before). The server did not answer in time. Try again in a moment.',
      );
    // What main said stays one click away, under Details (a keyboard-usable disclosure).
    const details = alert.locator('summary', { hasText: 'Details' });
    expect(await alert.locator('.error-alert__detail').isVisible()).toBe(false);
    await details.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => alert.locator('.error-alert__detail').isVisible()).toBe(true);
    expect(await alert.locator('.error-alert__detail').innerText()).toBe(
      'timeout: the cache is busy',
    );
    expect(await page.getByTestId('detail-subject').innerText()).toBe('Refresh me');
    // Dismissed with the keyboard: the next control, the e-mail's Accept, takes it (was: the
    // alert went, and the keyboard fell onto the body).
    await alert.getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => alert.count()).toBe(0);
    expect(await focusedLabel(page)).toBe('Accept');
    expect(problems).toEqual([]);
  });

  it('goes on with the other chats while the server does not answer one line, and marks that chat once it failed', async () => {
    const deskPage = await openDeskPage({ requestTimeoutMs: 1_500 });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const anna = await acceptedChat(deskPage, {
      customerNickName: 'Anna',
      subject: 'Refund',
      firstMessage: 'Hi',
    });
    const ben = await acceptedChat(deskPage, {
      customerNickName: 'Ben',
      subject: 'Order',
      firstMessage: 'Hello?',
    });
    const said = (id: string) =>
      (simulator.world.interactions.get(id)?.chat?.events ?? [])
        .filter(
          (event) => event.kind === 'MESSAGE' && event.text !== 'Hi' && event.text !== 'Hello?',
        )
        .map((event) => event.text);
    const box = page.getByLabel('Message', { exact: true });
    const send = page.getByRole('button', { name: 'Send' });

    await row(page, anna).getByRole('button', { name: 'Chat from Anna' }).click();
    await box.fill('Your refund is approved');
    // The typing notice the box sends goes first: the fault is for the line alone.
    await expect
      .poll(() =>
        simulator.control
          .typingNotices(anna)
          .filter((notice) => notice.userType === 'Agent')
          .map((notice) => notice.noticeType),
      )
      .toEqual(['TypingStarted']);
    simulator.control.failNextRequests(['silent']);
    await box.press('Enter');
    await expect.poll(() => send.isDisabled()).toBe(true);

    // Ben's chat is not held by Anna's line: the agent answers him at once.
    await row(page, ben).getByRole('button', { name: 'Chat from Ben' }).click();
    await box.fill('One moment please');
    expect(await send.isEnabled()).toBe(true);
    await box.press('Enter');
    await expect.poll(() => said(ben)).toEqual(['One moment please']);
    await expect.poll(() => box.inputValue()).toBe('');

    // Anna's line never got an answer: her row says so while the agent is in Ben's chat, and
    // her chat says so, with the line still in its box (the server never took it: sent again).
    const failed = row(page, anna).getByTestId('row-failed');
    // No answer in time: it may have gone, which the row says as it is.
    await expect
      .poll(() => failed.innerText(), { timeout: 10_000 })
      .toBe('Message may not be sent');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: join('out/screenshots', 'desk', 'line-not-sent-row.png') });
    // In a window too narrow for the list, the way back to it says so.
    await emulateWindow(page, REFLOW_320);
    await expect
      .poll(() => page.getByTestId('lines-to-check').innerText())
      .toMatch(/1 message to check$/u);
    // Its pills go to the next line rather than off the window's edge.
    for (const pill of ['lines-to-check', 'others-waiting']) {
      const box = await page.getByTestId(pill).boundingBox();
      expect(box !== null && box.x >= 0 && box.x + box.width <= REFLOW_320.width).toBe(true);
    }
    await page.screenshot({ path: join('out/screenshots', 'desk', 'line-not-sent-320.png') });
    await emulateWindow(page, { width: 1280, height: 800 });
    await row(page, anna).getByRole('button', { name: 'Chat from Anna' }).click();
    await expect.poll(() => box.inputValue()).toBe('Your refund is approved');
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain(
        'Your message may not have been sent. The server did not answer in time. If it does not show in the chat, send it again.',
      );
    expect(await failed.count()).toBe(0);
    expect(said(anna)).toEqual([]);
    await box.press('Enter');
    await expect.poll(() => said(anna)).toEqual(['Your refund is approved']);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('sends no chat line of characters no one sees', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const anna = await acceptedChat(deskPage, {
      customerNickName: 'Anna',
      subject: 'Refund',
      firstMessage: 'Hi',
    });
    const said = () =>
      (simulator.world.interactions.get(anna)?.chat?.events ?? [])
        .filter((event) => event.kind === 'MESSAGE' && event.text !== 'Hi')
        .map((event) => event.text);
    const box = page.getByLabel('Message', { exact: true });
    const send = page.getByRole('button', { name: 'Send' });
    await row(page, anna).getByRole('button', { name: 'Chat from Anna' }).click();
    // Zero-width spaces, a word joiner, a byte order mark, bidirectional marks: `trim` keeps
    // them all, and the customer would get an empty line.
    for (const invisible of ['\u200B\u200B', '\u2060 \uFEFF', '\u200E\u200F']) {
      await box.fill(invisible);
      expect(await send.isDisabled()).toBe(true);
      await box.press('Enter');
    }
    await box.fill('\u200BOne moment please');
    expect(await send.isEnabled()).toBe(true);
    await box.press('Enter');
    // Only the line with words went: the invisible ones were never sent before it.
    await expect.poll(() => said()).toEqual(['\u200BOne moment please']);
    expect(problems).toEqual([]);
  });

  it('shows a search hit as its row is now when the row changed while the search ran', async () => {
    // The search worker reads the rows on its own connection: a commit after its read reaches
    // the page (a change set) before the answer does, as a list's page may (main/cache/search.ts).
    let release: () => void = () => undefined;
    let holding = false;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let searched = 0;
    const { page, simulator, desk, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          search: async (text, options) => {
            const answer = await handlers.interactions.search(text, options);
            searched++;
            if (holding) await gate;
            return answer;
          },
        },
      }),
    });
    await signIn(page);
    await goReady(page);
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Refund for order 7777',
      firstMessage: 'Hello?',
    });
    await expect.poll(() => row(page, chatId).getAttribute('data-state')).toBe('Invited');

    holding = true;
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('7777');
    await expect.poll(() => searched).toBe(1);
    // Read as offered; the customer gives up before the answer reaches the page.
    expect(simulator.control.revoke(chatId)).toBe(true);
    await expect
      .poll(async () => {
        const read = await desk.handlers.interactions.get(chatId);
        return read?.state;
      })
      .toBe('Revoked');
    await expect.poll(() => page.locator('.inbox__badge').count()).toBe(0);
    await frames(page);
    release();
    const hit = page.locator(`.hit[data-interaction-id="${chatId}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    await frames(page);
    // Not a phantom invitation: the hit says what the inbox would.
    expect(await hit.locator('.hit__state').innerText()).toBe('Withdrawn');
    expect(problems).toEqual([]);
  });
});
