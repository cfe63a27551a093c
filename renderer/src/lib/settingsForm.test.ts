import { describe, expect, it, vi } from 'vitest';
import { sameSettings } from './settingsForm';

// The module reaches main through the app store; nothing here calls it.
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  return { api: fakeApi().client };
});

describe('sameSettings', () => {
  it('ignores the order keys were set in, at any depth, and sees every real difference', () => {
    const kept = { shortcuts: { ready: 'Alt+Shift+K', send: 'Alt+S' }, codes: ['A', 'B'] };
    // A shortcut changed and set back moves to the end of its object: no change.
    const setBack = { codes: ['A', 'B'], shortcuts: { send: 'Alt+S', ready: 'Alt+Shift+K' } };
    expect(sameSettings(kept, setBack)).toBe(true);
    expect(sameSettings(kept, { ...kept, codes: ['B', 'A'] })).toBe(false);
    expect(sameSettings(kept, { ...kept, shortcuts: { ready: 'Alt+Shift+K' } })).toBe(false);
    expect(sameSettings(kept, { ...kept, extra: false })).toBe(false);
    expect(sameSettings(null, null)).toBe(true);
    expect(sameSettings(kept, null)).toBe(false);
  });
});
