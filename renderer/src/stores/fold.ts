import { withPartyNames } from '../../../common/chatParticipants';
import { lastLineOf } from '../../../common/chatReply';
import {
  compareIds,
  InteractionSummarySchema,
  type AgentState,
  type AttachmentDownload,
  type ChangeSet,
  type ChatEvent,
  type InteractionDetail,
  type InteractionHead,
  type InteractionSummary,
  type SearchHit,
  type StoredAttachment,
} from '../../../common/model';

/**
 * How the stores fold main's change sets (one per cache commit) into what they show: rows are
 * upserted, transcript lines appended, e-mails replaced. Pure functions over immutable arrays:
 * each answers the input itself when the change set does not touch it, so a store can skip the
 * assignment and Vue re-renders nothing.
 *
 * Ordering rule, for a change set that raced a fetch: a head replaces a row unless the row is
 * strictly newer (`updatedAt`, which the cache only ever moves forward); transcript lines are
 * keyed by `eventId` (unique within an interaction) and kept in `eventId` order, as the cache
 * reads them. So folding a change set twice, or folding one the fetch already saw, changes
 * nothing.
 */

/** The rows a list holds: the inbox (not ended) or the history (ended). */
export type RowList = 'inbox' | 'history';

/** Which rows belong to a list: the cache's `ended_at IS NULL` split, said as a phase. */
export function belongsTo(list: RowList, row: Pick<InteractionSummary, 'phase'>): boolean {
  return list === 'history' ? row.phase === 'ended' : row.phase !== 'ended';
}

function byId(a: InteractionSummary, b: InteractionSummary): number {
  return compareIds(a.id, b.id);
}

/** The inbox's order (main/cache's `ORDER BY updated_at DESC, id`). */
export function inboxOrder(a: InteractionSummary, b: InteractionSummary): number {
  return b.updatedAt - a.updatedAt || byId(a, b);
}

/** The time a row is placed by in the history (main/cache's `ended_at`). */
export function historyTime(row: InteractionSummary): number {
  return row.endedAt ?? row.updatedAt;
}

/** The history's order (main/cache's `ORDER BY ended_at DESC, id`). */
export function historyOrder(a: InteractionSummary, b: InteractionSummary): number {
  return historyTime(b) - historyTime(a) || byId(a, b);
}

const ORDERS: Readonly<Record<RowList, (a: InteractionSummary, b: InteractionSummary) => number>> =
  {
    inbox: inboxOrder,
    history: historyOrder,
  };

/** The fields of a list row, as the contract's summary schema names them (one place for them). */
const SUMMARY_FIELDS = Object.keys(InteractionSummarySchema.shape) as (keyof InteractionSummary)[];

/**
 * A head as a list row: the summary's fields only, so that rows stay small (a head also carries
 * user data and capabilities, which only the open interaction needs). Every field the summary
 * has is kept: a row built by hand once lost the sender's name (`fromName`) at the first push.
 */
export function summaryOf(head: InteractionSummary): InteractionSummary {
  const row: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (head[field] !== undefined) row[field] = head[field];
  return row as InteractionSummary;
}

/**
 * Upserts heads into a list kept in its order: a head that belongs to the list replaces its row
 * (or comes in), one that no longer belongs (an ended interaction, for the inbox) takes its row
 * out, and a head older than the row it would replace is ignored. Answers `rows` itself when
 * nothing changed.
 *
 * Heads are read in order, so of several heads of one interaction the last that is not older
 * wins. The work is one pass over the rows and a sort of the rows that change: looking each
 * head's row up and splicing it in place cost rows × heads (a change set of 500 heads against a
 * history of 10,000 rows: 500 passes over it, 50 ms in one task).
 */
export function upsertRows(
  rows: readonly InteractionSummary[],
  heads: readonly InteractionSummary[],
  list: RowList,
): readonly InteractionSummary[] {
  if (heads.length === 0) return rows;
  const headIds = new Set(heads.map((head) => head.id));
  /** The rows the heads name, as they are before this change set. */
  const before = new Map<string, InteractionSummary>();
  for (const row of rows) if (headIds.has(row.id)) before.set(row.id, row);
  /** What each named row becomes (undefined: out of the list), for those a head changed. */
  const after = new Map<string, InteractionSummary | undefined>();
  for (const head of heads) {
    const current = after.has(head.id) ? after.get(head.id) : before.get(head.id);
    if (current !== undefined && current.updatedAt > head.updatedAt) continue;
    const belongs = belongsTo(list, head);
    if (current === undefined && !belongs) continue;
    after.set(head.id, belongs ? summaryOf(head) : undefined);
  }
  if (after.size === 0) return rows;
  const order = ORDERS[list];
  const incoming = [...after.values()]
    .filter((row): row is InteractionSummary => row !== undefined)
    .sort(order);
  const next: InteractionSummary[] = [];
  let at = 0;
  for (const row of rows) {
    if (after.has(row.id)) continue;
    // A row that comes in goes after every row that sorts before it (or with it).
    for (let incomingRow = incoming[at]; incomingRow !== undefined; incomingRow = incoming[at]) {
      if (order(row, incomingRow) <= 0) break;
      next.push(incomingRow);
      at += 1;
    }
    next.push(row);
  }
  next.push(...incoming.slice(at));
  return next;
}

/**
 * Carries live chats' last lines (InteractionSummary `lastLine`) on through a change set's new
 * transcript lines: main sends a chat's head again only when its customer's wait changes, not
 * for every line. A line no newer than the row's last one changes nothing (a repeat, or lines
 * the row was read after). Answers `rows` itself when nothing changed. The rows are found by one
 * pass over the list, not one per transcript (500 chats' lines in one change set made 500).
 */
export function foldLastLines(
  rows: readonly InteractionSummary[],
  transcripts: ChangeSet['transcripts'],
): readonly InteractionSummary[] {
  const newest = new Map<string, ChatEvent>();
  for (const { interactionId, lines } of transcripts) {
    const line = lastLineOf(lines);
    const known = newest.get(interactionId);
    if (line !== undefined && (known === undefined || line.eventId > known.eventId))
      newest.set(interactionId, line);
  }
  if (newest.size === 0) return rows;
  let next: InteractionSummary[] | null = null;
  for (const [at, row] of rows.entries()) {
    const line = newest.get(row.id);
    if (line === undefined || row.phase === 'ended') continue;
    if ((row.lastLine?.eventId ?? -Infinity) >= line.eventId) continue;
    next ??= [...rows];
    next[at] = { ...row, lastLine: line };
  }
  return next ?? rows;
}

/**
 * Appends transcript lines, each `eventId` once, in `eventId` order. Lines already there keep
 * their first version (the cache inserts a line once and ignores a repeat). The common case, new
 * lines after the last one, costs the new lines only, whatever the transcript's length.
 */
export function appendLines(transcript: ChatEvent[], lines: readonly ChatEvent[]): ChatEvent[] {
  if (lines.length === 0) return transcript;
  const appended = appendNew(transcript, lines);
  // A party's join names its lines that came before it, and a line naming its party by id
  // alone is named from the join (common/chatParticipants.ts withPartyNames).
  return lines.some(
    (line) =>
      line.kind === 'joined' || (line.authorId !== undefined && line.authorName === undefined),
  )
    ? withPartyNames(appended)
    : appended;
}

function appendNew(transcript: ChatEvent[], lines: readonly ChatEvent[]): ChatEvent[] {
  let last = transcript.at(-1)?.eventId ?? -Infinity;
  const tail: ChatEvent[] = [];
  for (const line of lines) {
    if (line.eventId <= last) return mergeLines(transcript, lines);
    tail.push(line);
    last = line.eventId;
  }
  return transcript.concat(tail);
}

/** The slow path of {@link appendLines}: lines out of order, or repeated. */
function mergeLines(transcript: ChatEvent[], lines: readonly ChatEvent[]): ChatEvent[] {
  const byEventId = new Map<number, ChatEvent>();
  for (const line of transcript) byEventId.set(line.eventId, line);
  const sizeBefore = byEventId.size;
  for (const line of lines) if (!byEventId.has(line.eventId)) byEventId.set(line.eventId, line);
  if (byEventId.size === sizeBefore && byEventId.size === transcript.length) return transcript;
  return [...byEventId.values()].sort((a, b) => a.eventId - b.eventId);
}

/** The detail's own fields from a head (what the header and the actions read). */
function withHead(detail: InteractionDetail, head: InteractionHead): InteractionDetail {
  const next: InteractionDetail = {
    ...head,
    transcript: detail.transcript,
    attachments: detail.attachments,
  };
  // An absent e-mail stays absent (not `email: undefined`): the shape main's answers have.
  if (detail.email !== undefined) next.email = detail.email;
  // Where downloads stand comes by its own pushes, never with a head (the cache does not keep
  // it): a head dropped it, and a file too large, told once, then showed as not downloaded.
  if (detail.downloads !== undefined) next.downloads = detail.downloads;
  return next;
}

/**
 * Folds a change set into an open interaction: its head (unless older than what shows), the
 * lines inserted into its transcript, and its e-mail with the attachments as the cache now holds
 * them. Answers `detail` itself when the change set does not name it.
 */
export function foldDetail(detail: InteractionDetail, changes: ChangeSet): InteractionDetail {
  let next = detail;
  for (const head of changes.interactions) {
    if (head.id === detail.id && head.updatedAt >= next.updatedAt) next = withHead(next, head);
  }
  for (const { interactionId, lines } of changes.transcripts) {
    if (interactionId !== detail.id) continue;
    const transcript = appendLines(next.transcript, lines);
    if (transcript !== next.transcript) next = { ...next, transcript };
  }
  for (const { interactionId, email, attachments } of changes.emails) {
    if (interactionId === detail.id) next = { ...next, email, attachments };
  }
  // Settled since the detail was read: a detail fetched meanwhile must not say it is in doubt.
  if (next.sendInDoubt && changes.settledSends?.some((s) => s.interactionId === detail.id))
    next = { ...next, sendInDoubt: false };
  return next;
}

/**
 * The attachment as downloaded, in place of the one the detail lists (or added); its download
 * is over, so the detail no longer lists one for it.
 */
export function upsertAttachment(
  detail: InteractionDetail,
  attachment: StoredAttachment,
): InteractionDetail {
  const at = detail.attachments.findIndex((known) => known.id === attachment.id);
  const attachments =
    at === -1
      ? [...detail.attachments, attachment]
      : detail.attachments.map((known, index) => (index === at ? attachment : known));
  const { [attachment.id]: over, ...downloads } = detail.downloads ?? {};
  return over === undefined ? { ...detail, attachments } : { ...detail, attachments, downloads };
}

/** The detail with an attachment's download where main says it now stands. */
export function foldDownload(
  detail: InteractionDetail,
  attachmentId: string,
  download: AttachmentDownload,
): InteractionDetail {
  // A late word of a file already stored (its progress overtaken by its end) changes nothing.
  if (detail.attachments.some((known) => known.id === attachmentId && known.localPath))
    return detail;
  return { ...detail, downloads: { ...detail.downloads, [attachmentId]: download } };
}

/** Search hits with their rows as the change set says they now look (matches stay as found). */
export function foldHits(hits: readonly SearchHit[], changes: ChangeSet): readonly SearchHit[] {
  if (changes.interactions.length === 0 || hits.length === 0) return hits;
  const heads = new Map(changes.interactions.map((head) => [head.id, head]));
  let next: SearchHit[] | null = null;
  for (const [index, hit] of hits.entries()) {
    const head = heads.get(hit.interaction.id);
    if (head === undefined || head.updatedAt < hit.interaction.updatedAt) continue;
    next ??= [...hits];
    next[index] = { ...hit, interaction: summaryOf(head) };
  }
  return next ?? hits;
}

/** The agent's state as the change set reports it, or as it was when it says nothing. */
export function foldAgent(state: AgentState | null, changes: ChangeSet): AgentState | null {
  return changes.agent ?? state;
}

/** Whether a change set carries anything about the interaction `id`. */
export function names(changes: ChangeSet, id: string): boolean {
  return (
    changes.interactions.some((head) => head.id === id) ||
    changes.transcripts.some((entry) => entry.interactionId === id) ||
    changes.emails.some((entry) => entry.interactionId === id)
  );
}

/** A change set with nothing in it, to build on (tests, and the stores' replays). */
export function emptyChangeSet(): ChangeSet {
  return { interactions: [], transcripts: [], emails: [], workbins: [], history: [] };
}
