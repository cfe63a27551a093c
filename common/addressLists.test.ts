import { describe, expect, it } from 'vitest';
import { entryAddress, splitAddressList } from './addressLists';

describe('splitAddressList', () => {
  it('splits at commas and semicolons outside quoted names and angle brackets', () => {
    expect(splitAddressList('"Jensen, Peter" <peter@example.com>; ann@example.com,')).toEqual([
      '"Jensen, Peter" <peter@example.com>',
      'ann@example.com',
    ]);
    expect(splitAddressList('Odd <a,b@example.com>, c@example.com')).toEqual([
      'Odd <a,b@example.com>',
      'c@example.com',
    ]);
  });

  it('keeps an escaped quote inside a quoted name', () => {
    expect(splitAddressList('"Lee \\"Ann\\", Jr." <ann@example.com>, b@example.com')).toEqual([
      '"Lee \\"Ann\\", Jr." <ann@example.com>',
      'b@example.com',
    ]);
  });

  it('splits at line breaks only when asked', () => {
    expect(splitAddressList('a@example.com\nb@example.com')).toEqual([
      'a@example.com\nb@example.com',
    ]);
    expect(splitAddressList('a@example.com\n"B, C" <b@example.com>', { lineBreaks: true })).toEqual(
      ['a@example.com', '"B, C" <b@example.com>'],
    );
  });

  it('splits at every separator when a quote or bracket is left open', () => {
    expect(splitAddressList('"Jensen, peter@example.com; c@example.com')).toEqual([
      '"Jensen',
      'peter@example.com',
      'c@example.com',
    ]);
    expect(splitAddressList('<a@example.com, b@example.com')).toEqual([
      '<a@example.com',
      'b@example.com',
    ]);
  });

  it("gives a header's group's members, not its name, and nothing for an empty group", () => {
    const header = { groups: true };
    expect(splitAddressList('undisclosed-recipients:;', header)).toEqual([]);
    expect(
      splitAddressList(
        'Order team: ann@example.com, "Lee, Bo" <bo@example.com>;, cy@example.com',
        header,
      ),
    ).toEqual(['ann@example.com', '"Lee, Bo" <bo@example.com>', 'cy@example.com']);
    // A colon after an address is a typing slip, shown as typed, never dropped unseen.
    expect(splitAddressList('ann@example.com: bob@example.com', header)).toEqual([
      'ann@example.com: bob@example.com',
    ]);
  });

  it('drops nothing the agent typed before a colon: a slip, shown as no address', () => {
    expect(splitAddressList('ann:bob@example.com, cy@example.com', { lineBreaks: true })).toEqual([
      'ann:bob@example.com',
      'cy@example.com',
    ]);
  });

  it('finds the address of an entry with a mark that shows nothing after its brackets', () => {
    expect(entryAddress('Ann <ann@example.com>\u200e')).toBe('ann@example.com');
    expect(entryAddress('\u200bAnn <ann@example.com>')).toBe('ann@example.com');
  });

  it('answers nothing for an empty list', () => {
    expect(splitAddressList(' , ;  ')).toEqual([]);
  });
});
