import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeSet, WorkbinsOverview } from '../../../common/model';
import { deferred, type FakeApi } from '../testing/fakeApi';
import { foldWorkbins, useWorkbinsStore } from './workbins';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const OVERVIEW: WorkbinsOverview = {
  workbins: [
    { workbinId: 'W1', name: 'Drafts', entries: [{ interactionId: 'a', subject: 'A' }] },
    { workbinId: 'W2', name: 'Team', entries: [] },
  ],
  readAt: 1000,
  cached: false,
};

/** One workbin change as the cache writer reports it. */
function workbinChange(
  workbinId: string,
  entries: ChangeSet['workbins'][number]['entries'],
  removed: string[] = [],
): ChangeSet['workbins'][number] {
  return { workbinId, change: 'PlacedIn', interactions: [], entries, removed };
}

const changeSet = (workbins: ChangeSet['workbins']): ChangeSet => ({
  interactions: [],
  transcripts: [],
  emails: [],
  workbins,
  history: [],
});

describe('foldWorkbins', () => {
  it('upserts the entries stored and drops the ones taken out, in their workbin only', () => {
    const folded = foldWorkbins(
      OVERVIEW,
      changeSet([
        workbinChange('W2', [{ interactionId: 'b', subject: 'B' }]),
        workbinChange('W1', [{ interactionId: 'a', subject: 'A (edited)' }]),
      ]),
    );
    expect(folded?.workbins).toEqual([
      { workbinId: 'W1', name: 'Drafts', entries: [{ interactionId: 'a', subject: 'A (edited)' }] },
      { workbinId: 'W2', name: 'Team', entries: [{ interactionId: 'b', subject: 'B' }] },
    ]);
    const emptied = foldWorkbins(folded, changeSet([workbinChange('W1', [], ['a'])]));
    expect(emptied?.workbins[0]?.entries).toEqual([]);
    expect(emptied?.workbins[1]).toBe(folded?.workbins[1]);
  });

  it('answers the same overview for changes of workbins it does not list', () => {
    expect(
      foldWorkbins(OVERVIEW, changeSet([workbinChange('Other', [{ interactionId: 'x' }])])),
    ).toBe(OVERVIEW);
    expect(foldWorkbins(null, changeSet([workbinChange('W1', [])]))).toBeNull();
  });
});

describe('the workbins store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    fake.api.reset();
  });

  it('keeps a change pushed while the overview was being read, and opens the first workbin', async () => {
    const reading = deferred<unknown>();
    fake.api.answer('switchboard:workbins:overview', () => reading.promise);
    const workbins = useWorkbinsStore();
    workbins.start();
    const loading = workbins.load();
    fake.api.emitChanges({ workbins: [workbinChange('W2', [{ interactionId: 'b' }])] });
    reading.resolve({ ok: true, value: OVERVIEW });
    await loading;
    expect(workbins.overview?.workbins[1]?.entries).toEqual([{ interactionId: 'b' }]);
    expect(workbins.openWorkbin?.name).toBe('Drafts');
    workbins.stop();
  });

  it('shows a refused pull as its error and keeps the entry until the server takes it out', async () => {
    fake.api.answer('switchboard:workbins:overview', () =>
      Promise.resolve({ ok: true, value: OVERVIEW }),
    );
    fake.api.answer('switchboard:workbins:pull', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'notFound', message: 'Interaction a not found in workbin' },
      }),
    );
    const workbins = useWorkbinsStore();
    await workbins.load();
    expect(await workbins.pull('W1', 'a')).toBe(false);
    expect(workbins.pullError).toEqual({
      kind: 'notFound',
      message: 'Interaction a not found in workbin',
    });
    expect(workbins.overview?.workbins[0]?.entries).toEqual([{ interactionId: 'a', subject: 'A' }]);
    expect(workbins.pulling).toBeNull();
  });

  it('opens a pulled interaction whose answer came after the workbins were read again, and takes the next Pull', async () => {
    fake.api.answer('switchboard:workbins:overview', () =>
      Promise.resolve({ ok: true, value: OVERVIEW }),
    );
    const pulled = deferred<unknown>();
    fake.api.answer('switchboard:workbins:pull', () => pulled.promise);
    const workbins = useWorkbinsStore();
    await workbins.load();
    const pulling = workbins.pull('W1', 'a');
    expect(workbins.pulling).toBe('a');
    // Refresh pressed (or the panel opened again, the link back) while the server takes its time.
    await workbins.load();
    pulled.resolve({ ok: true, value: undefined });

    expect(await pulling).toBe(true);
    expect(workbins.pulling).toBeNull();
    fake.api.answer('switchboard:workbins:pull', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    expect(await workbins.pull('W1', 'b')).toBe(true);
  });
});
