import { describe, expect, it } from 'vitest';
import {
  acceptOpened,
  darkScreenshot,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// The headers of a customer's e-mail as some servers pass them on: a subject and a sender's
// name still RFC 2047 encoded, and people copied under names that hold a comma, as Outlook's
// address book writes them. In the shipped renderer, in Chromium, against the real desk core,
// cache and GWS client talking to the simulator.

const { open: openDeskPage } = useDeskPages();

describe('e-mail headers in Chromium', () => {
  it('reads an encoded subject and name decoded, and sends a Reply all to names with commas', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'joergen@example.com',
      fromPersonal: '=?iso-8859-1?Q?J=F8rgen_M=FCller?=',
      to: ['support@switchboard.example', '"Jensen, Peter" <peter@example.com>'],
      cc: ['"Lee, Ann" <ann@example.com>'],
      subject: '=?UTF-8?B?w5xiZXJ3ZWlzdW5nIGbDvHI=?= =?UTF-8?Q?_M=C3=A4rz?=',
      text: 'Where is my transfer?\nJørgen',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button', { name: 'E-mail from Jørgen Müller:' }).click();
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Überweisung für März');
    expect(await page.getByTestId('email-subject').innerText()).toBe('Überweisung für März');
    await screenshotsAtThreeSizes(page, 'mailHeaders', 'encoded-email');

    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Reply all', exact: true })
      .click();
    await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
    const replyAll = page.getByRole('form', { name: 'Reply to all draft' });
    expect(await replyAll.getByLabel('Subject').inputValue()).toBe('Re: Überweisung für März');
    expect(await replyAll.getByLabel('Cc', { exact: true }).inputValue()).toBe(
      '"Lee, Ann" <ann@example.com>, "Jensen, Peter" <peter@example.com>',
    );
    expect(await replyAll.getByLabel('Text', { exact: true }).inputValue()).toMatch(
      /^\n\nOn .+, Jørgen Müller wrote:\n> Where is my transfer\?\n> Jørgen$/u,
    );
    await expect.poll(() => replyAll.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    expect(await replyAll.getByRole('alert').count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'mailHeaders', 'reply-all-names-with-commas');
    await replyAll.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]).toMatchObject({
      to: ['joergen@example.com'],
      cc: ['ann@example.com', 'peter@example.com'],
      subject: 'Re: Überweisung für März',
    });
    expect(problems).toEqual([]);
  }, 90_000);

  it('answers all of a customer named in quotes, at an address not in ASCII, who wrote by Bcc under a folded subject', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'jörg@bücher.de',
      // As a header writes a name with a comma: quoted.
      fromPersonal: '"Müller, Jörg"',
      // Written to the mailbox by Bcc alone: an empty group in To.
      to: ['undisclosed-recipients:;'],
      // A header the server passed on folded.
      subject: 'Invoice 1182\r\n for March',
      text: 'Where is my invoice?',
    });
    // The row names the sender as the lists do: the quotes off.
    await expect
      .poll(() =>
        row(page, emailId).getByRole('button', { name: 'E-mail from Müller, Jörg:' }).count(),
      )
      .toBe(1);
    await acceptOpened(page, emailId);
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Reply all', exact: true })
      .click();
    await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
    const replyAll = page.getByRole('form', { name: 'Reply to all draft' });
    expect({
      to: await replyAll.getByLabel('To', { exact: true }).inputValue(),
      cc: await replyAll.getByLabel('Cc', { exact: true }).inputValue(),
      subject: await replyAll.getByLabel('Subject').inputValue(),
      quoteLine: (await replyAll.getByLabel('Text', { exact: true }).inputValue()).split('\n')[2],
    }).toEqual({
      to: 'jörg@bücher.de',
      cc: '',
      subject: 'Re: Invoice 1182 for March',
      quoteLine: expect.stringMatching(/^On .+, Müller, Jörg wrote:$/u) as unknown,
    });
    await expect.poll(() => replyAll.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    expect(await replyAll.getByRole('alert').count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'mailHeaders', 'reply-all-to-a-customer-not-in-ascii');
    await darkScreenshot(
      page,
      'out/screenshots/mailHeaders/reply-all-to-a-customer-not-in-ascii-dark.png',
    );
    await replyAll.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]).toMatchObject({
      to: ['jörg@bücher.de'],
      cc: [],
      subject: 'Re: Invoice 1182 for March',
    });
    expect(problems).toEqual([]);
  }, 90_000);
});
