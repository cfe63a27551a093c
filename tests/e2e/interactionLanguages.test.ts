import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { row, useDeskPages, connectionState } from './deskHarness';

// Issue 15 items 4 and 5, in the shipped renderer in Chromium against the real desk core and
// the simulator: the interaction and e-mail views in German and Spanish (an invited e-mail, the
// e-mail open, a reply being written and sent), and the wording that names people, not the
// desk's own address. Sign-in and the state control are reached by their elements, not their
// words, since other areas of the desk have their own translation tests.

const { open: openDeskPage } = useDeskPages();
const SHOTS = join('out/screenshots', 'languages');

/** Signs in with the demo's form and goes Ready, whatever language the page speaks. */
async function signInReadyAnyLanguage(page: Page): Promise<void> {
  await page.locator('form.sign-in__card button[type="submit"]').click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  const select = page.locator('#agent-state-select');
  await expect.poll(() => select.isEnabled()).toBe(true);
  await select.selectOption('ready');
  await expect.poll(() => select.inputValue()).toBe('ready');
}

/**
 * English words of the interaction and e-mail views that must not show in another language.
 * ("Draft", GWS state ReplyCreated, is a state in the shared words of lib/format.ts, another helper's area.)
 */
const ENGLISH = [
  /\bReply\b(?! created)/u,
  /\bForward\b/u,
  /\bSubject\b/u,
  /\bFrom\b/u,
  /\bSend\b/u,
  /\bCancel\b/u,
  /\bResponses\b/u,
  /\bCase data\b/u,
  /\bDisposition\b/u,
  /\bAttachments\b/u,
  /\bSave\b/u,
  /\bsince\b/u,
  /\bno subject\b/u,
];

/** The few DOM members the in-page function below uses (the tests compile without the DOM). */
interface TextElement {
  readonly innerText: string;
  querySelectorAll(selector: string): Iterable<TextElement>;
}

/** What the detail shows that is data, not UI text: case data, the mail's text, what was written. */
const DATA = '.case__list, [data-testid="email-body"], .thread__text, .composer__original-text';

/** The English words of {@link ENGLISH} in the detail's own text (its data left out). */
async function englishIn(page: Page): Promise<string[]> {
  const text = await page.locator('section.detail').evaluate((section, data) => {
    const root = section as unknown as TextElement;
    let shown = root.innerText;
    for (const element of root.querySelectorAll(data))
      shown = shown.replace(element.innerText, ' ');
    return shown;
  }, DATA);
  return ENGLISH.filter((word) => word.test(text)).map(String);
}

describe('the interaction and e-mail views in other languages', () => {
  it('shows an e-mail and a reply in German, naming the sender and the agent', async () => {
    const { page, simulator, problems } = await openDeskPage({ locale: 'de-DE' });
    await mkdir(SHOTS, { recursive: true });
    await signInReadyAnyLanguage(page);
    const emailId = simulator.control.receiveEmail({
      from: 'maria.lind@example.com',
      fromPersonal: 'Maria Lind',
      subject: 'Frage zur Rechnung 77',
      text: 'Guten Tag,\nist die Rechnung 77 schon bezahlt?\nMaria Lind',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.locator('.row__main').click();

    // Invited: what is true of an invitation, the person by name, nothing to save yet.
    const note = page.getByTestId('detail-invited-note');
    await expect
      .poll(() => note.innerText())
      .toBe(
        'Nehmen Sie die E-Mail an, um sie zu lesen. Die Einladung enthält nur Betreff und Absender.',
      );
    const party = page.getByTestId('detail-party');
    expect(await party.innerText()).toBe('Maria Lind');
    expect(await party.getAttribute('title')).toBe('maria.lind@example.com');
    const actions = page.getByRole('toolbar', { name: 'Aktionen' });
    expect(await actions.getByRole('button', { name: /speichern/u }).count()).toBe(0);
    expect(await englishIn(page)).toEqual([]);
    await actions.getByRole('button', { name: 'Annehmen' }).click();

    // Accepted: the e-mail in German, its sender by name with the address beside it.
    await expect
      .poll(() => page.getByTestId('email-body').innerText())
      .toBe('Guten Tag,\nist die Rechnung 77 schon bezahlt?\nMaria Lind');
    expect(await page.getByTestId('email-from').innerText()).toBe(
      'Maria Lind <maria.lind@example.com>',
    );
    expect(await page.locator('.email__headers dt').allInnerTexts()).toEqual([
      'Von',
      'An',
      'Betreff',
    ]);
    await expect
      .poll(() => actions.getByRole('button', { name: 'E-Mail speichern' }).count())
      .toBe(1);
    expect(await actions.getByRole('button', { name: 'Verlauf speichern' }).count()).toBe(0);
    expect(await englishIn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'de-email.png') });

    // A reply: the composer's words, an address check's sentence, the original by name.
    await actions.getByRole('button', { name: 'Antworten', exact: true }).click();
    const draft = page.getByRole('form', { name: 'Entwurf: Antwort' });
    await expect.poll(() => draft.isVisible()).toBe(true);
    await expect.poll(() => draft.getAttribute('data-ready')).toBe('true');
    expect(await draft.getByLabel('An', { exact: true }).inputValue()).toContain(
      'maria.lind@example.com',
    );
    expect(await draft.locator('summary').innerText()).toBe('Ursprüngliche E-Mail von Maria Lind');
    expect(await draft.getByTestId('file-limit').innerText()).toBe('Je Datei bis zu 25 MB.');
    // The quote goes to the customer in the desk's language, its date in German form.
    expect(await draft.getByLabel('Text', { exact: true }).inputValue()).toMatch(
      /\n\nAm \d\d\.\d\d\.\d{4}, \d\d:\d\d schrieb Maria Lind:\n> /u,
    );
    // What is written is kept by the composer: nothing else offers to save the draft.
    expect(await actions.getByRole('button', { name: /speichern/u }).count()).toBe(0);
    await draft.getByLabel('Cc', { exact: true }).fill('bo@');
    await expect
      .poll(() => draft.getByRole('alert').innerText())
      .toBe('„bo@“ ist keine E-Mail-Adresse.');
    const send = draft.getByRole('button', { name: 'Senden' });
    expect(await send.isDisabled()).toBe(true);
    expect(await send.getAttribute('title')).toBe(
      'Korrigieren Sie zuerst die unten markierten Adressen. (Ctrl+Enter)',
    );
    await draft.getByLabel('Cc', { exact: true }).fill('');
    const text = 'Guten Tag Frau Lind,\ndie Rechnung 77 ist bezahlt.';
    await draft.getByLabel('Text', { exact: true }).fill(text);
    await expect
      .poll(() => draft.getByTestId('draft-status').innerText())
      .toMatch(/^Entwurf gespeichert/u);
    expect(await englishIn(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'de-reply.png') });
    const draftId =
      (await page.locator('.row--selected').getAttribute('data-interaction-id')) ?? '';
    await send.click();
    await expect.poll(() => row(page, draftId).count()).toBe(0);

    // The thread under the e-mail says the agent sent the reply, not the desk's address.
    await emailRow.locator('.row__main').click();
    const reply = page.locator(`[data-testid="thread-reply"][data-reply-id="${draftId}"]`);
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('.thread__when').innerText()).toMatch(/^Von Ihnen gesendet am /u);
    expect(await reply.locator('.thread__text').innerText()).toBe(text);
    // Opened, the sent reply is from "Sie", and its header line says whom it went to.
    await reply.getByRole('button', { name: 'Öffnen' }).click();
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe(text);
    expect(await page.getByTestId('email-from').innerText()).toMatch(/^Sie\b/u);
    expect(await page.getByTestId('detail-party').innerText()).toBe('an maria.lind@example.com');
    expect(await page.getByTestId('sent-note').innerText()).toMatch(
      /^Sie haben diese E-Mail am .+ gesendet\.$/u,
    );
    expect(await englishIn(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows an invited and an accepted e-mail in Spanish', async () => {
    const { page, simulator, problems } = await openDeskPage({ locale: 'es-ES' });
    await signInReadyAnyLanguage(page);
    const emailId = simulator.control.receiveEmail({
      from: 'lucia@example.com',
      fromPersonal: 'Lucía Gómez',
      subject: 'Pregunta sobre la factura 12',
      text: 'Hola,\n¿está pagada la factura 12?',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.locator('.row__main').click();
    await expect
      .poll(() => page.getByTestId('detail-invited-note').innerText())
      .toBe('Acepta el correo para leerlo. La invitación solo trae el asunto y el remitente.');
    const actions = page.getByRole('toolbar', { name: 'Acciones' });
    await actions.getByRole('button', { name: 'Aceptar' }).click();
    await expect
      .poll(() => page.getByTestId('email-body').innerText())
      .toBe('Hola,\n¿está pagada la factura 12?');
    expect(await page.getByTestId('email-from').innerText()).toBe(
      'Lucía Gómez <lucia@example.com>',
    );
    expect(await page.locator('.email__headers dt').allInnerTexts()).toEqual([
      'De',
      'Para',
      'Asunto',
    ]);
    await expect
      .poll(() => actions.getByRole('button', { name: 'Guardar correo' }).count())
      .toBe(1);
    expect(await actions.getByRole('button', { name: 'Responder', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('case-data').locator('summary').first().innerText()).toMatch(
      /^Datos del caso \(\d+\)$/u,
    );
    expect(await englishIn(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
