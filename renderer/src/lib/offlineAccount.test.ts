import { describe, expect, it } from 'vitest';
import { accountLabel, cachedAccountNamed } from './offlineAccount';

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

describe('cachedAccountNamed', () => {
  const accounts = [
    { serverUrl: 'demo:simulator', userName: 'agent1', demo: true, interactions: 5 },
    { serverUrl: 'https://gws.example.com:8090', userName: 'kim', demo: false, interactions: 1 },
  ];
  it('finds only the account the form names: its user on its server', () => {
    const demo = { serverUrl: 'http://127.0.0.1:4000', userName: ' agent1 ', demo: true };
    expect(cachedAccountNamed(accounts, demo)?.userName).toBe('agent1');
    expect(cachedAccountNamed(accounts, { ...demo, userName: 'agent2' })).toBeUndefined();
    expect(cachedAccountNamed(accounts, { ...demo, userName: 'kim' })).toBeUndefined();
    const kim = { serverUrl: 'https://gws.example.com:8090/', userName: 'kim', demo: false };
    expect(cachedAccountNamed(accounts, kim)?.userName).toBe('kim');
    expect(
      cachedAccountNamed(accounts, { ...kim, serverUrl: 'https://other:8090' }),
    ).toBeUndefined();
    expect(cachedAccountNamed(accounts, { ...kim, userName: 'agent1' })).toBeUndefined();
  });
});
