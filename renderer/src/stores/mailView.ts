import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import { api } from '../api';

/** Which part of an e-mail with both shows: the HTML one unless the agent chose the text. */
export type MailPart = 'html' | 'text';

/** Inline images kept at most (the open e-mail's, and a few the agent went back to). */
const MAX_KEPT_IMAGES = 64;

/**
 * What the e-mail view needs beyond the interaction's detail: the part the agent prefers (for
 * this session), the remote-image choices made since the detail was read, the inline images
 * fetched from main as data: URLs, and opening a link the agent confirmed.
 */
export const useMailViewStore = defineStore('mailView', () => {
  const preferredPart = ref<MailPart>('html');
  /** Choices made while an interaction is open: `interactionId` → allowed. */
  const remoteImageChoices = reactive(new Map<string, boolean>());
  /** `interactionId/attachmentId` → data: URL, or null when main could not give it. */
  const inlineImages = reactive(new Map<string, string | null>());
  /** Interactions whose sender main was asked about. */
  const checked = new Set<string>();
  const busy = ref(false);
  const error = ref<SwitchboardError | null>(null);

  const imageKey = (interactionId: string, attachmentId: string) =>
    `${interactionId}/${attachmentId}`;

  /** The agent's choice on remote images made while the interaction was open, if any. */
  function remoteImagesChoice(interactionId: string): boolean | undefined {
    return remoteImageChoices.get(interactionId);
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

  /** Fetches the inline images not asked for yet (each once; a failure is not retried). */
  async function loadInlineImages(
    interactionId: string,
    attachmentIds: readonly string[],
  ): Promise<void> {
    const wanted = attachmentIds.filter((id) => !inlineImages.has(imageKey(interactionId, id)));
    await Promise.all(
      wanted.map(async (attachmentId) => {
        const key = imageKey(interactionId, attachmentId);
        inlineImages.set(key, null);
        const result = await api.mail.inlineImage(interactionId, attachmentId);
        if (result.ok) inlineImages.set(key, result.value.dataUrl);
      }),
    );
    while (inlineImages.size > MAX_KEPT_IMAGES) {
      const oldest = inlineImages.keys().next().value;
      if (oldest === undefined) break;
      inlineImages.delete(oldest);
    }
  }

  /**
   * Asks main whether the sender's remote images are allowed, once per interaction, for an
   * e-mail whose detail did not say so (its content arrived after the detail was read).
   */
  async function checkRemoteImages(interactionId: string, sender: string): Promise<void> {
    if (remoteImageChoices.has(interactionId) || checked.has(interactionId)) return;
    checked.add(interactionId);
    const result = await api.mail.remoteImagesAllowed(sender);
    if (result.ok && result.value && !remoteImageChoices.has(interactionId))
      remoteImageChoices.set(interactionId, true);
  }

  async function setRemoteImages(
    interactionId: string,
    sender: string,
    allowed: boolean,
  ): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      const result = allowed
        ? await api.mail.allowRemoteImages(sender)
        : await api.mail.forgetRemoteImages(sender);
      if (result.ok) remoteImageChoices.set(interactionId, allowed);
      else error.value = result.error;
    } finally {
      busy.value = false;
    }
  }

  /** Opens a link the agent confirmed; answers whether it went to the browser. */
  async function openLink(url: string): Promise<boolean> {
    error.value = null;
    const result = await api.mail.openLink(url);
    if (!result.ok) error.value = result.error;
    return result.ok;
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    preferredPart.value = 'html';
    remoteImageChoices.clear();
    checked.clear();
    inlineImages.clear();
    error.value = null;
  }

  return {
    preferredPart,
    remoteImageChoices,
    remoteImagesChoice,
    busy,
    error,
    imagesOf,
    loadInlineImages,
    checkRemoteImages,
    setRemoteImages,
    openLink,
    clear,
  };
});
