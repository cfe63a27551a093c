import type { Migration } from './types';

/**
 * An e-mail's comment: the notes on the interaction that 001's and 003's `email_object` carry
 * as `TheComment` (written by routing or by agents before), which the desk did not keep. A
 * column of `emails`, empty for the e-mails cached before it: the next notification of one
 * still open brings it.
 */
export const migration0190: Migration = {
  version: 190,
  name: 'e-mail comment',
  up: (db) => {
    db.exec('ALTER TABLE emails ADD COLUMN comment TEXT');
  },
};
