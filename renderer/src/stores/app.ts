import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import type { AppInfo, Settings } from '../../../common/model';
import { takeSystemLanguages } from '../i18n';
import { applyLanguage, applyLanguageAndTheme } from '../lib/languageAndTheme';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { useInteractionStore } from './interaction';

/**
 * The chime, beside index.html in the build (electron.vite.config.ts copies it there from
 * resources/sounds/); a relative URL, so it resolves against wherever the page is served.
 */
export const INVITATION_SOUND_URL = 'sounds/invitation.wav';

/** What the shell knows about itself (version, platform), the settings, and the OS's nudges. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const infoError = ref<string | null>(null);
  const settings = shallowRef<Settings | null>(null);
  const settingsError = ref<SwitchboardError | null>(null);
  // The language and theme take effect as soon as the settings are read or saved, and again
  // once main told the OS's languages, which `system` stands for.
  watch([settings, info], ([stored, known]) => {
    if (known !== null) takeSystemLanguages(known.systemLanguages);
    if (stored !== null) applyLanguageAndTheme(stored);
    else applyLanguage('system');
  });

  async function loadInfo(): Promise<void> {
    const result = await api.app.getInfo();
    if (result.ok) {
      info.value = result.value;
      infoError.value = null;
    } else {
      infoError.value = result.error.message;
    }
  }

  async function loadSettings(): Promise<void> {
    const result = await api.settings.get();
    if (result.ok) {
      settings.value = result.value;
      settingsError.value = null;
    } else {
      settingsError.value = result.error;
    }
  }

  async function setSound(on: boolean): Promise<void> {
    const result = await api.settings.update({ sound: on });
    if (result.ok) {
      settings.value = result.value;
      settingsError.value = null;
    } else {
      settingsError.value = result.error;
    }
  }

  /**
   * Changes some settings (the Settings dialog's sections). Answers main's error, or null once
   * main kept them: `settings` then holds all of them as stored, so every view follows at once.
   * The dialog shows the error itself; the desk-wide settings alert is for the header's toggles.
   */
  async function updateSettings(change: Partial<Settings>): Promise<SwitchboardError | null> {
    const result = await api.settings.update(change);
    if (!result.ok) return result.error;
    settings.value = result.value;
    return null;
  }

  let audio: HTMLAudioElement | null = null;
  /**
   * How many times the chime was started: what the desk shows as `data-chimes` (see
   * InvitationAnnouncer.vue), so a test can tell a repeating chime without hearing it.
   */
  const chimesPlayed = ref(0);
  /**
   * Plays the invitation chime. Main asks only when the sound setting is on; the check here
   * covers a request racing a change of the setting. A refusal (autoplay policy before the
   * first click, no audio device) is expected and silent: the notification still shows.
   */
  function playInvitationSound(): void {
    if (settings.value?.sound === false) return;
    chimesPlayed.value += 1;
    audio ??= new Audio(INVITATION_SOUND_URL);
    audio.currentTime = 0;
    audio.play().catch(() => undefined);
  }

  const { start, stop } = subscriptions(() => [
    api.app.onNotificationClicked(({ interactionId }) => {
      useInteractionStore().select(interactionId);
    }),
    api.app.onSoundRequested(() => {
      playInvitationSound();
    }),
  ]);

  return {
    info,
    infoError,
    settings,
    settingsError,
    loadInfo,
    loadSettings,
    setSound,
    updateSettings,
    playInvitationSound,
    chimesPlayed,
    start,
    stop,
  };
});
