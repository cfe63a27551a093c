import { describe, expect, it } from 'vitest';
import { decodeEncodedWords } from './encodedWords';

/** Node's own, where the tests run (common/ is type-checked without Node's types). */
declare const process: {
  threadCpuUsage(since?: { user: number; system: number }): { user: number; system: number };
};

describe('decodeEncodedWords', () => {
  it('decodes B and Q words in any charset the runtime knows', () => {
    expect(decodeEncodedWords('=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=')).toBe('Überweisung');
    expect(decodeEncodedWords('=?iso-8859-1?Q?J=F8rgen_M=FCller?=')).toBe('Jørgen Müller');
    expect(decodeEncodedWords('=?utf-8?q?caf=C3=A9?= au lait')).toBe('café au lait');
    expect(decodeEncodedWords('Re: =?windows-1252?Q?=80_100?= refund')).toBe('Re: € 100 refund');
    expect(decodeEncodedWords('=?UTF-8*de?B?R3LDvMOfZQ==?=')).toBe('Grüße');
  });

  it('drops the white space between encoded words and joins a character split across two', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Guten?=  =?UTF-8?Q?_Tag?=')).toBe('Guten Tag');
    // "Ü" is C3 9C: one byte in each word, as Outlook splits long subjects.
    expect(decodeEncodedWords('=?UTF-8?B?w4==?= =?UTF-8?Q?=9Cber?=')).toBe('Über');
    expect(decodeEncodedWords('=?UTF-8?Q?=C3?= =?UTF-8?Q?=9Cber?= alles')).toBe('Über alles');
  });

  it('leaves what is not a valid encoded word as it came', () => {
    for (const text of [
      'Plain subject',
      'What is 2+2=?',
      '=?x-unknown-charset?Q?abc?=',
      '=?UTF-8?B?not base64!?=',
      '=?UTF-8?Q?=ZZ?=',
      '=?UTF-8?X?abc?=',
      '',
    ])
      expect(decodeEncodedWords(text)).toBe(text);
  });

  it('takes out control and format characters a word decodes to', () => {
    // A line break (=0A) and a right-to-left override (E2 80 AE) inside the words.
    expect(decodeEncodedWords('=?UTF-8?Q?Invoice=0ABcc:_x?=')).toBe('InvoiceBcc: x');
    expect(decodeEncodedWords('=?UTF-8?Q?invoice=E2=80=AEfdp.exe?=')).toBe('invoicefdp.exe');
  });

  it('decodes a long run of words in little time', () => {
    const subject = Array.from({ length: 20_000 }, () => '=?UTF-8?B?w5w=?=').join(' ');
    // This thread's CPU time, not the wall clock's: what the decoding costs, whatever else the
    // machine runs (~0.27 s here, 0.7 s by the wall clock under load; a quadratic or backtracking
    // decoder would take minutes). Not the process's: the test files of this project share their
    // worker process, whose other threads (a search worker, the collector's) counted 1.29 s once.
    const started = process.threadCpuUsage();
    expect(decodeEncodedWords(subject)).toBe('Ü'.repeat(20_000));
    expect(decodeEncodedWords('=?'.repeat(100_000))).toBe('=?'.repeat(100_000));
    const longWord = `=?UTF-8?B?${btoa('a'.repeat(1_500_000))}?=`;
    expect(decodeEncodedWords(`=?UTF-8?Q?x?= ${longWord}`)).toBe(`x${'a'.repeat(1_500_000)}`);
    const { user, system } = process.threadCpuUsage(started);
    expect((user + system) / 1_000).toBeLessThan(1_000);
  });
});
