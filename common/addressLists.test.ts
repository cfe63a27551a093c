import { describe, expect, it } from 'vitest';
import { splitAddressList } from './addressLists';

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
    expect(splitAddressList('a@example.com\n"B, C" <b@example.com>', true)).toEqual([
      'a@example.com',
      '"B, C" <b@example.com>',
    ]);
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

  it("gives a group's members, not its name, and nothing for an empty group", () => {
    expect(splitAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(
      splitAddressList('Order team: ann@example.com, "Lee, Bo" <bo@example.com>;, cy@example.com'),
    ).toEqual(['ann@example.com', '"Lee, Bo" <bo@example.com>', 'cy@example.com']);
    // A colon after an address is a typing slip, shown as typed, never dropped unseen.
    expect(splitAddressList('ann@example.com: bob@example.com')).toEqual([
      'ann@example.com: bob@example.com',
    ]);
  });

  it('answers nothing for an empty list', () => {
    expect(splitAddressList(' , ;  ')).toEqual([]);
  });
});
