import { describe, expect, it } from 'vitest';
import { bareAddresses } from '../../../common/gwsOperations';
import {
  ENGLISH_QUOTE,
  checkAddresses,
  forwardText,
  initialDraftText,
  isAddress,
  prefixedSubject,
  quoteIntro,
  quoteText,
  replyAllCc,
  subjectPrefix,
} from './compose';

const fixedDate = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const fixedDateEnglish = { ...ENGLISH_QUOTE, formatDate: fixedDate };

describe('subject prefixes', () => {
  it('adds Re: to a reply and Fwd: to a forward, nothing to a new e-mail', () => {
    expect(prefixedSubject('reply', 'Order 1234')).toBe('Re: Order 1234');
    expect(prefixedSubject('replyAll', 'Order 1234')).toBe('Re: Order 1234');
    expect(prefixedSubject('forward', 'Order 1234')).toBe('Fwd: Order 1234');
    expect(prefixedSubject('new', 'Order 1234')).toBe('Order 1234');
  });

  it('does not double a reply prefix in any of its usual spellings', () => {
    for (const subject of [
      'Re: Order',
      'RE: Order',
      're:Order',
      'AW: Bestellung',
      'SV: Ordre',
      'VS: Tilaus',
      'Antw: Bestelling',
      'Re[2]: Order',
      'Re (3): Order',
      '  Re : Order',
      // Other languages' mail programs (Outlook's localized prefixes among them).
      '回复: 订单',
      '回复：订单',
      '答复: 订单',
      '回覆：訂單',
      'YNT: Sipariş',
      'RES: Pedido',
      'Odp: Zamówienie',
      'RIF: Ordine',
      'R: Ordine',
      'BLS: Pesanan',
      'ΑΠ: Παραγγελία',
      'Отв: Заказ',
      'השב: הזמנה',
      'رد: طلب',
      '返信: 注文',
      '회신: 주문',
    ]) {
      expect({ subject, prefix: subjectPrefix('reply', subject) }).toEqual({ subject, prefix: '' });
      expect(prefixedSubject('reply', subject)).toBe(subject.trim());
    }
  });

  it('does not double a forward prefix, but forwards a reply and answers a forward', () => {
    for (const subject of [
      'Fwd: Order',
      'FW: Order',
      'WG: Bestellung',
      'TR: Commande',
      'RV: Pedido',
      'ENC: Pedido',
      'I: Ordine',
      'VB: Order',
      'PD: Zamówienie',
      'İLT: Sipariş',
      'ilt: Sipariş',
      'Пересл: Заказ',
      '转发：订单',
      '転送: 注文',
      '전달: 주문',
    ])
      expect(prefixedSubject('forward', subject)).toBe(subject);
    expect(prefixedSubject('forward', 'Re: Order')).toBe('Fwd: Re: Order');
    expect(prefixedSubject('reply', 'Fwd: Order')).toBe('Re: Fwd: Order');
  });

  it('looks only at the start: a word that begins like a prefix is not one', () => {
    expect(prefixedSubject('reply', 'Refund: order 12')).toBe('Re: Refund: order 12');
    expect(prefixedSubject('reply', 'Order re: refund')).toBe('Re: Order re: refund');
    expect(prefixedSubject('forward', 'Fwding address')).toBe('Fwd: Fwding address');
    expect(prefixedSubject('reply', 'Resend: invoice')).toBe('Re: Resend: invoice');
    expect(prefixedSubject('reply', 'Response time')).toBe('Re: Response time');
    expect(prefixedSubject('forward', 'Info: new hours')).toBe('Fwd: Info: new hours');
  });

  it('gives a bare prefix for a missing or blank subject', () => {
    expect(prefixedSubject('reply', undefined)).toBe('Re:');
    expect(prefixedSubject('forward', '   ')).toBe('Fwd:');
  });
});

describe('quoting the original', () => {
  const at = Date.UTC(2026, 11, 2, 4, 10);

  it('puts the intro line, then every line behind "> "', () => {
    expect(
      quoteText(
        { author: 'Maria Lopez', at, text: 'Hello,\r\n\r\nmy parcel\r\n> earlier\n' },
        fixedDateEnglish,
      ),
    ).toBe(
      [
        'On 2026-12-02 04:10, Maria Lopez wrote:',
        '> Hello,',
        '>',
        '> my parcel',
        '>> earlier',
      ].join('\n'),
    );
  });

  it('says who wrote it even without a date or a name', () => {
    expect(quoteIntro({ author: 'maria@example.com' })).toBe('maria@example.com wrote:');
    expect(quoteIntro({ author: '  ' })).toBe('the sender wrote:');
    expect(quoteText({ author: 'Maria' })).toBe('Maria wrote:\n>');
  });

  it('is written in the wording given (the desk language), the author or someone', () => {
    const german = {
      dated: (author: string, date: string) => `Am ${date} schrieb ${author}:`,
      undated: (author: string) => `${author} schrieb:`,
      someone: 'der Absender',
      formatDate: fixedDate,
    };
    expect(quoteIntro({ author: 'Maria', at }, german)).toBe('Am 2026-12-02 04:10 schrieb Maria:');
    expect(quoteText({ author: ' ', text: 'Hallo' }, german)).toBe(
      'der Absender schrieb:\n> Hallo',
    );
  });

  it('uses a readable English date by default', () => {
    expect(quoteIntro({ author: 'Maria', at })).toMatch(
      /^On \d{1,2} Dec 2026, \d\d:\d\d, Maria wrote:$/u,
    );
  });

  it('builds a new draft from signature and quote, leaving the first line to write on', () => {
    expect(initialDraftText('', '')).toBe('');
    expect(initialDraftText('Ann\nSupport  \n', '')).toBe('\n\nAnn\nSupport');
    expect(initialDraftText('', 'Maria wrote:\n> hi')).toBe('\n\nMaria wrote:\n> hi');
    expect(initialDraftText('Ann', 'Maria wrote:\n> hi')).toBe('\n\nAnn\n\nMaria wrote:\n> hi');
  });
});

describe('address checking', () => {
  it('takes addresses separated by commas, semicolons or lines, bare or with a name', () => {
    expect(checkAddresses('ann@example.com; Bob Lee <bob@mail.example.org>,\n cy@x.io ')).toEqual({
      addresses: ['ann@example.com', 'bob@mail.example.org', 'cy@x.io'],
      invalid: [],
      message: undefined,
    });
    expect(checkAddresses('  ')).toEqual({ addresses: [], invalid: [], message: undefined });
  });

  it('takes a quoted name with a comma as one entry (a Reply all copies such names)', () => {
    expect(
      checkAddresses('"Jensen, Peter" <peter@example.com>;\n"Lee, Ann" <ann@example.com>, cy@x.io'),
    ).toEqual({
      addresses: ['peter@example.com', 'ann@example.com', 'cy@x.io'],
      invalid: [],
      message: undefined,
    });
    // A quote left open protects nothing: each part is checked, and the broken one named.
    expect(checkAddresses('"Jensen, peter@example.com, cy@x.io')).toMatchObject({
      addresses: ['peter@example.com', 'cy@x.io'],
      invalid: ['"Jensen'],
    });
  });

  it('names the first bad entry in one plain sentence', () => {
    expect(checkAddresses('ann@example.com, bob@')).toMatchObject({
      addresses: ['ann@example.com'],
      invalid: ['bob@'],
      message: '"bob@" is not an e-mail address.',
    });
    expect(checkAddresses('ann, bob at example.com, cy@x.io').message).toBe(
      '"ann" and 1 more are not e-mail addresses.',
    );
  });

  it('refuses what servers refuse', () => {
    for (const bad of [
      'ann@localhost',
      'ann@@example.com',
      'ann example@example.com',
      '.ann@example.com',
      'ann.@example.com',
      'an..n@example.com',
      'ann@-example.com',
      'ann@example..com',
      'ann@exa_mple.com',
      '<ann@example.com>>',
      `${'a'.repeat(65)}@example.com`,
    ])
      expect({ bad, valid: isAddress(bad) }).toEqual({ bad, valid: false });
    for (const good of ["o'brien+tag@mail.example.co.uk", 'A.B-c@x1.io'])
      expect({ good, valid: isAddress(good) }).toEqual({ good, valid: true });
  });

  it('takes an address pasted with characters that show nothing, and sends it without them', () => {
    // Copied from a web page or a chat: a zero-width space, a left-to-right mark, a soft hyphen.
    expect(checkAddresses('ann@example.com\u200b, \u200ebo@exam\u00adple.com')).toEqual({
      addresses: ['ann@example.com', 'bo@example.com'],
      invalid: [],
      message: undefined,
    });
    expect(bareAddresses('Ann <ann@example.com\u200b>; \ufeffbo@example.com')).toBe(
      'ann@example.com, bo@example.com',
    );
  });

  it("takes a customer's address in any script, as the server hands it over for a reply", () => {
    // A reply's To is the original's sender as the server gives it: refused here, Send stayed
    // blocked ("not an e-mail address") and the agent could not answer that customer.
    expect(
      checkAddresses('"Müller, Jörg" <jörg@bücher.de>; josé@correo.es, пётр@почта.рф'),
    ).toEqual({
      addresses: ['jörg@bücher.de', 'josé@correo.es', 'пётр@почта.рф'],
      invalid: [],
      message: undefined,
    });
    for (const bad of ['jörg@bücher', 'jörg@bü_cher.de', 'jörg@-bücher.de', 'jö rg@bücher.de'])
      expect({ bad, valid: isAddress(bad) }).toEqual({ bad, valid: false });
  });
});

describe('forwardText', () => {
  const wording = {
    heading: '-- Forwarded --',
    from: 'From:',
    date: 'Date:',
    subject: 'Subject:',
    to: 'To:',
    cc: 'Cc:',
    formatDate: (ms: number) => `day ${String(ms)}`,
  };

  it('names the sender with the address, the date, subject and recipients, then the text as it was', () => {
    expect(
      forwardText(
        {
          author: 'Maria Lopez',
          from: 'maria@example.com',
          at: 7,
          subject: 'Invoice',
          to: ['support@example.com', 'sales@example.com'],
          cc: ['boss@example.com'],
          text: 'Hello,\r\n> earlier\r\n\r\nMaria\n\n',
        },
        wording,
      ),
    ).toBe(
      [
        '-- Forwarded --',
        'From: Maria Lopez <maria@example.com>',
        'Date: day 7',
        'Subject: Invoice',
        'To: support@example.com, sales@example.com',
        'Cc: boss@example.com',
        '',
        'Hello,',
        '> earlier',
        '',
        'Maria',
      ].join('\n'),
    );
  });

  it('leaves out what the original does not say, and names an address alone once', () => {
    expect(
      forwardText(
        { author: 'maria@example.com', from: 'maria@example.com', to: [], cc: [] },
        wording,
      ),
    ).toBe(['-- Forwarded --', 'From: maria@example.com', '', ''].join('\n'));
  });
});

describe('replyAllCc', () => {
  it("copies the original's other recipients in To, after the server's Cc, never the mailbox or anyone named", () => {
    expect(
      replyAllCc(
        ['bo@example.com'],
        [
          'Support <Support@Switchboard.example>',
          'sales@example.com',
          'BO@example.com',
          'maria@example.com',
        ],
        { from: 'support@switchboard.example', to: ['maria@example.com'] },
      ),
    ).toEqual(['bo@example.com', 'sales@example.com']);
  });

  it("keeps the server's Cc alone when the draft's sender is unknown: the mailbox must not be copied", () => {
    expect(
      replyAllCc(['bo@example.com'], ['support@switchboard.example', 'sales@example.com'], {
        from: undefined,
        to: ['maria@example.com'],
      }),
    ).toEqual(['bo@example.com']);
  });

  it('copies nobody the draft names, and each address once, with the sender unknown too', () => {
    expect(
      replyAllCc(
        ['Maria <Maria@Example.com>', 'bo@example.com', 'BO@example.com'],
        ['support@switchboard.example'],
        { from: undefined, to: ['maria@example.com'] },
      ),
    ).toEqual(['bo@example.com']);
  });
});

describe("replyAllCc and the server's own Cc", () => {
  it('takes out of it the desk’s mailbox (any case, any display name) and repeats', () => {
    expect(
      replyAllCc(
        ['Support Desk <Support@Switchboard.example>', 'bo@example.com', 'BO@example.com'],
        ['support@switchboard.example'],
        { from: 'support@switchboard.example', to: ['maria@example.com'] },
      ),
    ).toEqual(['bo@example.com']);
  });
});
