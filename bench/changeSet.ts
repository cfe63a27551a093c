import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contract, createEmitters } from '../common/contract';
import type { ChangeSet, GwsEvent, InteractionHead } from '../common/model';
import { openDatabase } from '../main/cache/database';
import { CacheStore } from '../main/cache/store';
import { NotificationNormalizer } from '../main/gws/normalizer';
import { CacheWriter } from '../main/workstation/cacheWriter';
import { interactionMessage } from '../simulator/dialect';
import type { ChatParty } from '../simulator/model';
import { quantile } from './crash';
import {
  BENCH_ACCOUNT,
  chatEvent,
  INTERACTIONS_CHANNEL,
  rng,
  simInteraction,
  vocabulary,
} from './data';

/**
 * Bench (f): one chat line from the wire to the change set pushed to the renderer, with 500
 * interactions in the inbox and a transcript of 100 or 2,000 lines open. Each line is a dialect-A
 * CometD message (JSON text, as the long poll delivers it) through JSON.parse, the real
 * NotificationNormalizer, the real CacheWriter on a SQLite file (one batch, one transaction),
 * the contract's `desk.changed` emitter with the payload structured-cloned (as Electron's IPC
 * serializes it), and a stand-in of the renderer's fold (heads upserted by id, lines appended by
 * event id; it fetches only what it has never seen, and counts those fetches).
 *
 * Baseline, in the same run: the push-then-pull path the desk had before change sets: the same
 * normalize + apply, then what the renderer did on every chat line: the inbox refetched
 * (`interactions.inbox`, 500 rows) and the open interaction refetched (`interactions.get`, the
 * whole transcript), both structured-cloned.
 */
export interface LineCosts {
  readonly transcriptLength: number;
  readonly lines: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly baselineP50Ms: number;
  readonly baselineP95Ms: number;
  /** Inbox or detail fetches the fold needed for the measured lines (0 expected). */
  readonly fetches: number;
  /** Bytes of the structured-cloned change set of one line (JSON length). */
  readonly pushBytes: number;
}

const INBOX = 500;
const MEASURED_LINES = 200;
const WARM_UP_LINES = 20;

/** The renderer's side, reduced to what the change set asks of it: upsert, append, fetch the unknown. */
class RendererStandIn {
  readonly rows = new Map<string, InteractionHead>();
  readonly transcript: { eventId: number }[] = [];
  fetches = 0;

  constructor(
    readonly openId: string,
    private readonly fetchInbox: () => InteractionHead[],
    private readonly fetchDetail: () => { eventId: number }[],
  ) {
    for (const row of fetchInbox()) this.rows.set(row.id, row);
    this.transcript.push(...fetchDetail());
  }

  fold(changes: ChangeSet): void {
    for (const head of changes.interactions) {
      if (!this.rows.has(head.id)) this.fetches += 1;
      this.rows.set(head.id, head);
    }
    for (const { interactionId, lines } of changes.transcripts) {
      if (interactionId !== this.openId) continue;
      for (const line of lines) {
        const last = this.transcript.at(-1)?.eventId ?? 0;
        if (line.eventId <= last) continue;
        if (line.eventId !== last + 1) {
          // A gap: lines it has never seen; fetch the transcript once.
          this.fetches += 1;
          this.transcript.splice(0, this.transcript.length, ...this.fetchDetail());
          continue;
        }
        this.transcript.push(line);
      }
    }
    if (this.rows.size === 0) {
      this.fetches += 1;
      for (const row of this.fetchInbox()) this.rows.set(row.id, row);
    }
  }
}

export function benchChangeSets(workDir: string): LineCosts[] {
  const dir = mkdtempSync(join(workDir, 'changeset-'));
  try {
    const db = openDatabase(join(dir, 'desk.db'));
    const store = new CacheStore(db);
    const writer = new CacheWriter({
      store,
      account: BENCH_ACCOUNT,
      attachmentsDir: join(dir, 'attachments'),
      log: {
        debug: () => undefined,
        warn: (text) => {
          throw new Error(`cache writer warning: ${text}`);
        },
      },
    });
    const normalizer = new NotificationNormalizer({ warn: () => undefined });
    const words = vocabulary(85, 5_000);
    const random = rng(0xf00d);
    const start = 1_770_000_000_000;

    // 500 interactions in the inbox (a third chats, the rest e-mails), accepted.
    const inbox: GwsEvent[] = [];
    for (let n = 0; n < INBOX; n += 1)
      inbox.push({
        type: 'interactionUpdated',
        interaction: {
          id: `INBOX${String(n).padStart(4, '0')}`,
          channel: n % 3 === 0 ? 'chat' : 'email',
          state: 'Accepted',
          subject: words.sentence(random, 5),
          from: `customer${n}@mail.example`,
          capabilities: ['Reply', 'MarkDone'],
          userData: { Subject: words.sentence(random, 5), CustomerSegment: 'Gold' },
        },
      });
    writer.applyBatch(inbox, start);

    // Two open chats (each counted in the inbox too), of 100 and 2,000 lines.
    const chats = [100, 2_000].map((length, index) => {
      const id = `CHAT${length}`;
      const interaction = simInteraction(
        id,
        'chat',
        `Order ${index}`,
        { name: 'Maria Berg', address: 'maria.berg@mail.example' },
        random,
        words,
        start,
      );
      interaction.state = 'Accepted';
      interaction.owner = BENCH_ACCOUNT.userName;
      const client: ChatParty = { userId: `${id}U1`, userType: 'Client', nickName: 'Maria Berg' };
      const agent: ChatParty = { userId: `${id}U2`, userType: 'Agent', nickName: 'Agent One' };
      const accepted = JSON.stringify(interactionMessage('a', interaction, 'Accepted', []));
      writer.applyBatch(normalizer.normalize(INTERACTIONS_CHANNEL, JSON.parse(accepted)), start);
      const history = [];
      for (let line = 0; line < length; line += 1)
        history.push(
          chatEvent(
            interaction,
            line % 2 === 0 ? client : agent,
            'MESSAGE',
            start + line,
            words.sentence(random, 12),
          ),
        );
      const message = interactionMessage('a', interaction, 'PropertiesChanged', history);
      writer.applyBatch(normalizer.normalize(INTERACTIONS_CHANNEL, message), start + length);
      return { id, length, interaction, client, agent };
    });

    const clone = <T>(value: T): T => structuredClone(value);
    const last: { pushed?: ChangeSet } = {};
    const emit = createEmitters(contract, (channel, payload) => {
      if (channel === 'switchboard:desk:changed') last.pushed = clone(payload as ChangeSet);
    });
    const takePushed = (): ChangeSet | undefined => {
      const pushed = last.pushed;
      delete last.pushed;
      return pushed;
    };
    writer.onCommit((commit) => {
      emit.desk.changed(commit.changes);
    });

    let at = start + 1_000_000;
    /** A new customer line of the chat, as the wire carries it (not timed: the server's work). */
    const wireLine = (chat: (typeof chats)[number]): string =>
      JSON.stringify(
        interactionMessage('a', chat.interaction, 'PropertiesChanged', [
          chatEvent(
            chat.interaction,
            chat.client,
            'MESSAGE',
            (at += 1_000),
            words.sentence(random, 12),
          ),
        ]),
      );
    const deliver = (text: string): ChangeSet => {
      takePushed();
      writer.applyBatch(normalizer.normalize(INTERACTIONS_CHANNEL, JSON.parse(text)));
      const pushed = takePushed();
      if (pushed === undefined) throw new Error('no change set was pushed for a chat line');
      return pushed;
    };

    const results: LineCosts[] = [];
    for (const chat of chats) {
      const renderer = new RendererStandIn(
        chat.id,
        () => clone(writer.inbox()) as unknown as InteractionHead[],
        () => clone(writer.interaction(chat.id)?.transcript ?? []),
      );
      const timed = (
        count: number,
        afterPush: (changes: ChangeSet) => void,
      ): { times: number[]; bytes: number } => {
        const times: number[] = [];
        let bytes = 0;
        for (let line = 0; line < WARM_UP_LINES + count; line += 1) {
          const text = wireLine(chat);
          const began = performance.now();
          const changes = deliver(text);
          afterPush(changes);
          const spent = performance.now() - began;
          if (line >= WARM_UP_LINES) times.push(spent);
          bytes = JSON.stringify(changes).length;
        }
        return { times, bytes };
      };
      const fetchesBefore = renderer.fetches;
      const folded = timed(MEASURED_LINES, (changes) => {
        renderer.fold(changes);
      });
      const fetches = renderer.fetches - fetchesBefore;
      if (renderer.transcript.length !== chat.interaction.chat?.events.length)
        throw new Error(
          `the fold holds ${renderer.transcript.length} lines, the chat ${chat.interaction.chat?.events.length}`,
        );
      const baseline = timed(MEASURED_LINES, () => {
        clone(writer.inbox());
        clone(writer.interaction(chat.id));
      });
      results.push({
        transcriptLength: chat.length,
        lines: MEASURED_LINES,
        p50Ms: quantile(folded.times, 0.5),
        p95Ms: quantile(folded.times, 0.95),
        baselineP50Ms: quantile(baseline.times, 0.5),
        baselineP95Ms: quantile(baseline.times, 0.95),
        fetches,
        pushBytes: folded.bytes,
      });
    }
    // The writer first: close() indexes what waits for the search index at once (the rest of
    // it waits for downloads, which this bench has none of), then the connection goes.
    void writer.close();
    db.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
