import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { DirectoryEntry } from '../../../common/gwsOperations';
import { settle, type FakeApi } from '../testing/fakeApi';
import { useAgentChoices } from './agentChoices';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const colleague = (userName: string, firstName: string, lastName: string): DirectoryEntry => ({
  id: userName,
  userName,
  firstName,
  lastName,
  roles: [],
  channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
});

describe('useAgentChoices', () => {
  it('finds a colleague by the name as typed, whatever its case, accents or the form its letters are stored in', async () => {
    fake.api.answer('switchboard:agent:directory', () =>
      Promise.resolve({
        ok: true,
        value: [
          colleague('agent7', 'İbrahim', 'Yılmaz'),
          // A directory written on a Mac: "é" as "e" and a combining accent (NFD).
          colleague('agent8', 'Jose\u0301', 'Lo\u0301pez'),
          colleague('agent9', 'Zoë', 'Müller'),
        ],
      }),
    );
    const query = ref('');
    const { choices, read } = useAgentChoices(
      query,
      () => 'chat',
      () => 'agent1',
    );
    await read();
    await settle();
    const found = (typed: string) => {
      query.value = typed;
      return choices.value.map((choice) => choice.target);
    };
    // Turkish: "İ" lower-cased by JavaScript is "i" and a combining dot, which "ibrahim" is not.
    expect(found('ibrahim')).toEqual(['agent7']);
    expect(found('İbrahim')).toEqual(['agent7']);
    expect(found('yilmaz')).toEqual(['agent7']);
    expect(found('YILMAZ')).toEqual(['agent7']);
    // Typed with the precomposed "é" (NFC), as every keyboard sends it.
    expect(found('Jos\u00e9')).toEqual(['agent8']);
    expect(found('lópez')).toEqual(['agent8']);
    expect(found('Zoe\u0308')).toEqual(['agent9']);
    expect(found('muller')).toEqual(['agent9']);
  });
});
