import { describe, expect, it } from 'vitest';
import { forgetChatDrafts, loadChatDrafts, saveChatDrafts, type DraftStorage } from './chatDrafts';

/** A Web Storage as the page's: strings by key. */
function memoryStorage(): DraftStorage & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}

describe('half-typed chat messages in session storage', () => {
  it('gives them back to the agent who typed them, and to nobody else', () => {
    const storage = memoryStorage();
    saveChatDrafts(
      storage,
      'agent1',
      new Map([
        ['c1', 'Your refund is on'],
        ['c2', 'Hel'],
      ]),
    );
    expect([...loadChatDrafts(storage, 'agent1')]).toEqual([
      ['c1', 'Your refund is on'],
      ['c2', 'Hel'],
    ]);
    expect(loadChatDrafts(storage, 'priya').size).toBe(0);
    // None left: nothing kept.
    saveChatDrafts(storage, 'agent1', new Map());
    expect(storage.items.size).toBe(0);
    saveChatDrafts(storage, 'agent1', new Map([['c1', 'x']]));
    forgetChatDrafts(storage);
    expect(loadChatDrafts(storage, 'agent1').size).toBe(0);
  });

  it('reads what it cannot understand as nothing, and survives a storage that refuses', () => {
    const storage = memoryStorage();
    for (const stored of ['not json', '[]', '{"agent":"agent1","drafts":{"c1":5}}', 'null']) {
      storage.items.set('switchboard.chatDrafts', stored);
      expect(loadChatDrafts(storage, 'agent1').size).toBe(0);
    }
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadChatDrafts(refusing, 'agent1').size).toBe(0);
    expect(() => {
      saveChatDrafts(refusing, 'agent1', new Map([['c1', 'x']]));
      forgetChatDrafts(refusing);
    }).not.toThrow();
  });
});
