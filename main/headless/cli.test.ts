import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli';

// In process, with fetch replaced: an address the command must refuse is never reached, even
// if it did not refuse it (tests reach only this machine).

const folders: string[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `listen` with `server`; answers its exit code, what it wrote on stderr, what it sent. */
async function listenTo(server: string) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-server-'));
  folders.push(dir);
  const sent: string[] = [];
  vi.stubGlobal('fetch', (input: string | URL | Request) => {
    sent.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new Error('no network in this test'));
  });
  vi.stubEnv('SWITCHBOARD_PASSWORD', 'hunter2');
  const errors: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    errors.push(String(chunk));
    return true;
  });
  const code = await main([
    'listen',
    ...['--server', server, '--user', 'agent1', '--db', join(dir, 'cache.sqlite')],
  ]);
  return { code, stderr: errors.join(''), sent };
}

describe('switchboard listen --server', () => {
  it('refuses plain http to another machine before the password goes anywhere', async () => {
    const { code, stderr, sent } = await listenTo('http://gws.example.com:8090');
    expect(code).toBe(2);
    expect(stderr).toContain('must use https (http only for a server on this machine)');
    expect(sent).toEqual([]);
  });

  it('refuses an address carrying a user name or password, without repeating it', async () => {
    for (const server of [
      'https://jdoe:secret@gws.example.com',
      'https://:secret@gws.example.com',
    ]) {
      const { code, stderr, sent } = await listenTo(server);
      expect(code).toBe(2);
      expect(stderr).toContain('without credentials');
      expect(stderr).not.toContain('secret');
      expect(sent).toEqual([]);
    }
  });

  it('takes https, and http on this machine', async () => {
    for (const server of ['https://127.0.0.1:1', 'http://localhost:1']) {
      const { stderr, sent } = await listenTo(server);
      // Past the address check: the sign-in is tried (and fails: no network here).
      expect(stderr).not.toContain('--server');
      expect(sent.length).toBeGreaterThan(0);
    }
  });
});
