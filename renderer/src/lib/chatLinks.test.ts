import { describe, expect, it } from 'vitest';
import { chatTextParts } from './chatLinks';

const links = (text: string) => chatTextParts(text).filter((part) => part.url !== undefined);

describe('chatTextParts', () => {
  it('cuts a line into its text and the web addresses in it, the whole text kept in order', () => {
    const line = 'Track it at https://parcels.com/track?id=7 (or www.shop.com/orders/7).';
    const parts = chatTextParts(line);
    expect(parts).toEqual([
      { text: 'Track it at ' },
      { text: 'https://parcels.com/track?id=7', url: 'https://parcels.com/track?id=7' },
      { text: ' (or ' },
      { text: 'www.shop.com/orders/7', url: 'https://www.shop.com/orders/7' },
      { text: ').' },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe(line);
  });

  it('answers a line without addresses as one part', () => {
    for (const text of ['Order 12.34 arrived, version v1.2', '', 'a.b'])
      expect(chatTextParts(text)).toEqual([{ text }]);
  });

  it('leaves sentence punctuation out of a link and keeps brackets the address opened', () => {
    expect(links('See http://plain.com/x?y=1&z=2!')).toEqual([
      { text: 'http://plain.com/x?y=1&z=2', url: 'http://plain.com/x?y=1&z=2' },
    ]);
    expect(links('Read https://en.wikipedia.org/wiki/Foo_(bar), please')).toEqual([
      {
        text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
        url: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      },
    ]);
  });

  it('asks about a bare address as https, and makes no link of e-mail addresses or other schemes', () => {
    expect(links('shop.com/orders/7?')).toEqual([
      { text: 'shop.com/orders/7', url: 'https://shop.com/orders/7' },
    ]);
    expect(links('write to anna@shop.com or mailto:anna@shop.com')).toEqual([]);
    expect(links('ftp://files.com/a //files.com/b')).toEqual([]);
  });
});
