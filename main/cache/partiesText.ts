/** Who an interaction's parties document names (see {@link partiesText}). */
export interface Parties {
  readonly subject: string | null | undefined;
  /** The sender's name as the lists show it ("Annika Brandvold" for ann@example.com). */
  readonly fromName: string | undefined;
  readonly from: string | null | undefined;
  readonly to: readonly string[];
  /** A chat's participants, in the order they first joined. */
  readonly joined: readonly string[];
}

/**
 * The text of an interaction's parties search document: its subject (an invitation has no
 * e-mail body yet, but is found by it), then the sender's name as the lists show it (the agent
 * searches for the name seen there), the sender, the recipients and a chat's participants, each
 * once. The store writes it; migration 0310 writes it again for e-mails cached before it held
 * the sender's name.
 */
export function partiesText({ subject, fromName, from, to, joined }: Parties): string {
  const named = [fromName, from, ...to, ...joined].filter(
    (party): party is string => typeof party === 'string' && party !== '',
  );
  return [subject ?? '', ...new Set(named)].join(' ').trim();
}
