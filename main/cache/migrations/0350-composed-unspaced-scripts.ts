import { searchableTextAgain } from '../searchText';
import { remakeSearchableText } from './0260-unspaced-scripts';
import type { Migration } from './types';

/**
 * The search documents of unspaced scripts made again, composed (NFC, see searchableText): a
 * Korean or Japanese word cached decomposed (a file name from a Mac, a line pasted from one) is
 * found by the word as typed in the documents cached before too.
 */
export const migration0350: Migration = {
  version: 350,
  name: 'composed unspaced scripts',
  up: (db) => {
    remakeSearchableText(db, searchableTextAgain);
  },
};
