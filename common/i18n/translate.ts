import type { MessageSchema } from './messages';

/** Every message's key as `t()` takes it: `words.state.ready`, `tray.menu.quit`, … */
export type MessageKey = KeyPaths<MessageSchema>;

type KeyPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : KeyPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Named values put into a message's `{placeholders}`. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * A message in the language in effect, for code in common/ that words things for both main and
 * the renderer (common/agentStates.ts): each side passes its own vue-i18n translator (the
 * renderer's `t`, main's @intlify/core-base one), so common/ holds keys, never words.
 */
export type Translate = (key: MessageKey, values?: MessageValues) => string;
