import { open } from 'node:fs/promises';
import { type InlineImage, INLINE_IMAGE_MAX_BYTES } from '../../common/contract';
import { SwitchboardFailure } from '../../common/errors';
import { isSafeExternalUrl } from '../../common/externalLinks';
import type { CacheStore } from '../cache/store';
import type { DeskFiles } from './files';
import type { FileDialogs } from './shellPorts';

export interface MailViewOptions {
  readonly store: CacheStore;
  /** The account whose cache the desk shows (undefined before the first sign-in). */
  readonly accountId: () => number | undefined;
  readonly files: Pick<DeskFiles, 'downloadedPath'>;
  readonly dialogs: Pick<FileDialogs, 'openExternal'>;
  readonly now?: () => number;
}

/** The image types an inline image may be, told by their first bytes (never by the mail's word). */
const IMAGE_SIGNATURES: readonly {
  readonly type: string;
  readonly matches: (b: Buffer) => boolean;
}[] = [
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  },
  { type: 'image/jpeg', matches: (b) => b.subarray(0, 3).equals(Buffer.from('ffd8ff', 'hex')) },
  {
    type: 'image/gif',
    matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'image/webp',
    matches: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' &&
      b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** The image type of `bytes` (PNG, JPEG, GIF, WebP), or undefined for anything else (SVG too). */
export function sniffImageType(bytes: Buffer): string | undefined {
  return IMAGE_SIGNATURES.find((signature) => signature.matches(bytes))?.type;
}

/**
 * What the e-mail's HTML view asks of main: the remembered "Show images from this sender"
 * choices, the bytes of inline (`cid:`) images as data: URLs (the renderer's frame never gets a
 * file path, and only real raster images of at most {@link INLINE_IMAGE_MAX_BYTES} pass), and
 * opening a link the agent confirmed, through the shell's external-link path.
 */
export class MailView {
  constructor(private readonly options: MailViewOptions) {}

  private account(): number {
    const accountId = this.options.accountId();
    if (accountId === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return accountId;
  }

  allowRemoteImages(sender: string): void {
    const now = (this.options.now ?? Date.now)();
    if (!this.options.store.remoteImageSenders().allow(this.account(), sender, now))
      throw new SwitchboardFailure(
        'invalidArgument',
        'That sender has no e-mail address',
        'senderWithoutAddress',
      );
  }

  forgetRemoteImages(sender: string): void {
    this.options.store.remoteImageSenders().forget(this.account(), sender);
  }

  remoteImagesAllowed(sender: string): boolean {
    const accountId = this.options.accountId();
    return (
      accountId !== undefined && this.options.store.remoteImageSenders().allowed(accountId, sender)
    );
  }

  async inlineImage(interactionId: string, attachmentId: string): Promise<InlineImage> {
    const path = await this.options.files.downloadedPath(interactionId, attachmentId);
    // One read of at most the cap plus a byte: a larger file is refused without reading it all.
    const file = await open(path, 'r');
    let bytes: Buffer;
    try {
      const buffer = Buffer.alloc(INLINE_IMAGE_MAX_BYTES + 1);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
    if (bytes.length > INLINE_IMAGE_MAX_BYTES)
      throw new SwitchboardFailure(
        'forbidden',
        'The image is too large to show in the e-mail',
        'imageTooLarge',
      );
    const type = sniffImageType(bytes);
    if (type === undefined)
      throw new SwitchboardFailure('forbidden', 'The attachment is not an image', 'notAnImage');
    return { dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
  }

  async openLink(url: string): Promise<void> {
    // The contract checked it already; this service is also reached by direct callers.
    if (!isSafeExternalUrl(url))
      throw new SwitchboardFailure(
        'forbidden',
        'Only https web addresses can be opened',
        'linkNotHttps',
      );
    await this.options.dialogs.openExternal(url);
  }
}
