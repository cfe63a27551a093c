import type { StoredAttachment } from '../../../../common/model';
import type { MailHtmlOptions, SafeMail } from '../../lib/mailHtmlTypes';

/** One e-mail the lab shows through the real view. */
export interface LabMail {
  readonly id: string;
  readonly html?: string;
  readonly text?: string;
  readonly from?: string;
  readonly subject?: string;
  readonly attachments?: StoredAttachment[];
  readonly remoteImagesAllowed?: boolean;
}

/** What one frame's document holds that a safe mail never may (all zero when safe). */
export interface FrameFindings {
  readonly scripts: number;
  readonly handlers: number;
  readonly embeds: number;
  readonly forms: number;
  readonly metas: number;
  readonly hrefs: number;
  readonly remoteImages: number;
  readonly cssLoads: number;
  readonly foreign: number;
  readonly templates: number;
  /** Frames no longer holding the view's document (navigated, or unreadable). */
  readonly navigated: number;
}

export interface MailLab {
  readonly calls: { channel: string; args: readonly unknown[] }[];
  readonly images: Record<string, string>;
  readonly hits: string[];
  /** Shows the mails (replacing the ones shown); resolves when every frame has loaded. */
  render(mails: readonly LabMail[]): Promise<void>;
  /** The findings of every frame shown, summed, and how many frames there are. */
  inspect(): FrameFindings & { readonly frames: number };
  sanitize(html: string, options: MailHtmlOptions): SafeMail;
  /** The view's way: the same document, made in slices (lib/mailHtml.ts). */
  sanitizeSliced(html: string, options: MailHtmlOptions, signal?: AbortSignal): Promise<SafeMail>;
  /** How many tasks the latest sliced sanitize took (none yet: undefined). */
  slicesOfLastSanitize(): number | undefined;
  /**
   * The chunks DOMPurify was given in the latest sliced sanitize, and the elements of the
   * largest (none yet, or sanitized in one task: undefined).
   */
  sanitizeChunksOfLastSanitize(): { readonly count: number; readonly largest: number } | undefined;
}
