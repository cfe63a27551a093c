// The shapes of lib/mailHtml.ts, in a file without DOM code, for tests that type the page's answers.

/** An attachment of the e-mail, as far as resolving `cid:` references needs it. */
export interface MailAttachmentRef {
  readonly id: string;
  readonly name: string;
  readonly mimeType?: string | undefined;
}

export interface MailHtmlOptions {
  readonly attachments: readonly MailAttachmentRef[];
  /** Inline images fetched so far: attachment id → `data:` URL. */
  readonly inlineImages: ReadonlyMap<string, string>;
  /**
   * Whether the agent allowed this sender's remote images (then those on public https hosts
   * load; the rest stay held back).
   */
  readonly remoteImages: 'blocked' | 'allowed';
}

export interface SafeMail {
  /** The whole document for the frame's `srcdoc`. */
  readonly document: string;
  /** Remote images held back (each shows a placeholder and was never requested). */
  readonly blockedImages: number;
  /** Attachments that `cid:` images point at, whose bytes the view should fetch. */
  readonly inlineAttachmentIds: readonly string[];
}
