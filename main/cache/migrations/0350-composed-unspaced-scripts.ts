import { searchableTextAgain } from '../searchText';
import { remakeSearchableText } from './0260-unspaced-scripts';
import type { Migration } from './types';

/**
 * The search documents made again as searchableText makes them now, so that those cached before
 * are found and shown as new ones are: a Korean or Japanese word cached decomposed (a file name
 * from a Mac, a line pasted from one) composed (NFC), found by the word as typed; a NUL a space,
 * so that the snippet shows the words after it.
 */
export const migration0350: Migration = {
  version: 350,
  name: 'composed unspaced scripts, no NUL',
  up: (db) => {
    remakeSearchableText(db, searchableTextAgain);
  },
};
