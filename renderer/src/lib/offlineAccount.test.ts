import { describe, expect, it } from 'vitest';
import { accountLabel } from './offlineAccount';

describe('accountLabel', () => {
  it('names the demo server in words, whatever port it ran on', () => {
    expect(accountLabel({ serverUrl: 'demo:simulator', userName: 'agent1', demo: true })).toBe(
      'agent1 on the demo server',
    );
    expect(
      accountLabel({ serverUrl: 'http://127.0.0.1:39255', userName: 'agent1', demo: true }),
    ).toBe('agent1 on the demo server');
  });

  it('names a real server by its host and port', () => {
    expect(
      accountLabel({ serverUrl: 'https://gws.example.com:8090/', userName: 'kim', demo: false }),
    ).toBe('kim on gws.example.com:8090');
    expect(accountLabel({ serverUrl: 'not a url', userName: 'kim', demo: false })).toBe(
      'kim on not a url',
    );
  });
});
