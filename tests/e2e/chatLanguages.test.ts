import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acceptedChat, type DeskPage, screenshotsAtThreeSizes, useDeskPages } from './deskHarness';

// The chat's own words (transcript, composer, who is in the chat, the typing line, Place in
// workbin) and the shared words (agent states, channels, times) in the desk's language, in
// Chromium against the real desk core and the simulator. The page's language is the OS's
// (`navigator.languages`) here; the agent's own setting moves it the same way. Controls other
// views own are reached by test id or role, not by their words, which other catalogs translate.

const { open: openDeskPage } = useDeskPages();

/** Signs in with the form as it opens and goes Ready through the desk, whatever the language. */
async function signedInReady({ page, desk }: DeskPage): Promise<void> {
  await page.locator('form button[type="submit"]').click();
  await expect
    .poll(() => page.getByTestId('connection').getAttribute('data-state'))
    .toBe('connected');
  await desk.handlers.agent.setReady(undefined);
}

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
    expect(await collaboration.getByRole('button', { name: 'Beraten' }).count()).toBe(1);
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
