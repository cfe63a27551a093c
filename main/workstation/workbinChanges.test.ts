import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ChangeSet, GwsEvent, InteractionSnapshot } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { CacheWriter, workbinChangeOf } from './cacheWriter';

// The cache writer's side of the workbins: a workbin notification changes the cached content of
// the workbin it names and the change set says how, under the id the workbins were listed with.

/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';

function writer(): { target: CacheWriter; heard: ChangeSet[] } {
  const target = new CacheWriter({
    store: new CacheStore(openDatabase(':memory:')),
    account: { serverUrl: 'http://gws', userName: 'agent1' },
    attachmentsDir: join(tmpdir(), 'switchboard-workbin-changes'),
    log: { debug: () => undefined, warn: () => undefined },
    now: () => 50_000,
  });
  const heard: ChangeSet[] = [];
  target.onCommit((commit) => heard.push(commit.changes));
  return { target, heard };
}

function queued(id: string, extra: Partial<InteractionSnapshot> = {}): InteractionSnapshot {
  return { id, channel: 'email', state: 'Queued', capabilities: [], userData: {}, ...extra };
}

function change(name: string, interactions: InteractionSnapshot[], workbinId = 'TestWorkbin') {
  return { type: 'workbinChanged', workbinId, change: name, interactions } satisfies GwsEvent;
}

describe('workbin notifications in the cache', () => {
  it('stores a placed interaction with what the cache knows of it, and forgets one taken out', () => {
    const { target, heard } = writer();
    target.apply({
      type: 'interactionUpdated',
      interaction: queued('e1', {
        state: 'Accepted',
        subject: 'Invoice',
        from: 'maria@example.com',
      }),
    });
    target.storeWorkbins([{ workbinId: TEST_WORKBIN, name: 'TestWorkbin', entries: [] }], 1000);

    // 003's notification names the workbin by its configuration name and carries no subject.
    target.apply(change('PlacedIn', [queued('e1')]), 2000);
    const placedEntry = {
      interactionId: 'e1',
      channel: 'email',
      subject: 'Invoice',
      from: 'maria@example.com',
      placedAt: 2000,
    };
    expect(heard.at(-1)?.workbins).toEqual([
      {
        workbinId: TEST_WORKBIN,
        change: 'PlacedIn',
        interactions: [queued('e1')],
        entries: [placedEntry],
        removed: [],
      },
    ]);
    expect(target.storedWorkbins()?.workbins[0]?.entries).toEqual([placedEntry]);

    // An update keeps the time it was placed.
    target.apply(change('Update', [queued('e1', { subject: 'Invoice (paid)' })]), 3000);
    expect(target.storedWorkbins()?.workbins[0]?.entries).toEqual([
      { ...placedEntry, subject: 'Invoice (paid)' },
    ]);

    target.apply(change('TakenOut', [queued('e1')]), 4000);
    expect(heard.at(-1)?.workbins[0]).toMatchObject({ entries: [], removed: ['e1'] });
    expect(target.storedWorkbins()?.workbins[0]?.entries).toEqual([]);
    // Taken out again (a repeated notification): nothing left to remove, and the set says so.
    target.apply(change('Delete', [queued('e1')]), 5000);
    expect(heard.at(-1)?.workbins[0]).toMatchObject({ entries: [], removed: [] });
  });

  it('replaces the content with a complete one, and stores nothing for a workbin never listed', () => {
    const { target, heard } = writer();
    target.storeWorkbins(
      [
        {
          workbinId: TEST_WORKBIN,
          name: 'TestWorkbin',
          entries: [{ interactionId: 'old' }, { interactionId: 'n1', placedAt: 500 }],
        },
      ],
      1000,
    );
    target.apply(change('Content', [queued('n1'), queued('n2')], TEST_WORKBIN), 2000);
    // What the content no longer lists is gone; what it still lists keeps when it was placed.
    expect(target.storedWorkbins()?.workbins[0]?.entries).toEqual([
      { interactionId: 'n1', channel: 'email', placedAt: 500 },
      { interactionId: 'n2', channel: 'email', placedAt: 2000 },
    ]);
    // The change set says so too: the open panel drops only what it names as removed, and
    // kept showing "old" (gone from the server and the cache, its Pull refused).
    expect(heard.at(-1)?.workbins).toEqual([
      {
        workbinId: TEST_WORKBIN,
        change: 'Content',
        interactions: [queued('n1'), queued('n2')],
        entries: [
          { interactionId: 'n1', channel: 'email', placedAt: 500 },
          { interactionId: 'n2', channel: 'email', placedAt: 2000 },
        ],
        removed: ['old'],
      },
    ]);

    target.apply(change('PlacedIn', [queued('x')], 'Elsewhere'), 3000);
    expect(heard.at(-1)?.workbins).toEqual([
      {
        workbinId: 'Elsewhere',
        change: 'PlacedIn',
        interactions: [queued('x')],
        entries: [],
        removed: [],
      },
    ]);
    expect(target.storedWorkbins()?.workbins.map((workbin) => workbin.workbinId)).toEqual([
      TEST_WORKBIN,
    ]);
  });

  it('keeps who placed an item and why, the latest said, until it leaves; none when never said', () => {
    const { target, heard } = writer();
    target.storeWorkbins(
      [
        {
          workbinId: TEST_WORKBIN,
          name: 'TestWorkbin',
          entries: [{ interactionId: 'quiet', placedAt: 500 }],
        },
      ],
      1000,
    );
    const byAgent2 = { actor: 'agent2', reason: 'Waiting for customer' };
    target.apply({ ...change('PlacedIn', [queued('e1')]), ...byAgent2 }, 2000);
    expect(heard.at(-1)?.workbins[0]?.entries).toEqual([
      {
        interactionId: 'e1',
        channel: 'email',
        placedAt: 2000,
        placedBy: 'agent2',
        reason: 'Waiting for customer',
      },
    ]);
    // The panel's reads (which GetWorkbinContent answers without them) still say so…
    const entries = () => target.storedWorkbins()?.workbins[0]?.entries;
    expect(entries()).toContainEqual(
      expect.objectContaining({ interactionId: 'e1', placedBy: 'agent2' }),
    );
    // …as does a complete content, which names no actor; an item nobody named shows none.
    target.apply(change('Content', [queued('quiet'), queued('e1')], TEST_WORKBIN), 3000);
    expect(heard.at(-1)?.workbins[0]?.entries).toEqual([
      { interactionId: 'quiet', channel: 'email', placedAt: 500 },
      {
        interactionId: 'e1',
        channel: 'email',
        placedAt: 2000,
        placedBy: 'agent2',
        reason: 'Waiting for customer',
      },
    ]);
    // The latest word wins: placed again, by someone else, for another reason.
    target.apply(
      { ...change('PlacedIn', [queued('e1')]), actor: 'supervisor1', reason: 'Escalated' },
      4000,
    );
    expect(entries()).toContainEqual(
      expect.objectContaining({
        interactionId: 'e1',
        placedBy: 'supervisor1',
        reason: 'Escalated',
      }),
    );
    // Taken out and placed again with nothing said: nothing is left of the old placement.
    target.apply(change('TakenOut', [queued('e1')]), 5000);
    target.apply(change('PlacedIn', [queued('e1')]), 6000);
    expect(entries()?.find((entry) => entry.interactionId === 'e1')).toEqual({
      interactionId: 'e1',
      channel: 'email',
      placedAt: 6000,
    });
  });

  it('forgets the placement of an item a complete content leaves out', () => {
    const { target } = writer();
    target.storeWorkbins([{ workbinId: TEST_WORKBIN, name: 'TestWorkbin', entries: [] }], 1000);
    target.apply(
      { ...change('PlacedIn', [queued('e1')]), actor: 'agent2', reason: 'Waiting for customer' },
      2000,
    );
    // e1 left the workbin unheard; the next complete content does not list it.
    target.apply(change('Content', [queued('quiet')], TEST_WORKBIN), 3000);
    target.apply(change('PlacedIn', [queued('e1')]), 4000);
    expect(
      target.storedWorkbins()?.workbins[0]?.entries.find((entry) => entry.interactionId === 'e1'),
    ).toEqual({ interactionId: 'e1', channel: 'email', placedAt: 4000 });
  });

  it("keeps what the server's notification said of the agent's own placement that came before its answer", () => {
    const { target } = writer();
    target.storeWorkbins([{ workbinId: TEST_WORKBIN, name: 'TestWorkbin', entries: [] }], 1000);
    const entryOf = (id: string) =>
      target.storedWorkbins()?.workbins[0]?.entries.find((entry) => entry.interactionId === id);
    // The agent places e1: Interaction Server's notification, naming the agent as it knows
    // them (an agent id) and the reason it passes on, comes before PlaceInWorkbin's answer.
    target.forgetPlacement(TEST_WORKBIN, 'e1');
    target.apply(
      { ...change('PlacedIn', [queued('e1')]), actor: '1001', reason: 'Waiting for customer' },
      2000,
    );
    target.placedByAgent(TEST_WORKBIN, 'e1');
    expect(entryOf('e1')).toMatchObject({ placedBy: '1001', reason: 'Waiting for customer' });
    // A notification that names no one: the agent is named by the user name they signed in with.
    target.forgetPlacement(TEST_WORKBIN, 'e2');
    target.apply({ ...change('PlacedIn', [queued('e2')]), reason: 'Escalated' }, 3000);
    target.placedByAgent(TEST_WORKBIN, 'e2');
    expect(entryOf('e2')).toMatchObject({ placedBy: 'agent1', reason: 'Escalated' });
  });

  it('names the agent, not what was heard before the agent had the item, for a placement of theirs', () => {
    const { target } = writer();
    target.storeWorkbins([{ workbinId: TEST_WORKBIN, name: 'TestWorkbin', entries: [] }], 1000);
    // A colleague's placement, heard; the item left the workbin unheard (the panel closed) and
    // came to the agent, who places it again with the panel closed: no notification.
    target.apply(
      { ...change('PlacedIn', [queued('e1')]), actor: 'agent2', reason: 'Waiting for customer' },
      2000,
    );
    target.forgetPlacement('TestWorkbin', 'e1');
    target.placedByAgent('TestWorkbin', 'e1');
    expect(
      target.storedWorkbins()?.workbins[0]?.entries.find((entry) => entry.interactionId === 'e1'),
    ).toEqual({ interactionId: 'e1', channel: 'email', placedAt: 2000, placedBy: 'agent1' });
  });

  it('reads 003’s change words: PlacedIn/Create/Update store, TakenOut/Delete remove', () => {
    expect(['PlacedIn', 'Create', 'Update'].map(workbinChangeOf)).toEqual([
      'stored',
      'stored',
      'stored',
    ]);
    expect(['TakenOut', 'Delete'].map(workbinChangeOf)).toEqual(['removed', 'removed']);
    expect(workbinChangeOf('Content')).toBe('content');
  });
});
