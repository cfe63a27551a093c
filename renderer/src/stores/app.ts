import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, ConnectionState } from '../../../common/model';
import { api } from '../api';

/** What the shell knows about itself: version and platform, and the link to the server. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const infoError = ref<string | null>(null);
  // No GWS connection exists yet; the header shows this until the client reports its state.
  const connection = ref<ConnectionState>('offline');

  async function loadInfo(): Promise<void> {
    const result = await api.app.getInfo();
    if (result.ok) {
      info.value = result.value;
      infoError.value = null;
    } else {
      infoError.value = result.error.message;
    }
  }

  return { info, infoError, connection, loadInfo };
});
