import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import type { ChannelState } from '../../../common/model';
import { setLocale, takeSystemLanguages } from '../i18n';
import {
  reasonWords,
  byteSize,
  channelSummary,
  channelTitle,
  fullTime,
  lastLineWords,
  partyOf,
  quoteWording,
  shortTime,
  stateLabel,
  waitedFor,
} from './format';
import { quoteText } from './compose';

afterEach(() => {
  vi.useRealTimers();
  setLocale('en');
  takeSystemLanguages([]);
});

describe('format', () => {
  it('says how long a customer has waited, in whole minutes, in the desk language', () => {
    const minute = 60_000;
    expect(
      [0, 59_999, minute, 59 * minute + 59_999, 60 * minute, 125 * minute, -5].map(waitedFor),
    ).toEqual(['<1 min', '<1 min', '1 min', '59 min', '1 h 00 min', '2 h 05 min', '<1 min']);
    setLocale('de');
    expect([30_000, 4 * minute, 61 * minute].map(waitedFor)).toEqual([
      '<1 Min.',
      '4 Min.',
      '1 Std. 01 Min.',
    ]);
  });

  it("names channels in the tray's words, capitalized", () => {
    expect(channelTitle('email')).toBe('E-mail');
    expect(channelTitle('chat')).toBe('Chat');
    expect(channelTitle('sms')).toBe('SMS');
    expect(channelTitle('facebook')).toBe('Facebook');
  });

  it('names whom an interaction is with: whom an e-mail the agent writes goes to, else its sender', () => {
    expect(partyOf({ sentTo: 'a@example.com, b@example.com', from: 'desk@example.com' })).toEqual({
      name: 'to a@example.com, b@example.com',
    });
    expect(partyOf({ sentTo: '', from: 'desk@example.com' })?.name).toBe('no recipient yet');
    expect(partyOf({ fromName: 'Maria Lind', from: 'maria@example.com' })).toEqual({
      name: 'Maria Lind',
      address: 'maria@example.com',
    });
    expect(partyOf({ from: 'Tom' })).toEqual({ name: 'Tom' });
    expect(partyOf({ from: '' })).toBeUndefined();
    setLocale('de');
    expect(partyOf({ sentTo: 'a@example.com' })?.name).toBe('an a@example.com');
  });

  it('puts GWS states in words', () => {
    expect(stateLabel('ReplyCreated')).toBe('Draft');
    expect(stateLabel('PropertiesChanged')).toBe('Accepted');
  });

  it('shows the time of day for today and the day before that', () => {
    const now = new Date(2025, 4, 6, 12, 0).getTime();
    const earlier = new Date(2025, 4, 6, 9, 30).getTime();
    const yesterday = new Date(2025, 4, 5, 9, 30).getTime();
    expect(shortTime(earlier, now)).not.toBe(shortTime(yesterday, now));
    expect(shortTime(yesterday, now).length).toBeGreaterThan(shortTime(earlier, now).length);
    expect(shortTime(undefined, now)).toBe('');
  });

  it('renders again past midnight, when today becomes yesterday', async () => {
    vi.useFakeTimers({ now: new Date(2025, 4, 6, 23, 59, 0) });
    const at = new Date(2025, 4, 6, 23, 0).getTime();
    const shown = computed(() => shortTime(at));
    const before = shown.value;
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(shown.value).not.toBe(before);
    expect(shown.value).toBe(shortTime(at, Date.now()));
  });

  it("words states, channels and sizes in the desk's language, and a render follows a switch", () => {
    const channels: ChannelState[] = [
      { channel: 'chat', state: 'Ready', dnd: false },
      { channel: 'email', state: 'NotReady', dnd: false, reason: 'AfterCallWork' },
    ];
    const summary = computed(() => channelSummary(channels));
    expect(summary.value).toBe('Ready on chat · Not ready (After-call work) on e-mail');
    // The menus and the Not Ready dialog name a reason as the summary does.
    expect([reasonWords('AfterCallWork'), reasonWords('Out to lunch')]).toEqual([
      'After-call work',
      'Out to lunch',
    ]);
    expect(byteSize(1536)).toBe('1.5 kB');
    expect([byteSize(25 * 1024 * 1024), byteSize(1_500_000), byteSize(340 * 1024)]).toEqual([
      '25 MB',
      '1.4 MB',
      '340 kB',
    ]);
    setLocale('de');
    expect(summary.value).toBe('Bereit für Chat · Nicht bereit (Nachbearbeitung) für E-Mail');
    expect(reasonWords('AfterCallWork')).toBe('Nachbearbeitung');
    expect([channelTitle('email'), stateLabel('ReplyCreated'), stateLabel('OnReview')]).toEqual([
      'E-Mail',
      'Entwurf',
      'On review',
    ]);
    expect([byteSize(1536), byteSize(2.5 * 1024 * 1024)]).toEqual(['1,5 kB', '2,5 MB']);
    setLocale('es');
    expect(summary.value).toBe('Disponible en chat · No disponible (Trabajo posterior) en correo');
    expect(stateLabel('PropertiesChanged')).toBe('Aceptada');
  });

  it('changes to the next unit where the rounded number would reach 1,000, in English and German', () => {
    const KIB = 1024;
    const MIB = 1024 * KIB;
    const sizes = [
      999,
      1000,
      1023,
      1024,
      10 * KIB - 1,
      999 * KIB,
      999.4 * KIB,
      999.5 * KIB,
      1023 * KIB,
      MIB - 1,
      MIB,
      1.05 * MIB,
    ];
    expect(sizes.map(byteSize)).toEqual([
      '999 B',
      '1 kB',
      '1 kB',
      '1 kB',
      '10 kB',
      '999 kB',
      '999 kB',
      '1 MB',
      '1 MB',
      '1 MB',
      '1 MB',
      '1.1 MB',
    ]);
    // A download's progress counts up without a "1,000 kB" bigger-looking than the "1 MB" after it.
    expect([1000 * KIB, 1020 * KIB, 8 * MIB].map(byteSize)).toEqual(['1 MB', '1 MB', '8 MB']);
    setLocale('de');
    expect(sizes.map(byteSize)).toEqual([
      '999 B',
      '1 kB',
      '1 kB',
      '1 kB',
      '10 kB',
      '999 kB',
      '999 kB',
      '1 MB',
      '1 MB',
      '1 MB',
      '1 MB',
      '1,1 MB',
    ]);
    expect([1.5 * KIB, 1000 * KIB, 1.5 * MIB].map(byteSize)).toEqual(['1,5 kB', '1 MB', '1,5 MB']);
  });

  it('formats dates and times for the locale', () => {
    const at = new Date(2025, 4, 6, 15, 30, 5).getTime();
    const now = new Date(2025, 4, 6, 18, 0).getTime();
    const morning = new Date(2025, 4, 6, 8, 8).getTime();
    const dayBefore = new Date(2025, 4, 5, 8, 8).getTime();
    expect(shortTime(at, now)).toMatch(/^3:30\sPM$/u);
    // The hour as each locale's clock writes it: no leading zero in English, two digits in German.
    expect(shortTime(morning, now)).toMatch(/^8:08\sAM$/u);
    expect(shortTime(dayBefore, now)).toMatch(/^May 5, 8:08\sAM$/u);
    expect(fullTime(at)).toContain('May 6, 2025');
    setLocale('de');
    expect(shortTime(at, now)).toBe('15:30');
    expect(shortTime(morning, now)).toBe('08:08');
    expect(shortTime(dayBefore, now)).toBe('5. Mai, 08:08');
    expect(fullTime(at)).toBe('06.05.2025, 15:30:05');
    setLocale('es');
    expect(fullTime(at)).toContain('6 may 2025');
  });

  it('writes times and sizes as the OS’s region does in the desk’s language (Mexico’s Spanish, not Spain’s)', () => {
    const at = new Date(2025, 4, 6, 15, 30, 5).getTime();
    const now = new Date(2025, 4, 6, 18, 0).getTime();
    // A Mexican agent's machine: French first, then Mexican Spanish, as main read them.
    takeSystemLanguages(['fr-FR', 'es-MX']);
    setLocale('es');
    // Spain's "1,5 kB" and "15:30" read wrong in Mexico, which writes a decimal point.
    expect(byteSize(1.5 * 1024)).toBe('1.5 kB');
    expect(shortTime(at, now)).toMatch(/^3:30\sp\.m\.$/u);
    // A language the OS lists no region for: its own forms.
    setLocale('de');
    expect(byteSize(1.5 * 1024)).toBe('1,5 kB');
    expect(shortTime(at, now)).toBe('15:30');
  });
});

describe('quoteWording', () => {
  it('names the author as the e-mail does in the line the customer gets, in the desk language', () => {
    // A name with an override: the desk's screen isolates such names (FSI … PDI); this line is
    // sent in the reply, and gets no character the agent did not see typed.
    const author = '\u202EMaria';
    const original = { author, text: 'Hello' };
    expect(quoteText(original, quoteWording())).toBe(`${author} wrote:\n> Hello`);
    setLocale('de');
    expect(quoteText(original, quoteWording())).toBe(`${author} schrieb:\n> Hello`);
    const dated = quoteText(
      { ...original, at: new Date(2026, 11, 2, 4, 10).getTime() },
      quoteWording(),
    );
    expect(dated).toBe(`Am 02.12.2026, 04:10 schrieb ${author}:\n> Hello`);
  });
});

describe('lastLineWords', () => {
  const line = (authorType: string, text: string, visibility?: string) => ({
    eventId: 1,
    kind: 'message' as const,
    authorType,
    authorName: authorType === 'Agent' ? 'Maria' : 'Tom Baker',
    text,
    ...(visibility === undefined ? {} : { visibility }),
  });

  it('gives the customer’s words alone, another’s after their name, marked when only agents saw them', () => {
    expect(lastLineWords(line('Client', 'Where is\n  my parcel?'))).toBe('Where is my parcel?');
    // The words isolated (FSI … PDI): they read in their own direction after the name.
    expect(lastLineWords(line('Agent', 'One moment'))).toBe('Maria: \u2068One moment\u2069');
    expect(lastLineWords(line('Agent', 'Refund it?', 'Int'))).toBe(
      'Maria to the agents: \u2068Refund it?\u2069',
    );
    expect(lastLineWords({ eventId: 2, kind: 'left', authorName: 'Tom Baker' })).toBe(
      'Tom Baker left the chat',
    );
    setLocale('de');
    expect(lastLineWords({ eventId: 2, kind: 'left', authorName: 'Tom Baker' })).toBe(
      'Tom Baker hat den Chat verlassen',
    );
  });

  it('gives nothing for a message without words (the row shows its subject)', () => {
    expect(lastLineWords(line('Client', ' \n '))).toBeUndefined();
    expect(lastLineWords({ eventId: 3, kind: 'message', authorType: 'Client' })).toBeUndefined();
  });
});
