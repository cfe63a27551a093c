/**
 * The event subscriptions a store holds while it follows main: `start` subscribes (a second call
 * does nothing until `stop`), `stop` lets them all go.
 */
export function subscriptions(subscribe: () => readonly (() => void)[]): {
  start: () => void;
  stop: () => void;
} {
  let active: (() => void)[] = [];
  return {
    start: () => {
      if (active.length > 0) return;
      active = [...subscribe()];
    },
    stop: () => {
      for (const unsubscribe of active.splice(0)) unsubscribe();
    },
  };
}
