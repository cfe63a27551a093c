/**
 * Half-typed chat messages kept in the page's session storage, so that they outlive a reload of
 * the page (main reloads it when its renderer process dies, see main/electron/window.ts) but
 * not the app: session storage lives as long as the window's page session, in memory. They are
 * given back only to the agent who typed them.
 */

/** What of the Web Storage API is used (the page's `sessionStorage`). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'switchboard.chatDrafts';

interface Stored {
  readonly agent: string;
  readonly drafts: Record<string, string>;
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const { agent, drafts } = value as Record<string, unknown>;
  return (
    typeof agent === 'string' &&
    typeof drafts === 'object' &&
    drafts !== null &&
    Object.values(drafts).every((text) => typeof text === 'string')
  );
}

/** The messages `agent` left half-typed in this page session, by interaction id. */
export function loadChatDrafts(storage: DraftStorage, agent: string): Map<string, string> {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (!isStored(value) || value.agent !== agent) return new Map();
    return new Map(Object.entries(value.drafts));
  } catch {
    // Unreadable (not JSON, storage refused): nothing to give back.
    return new Map();
  }
}

/** Keeps `agent`'s half-typed messages (none: the storage is emptied). */
export function saveChatDrafts(
  storage: DraftStorage,
  agent: string,
  drafts: ReadonlyMap<string, string>,
): void {
  try {
    if (drafts.size === 0) storage.removeItem(KEY);
    else storage.setItem(KEY, JSON.stringify({ agent, drafts: Object.fromEntries(drafts) }));
  } catch {
    // Full or refused: the messages stay on screen, only a reload would lose them.
  }
}

/** Forgets every half-typed message (sign-out: whoever comes next may be another agent). */
export function forgetChatDrafts(storage: DraftStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Refused: nothing was kept either.
  }
}
