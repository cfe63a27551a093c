import type { SearchHit } from '../../common/model';
import { searchCache, type SearchQuery } from './search';
import type { CacheStore } from './store';

/**
 * Full-text search on the store's own connection, on the calling thread: the fallback when the
 * search worker is not running (tests, the CLI, a worker that failed to start). It lives in the
 * cache layer because it needs the raw connection, which nothing outside main/cache/ touches.
 */
export function searchOnStore(store: CacheStore, query: SearchQuery): SearchHit[] {
  return searchCache(store.db, query);
}
