import { describe, expect, it } from 'vitest';
import { isDenial } from './notifications';

describe('isDenial', () => {
  it('takes a handshake refused for its session (Bayeux 403, HTTP 401 or 403) for a denial', () => {
    for (const reason of ['403::Handshake denied', 'HTTP 401', 'HTTP 403'])
      expect(isDenial(reason)).toBe(true);
  });

  it('takes anything else for a handshake lost on the way', () => {
    for (const reason of [
      'HTTP 500',
      'HTTP 4031',
      'no answer from the server',
      '402::Unknown client',
      // Numbers inside a transport's own words.
      'message replies of request 401: 10000 ms',
      'getaddrinfo ENOTFOUND gws-403.internal',
    ])
      expect(isDenial(reason)).toBe(false);
  });
});
