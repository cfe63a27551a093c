import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import { senderAddress } from '../../../common/mailSenders';
import { api } from '../api';
import { wholeMap } from '../lib/wholeMap';

/** Which part of an e-mail with both shows: the HTML one unless the agent chose the text. */
export type MailPart = 'html' | 'text';

/** Inline images kept at most (the open e-mail's, and a few the agent went back to). */
const MAX_KEPT_IMAGES = 64;
/**
 * Senders whose remote-image answer is kept at most, the latest: one forgotten is asked of main
 * again, whose cache keeps every choice. Every sender of the shift was kept before.
 */
export const MAX_KEPT_SENDERS = 500;

/** Drops the entries kept longest beyond `max` (a map's or set's first keys are its oldest). */
function keepLatest(
  kept: { readonly size: number; keys(): Iterable<string>; delete(key: string): unknown },
  max: number,
): void {
  for (const oldest of kept.keys()) {
    if (kept.size <= max) break;
    kept.delete(oldest);
  }
}

/**
 * What the e-mail view needs beyond the interaction's detail: the part the agent prefers (for
 * this session), whether each sender's remote images are allowed as far as this session knows,
 * the inline images fetched from main as data: URLs, and opening a link the agent confirmed.
 */
export const useMailViewStore = defineStore('mailView', () => {
  const preferredPart = ref<MailPart>('html');
  /**
   * Whether a sender's remote images are allowed, by the sender's address (senderAddress): the
   * one answer for every e-mail from that sender, since the cache remembers the choice per
   * sender too. Kept per interaction, a choice made in one mail would outlive a later opposite
   * choice made in another mail from the same sender. The latest {@link MAX_KEPT_SENDERS}.
   * A map read as one (lib/wholeMap.ts), as {@link inlineImages} is: the e-mail view's computeds
   * read them by sender and by image, and a reactive Map kept each key read for good.
   */
  const remoteImagesBySender = wholeMap<string, boolean>();
  /** `interactionId/attachmentId` → data: URL, or null when main could not give it. */
  const inlineImages = wholeMap<string, string | null>();
  /** Sender addresses main was asked about (the latest {@link MAX_KEPT_SENDERS}). */
  const checked = new Set<string>();
  function rememberSender(address: string, allowed: boolean): void {
    remoteImagesBySender.delete(address);
    remoteImagesBySender.set(address, allowed);
    keepLatest(remoteImagesBySender, MAX_KEPT_SENDERS);
  }
  const busy = ref(false);
  const error = ref<SwitchboardError | null>(null);
  /**
   * Bumped by {@link clear}: an answer asked for by the agent who signed out is dropped (her
   * sender's choice, her error, her images are not the next agent's).
   */
  let epoch = 0;

  const imageKey = (interactionId: string, attachmentId: string) =>
    `${interactionId}/${attachmentId}`;

  /** Whether the sender's remote images are allowed; undefined while this session does not know. */
  function remoteImagesAllowedFor(sender: string): boolean | undefined {
    const address = senderAddress(sender);
    return address === undefined ? undefined : remoteImagesBySender.get(address);
  }

  /**
   * What an interaction's detail said about its sender. Only a "yes" is taken, and only for a
   * sender this session has no answer for yet: the answer here came later than any detail read
   * before it (a detail read before "Stop showing them" still says yes), and a detail without
   * the flag may have been read before its e-mail's content arrived (then main is asked).
   */
  function noteRemoteImagesAllowed(sender: string, allowed: boolean | undefined): void {
    const address = senderAddress(sender);
    if (address !== undefined && allowed === true && !remoteImagesBySender.has(address))
      rememberSender(address, true);
  }

  /** The interaction's inline images fetched so far, by attachment id. */
  function imagesOf(interactionId: string, attachmentIds: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const id of attachmentIds) {
      const dataUrl = inlineImages.get(imageKey(interactionId, id));
      if (typeof dataUrl === 'string') found.set(id, dataUrl);
    }
    return found;
  }

  /**
   * Fetches the inline images not asked for yet (each once; a failure is not retried), and
   * keeps them all at once: each image kept makes the e-mail's document anew (sanitized and
   * laid out again, a 1.6 MB newsletter's for 130-200 ms), so not once per answer.
   */
  async function loadInlineImages(
    interactionId: string,
    attachmentIds: readonly string[],
  ): Promise<void> {
    const wanted = attachmentIds.filter((id) => !inlineImages.has(imageKey(interactionId, id)));
    if (wanted.length === 0) return;
    for (const attachmentId of wanted)
      inlineImages.set(imageKey(interactionId, attachmentId), null);
    const asked = epoch;
    const answers = await Promise.all(
      wanted.map(async (attachmentId) => ({
        key: imageKey(interactionId, attachmentId),
        result: await api.mail.inlineImage(interactionId, attachmentId),
      })),
    );
    if (asked !== epoch) return;
    for (const { key, result } of answers)
      if (result.ok) inlineImages.set(key, result.value.dataUrl);
    keepLatest(inlineImages, MAX_KEPT_IMAGES);
  }

  /**
   * Asks main whether the sender's remote images are allowed, once per sender, for an e-mail
   * whose detail did not say so (its content arrived after the detail was read).
   */
  async function checkRemoteImages(sender: string): Promise<void> {
    const address = senderAddress(sender);
    if (address === undefined || remoteImagesBySender.has(address) || checked.has(address)) return;
    checked.add(address);
    keepLatest(checked, MAX_KEPT_SENDERS);
    const asked = epoch;
    const result = await api.mail.remoteImagesAllowed(sender);
    // The agent may have chosen while main was answering: the choice stands.
    if (asked === epoch && result.ok && !remoteImagesBySender.has(address))
      rememberSender(address, result.value);
  }

  /** Allows or forgets the sender's remote images, in main's cache and for every open e-mail. */
  async function setRemoteImages(sender: string, allowed: boolean): Promise<void> {
    const address = senderAddress(sender);
    if (address === undefined) return;
    busy.value = true;
    error.value = null;
    const asked = epoch;
    try {
      const result = allowed
        ? await api.mail.allowRemoteImages(sender)
        : await api.mail.forgetRemoteImages(sender);
      if (asked !== epoch) return;
      if (result.ok) rememberSender(address, allowed);
      else error.value = result.error;
    } finally {
      if (asked === epoch) busy.value = false;
    }
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    preferredPart.value = 'html';
    remoteImagesBySender.clear();
    checked.clear();
    inlineImages.clear();
    busy.value = false;
    error.value = null;
  }

  return {
    preferredPart,
    remoteImagesBySender,
    remoteImagesAllowedFor,
    noteRemoteImagesAllowed,
    busy,
    error,
    imagesOf,
    loadInlineImages,
    checkRemoteImages,
    setRemoteImages,
    clear,
  };
});
