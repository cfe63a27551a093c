import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../common/errors';
import type { StandardResponse } from '../../../common/model';
import { deferred, type FakeApi } from '../testing/fakeApi';
import { PREVIEW_CHARACTERS, responsePreview, useLibraryStore } from './library';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('responsePreview', () => {
  it('cuts a long first line between characters, never inside an emoji or a letter and its accent', () => {
    // 88 letters, then an emoji (two UTF-16 units) across the old cut at 89 units.
    const emoji = `${'a'.repeat(88)}😀 and the rest of the line`;
    expect(responsePreview(emoji)).toBe(`${'a'.repeat(88)}😀…`);
    expect(responsePreview(emoji)).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    // A CJK Extension B character (outside the BMP), written 60 times: 120 units, 60 characters.
    const cjk = '𠮷'.repeat(60);
    expect(responsePreview(`\n${cjk}\nsecond line`)).toBe(cjk);
    const accents = 'e\u0301'.repeat(100);
    expect(responsePreview(accents)).toBe(`${'e\u0301'.repeat(PREVIEW_CHARACTERS - 1)}…`);
    expect(responsePreview('Short and sweet')).toBe('Short and sweet');
  });
});

describe('the library store over a sign-out', () => {
  const refused: Result<never> = {
    ok: false,
    error: { kind: 'internal', message: 'The cache could not be written' },
  };
  const response = (id: number, name: string): StandardResponse => ({
    id,
    name,
    text: `${name} text`,
    updatedAt: 1,
  });

  it("drops a delete or a signature save answered after the agent signed out: the next agent's library stays as read", async () => {
    const library = useLibraryStore();
    const deleting = deferred<Result<void>>();
    const saving = deferred<Result<string>>();
    fake.api.answer('switchboard:library:deleteResponse', () => deleting.promise);
    fake.api.answer('switchboard:library:setSignature', () => saving.promise);
    const deleted = library.deleteResponse(7);
    const saved = library.saveSignature('Kind regards, Ana');

    // Ana signs out; Ben signs in and his library is read (his response 7 is another one).
    library.clear();
    fake.api.answer('switchboard:library:getSignature', () =>
      Promise.resolve({ ok: true, value: 'Ben' }),
    );
    fake.api.answer('switchboard:library:responses', () =>
      Promise.resolve({ ok: true, value: [response(7, 'Greeting')] }),
    );
    await library.load();

    deleting.resolve(refused);
    saving.resolve(refused);
    expect(await deleted).toBe(false);
    expect(await saved).toBe(false);
    expect(library.error).toBeNull();
    expect(library.signature).toBe('Ben');

    // Answered "done" instead, Ana's delete takes nothing off Ben's list.
    const deletingAgain = deferred<Result<void>>();
    fake.api.answer('switchboard:library:deleteResponse', () => deletingAgain.promise);
    const deletedAgain = library.deleteResponse(7);
    library.clear();
    await library.load();
    deletingAgain.resolve({ ok: true, value: undefined });
    expect(await deletedAgain).toBe(false);
    expect(library.responses.map(({ id }) => id)).toEqual([7]);
  });
});
