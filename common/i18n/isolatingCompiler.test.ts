import {
  compile,
  createCoreContext,
  resolveValue,
  translate,
  type MessageCompiler,
} from '@intlify/core-base';
import { describe, expect, it } from 'vitest';
import { isolatingValues } from './isolatingCompiler';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const OVERRIDDEN = `${RLO}Tom`;

const MESSAGES = {
  en: {
    endedBy: '{name} ended the chat',
    firstOfList: '{0} and {1}',
    waiting: 'no chats from {name} | one chat from {name} | {count} chats from {name}',
    linked: '@:endedBy (customer)',
    brand: 'Switchboard',
    linkedBrand: 'Welcome to @:brand',
  },
};

function translatorWith(compiler: MessageCompiler) {
  const context = createCoreContext({
    locale: 'en',
    messages: MESSAGES,
    messageCompiler: compiler,
    messageResolver: resolveValue,
    missingWarn: false,
    fallbackWarn: false,
  });
  return {
    t: (key: string, values: Record<string, unknown> = {}) =>
      String(translate(context, key, values)),
    list: (key: string, values: unknown[]) => String(translate(context, key, values)),
    plural: (key: string, count: number, values: Record<string, unknown>) =>
      String(translate(context, key, count, { named: values })),
  };
}

describe('isolatingValues (the message compiler both sides use)', () => {
  const { t, list, plural } = translatorWith(isolatingValues(compile));

  it('isolates a named value holding a right-to-left override, and leaves the words around it', () => {
    expect(t('endedBy', { name: OVERRIDDEN })).toBe(`${FSI}${OVERRIDDEN}${PDI} ended the chat`);
  });

  it('isolates list values too', () => {
    expect(list('firstOfList', [OVERRIDDEN, 'Ann'])).toBe(`${FSI}${OVERRIDDEN}${PDI} and Ann`);
  });

  it('gives a plain value back as it is, right-to-left letters too', () => {
    expect(t('endedBy', { name: 'Tom Baker' })).toBe('Tom Baker ended the chat');
    expect(t('endedBy', { name: 'سارة' })).toBe('سارة ended the chat');
  });

  it('does not isolate a value twice that was isolated before', () => {
    const isolatedBefore = `${FSI}${OVERRIDDEN}${PDI}`;
    expect(t('endedBy', { name: isolatedBefore })).toBe(`${isolatedBefore} ended the chat`);
  });

  it('keeps numbers and the plural form chosen by count', () => {
    expect(plural('waiting', 0, { name: OVERRIDDEN })).toBe(
      `no chats from ${FSI}${OVERRIDDEN}${PDI}`,
    );
    expect(plural('waiting', 1, { name: 'Ann' })).toBe('one chat from Ann');
    expect(plural('waiting', 3, { name: 'Ann' })).toBe('3 chats from Ann');
    expect(plural('waiting', 2, { name: 'Ann', count: 7 })).toBe('7 chats from Ann');
  });

  it('isolates the values of a linked message once, and leaves its own words alone', () => {
    expect(t('linked', { name: OVERRIDDEN })).toBe(
      `${FSI}${OVERRIDDEN}${PDI} ended the chat (customer)`,
    );
    expect(t('linkedBrand')).toBe('Welcome to Switchboard');
  });

  it('keeps what the compiler put on its message function', () => {
    const sourced: MessageCompiler = (source, context) =>
      Object.assign(compile(source, context), { source: '{name}!' });
    const message = isolatingValues(sourced)('{name}!', { key: 'shout', locale: 'en' });
    expect(message).toHaveProperty('source', '{name}!');
  });

  it('is what isolates: the engine’s own compiler leaves the override open', () => {
    const plain = translatorWith(compile);
    expect(plain.t('endedBy', { name: OVERRIDDEN })).toBe(`${OVERRIDDEN} ended the chat`);
  });
});
