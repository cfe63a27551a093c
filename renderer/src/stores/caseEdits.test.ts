import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../common/errors';
import { deferred, settle, type FakeApi } from '../testing/fakeApi';
import { sampleHead } from '../testing/samples';
import { ENDED_EDITS_KEPT, useCaseEditsStore } from './caseEdits';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const UPDATE = 'switchboard:interactions:updateProperties';
const NOT_FOUND: Result<void> = {
  ok: false,
  error: { kind: 'notFound', message: 'The interaction is no longer yours' },
};

beforeEach(() => {
  fake.api.reset();
  fake.api.answer('switchboard:page:keepCaseEdit', () =>
    Promise.resolve({ ok: true, value: undefined }),
  );
  setActivePinia(createPinia());
});
afterEach(settle);

describe('the case edits store over a shift', () => {
  it(`keeps what was typed and refused after the end for the latest ${String(ENDED_EDITS_KEPT)} interactions, not the shift's`, async () => {
    const caseEdits = useCaseEditsStore();
    caseEdits.start();
    // A shift's notes saved as their chats end: the server refuses each (no longer the agent's).
    for (let n = 0; n < 300; n++) {
      const id = `chat-${String(n)}`;
      caseEdits.edit(id, 'Note', 'Customer asked about order 4711');
      const answer = deferred<Result<void>>();
      fake.api.answer(UPDATE, () => answer.promise);
      const saving = caseEdits.save(id, 'Note', 'Customer asked about order 4711', true);
      caseEdits.stopEdit(id);
      fake.api.emitChanges({ interactions: [sampleHead(id, 'Completed', n + 10)] });
      answer.resolve(NOT_FOUND);
      expect(await saving).toBe(false);
    }
    expect(caseEdits.edits.size).toBe(ENDED_EDITS_KEPT);
    expect(caseEdits.refusals.size).toBe(ENDED_EDITS_KEPT);
    // The latest is there to read and copy (the panel shows it read-only); the first is gone.
    expect(caseEdits.edits.get('chat-299')).toEqual({
      key: 'Note',
      text: 'Customer asked about order 4711',
    });
    expect(caseEdits.refusals.get('chat-299')?.error.kind).toBe('notFound');
    expect(caseEdits.edits.has('chat-0')).toBe(false);

    // One still the agent's keeps its refusal and gets its value back in its form.
    caseEdits.edit('chat-open', 'Note', 'Call back at 5');
    fake.api.answer(UPDATE, () => Promise.resolve(NOT_FOUND));
    const saving = caseEdits.save('chat-open', 'Note', 'Call back at 5', true);
    caseEdits.stopEdit('chat-open');
    expect(await saving).toBe(false);
    expect(caseEdits.refusals.get('chat-open')?.key).toBe('Note');
    expect(caseEdits.edits.get('chat-open')).toEqual({ key: 'Note', text: 'Call back at 5' });
    caseEdits.stop();
  });

  it('drops the refusal of a save whose answer was lost once the server shows it took the value', async () => {
    const caseEdits = useCaseEditsStore();
    caseEdits.start();
    const LOST: Result<void> = {
      ok: false,
      error: { kind: 'network', message: 'POST /me/interactions/c1: other side closed' },
    };
    // Its notification after the failure: the refusal said "Note was not changed", the form
    // back open with the text, while the server held it.
    caseEdits.edit('c1', 'Note', 'Call back at 5');
    fake.api.answer(UPDATE, () => Promise.resolve(LOST));
    const saving = caseEdits.save('c1', 'Note', 'Call back at 5', true);
    caseEdits.stopEdit('c1');
    expect(await saving).toBe(false);
    expect(caseEdits.refusals.get('c1')?.key).toBe('Note');
    fake.api.emitChanges({
      interactions: [sampleHead('c1', 'Accepted', 10, { userData: { Note: 'Call back at 5' } })],
    });
    expect(caseEdits.refusals.has('c1')).toBe(false);
    expect(caseEdits.edits.has('c1')).toBe(false);

    // Its notification before the failure: the panel tells what the server holds then.
    fake.api.answer(UPDATE, () => Promise.resolve(LOST));
    expect(await caseEdits.save('c1', 'Note', 'Call back at 6', true)).toBe(false);
    caseEdits.heardSaved('c1', { Note: 'Call back at 6' });
    expect(caseEdits.refusals.has('c1')).toBe(false);
    expect(caseEdits.edits.has('c1')).toBe(false);

    // Not taken after all (another value on the server), or refused: both stay.
    fake.api.answer(UPDATE, () => Promise.resolve(LOST));
    expect(await caseEdits.save('c1', 'Note', 'Call back at 7', true)).toBe(false);
    fake.api.emitChanges({
      interactions: [sampleHead('c1', 'Accepted', 11, { userData: { Note: 'Call back at 6' } })],
    });
    expect(caseEdits.refusals.get('c1')?.key).toBe('Note');
    expect(caseEdits.edits.get('c1')).toEqual({ key: 'Note', text: 'Call back at 7' });
    caseEdits.stopEdit('c1');
    fake.api.answer(UPDATE, () => Promise.resolve(NOT_FOUND));
    expect(await caseEdits.save('c1', 'Note', 'Call back at 8', true)).toBe(false);
    fake.api.emitChanges({
      interactions: [sampleHead('c1', 'Accepted', 12, { userData: { Note: 'Call back at 8' } })],
    });
    expect(caseEdits.refusals.get('c1')?.error.kind).toBe('notFound');
    caseEdits.stop();
  });
});
