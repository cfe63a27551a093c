/**
 * Text inserted where the agent's cursor is in the e-mail being written, from outside the
 * composer (a standard response picked in another panel, say). The open composer registers its
 * insert function; there is at most one open at a time (the desk shows one interaction).
 */

type Insert = (text: string) => boolean;

let active: Insert | undefined;

/**
 * Called by the composer when it opens; answers the function to call when it closes. A later
 * registration replaces an earlier one.
 */
export function registerComposer(insert: Insert): () => void {
  active = insert;
  return () => {
    if (active === insert) active = undefined;
  };
}

/**
 * Inserts `text` at the cursor of the open composer's text (replacing a selection, as typing
 * would) and keeps the change like typing does (saved as a draft). Answers false when no
 * composer is open or it is read-only.
 */
export function insertIntoComposer(text: string): boolean {
  return active?.(text) ?? false;
}
