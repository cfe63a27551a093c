import type { MessageCompiler, MessageContext } from '@intlify/core-base';
import { isolated } from '../bidi';

/**
 * vue-i18n's message compiler (the renderer's `createI18n({ messageCompiler })`, main's
 * `registerMessageCompiler`) made to set every text value into the desk's sentences
 * {@link isolated}: a customer's name, a Not Ready reason or a subject from the wire may hold
 * a right-to-left override that would turn the sentence's words after it around. The one place
 * for that fact, so that a sentence nobody thought of is covered too; the values are passed raw.
 *
 * Only `{name}` and `{0}` values that are strings are touched: numbers (plurals' `{count}`), the
 * VNodes `<i18n-t>` puts in its slots, the catalogs' own text and linked messages (`@:key`, which
 * are compiled here too and isolate their own values) are left as they are. A value already
 * isolated where it was joined is not isolated twice ({@link isolated} gives it back as it is).
 * Words that leave the desk (a reply's quote line, a saved transcript) are worded by the
 * engine's own compiler instead, their values as sent: renderer `tAsSent`, main `ENGLISH_AS_SENT`.
 */
export function isolatingValues<Message>(
  compile: MessageCompiler<Message>,
): MessageCompiler<Message> {
  return (source, context) => {
    const message = compile(source, context);
    const withValuesIsolated = (messageContext: MessageContext<Message>) =>
      message(withIsolatedValues(messageContext));
    // The engine writes the message's locale and key onto the function it gets; keep whatever
    // the compiler put there (a precompiled message's source) on ours as well.
    return Object.assign(withValuesIsolated, message);
  };
}

function withIsolatedValues<Message>(
  messageContext: MessageContext<Message>,
): MessageContext<Message> {
  return {
    ...messageContext,
    named: (key) => isolatedIfText(messageContext.named(key)),
    list: (index) => isolatedIfText(messageContext.list(index)),
  };
}

function isolatedIfText(value: unknown): unknown {
  return typeof value === 'string' ? isolated(value) : value;
}
