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
