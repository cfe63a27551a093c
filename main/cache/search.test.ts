import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { ftsQuery, RANKING_WINDOW, searchCache, SNIPPET_INLINE_BYTES } from './search';
import { CacheStore } from './store';
import { bracketed, MATCH_END, MATCH_START } from '../../common/searchSnippet';

// What a search answers, and in what order, on a real (in-memory) cache.

let db: Database;
let store: CacheStore;
let account: number;

const T0 = 1_700_000_000_000;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new CacheStore(db);
  account = store.transaction(() =>
    store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' }),
  );
});

afterEach(() => {
  db.close();
});

/** A chat stored with one line per text, in `accountId` (the test's account by default). */
function chat(id: string, lines: readonly string[], accountId = account): void {
  store.transaction(() => {
    store.upsertInteraction(
      accountId,
      { id, channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
      T0,
    );
    store.addChatEvents(
      accountId,
      id,
      lines.map((text, index) => ({
        eventId: index + 1,
        kind: 'message' as const,
        authorName: 'Customer',
        text,
        at: T0 + index,
      })),
    );
  });
}

const ids = (text: string, page: { limit?: number; offset?: number } = {}) =>
  searchCache(db, { text, ...page }).map((hit) => hit.interaction.id);

describe('searchCache', () => {
  it('quotes every word, so that FTS5 syntax is taken literally', () => {
    expect(ftsQuery('退货 NEAR "twice" *')).toBe(
      '"退\u200B货" AND ("NEAR" OR "ＮＥＡＲ") AND ("twice" OR "ｔｗｉｃｅ" OR "twıce")',
    );
    expect(ftsQuery('  " * : ')).toBeNull();
  });

  it('takes a control character in the words (a NUL pasted in) as a space, not an error', () => {
    chat('ix-nul', ['refund twice please']);
    // SQLite reads the query as a C string: after a NUL its closing quote was gone, and the
    // search failed with "unterminated string".
    expect(ftsQuery('退货\u0000谢谢')).toBe('"退\u200B货" AND "谢\u200B谢"');
    expect(ids('refund\u0000twice')).toEqual(['ix-nul']);
    expect(ids('twice\u0007please')).toEqual(['ix-nul']);
  });

  it('shows the words around a NUL a broken client put in a line or a mail, in the snippet', () => {
    chat('line-nul', ['my parcel\u0000 was lost, refund please\u0000 thanks']);
    // A long document's snippet is cut afterwards (SNIPPETS_SQL): the same function, the same cut.
    chat('long-nul', [
      `${'word '.repeat(200)}lost\u0000 my parcel, a refund\u0000 ${'more '.repeat(200)}`,
    ]);
    // FTS5 copies the text between matches as C strings: all after a NUL up to the next match
    // (or the end) was left out of the snippet, "Customer: my parcel[refund]".
    expect(
      bracketed(
        searchCache(db, { text: 'refund' }).find((hit) => hit.interaction.id === 'line-nul')
          ?.snippet ?? '',
      ),
    ).toBe('Customer: my parcel  was lost, [refund] please  thanks');
    expect(
      bracketed(
        searchCache(db, { text: 'refund' }).find((hit) => hit.interaction.id === 'long-nul')
          ?.snippet ?? '',
      ),
    ).toBe('…word lost  my parcel, a [refund]  more more more more more more…');
    expect(ids('thanks')).toEqual(['line-nul']);
  });

  it('gives an interaction once, as its best-ranked line, with that line’s snippet', () => {
    chat('ix-1', [
      'the parcel came late and the box was open when it arrived at the door',
      'parcel parcel',
    ]);
    const hits = searchCache(db, { text: 'parcel' });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      kind: 'chat',
      interaction: { id: 'ix-1', channel: 'chat', state: 'Accepted' },
    });
    expect(bracketed(hits[0]?.snippet ?? '')).toBe('Customer: [parcel] [parcel]');
  });

  it('ranks the best first and, among equal ranks, the most recent first', () => {
    for (const n of [1, 2, 3, 4, 5]) chat(`same-${String(n)}`, ['refund for order']);
    chat('best', ['refund refund']);
    expect(ids('refund')).toEqual(['best', 'same-5', 'same-4', 'same-3', 'same-2', 'same-1']);
  });

  it('pages through equal ranks without repeating or skipping a hit', () => {
    for (let n = 0; n < 7; n += 1) chat(`ix-${String(n)}`, ['where is my refund']);
    const whole = ids('refund');
    expect(whole).toHaveLength(7);
    const paged = [0, 3, 6].flatMap((offset) => ids('refund', { limit: 3, offset }));
    expect(paged).toEqual(whole);
  });

  it('answers for one account when asked, for all otherwise', () => {
    const other = store.transaction(() =>
      store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent2' }),
    );
    chat('mine', ['invoice missing']);
    chat('theirs', ['invoice missing'], other);
    expect(
      searchCache(db, { text: 'invoice', accountId: account }).map((hit) => hit.interaction.id),
    ).toEqual(['mine']);
    expect(ids('invoice').sort()).toEqual(['mine', 'theirs']);
  });

  it('leaves out a match whose interaction is no longer stored', () => {
    chat('kept', ['warranty claim']);
    chat('gone', ['warranty claim']);
    db.prepare("DELETE FROM interactions WHERE id = 'gone'").run();
    expect(ids('warranty')).toEqual(['kept']);
  });

  it('finds a word inside a run of an unspaced script, its snippet as the customer wrote it', () => {
    chat('zh', ['我想退货，谢谢']);
    chat('ja', ['お荷物が届きません']);
    chat('th', ['ขอคืนเงินค่าสินค้า']);
    chat('ko', ['주문한 상품의 환불을 원합니다']);
    chat('mixed', ['订单号12345还没到']);
    // Words within a run: unicode61 saw "我想退货" and "お荷物が届きません" as one token each.
    expect(ids('退货')).toEqual(['zh']);
    expect(ids('届きません')).toEqual(['ja']);
    expect(ids('คืนเงิน')).toEqual(['th']);
    expect(ids('환불')).toEqual(['ko']);
    expect(ids('12345')).toEqual(['mixed']);
    expect(ids('订单号12345')).toEqual(['mixed']);
    // The characters must stand together, in order, as the word does.
    expect(ids('货退')).toEqual([]);
    expect(ids('退谢')).toEqual([]);
    const [hit] = searchCache(db, { text: '退货' });
    expect(hit?.snippet).toBe(`Customer: 我想${MATCH_START}退货${MATCH_END}，谢谢`);
    // The whole run, and spaced scripts, are found as before.
    expect(ids('我想退货')).toEqual(['zh']);
  });

  it('finds Korean and Japanese written decomposed (as macOS names files) by the words as typed', () => {
    // "환불" as the six letters ᄒ ᅪ ᆫ ᄇ ᅮ ᆯ, "データ" with its voicing mark apart: a file name
    // from a Mac, a line pasted from one. The index split them into other characters than the
    // composed ones a keyboard types, and the tokenizer dropped the mark: never found.
    chat('ko-nfd', ['환불요청서 보내드립니다'.normalize('NFD')]);
    chat('ja-nfd', ['データが壊れています'.normalize('NFD')]);
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'mail-nfd', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        T0,
      );
      store.upsertAttachment(account, 'mail-nfd', {
        id: 'f1',
        name: '견적서_プラン.pdf'.normalize('NFD'),
      });
    });
    expect(ids('환불')).toEqual(['ko-nfd']);
    expect(ids('환불요청서')).toEqual(['ko-nfd']);
    expect(ids('データ')).toEqual(['ja-nfd']);
    expect(ids('견적서')).toEqual(['mail-nfd']);
    expect(ids('プラン')).toEqual(['mail-nfd']);
    // Typed decomposed too (pasted from a file name), it finds the same.
    expect(ids('환불'.normalize('NFD'))).toEqual(['ko-nfd']);
    // Nor by a word it does not hold ("exchange rate").
    expect(ids('환율')).toEqual([]);
    const [hit] = searchCache(db, { text: '환불' });
    expect(hit?.snippet).toBe(`Customer: ${MATCH_START}환불${MATCH_END}요청서 보내드립니다`);
  });

  it('shows a word of an unspaced script whole in its snippet, not cut at the window’s end', () => {
    chat('zh-cut', ['我想了解一下你们的退货政策是什么']);
    chat('th-cut', ['ฉันต้องการคืนเงินค่ะ']);
    chat('zh-end', ['我想了解一下你们的退货政策']);
    const snippet = (text: string, id: string) =>
      bracketed(searchCache(db, { text }).find((hit) => hit.interaction.id === id)?.snippet ?? '');
    // FTS5 took the window from the line's start, which held the word's first characters only:
    // "…我想了解一下你们的[退货政]…", "…ฉันต้องการ[คืนเง]…".
    expect(snippet('退货政策', 'zh-cut')).toBe('…我想了解一下你们的[退货政策]…');
    expect(snippet('คืนเงิน', 'th-cut')).toBe('…ฉันต้องการ[คืนเงิน]…');
    expect(snippet('退货政策', 'zh-end')).toBe('…我想了解一下你们的[退货政策]');
  });

  it('finds digits and Latin letters typed full-width (a CJK keyboard) by either width', () => {
    chat('ja-order', ['注文番号１２３４５のＰＣが届きません']);
    chat('en-order', ['order 67890 for the PC never came']);
    // unicode61 folds case and diacritics, not width: "12345" did not find "１２３４５".
    expect(ids('12345')).toEqual(['ja-order']);
    expect(ids('ｐｃ').sort()).toEqual(['en-order', 'ja-order']);
    expect(ids('pc 12345')).toEqual(['ja-order']);
    // And the reverse: an agent's input method typing full-width finds what was typed narrow.
    expect(ids('６７８９０')).toEqual(['en-order']);
    // Found as the customer wrote it.
    expect(searchCache(db, { text: '12345' })[0]?.snippet).toContain(
      `注文番号${MATCH_START}１２３４５${MATCH_END}のＰＣ`,
    );
  });

  it('finds "ß" by "ss" and "ı" by "i", and the reverse', () => {
    chat('de-street', ['Die Lieferung ging an die falsche Straße']);
    chat('ch-street', ['Die Lieferung ging an die falsche Strasse']);
    chat('tr-order', ['Sipariş numarası 4711, kısmi iade istiyorum']);
    // unicode61 folds case and diacritics, not these: "strasse" did not find "Straße".
    expect(ids('strasse').sort()).toEqual(['ch-street', 'de-street']);
    expect(ids('STRASSE').sort()).toEqual(['ch-street', 'de-street']);
    expect(ids('straße').sort()).toEqual(['ch-street', 'de-street']);
    // A keyboard without "ı": each "i" may be either (a word mixes them: "kısmi").
    expect(ids('numarasi')).toEqual(['tr-order']);
    expect(ids('kismi iade')).toEqual(['tr-order']);
    expect(ids('SIPARIS')).toEqual(['tr-order']);
    expect(ids('ıade')).toEqual(['tr-order']);
    // Found as the customer wrote it.
    expect(
      bracketed(
        searchCache(db, { text: 'strasse' }).find((hit) => hit.interaction.id === 'de-street')
          ?.snippet ?? '',
      ),
    ).toContain('falsche [Straße]');
    expect(bracketed(searchCache(db, { text: 'numarasi' })[0]?.snippet ?? '')).toContain(
      '[numarası]',
    );
    // A word of many places is still looked for, as typed and with every place one way.
    expect(ftsQuery('mississippiisi')).toBe(
      '("mississippiisi" OR "ｍｉｓｓｉｓｓｉｐｐｉｉｓｉ" OR "mıßıßıppıısı")',
    );
  });

  it("marks the matches apart from a customer's own brackets", () => {
    chat('ix-9', ['[REFUND APPROVED BY SUPERVISOR] where is my parcel']);
    // The marks themselves, typed: kept out of what is indexed.
    chat('ix-10', [`${MATCH_START}REFUND APPROVED${MATCH_END} my parcel again`]);
    const snippets = searchCache(db, { text: 'parcel' }).map((hit) => hit.snippet);
    expect(snippets).toContain(
      `Customer: [REFUND APPROVED BY SUPERVISOR] where is my ${MATCH_START}parcel${MATCH_END}`,
    );
    expect(snippets.join('\n')).not.toContain(`${MATCH_START}REFUND`);
  });

  it('cuts each hit its own snippet, from a short document or a long one', () => {
    // A chat line's is cut while the matches are read; a long e-mail's for the page alone.
    const filler = ' and then some more words about it'.repeat(SNIPPET_INLINE_BYTES / 20);
    store.transaction(() => {
      for (let n = 0; n < 30; n += 1) {
        const id = `mail-${String(n)}`;
        store.upsertInteraction(
          account,
          { id, channel: 'email', state: 'Completed', capabilities: [], userData: {} },
          T0 + n,
        );
        store.putEmail(account, id, {
          from: 'customer@example.com',
          to: ['support@example.com'],
          cc: [],
          subject: 'Question',
          text: `Where is my refund number${String(n)}${filler}`,
          attachments: [],
        });
      }
    });
    for (let n = 0; n < 30; n += 1) chat(`chat-${String(n)}`, [`refund number${String(n)}`]);
    for (const offset of [0, 20, 50]) {
      const hits = searchCache(db, { text: 'refund', limit: 10, offset });
      expect(hits).toHaveLength(10);
      for (const hit of hits) {
        const [kind, n] = hit.interaction.id.split('-');
        expect(hit.kind).toBe(kind === 'mail' ? 'email' : 'chat');
        expect(bracketed(hit.snippet)).toContain(`[refund] number${n ?? ''}`);
      }
    }
  });

  it("finds an HTML-only e-mail by its HTML's words", () => {
    // Outlook and Gmail often send HTML alone, the text part empty.
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'html-only', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        T0,
      );
      store.putEmail(account, 'html-only', {
        from: 'kim@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Order 4471',
        text: '',
        html: '<div>My parcel <b>never</b> arrived.</div><div>Kim</div>',
        attachments: [],
      });
    });
    expect(ids('parcel never arrived')).toEqual(['html-only']);
    expect(ids('div')).toEqual([]);
  });

  it('finds a word a soft hyphen breaks (an order confirmation’s &shy;) by the word as typed', () => {
    // Shops break long words for narrow screens with optional hyphens, invisible unless the line
    // breaks there; to the tokenizer they are separators, "Bestell" and "bestätigung".
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'shy', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        T0,
      );
      store.putEmail(account, 'shy', {
        from: 'kim@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Fwd: Ihre Bestellung',
        text: '',
        html: '<p>Ihre Bestell&shy;bestätigung für Rück&shy;erstattungs&shy;antrag 4471</p>',
        attachments: [],
      });
    });
    chat('shy-chat', ['die Auftrags\u00ADnummer fehlt']);
    expect(ids('Bestellbestätigung')).toEqual(['shy']);
    expect(ids('Rückerstattungsantrag')).toEqual(['shy']);
    expect(ids('Auftragsnummer')).toEqual(['shy-chat']);
    // Pasted with its soft hyphen, the same.
    expect(ids('Auftrags\u00ADnummer')).toEqual(['shy-chat']);
  });

  it('finds an HTML-only e-mail by the words of its table cells, quotes, lists and links', () => {
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'html-table', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        T0,
      );
      store.putEmail(account, 'html-table', {
        from: 'kim@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Invoice',
        text: '',
        // Cells side by side ran together ("Kettlecharged") before the cells were separated.
        html:
          '<table><tr><td>Kettle</td><td>charged</td><td>twice</td></tr></table>' +
          '<ol><li>refund</li><li>apology</li></ol><p><a href="https://shop.example/track">' +
          'tracking</a></p><blockquote type="cite"><p>parcel shipped</p></blockquote>',
        attachments: [],
      });
    });
    expect(ids('kettle charged twice')).toEqual(['html-table']);
    expect(ids('charged')).toEqual(['html-table']);
    expect(ids('refund apology')).toEqual(['html-table']);
    expect(ids('tracking')).toEqual(['html-table']);
    expect(ids('parcel shipped')).toEqual(['html-table']);
    expect(ids('blockquote')).toEqual([]);
  });

  it(`ranks only the ${String(RANKING_WINDOW)} most recent matches`, () => {
    // The oldest match is the best one, but a common word's older matches are not ranked.
    chat('oldest', ['battery battery battery']);
    store.transaction(() => {
      for (let n = 0; n < RANKING_WINDOW; n += 1) chat(`ix-${String(n)}`, ['battery flat again']);
    });
    const found = ids('battery', { limit: RANKING_WINDOW + 1 });
    expect(found).toHaveLength(RANKING_WINDOW);
    expect(found).not.toContain('oldest');
    expect(found[0]).toBe(`ix-${String(RANKING_WINDOW - 1)}`);
  });

  it('opens a hit on a contact’s past interaction as its row says, with what was opened', () => {
    // The desk never held these: the agent opened them from a contact's UCS history.
    const entry = (id: string, mediaType: string, subject: string) => ({
      id,
      mediaType,
      subject,
      state: 'Stopped',
      startedAt: T0 - 9_000,
      endedAt: T0 - 8_000,
      contactId: 'maria',
    });
    store.transaction(() => {
      store
        .contactHistory()
        .storeListing(
          account,
          'maria',
          [entry('ucs-chat', 'Chat', 'Delivery address'), entry('ucs-mail', 'Email', 'Invoice')],
          T0,
        );
      store.storeHistoryContent(
        account,
        entry('ucs-chat', 'Chat', 'Delivery address'),
        { events: [{ eventId: 1, kind: 'message', authorName: 'Maria', text: 'Hellerup please' }] },
        T0 + 1,
      );
      store.storeHistoryContent(
        account,
        entry('ucs-mail', 'Email', 'Invoice'),
        { events: [], body: 'I paid invoice 2291 twice' },
        T0 + 2,
      );
    });
    for (const [word, id] of [
      ['Hellerup', 'ucs-chat'],
      ['2291', 'ucs-mail'],
    ] as const) {
      const [hit] = searchCache(db, { text: word });
      expect(hit?.interaction.id).toBe(id);
      // It said "no longer in the cache" (no detail), and the command line "No interaction".
      const detail = store.interaction(account, id);
      expect(detail).toMatchObject({ ...hit?.interaction, contactId: 'maria', attachments: [] });
    }
    expect(store.interaction(account, 'ucs-chat')?.transcript).toEqual([
      { eventId: 1, kind: 'message', authorName: 'Maria', text: 'Hellerup please' },
    ]);
    expect(store.interaction(account, 'ucs-mail')).toMatchObject({
      channel: 'email',
      phase: 'ended',
      email: { subject: 'Invoice', text: 'I paid invoice 2291 twice', to: [], cc: [] },
    });
    // Listed but never opened: nothing to show, as before; another account's: not this one's.
    store.transaction(() => {
      store.contactHistory().storeListing(account, 'maria', [entry('ucs-listed', 'Chat', 'x')], T0);
    });
    expect(store.interaction(account, 'ucs-listed')).toBeUndefined();
    const other = store.transaction(() =>
      store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent2' }),
    );
    expect(store.interaction(other, 'ucs-chat')).toBeUndefined();
  });
});
