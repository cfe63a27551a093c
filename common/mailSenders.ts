import { decodeEncodedWords } from './encodedWords';
import { withoutInvisible } from './visibleText';

/** The longest sender address kept (RFC 5321 caps a path at 256 octets). */
export const MAX_SENDER_LENGTH = 320;

/**
 * The address part of an e-mail sender, as one sender is known by everywhere (the remembered
 * "Show images from this sender" choice): `Maria <Maria.Jensen@Example.com>` and
 * `maria.jensen@example.com` are the same sender. Undefined when there is no address in it.
 */
export function senderAddress(sender: string): string | undefined {
  const bracketed = /<([^<>]*)>\s*$/u.exec(sender);
  // Without the characters that show nothing, as Send takes an address (common/addressLists.ts):
  // one pasted with a zero-width space is the same person.
  const address = withoutInvisible(bracketed?.[1] ?? sender)
    .trim()
    .toLowerCase();
  if (address === '' || address.length > MAX_SENDER_LENGTH || /\s/u.test(address)) return undefined;
  return address;
}

/**
 * The person an interaction's sender address names, as the lists and the alerts show it: none
 * for a chat, whose `from` is the customer's nickname already.
 */
export function fromNameOf(
  channel: string,
  userData: Record<string, unknown>,
  from: string | null | undefined,
): string | undefined {
  return channel === 'chat' ? undefined : personalNameOf(userData, from ?? null);
}

/**
 * Something in a name that reads as an e-mail address (`support@bank.example`). Tried only where
 * a run of such characters starts (the lookbehind): the same matches, but tried from every
 * position, a name of 50,000 letters took 7 s, and every list row and alert reads the name.
 */
const ADDRESS_IN_NAME =
  /(?<![^\s@<>()[\]"',;:])[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/gu;

/**
 * The name an e-mail's sender gives (userData `FromPersonal`, 000/003), tidied: without the
 * quotes a mail header may keep around it and its RFC 2047 encoded words decoded
 * (`=?UTF-8?B?…?=`, as some servers pass it on), and only when it says more than the address itself.
 * None when it names an address other than the sender's: `"support@bank.example"
 * <mallory@evil.example>` is the phishing mail's display-name trick, and the lists and the
 * notification show the name alone (the address is only the row's tooltip), so they read the
 * sender's real address instead (found by an attack review).
 */
export function personalNameOf(
  userData: Record<string, unknown>,
  address: string | null,
): string | undefined {
  const personal = userData.FromPersonal;
  return typeof personal === 'string'
    ? shownSenderName(decodeEncodedWords(personal), address)
    : undefined;
}

/**
 * A sender's display name as the desk shows it: its quotes off; none when it is blank, is the
 * address itself, or names another address (a phishing `"support@bank.example"`).
 */
export function shownSenderName(displayName: string, address: string | null): string | undefined {
  const name = displayName
    .trim()
    .replace(/^(["'])(.*)\1$/su, '$2')
    .trim();
  if (name === '' || /^["']+$/u.test(name)) return undefined;
  const sender = address === null ? undefined : senderAddress(address);
  const named = name.match(ADDRESS_IN_NAME) ?? [];
  if (named.some((other) => other.toLowerCase() !== sender)) return undefined;
  return name.toLowerCase() === address?.trim().toLowerCase() ? undefined : name;
}
