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
});
