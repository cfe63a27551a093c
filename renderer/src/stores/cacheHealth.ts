import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CacheHealth, Unsubscribe } from '../../../common/contract';
import type { SwitchboardError } from '../../../common/errors';
import { api } from '../api';

/**
 * The offline cache's health as main reports it: read once at start, then followed. The banner
 * shows it when there is something to say (damaged, moved aside at start, in memory, a move
 * asked for) and offers the one way out of a damaged cache: move it aside and start fresh.
 */
export const useCacheHealthStore = defineStore('cacheHealth', () => {
  const health = ref<CacheHealth | null>(null);
  const moving = ref(false);
  const moveError = ref<SwitchboardError | null>(null);
  let unsubscribe: Unsubscribe | undefined;

  /** Whether the banner shows: anything but a sound cache. */
  const worthSaying = computed(() => health.value !== null && health.value.state !== 'sound');
  /** The move is offered only for damage found while running (at start it is already done). */
  const canMoveAside = computed(() => health.value?.state === 'damaged');

  function start(): void {
    unsubscribe ??= api.session.onCacheHealthChanged((next) => {
      health.value = next;
    });
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
  }

  async function load(): Promise<void> {
    const answer = await api.session.getCacheHealth();
    // A push that came while asking is newer than the answer.
    if (answer.ok && health.value === null) health.value = answer.value;
  }

  /** Asks main to move the cache aside, once at a time (its button stays while it moves). */
  async function moveAside(): Promise<void> {
    if (moving.value) return;
    moving.value = true;
    moveError.value = null;
    const answer = await api.session.moveCacheAside();
    moving.value = false;
    if (answer.ok) health.value = answer.value;
    else moveError.value = answer.error;
  }

  return { health, moving, moveError, worthSaying, canMoveAside, start, stop, load, moveAside };
});
