import type { ChangeSet, Reply } from '../../../common/model';

/**
 * Folds a change set into the replies of `parentId`: a reply's row and e-mail as they now are,
 * and a new interaction that answers it (a reply just made) added with the e-mail the same
 * change set carries. Answers `replies` itself when the change set says nothing of them.
 */
export function foldReplies(
  replies: readonly Reply[],
  parentId: string,
  changes: ChangeSet,
): readonly Reply[] {
  const next = [...replies];
  let changed = false;
  for (const head of changes.interactions) {
    const at = next.findIndex((reply) => reply.id === head.id);
    const known = next[at];
    if (known !== undefined) {
      if (head.updatedAt < known.updatedAt) continue;
      next[at] = { ...known, ...head };
      changed = true;
    } else if (head.parentId === parentId) {
      next.push({ ...head, attachments: [] });
      changed = true;
    }
  }
  for (const { interactionId, email, attachments } of changes.emails) {
    const at = next.findIndex((reply) => reply.id === interactionId);
    const known = next[at];
    if (known === undefined) continue;
    next[at] = { ...known, email, attachments };
    changed = true;
  }
  return changed ? next : replies;
}
