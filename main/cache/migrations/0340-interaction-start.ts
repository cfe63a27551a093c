import type { Migration } from './types';

/**
 * When the interaction started on the server (`started_at`, ms since epoch: the snapshot's
 * `startedAt`, GWS's `startDate` or `receivedAt`), on its row. An e-mail may wait in a queue
 * for days before it reaches an agent: the quote line of a reply ("On …, Maria wrote:") and a
 * forward's `Date:` name when the customer wrote, not when this desk first saw it. Empty for the
 * rows cached before it until the server's next notification of them names their start.
 */
export const migration0340: Migration = {
  version: 340,
  name: 'interaction start',
  up: (db) => {
    db.exec('ALTER TABLE interactions ADD COLUMN started_at INTEGER');
  },
};
