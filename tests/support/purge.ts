import { addPurged, emptyPurgeStep, type CacheStore, type PurgeStep } from '../../main/cache/store';

/**
 * Runs the whole retention purge at once (the cache writer paces it; tests of the store do
 * not need to) and answers what its transactions deleted, added up, with how many deleted
 * (`transactions`) and whether any merged the full-text index instead (`indexMerged`).
 * `enough` as in {@link CacheStore.retentionPurge}: by default never (transactions then end
 * only where the purge itself ends them).
 */
export function purgeAll(
  store: CacheStore,
  cutoff: number,
  enough: () => boolean = () => false,
): PurgeStep & { transactions: number } {
  const total = emptyPurgeStep();
  let transactions = 0;
  for (const step of store.retentionPurge(cutoff, enough)) {
    if (step.indexMerged) total.indexMerged = true;
    else transactions += 1;
    addPurged(total, step);
    total.orphanedFiles.push(...step.orphanedFiles);
  }
  return { ...total, transactions };
}
