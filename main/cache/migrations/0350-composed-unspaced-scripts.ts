import { searchableTextAgain } from '../searchText';
import { remakeSearchableText } from './0260-unspaced-scripts';
import type { Migration } from './types';

/**
 * The search documents made again as searchableText makes them now, so that those cached before
 * are found and shown as new ones are: a Korean or Japanese word cached decomposed (a file name
 * from a Mac, a line pasted from one) composed (NFC), found by the word as typed; a NUL a space,
 * so that the snippet shows the words after it; a soft hyphen left out, so that the word it
 * breaks is found whole.
 */
export const migration0350: Migration = {
  version: 350,
  name: 'search documents made again: composed, no NUL, no soft hyphen',
  up: (db) => {
    remakeSearchableText(db, searchableTextAgain);
  },
};
