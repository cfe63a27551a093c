import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUsers } from '../../simulator/server';
import { TestAgent } from '../support/gwsAgent';
import {
  acceptedChat,
  type DeskPage,
  emulateWindow,
  REFLOW_320,
  screenshotsAtThreeSizes,
  signedInReady,
  useDeskPages,
} from './deskHarness';

// The chat's own words (transcript, composer, who is in the chat, the typing line, Place in
// workbin) and the shared words (agent states, channels, times) in the desk's language, in
// Chromium against the real desk core and the simulator. The page's language is the OS's
// (`navigator.languages`) here; the agent's own setting moves it the same way. Controls other
// views own are reached by test id or role, not by their words, which other catalogs translate.

const { open: openDeskPage } = useDeskPages();

/** Colleagues signed in on the simulator beside the desk, signed out after each test. */
const colleagues: TestAgent[] = [];
afterEach(async () => {
  await Promise.all(colleagues.splice(0).map((colleague) => colleague.close()));
});

/** Anna starts a chat in German and the desk's agent accepts it; answers its id. */
function annasChat(deskPage: DeskPage): Promise<string> {
  return acceptedChat(deskPage, {
    customerNickName: 'Anna',
    subject: 'Wo ist mein Paket?',
    firstMessage: 'Hallo, mein Paket ist nicht angekommen.',
  });
}

/** The visible text of the chat's part of the page (transcript, typing line, composer, people). */
function chatText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = ['[data-testid="chat-collaboration"]', '.transcript', '.composer'];
    const scope = globalThis as unknown as {
      document: { querySelector(selector: string): { innerText: string } | null };
    };
    return parts
      .map((selector) => scope.document.querySelector(selector)?.innerText ?? '')
      .join('\n');
  });
}

/** The DOM's few members read below (the tests compile without the DOM's types). */
interface LaidOut {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly textContent: string | null;
}

/** Whether the page is wider than the window: the agent would have to scroll sideways. */
function sidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: LaidOut };
    };
    return scope.document.documentElement.scrollWidth > scope.innerWidth;
  });
}

describe('The chat in German and Spanish', () => {
  it('speaks German: transcript, composer, participants, typing, states and times', async () => {
    const deskPage = await openDeskPage({ locale: 'de-DE' });
    const { page, simulator } = deskPage;
    await signedInReady(deskPage);
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Bereit für E-Mail, Chat');
    const chatId = await annasChat(deskPage);

    const transcript = page.getByRole('log', { name: 'Chatverlauf' });
    await expect.poll(() => transcript.innerText()).toContain('Hallo, mein Paket');
    const composer = page.getByRole('textbox', { name: 'Nachricht' });
    expect(await composer.getAttribute('placeholder')).toBe(
      'Nachricht schreiben… (Eingabe sendet, Umschalt+Eingabe für neue Zeile)',
    );
    const collaboration = page.getByTestId('chat-collaboration');
    await expect.poll(() => collaboration.innerText()).toContain('In diesem Chat:');
    expect(await collaboration.innerText()).toContain('Anna (Kunde)');
    expect(
      await collaboration.getByRole('button', { name: 'Rückfrage', exact: true }).count(),
    ).toBe(1);
    expect(
      await collaboration.getByRole('button', { name: 'Konferenz', exact: true }).count(),
    ).toBe(1);
    expect(await page.getByRole('button', { name: 'In Arbeitskorb ablegen' }).count()).toBe(1);

    // Times as German writes them: 24-hour clock, no AM/PM.
    const time = await transcript.locator('time').first().innerText();
    expect(time).toMatch(/(^|\s)\d{2}:\d{2}$/u);

    simulator.control.customerTyping(chatId, true);
    const indicator = page.getByTestId('typing-indicator');
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('Anna schreibt…');

    await composer.fill('Ich sehe sofort nach.');
    await page.getByRole('button', { name: 'Senden' }).click();
    await expect.poll(() => transcript.innerText()).toContain('Ich sehe sofort nach.');

    // None of the chat's English words is left (as words: German "Senden" holds "Send").
    const shown = await chatText(page);
    for (const english of [
      'In this chat',
      'customer',
      'Consult',
      'Conference',
      'Write a message',
      'Send',
      'No messages',
    ])
      expect(shown).not.toMatch(new RegExp(`\\b${english}\\b`, 'u'));
    await screenshotsAtThreeSizes(page, 'languages', 'chat-de');
    expect(deskPage.problems).toEqual([]);
  });

  it('a consultation with a colleague of a long name: its two endings, named after her, are read whole at 320 px, and nothing scrolls sideways', async () => {
    // The directory's first colleague under a long double name; signed in, not Ready, so that
    // the customer's chat is offered to the desk's agent.
    const LONG = 'maximiliane.schwarzenberger-oppenheim@switchboard.example';
    const users = demoUsers().map((user) =>
      user.userName === 'priya.raman@switchboard.example'
        ? {
            ...user,
            userName: LONG,
            firstName: 'Maximiliane',
            lastName: 'Schwarzenberger-Oppenheim',
          }
        : user,
    );
    const deskPage = await openDeskPage({ locale: 'de-DE', simulator: { users } });
    const { page, simulator } = deskPage;
    await signedInReady(deskPage);
    const colleague = new TestAgent(simulator.apiUrl, LONG);
    colleagues.push(colleague);
    await colleague.signIn([]);
    const chatId = await annasChat(deskPage);

    const collaboration = page.getByTestId('chat-collaboration');
    await collaboration.getByRole('button', { name: 'Rückfrage', exact: true }).click();
    await page.keyboard.type('maximiliane');
    const panel = page.getByRole('dialog', { name: 'Rückfrage' });
    await expect.poll(() => panel.getByRole('option').count()).toBe(1);
    // Not Ready: the picker says so first, and Enter again consults her.
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByTestId('not-available').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => simulator.world.interactions.get(chatId)?.conferenceParties)
      .toEqual([LONG]);
    const endings = collaboration.getByRole('button');
    await expect
      .poll(() => endings.allInnerTexts())
      .toEqual([
        'An Maximiliane Schwarzenberger-Oppenheim weitergeben',
        'Konferenz mit Maximiliane Schwarzenberger-Oppenheim',
      ]);

    await emulateWindow(page, REFLOW_320);
    const clipped = await endings.evaluateAll((buttons) =>
      (buttons as unknown as LaidOut[])
        .filter((button) => button.scrollWidth > button.clientWidth)
        .map((button) => button.textContent),
    );
    expect(clipped).toEqual([]);
    expect(await sidewaysScroll(page)).toBe(false);
    await screenshotsAtThreeSizes(page, 'languages', 'consult-long-name-de');
    expect(deskPage.problems).toEqual([]);
  });

  it('speaks Spanish in the same places', async () => {
    const deskPage = await openDeskPage({ locale: 'es-ES' });
    const { page } = deskPage;
    await signedInReady(deskPage);
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Disponible en correo, chat');
    await annasChat(deskPage);
    await expect
      .poll(() => page.getByRole('log', { name: 'Transcripción del chat' }).innerText())
      .toContain('Hallo, mein Paket');
    expect(await page.getByTestId('chat-collaboration').innerText()).toContain('Anna (cliente)');
    expect(await page.getByRole('button', { name: 'Enviar' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Poner en una bandeja' }).count()).toBe(1);
    expect(deskPage.problems).toEqual([]);
  });
});
