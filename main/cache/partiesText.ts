/**
 * The text of an interaction's parties search document: its subject (an invitation has no
 * e-mail body yet, but is found by it), then each party once, in the order given. The store
 * writes it; migration 0310 writes it again for e-mails cached before it held the sender's name.
 */
export function partiesText(
  subject: string | null | undefined,
  parties: readonly (string | null | undefined)[],
): string {
  const named = parties.filter(
    (party): party is string => typeof party === 'string' && party !== '',
  );
  return [subject ?? '', ...new Set(named)].join(' ').trim();
}
