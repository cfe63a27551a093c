/**
 * The one rule for links that leave Switchboard for the agent's browser (links in customers'
 * e-mails and chats). The shell applies it before the OS sees a URL, the core before handing a
 * link to the shell, and the renderer to tell the agent which links can be opened at all.
 */

/** Longer links are refused: no real page needs them, and they are a common smuggling vehicle. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * Controls, spaces and invisible format characters (zero-width, bidirectional overrides). The
 * URL parser silently drops or encodes some of them, so a link carrying them is not the link the
 * agent was shown.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * Top-level names that resolve to this machine or a private network, never to a public site:
 * `localhost`, mDNS's `local`, `arpa` (home.arpa of RFC 8375, reverse lookups), `internal`
 * (reserved by ICANN for private use), and the names networks use privately that ICANN will not
 * delegate for that reason (`lan`, `home`, `corp`, `intranet`, `localdomain`, `private`).
 */
const LOCAL_TOP_LEVEL_NAMES = new Set([
  'localhost',
  'local',
  'arpa',
  'internal',
  'lan',
  'home',
  'corp',
  'intranet',
  'localdomain',
  'private',
]);

/**
 * Whether a link from the renderer may be handed to the agent's browser. Links come from
 * customers' e-mails and chats, so only public https sites qualify: no other scheme (mailto:
 * included, which can start arbitrary handlers), no credentials in the URL (`https://bank.com@
 * evil.example/` tricks), no IP literals, single-label or `localhost`/`.local` hosts (a link
 * that reaches the agent's loopback or LAN, such as a router's admin page, is a request forgery
 * vector, and real sites have names), and nothing longer than {@link MAX_EXTERNAL_URL_LENGTH}.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  if (HIDDEN_CHARACTERS.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return isPublicHostName(parsed.hostname);
}

/** A DNS name of at least two labels whose last label is alphabetic (or punycode): not an IP. */
function isPublicHostName(hostname: string): boolean {
  // IPv6 literals keep their brackets in `hostname`; IPv4 ones (even `0x7f.1`) end in digits.
  if (hostname.startsWith('[')) return false;
  const labels = hostname.replace(/\.$/u, '').split('.');
  const topLevel = labels.at(-1) ?? '';
  if (labels.length < 2 || LOCAL_TOP_LEVEL_NAMES.has(topLevel)) return false;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/u.test(topLevel)) return false;
  return labels.every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/u.test(label));
}

/**
 * A link's address as the browser will reach it, for the agent to read before opening it. A
 * host in letters of other alphabets goes as its ASCII (punycode) form, which is what is shown
 * then, with `lookAlike` set: `pаypal.com` with a Cyrillic "а" reads as paypal.com, but it is
 * xn--pypal-4ve.com (browsers show such hosts so too). Any other address is shown as written.
 */
export function linkTarget(url: string): { readonly shown: string; readonly lookAlike: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { shown: url, lookAlike: false };
  }
  const lookAlike = parsed.hostname.split('.').some((label) => label.startsWith('xn--'));
  return lookAlike ? { shown: parsed.href, lookAlike } : { shown: url, lookAlike };
}
