import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { CacheStore } from './store';

/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';
const TEAM_WORKBIN = Buffer.from('Team Workbin/SharedView').toString('base64');

function opened() {
  const store = new CacheStore(openDatabase(':memory:'));
  const account = store.accountId({ serverUrl: 'http://gws', userName: 'agent1' });
  const other = store.accountId({ serverUrl: 'http://gws', userName: 'agent2' });
  return { store, workbins: store.workbins(), account, other };
}

describe('the cached workbins (WorkbinStore)', () => {
  it('replaces everything with a new read, in the server’s order; an unlisted workbin goes with its content', () => {
    const { workbins, account, other } = opened();
    workbins.replaceAll(
      account,
      [
        {
          workbinId: TEST_WORKBIN,
          name: 'TestWorkbin',
          entries: [
            { interactionId: 'b', subject: 'Later', placedAt: 2000 },
            { interactionId: 'a', channel: 'email', from: 'ann@example.com', placedAt: 1000 },
          ],
        },
        { workbinId: 'Z', name: 'Zeta', entries: [{ interactionId: 'z' }] },
      ],
      5000,
    );
    workbins.replaceAll(other, [{ workbinId: 'Z', name: 'Zeta', entries: [] }], 4000);
    expect(workbins.read(account)).toEqual({
      workbins: [
        {
          workbinId: TEST_WORKBIN,
          name: 'TestWorkbin',
          // Oldest placed first.
          entries: [
            { interactionId: 'a', channel: 'email', from: 'ann@example.com', placedAt: 1000 },
            { interactionId: 'b', subject: 'Later', placedAt: 2000 },
          ],
        },
        { workbinId: 'Z', name: 'Zeta', entries: [{ interactionId: 'z' }] },
      ],
      readAt: 5000,
    });

    workbins.replaceAll(account, [{ workbinId: 'Z', name: 'Zeta', entries: [] }], 6000);
    expect(workbins.read(account)).toEqual({
      workbins: [{ workbinId: 'Z', name: 'Zeta', entries: [] }],
      readAt: 6000,
    });
    // The other agent's copy is its own.
    expect(workbins.read(other)?.readAt).toBe(4000);
  });

  it('finds the listed workbin a notification names by id, name or configuration name', () => {
    const { workbins, account } = opened();
    workbins.replaceAll(
      account,
      [
        { workbinId: TEST_WORKBIN, name: 'TestWorkbin', entries: [] },
        { workbinId: TEAM_WORKBIN, name: 'TeamWorkbin', entries: [] },
      ],
      1,
    );
    expect(workbins.resolve(account, TEST_WORKBIN)).toBe(TEST_WORKBIN);
    expect(workbins.resolve(account, 'TeamWorkbin')).toBe(TEAM_WORKBIN);
    // 003's workbinInfo.workbinTypeId: the configuration name, spaces and all.
    expect(workbins.resolve(account, 'Team Workbin')).toBe(TEAM_WORKBIN);
    expect(workbins.resolve(account, 'Team')).toBeUndefined();
    expect(workbins.resolve(account, 'NoSuchWorkbin')).toBeUndefined();
  });

  it('stores, updates and removes one entry, and clears a workbin’s content', () => {
    const { workbins, account } = opened();
    workbins.replaceAll(account, [{ workbinId: 'W', name: 'W', entries: [] }], 1);
    workbins.putEntry(account, 'W', { interactionId: 'x', subject: 'First' });
    workbins.putEntry(account, 'W', { interactionId: 'x', subject: 'Second', placedAt: 7 });
    expect(workbins.entry(account, 'W', 'x')).toEqual({
      interactionId: 'x',
      subject: 'Second',
      placedAt: 7,
    });
    expect(workbins.removeEntry(account, 'W', 'x')).toBe(true);
    expect(workbins.removeEntry(account, 'W', 'x')).toBe(false);
    workbins.putEntry(account, 'W', { interactionId: 'y' });
    workbins.clearEntries(account, 'W');
    expect(workbins.read(account)?.workbins[0]?.entries).toEqual([]);
  });
});
