/** The longest sender address kept (RFC 5321 caps a path at 256 octets). */
export const MAX_SENDER_LENGTH = 320;

/**
 * The address part of an e-mail sender, as one sender is known by everywhere (the remembered
 * "Show images from this sender" choice): `Maria <Maria.Jensen@Example.com>` and
 * `maria.jensen@example.com` are the same sender. Undefined when there is no address in it.
 */
export function senderAddress(sender: string): string | undefined {
  const bracketed = /<([^<>]*)>\s*$/u.exec(sender);
  const address = (bracketed?.[1] ?? sender).trim().toLowerCase();
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
 * The name an e-mail's sender gives (userData `FromPersonal`, 000/003), tidied: without the
 * quotes a mail header may keep around it, and only when it says more than the address itself.
 */
export function personalNameOf(
  userData: Record<string, unknown>,
  address: string | null,
): string | undefined {
  const personal = userData.FromPersonal;
  if (typeof personal !== 'string') return undefined;
  const name = personal
    .trim()
    .replace(/^(["'])(.*)\1$/su, '$2')
    .trim();
  if (name === '' || /^["']+$/u.test(name)) return undefined;
  return name.toLowerCase() === address?.trim().toLowerCase() ? undefined : name;
}
