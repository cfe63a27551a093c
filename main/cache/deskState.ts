import { PreparedStatements } from './preparedStatements';
import { storedJson } from './storedJson';
import { z } from 'zod';
import {
  DEFAULT_DISPOSITION_CODES,
  DEFAULT_DISPOSITION_KEY,
  DEFAULT_EDITABLE_CASE_KEYS,
} from '../../common/caseData';
import { SettingsSchema, type ChannelState, type Settings } from '../../common/model';
import {
  ChatNicknameSchema,
  DEFAULT_INVITATION_TIMEOUT_SECONDS,
  DEFAULT_OUTBOUND_EMAIL_QUEUE,
  OutboundEmailQueueSchema,
} from '../../common/settingsRules';
import { migration0080 } from './migrations/0080-case-preferences';
import { migration0110 } from './migrations/0110-account-case-preferences';
import { migration0120 } from './migrations/0120-invitation-preferences';
import { migration0130 } from './migrations/0130-account-preferences';
import { migration0140 } from './migrations/0140-shortcut-preferences';
import { migration0170 } from './migrations/0170-outbound-email-queue';
import { migration0180 } from './migrations/0180-chat-preferences';
import { migration0240 } from './migrations/0240-password-verifiers';
import { migration0300 } from './migrations/0300-server-time-seen';
import { ShortcutOverridesSchema, type ShortcutOverrides } from '../../common/shortcutKeys';

/** The preferences of a desk that never changed any. */
export const DEFAULT_PREFERENCES: Settings = {
  sound: true,
  retentionDays: 90,
  editableCaseKeys: [...DEFAULT_EDITABLE_CASE_KEYS],
  dispositionCodes: [...DEFAULT_DISPOSITION_CODES],
  dispositionKey: DEFAULT_DISPOSITION_KEY,
  dispositionRequired: false,
  transferQueueNames: [],
  outboundEmailQueue: DEFAULT_OUTBOUND_EMAIL_QUEUE,
  chatNickname: '',
  invitationTimeoutSeconds: DEFAULT_INVITATION_TIMEOUT_SECONDS,
  chime: 'repeat',
  autoAnswerChat: false,
  autoAnswerEmail: false,
  language: 'system',
  theme: 'system',
  shortcuts: {},
};

/** The sound, language and theme columns (migration 0130): per account, and desk-wide in `preferences`. */
const ACCOUNT_COLUMNS = 'sound, language, theme';

interface AccountPreferencesRow {
  sound: number;
  language: string;
  theme: string;
}

/** The invitation and sound columns (migration 0120), the same in the desk-wide and the per-account table. */
const INVITATION_COLUMNS = 'timeout_seconds, chime, auto_answer_chat, auto_answer_email';

interface InvitationPreferencesRow {
  timeout_seconds: number;
  chime: string;
  auto_answer_chat: number;
  auto_answer_email: number;
}

const StoredListSchema = z.array(z.string());

/** The routing and case-data columns, the same in the desk-wide and the per-account table. */
const CASE_COLUMNS =
  'editable_keys, disposition_codes, disposition_key, disposition_required, transfer_queue_names';

/**
 * A group of preferences kept per account (`account`, a row per account) and desk-wide
 * (`desk`, the row `id = 1`), which an account without its own row reads.
 */
interface PreferenceTables {
  readonly desk: string;
  readonly account: string;
  /** Its columns, in the order their values are given to {@link DeskStateStore}'s writes. */
  readonly columns: string;
}

/** The routing and case-data settings (migrations 0080 and 0110). */
const CASE_TABLES: PreferenceTables = {
  desk: 'case_preferences',
  account: 'account_case_preferences',
  columns: CASE_COLUMNS,
};
/** The invitation and chime settings (migration 0120). */
const INVITATION_TABLES: PreferenceTables = {
  desk: 'invitation_preferences',
  account: 'account_invitation_preferences',
  columns: INVITATION_COLUMNS,
};
/** The sound, language and theme (migration 0130); the desk-wide row is `preferences`. */
const ACCOUNT_TABLES: PreferenceTables = {
  desk: 'preferences',
  account: 'account_preferences',
  columns: ACCOUNT_COLUMNS,
};
/** The remapped keyboard shortcuts (migration 0140). */
const SHORTCUT_TABLES: PreferenceTables = {
  desk: 'shortcut_preferences',
  account: 'account_shortcut_preferences',
  columns: 'overrides',
};
/** The queue for new e-mails (migration 0170). */
const EMAIL_TABLES: PreferenceTables = {
  desk: 'email_preferences',
  account: 'account_email_preferences',
  columns: 'outbound_queue',
};

interface CasePreferencesRow {
  editable_keys: string;
  disposition_codes: string;
  disposition_key: string;
  disposition_required: number;
  transfer_queue_names: string;
}

/** A stored JSON list, or `fallback` when it cannot be read (the column's CHECK keeps it an array). */
function storedList(json: string, fallback: readonly string[]): string[] {
  return storedJson(json, StoredListSchema) ?? [...fallback];
}

/** Stored shortcut overrides, or none when they cannot be read as the settings schema says. */
function storedShortcuts(json: string): ShortcutOverrides {
  return storedJson(json, ShortcutOverridesSchema) ?? {};
}

/** The account the desk signed in to last: where the sign-in form and the next start go. */
export interface RememberedAccount {
  readonly serverUrl: string;
  readonly userName: string;
  /** The built-in simulator (its URL changes with every start). */
  readonly demo: boolean;
}

/**
 * A slow salted hash of an account's password (scrypt: `cost` N, `blockSize` r, `parallelism`
 * p), to check it with no server; never the password.
 */
export interface StoredPasswordVerifier {
  readonly salt: Uint8Array;
  readonly hash: Uint8Array;
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
}

/** The last channel states a server reported for an account. */
export interface StoredChannelStates {
  /** When they were last reported (ms since epoch). */
  readonly at: number;
  readonly channels: ChannelState[];
}

interface ChannelStateRow {
  channel: string;
  state: string;
  display_name: string | null;
  reason: string | null;
  work_mode: string | null;
  dnd: number;
  reported_at: number;
}

/**
 * What the desk remembers between starts, in the typed tables of migration 0020: preferences,
 * the last account, sealed passwords and the last known channel states. Statements are prepared
 * once per connection; every method is one statement or one transaction.
 */
export class DeskStateStore extends PreparedStatements {
  /**
   * The preferences as `accountId` sees them: retention is the desk's; the routing and
   * case-data settings are the account's own (migration 0110), or, for an account that never
   * saved any (or none given: before any sign-in), the desk-wide row of migration 0080; the
   * invitation settings (0120) and the sound, language and theme (0130) likewise.
   */
  preferences(accountId?: number): Settings {
    const row = this.statement(
      'SELECT sound, retention_days FROM preferences WHERE id = 1',
    ).get() as { sound: number; retention_days: number } | undefined;
    const cases = this.casePreferences(accountId);
    return {
      ...DEFAULT_PREFERENCES,
      ...(row === undefined ? {} : { sound: row.sound === 1, retentionDays: row.retention_days }),
      ...(cases === undefined
        ? {}
        : {
            editableCaseKeys: storedList(cases.editable_keys, DEFAULT_EDITABLE_CASE_KEYS),
            dispositionCodes: storedList(cases.disposition_codes, DEFAULT_DISPOSITION_CODES),
            dispositionKey: cases.disposition_key,
            dispositionRequired: cases.disposition_required === 1,
            transferQueueNames: storedList(cases.transfer_queue_names, []),
          }),
      ...this.invitationPreferences(accountId),
      ...this.accountPreferences(accountId),
      ...this.shortcutPreferences(accountId),
      ...this.emailPreferences(accountId),
      ...this.chatPreferences(accountId),
    };
  }

  /**
   * The queue for new e-mails as `accountId` sees it (its own, else the desk-wide row, else
   * none: the default). A value the schema refuses (written by hand) reads as the default.
   */
  private emailPreferences(accountId: number | undefined): Partial<Settings> {
    if (!this.atLeast(migration0170.version)) return {};
    const row = this.ownOrDeskRow(EMAIL_TABLES, accountId) as
      { outbound_queue: string } | undefined;
    if (row === undefined) return {};
    const queue = OutboundEmailQueueSchema.safeParse(row.outbound_queue);
    return queue.success ? { outboundEmailQueue: queue.data } : {};
  }

  /**
   * The name `accountId` joins chats under: its own only (blank without one), since a name is
   * one agent's and a shared desk must not lend it to the next. A value the schema refuses
   * (written by hand) reads as blank.
   */
  private chatPreferences(accountId: number | undefined): Partial<Settings> {
    if (accountId === undefined || !this.atLeast(migration0180.version)) return {};
    const row = this.statement(
      'SELECT nickname FROM account_chat_preferences WHERE account_id = ?',
    ).get(accountId) as { nickname: string } | undefined;
    if (row === undefined) return {};
    const nickname = ChatNicknameSchema.safeParse(row.nickname);
    return nickname.success ? { chatNickname: nickname.data } : {};
  }

  /**
   * The remapped shortcuts as `accountId` sees them (its own, else the desk-wide row, else none).
   * A value the schema refuses (written by hand, or by a later version with more actions) reads
   * as no overrides: the defaults work, where a half-read remapping could bind keys twice.
   */
  private shortcutPreferences(accountId: number | undefined): Partial<Settings> {
    if (!this.atLeast(migration0140.version)) return {};
    const row = this.ownOrDeskRow(SHORTCUT_TABLES, accountId) as { overrides: string } | undefined;
    if (row === undefined) return {};
    return { shortcuts: storedShortcuts(row.overrides) };
  }

  /**
   * The sound, language and theme as `accountId` sees them (its own row, else the desk-wide
   * one, else none: the defaults). Before migration 0130 the sound is the desk's, read above.
   */
  private accountPreferences(accountId: number | undefined): Partial<Settings> {
    if (!this.atLeast(migration0130.version)) return {};
    const row = this.ownOrDeskRow(ACCOUNT_TABLES, accountId) as AccountPreferencesRow | undefined;
    if (row === undefined) return {};
    // The columns' CHECKs hold the schema's choices; a choice a later desk dropped reads as the default.
    const language = SettingsSchema.shape.language.safeParse(row.language);
    const theme = SettingsSchema.shape.theme.safeParse(row.theme);
    return {
      sound: row.sound === 1,
      language: language.success ? language.data : DEFAULT_PREFERENCES.language,
      theme: theme.success ? theme.data : DEFAULT_PREFERENCES.theme,
    };
  }

  /**
   * The invitation and sound settings as `accountId` sees them (its own, else the desk-wide
   * row, else none: the defaults). A cache older than migration 0120 (migration tests) has none.
   */
  private invitationPreferences(accountId: number | undefined): Partial<Settings> {
    if (!this.atLeast(migration0120.version)) return {};
    const row = this.ownOrDeskRow(INVITATION_TABLES, accountId) as
      InvitationPreferencesRow | undefined;
    if (row === undefined) return {};
    return {
      invitationTimeoutSeconds: row.timeout_seconds,
      chime: row.chime === 'once' ? 'once' : 'repeat',
      autoAnswerChat: row.auto_answer_chat === 1,
      autoAnswerEmail: row.auto_answer_email === 1,
    };
  }

  private casePreferences(accountId: number | undefined): CasePreferencesRow | undefined {
    return this.ownOrDeskRow(CASE_TABLES, accountId) as CasePreferencesRow | undefined;
  }

  /** The row of `tables` that `accountId` reads: its own, else the desk-wide one, else none. */
  private ownOrDeskRow(tables: PreferenceTables, accountId: number | undefined): unknown {
    const own =
      accountId === undefined
        ? undefined
        : this.statement(
            `SELECT ${tables.columns} FROM ${tables.account} WHERE account_id = ?`,
          ).get(accountId);
    return own ?? this.statement(`SELECT ${tables.columns} FROM ${tables.desk} WHERE id = 1`).get();
  }

  /**
   * Saves `values` (one for each of `tables`' columns, in their order) as `accountId`'s own row,
   * or as the desk-wide row when no account is given.
   */
  private saveOwnOrDesk(
    tables: PreferenceTables,
    values: readonly unknown[],
    accountId: number | undefined,
  ): void {
    const columns = tables.columns.split(',').map((column) => column.trim());
    if (columns.length !== values.length)
      throw new Error(`${tables.account}: ${values.length} values for ${columns.length} columns`);
    const marks = columns.map(() => '?').join(', ');
    const assignments = columns.map((column) => `${column} = excluded.${column}`).join(', ');
    if (accountId === undefined)
      this.statement(
        `INSERT INTO ${tables.desk} (id, ${tables.columns}) VALUES (1, ${marks})
         ON CONFLICT (id) DO UPDATE SET ${assignments}`,
      ).run(...values);
    else
      this.statement(
        `INSERT INTO ${tables.account} (account_id, ${tables.columns}) VALUES (?, ${marks})
         ON CONFLICT (account_id) DO UPDATE SET ${assignments}`,
      ).run(accountId, ...values);
  }

  /**
   * The userData key `accountId`'s dispositions are stored under: one cheap read, for the rows'
   * summaries. Not memoized, so a change saved through another connection shows on the next
   * row. A cache still at an older schema (migration tests write rows through the store before
   * upgrading) reads what it has: the desk-wide key, or before 0080 the default.
   */
  dispositionKey(accountId: number): string {
    if (!this.atLeast(migration0080.version)) return DEFAULT_DISPOSITION_KEY;
    const row = (
      !this.atLeast(migration0110.version)
        ? this.statement('SELECT disposition_key FROM case_preferences WHERE id = 1').get()
        : this.statement(
            `SELECT coalesce(
               (SELECT disposition_key FROM account_case_preferences WHERE account_id = ?),
               (SELECT disposition_key FROM case_preferences WHERE id = 1)) AS disposition_key`,
          ).get(accountId)
    ) as { disposition_key: string | null } | undefined;
    return row?.disposition_key ?? DEFAULT_DISPOSITION_KEY;
  }

  /**
   * Saves every preference in one transaction: the routing, case-data, invitation, sound,
   * language and theme ones as `accountId`'s own, or as the desk-wide row when no account is
   * given. Retention is always the desk's.
   */
  savePreferences(preferences: Settings, accountId?: number): void {
    this.db.transaction(() => {
      this.saveDeskAndAccountPreferences(preferences, accountId);
      this.saveOwnOrDesk(
        CASE_TABLES,
        [
          JSON.stringify(preferences.editableCaseKeys),
          JSON.stringify(preferences.dispositionCodes),
          preferences.dispositionKey,
          preferences.dispositionRequired ? 1 : 0,
          JSON.stringify(preferences.transferQueueNames),
        ],
        accountId,
      );
      if (!this.atLeast(migration0120.version)) return;
      this.saveOwnOrDesk(
        INVITATION_TABLES,
        [
          preferences.invitationTimeoutSeconds,
          preferences.chime,
          preferences.autoAnswerChat ? 1 : 0,
          preferences.autoAnswerEmail ? 1 : 0,
        ],
        accountId,
      );
      if (!this.atLeast(migration0140.version)) return;
      this.saveOwnOrDesk(SHORTCUT_TABLES, [JSON.stringify(preferences.shortcuts)], accountId);
      if (!this.atLeast(migration0170.version)) return;
      this.saveOwnOrDesk(EMAIL_TABLES, [preferences.outboundEmailQueue], accountId);
      if (accountId === undefined || !this.atLeast(migration0180.version)) return;
      this.statement(
        'INSERT OR REPLACE INTO account_chat_preferences (account_id, nickname) VALUES (?, ?)',
      ).run(accountId, preferences.chatNickname);
    })();
  }

  /**
   * Retention, and the sound, language and theme: `accountId`'s own row (the desk-wide row is
   * then only made if missing, with the default sound, so other accounts hear what they did),
   * or the desk-wide row. Before migration 0130 the sound is the desk's.
   */
  private saveDeskAndAccountPreferences(
    preferences: Settings,
    accountId: number | undefined,
  ): void {
    const sound = preferences.sound ? 1 : 0;
    const { retentionDays, language, theme } = preferences;
    if (!this.atLeast(migration0130.version)) {
      this.statement(
        `INSERT INTO preferences (id, sound, retention_days) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sound = excluded.sound, retention_days = excluded.retention_days`,
      ).run(sound, retentionDays);
    } else if (accountId === undefined) {
      this.statement(
        `INSERT INTO preferences (id, retention_days, ${ACCOUNT_COLUMNS}) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days,
           sound = excluded.sound, language = excluded.language, theme = excluded.theme`,
      ).run(retentionDays, sound, language, theme);
    } else {
      this.statement(
        `INSERT INTO preferences (id, sound, retention_days) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days`,
      ).run(DEFAULT_PREFERENCES.sound ? 1 : 0, retentionDays);
      this.saveOwnOrDesk(ACCOUNT_TABLES, [sound, language, theme], accountId);
    }
  }

  lastAccount(): RememberedAccount | undefined {
    const row = this.statement(
      'SELECT server_url, user_name, demo FROM last_account WHERE id = 1',
    ).get() as { server_url: string; user_name: string; demo: number } | undefined;
    return row === undefined
      ? undefined
      : { serverUrl: row.server_url, userName: row.user_name, demo: row.demo === 1 };
  }

  saveLastAccount(account: RememberedAccount): void {
    this.statement(
      `INSERT INTO last_account (id, server_url, user_name, demo) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url,
         user_name = excluded.user_name, demo = excluded.demo`,
    ).run(account.serverUrl, account.userName, account.demo ? 1 : 0);
  }

  /** What the OS sealed for the account, as it sealed it; undefined when none is kept. */
  sealedPassword(accountId: number): Uint8Array | undefined {
    const row = this.statement('SELECT sealed FROM sealed_passwords WHERE account_id = ?').get(
      accountId,
    ) as { sealed: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.sealed);
  }

  saveSealedPassword(accountId: number, sealed: Uint8Array): void {
    this.statement(
      `INSERT INTO sealed_passwords (account_id, sealed) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET sealed = excluded.sealed`,
    ).run(accountId, Buffer.from(sealed));
  }

  forgetSealedPassword(accountId: number): void {
    this.statement('DELETE FROM sealed_passwords WHERE account_id = ?').run(accountId);
  }

  /** The account's password verifier (migration 0240); undefined when none is kept. */
  passwordVerifier(accountId: number): StoredPasswordVerifier | undefined {
    if (!this.atLeast(migration0240.version)) return undefined;
    const row = this.statement(
      `SELECT salt, hash, cost, block_size, parallelism
       FROM password_verifiers WHERE account_id = ?`,
    ).get(accountId) as
      | { salt: Buffer; hash: Buffer; cost: number; block_size: number; parallelism: number }
      | undefined;
    return row === undefined
      ? undefined
      : {
          salt: new Uint8Array(row.salt),
          hash: new Uint8Array(row.hash),
          cost: row.cost,
          blockSize: row.block_size,
          parallelism: row.parallelism,
        };
  }

  savePasswordVerifier(accountId: number, verifier: StoredPasswordVerifier): void {
    this.statement(
      `INSERT INTO password_verifiers (account_id, salt, hash, cost, block_size, parallelism)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash,
         cost = excluded.cost, block_size = excluded.block_size,
         parallelism = excluded.parallelism`,
    ).run(
      accountId,
      Buffer.from(verifier.salt),
      Buffer.from(verifier.hash),
      verifier.cost,
      verifier.blockSize,
      verifier.parallelism,
    );
  }

  forgetPasswordVerifier(accountId: number): void {
    if (!this.atLeast(migration0240.version)) return;
    this.statement('DELETE FROM password_verifiers WHERE account_id = ?').run(accountId);
  }

  /**
   * The server's time when the desk last saw it (ms since epoch, migration 0300); undefined
   * before the first sign-in that learnt it.
   */
  serverTimeSeen(): number | undefined {
    if (!this.atLeast(migration0300.version)) return undefined;
    const row = this.statement('SELECT at FROM server_time_seen WHERE id = 1').get() as
      { at: number } | undefined;
    return row?.at;
  }

  /** Notes `at` (ms since epoch, rounded) as the server's time last seen, replacing the last. */
  saveServerTimeSeen(at: number): void {
    const rounded = Math.round(at);
    if (!Number.isSafeInteger(rounded) || rounded <= 0)
      throw new RangeError(`the server's time seen must be a positive time in ms, not ${at}`);
    this.statement(
      `INSERT INTO server_time_seen (id, at) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET at = excluded.at`,
    ).run(rounded);
  }

  /** The account's channel states, in the order they were last saved. */
  channelStates(accountId: number): StoredChannelStates | undefined {
    const rows = this.statement(
      `SELECT channel, state, display_name, reason, work_mode, dnd, reported_at
       FROM channel_states WHERE account_id = ? ORDER BY rowid`,
    ).all(accountId) as ChannelStateRow[];
    if (rows.length === 0) return undefined;
    return {
      at: Math.max(...rows.map((row) => row.reported_at)),
      channels: rows.map((row) => ({
        channel: row.channel,
        state: row.state,
        ...(row.display_name === null ? {} : { displayName: row.display_name }),
        ...(row.reason === null ? {} : { reason: row.reason }),
        ...(row.work_mode === null ? {} : { workMode: row.work_mode }),
        dnd: row.dnd === 1,
      })),
    };
  }

  /** Replaces the account's channel states with `channels` (merged by the writer), reported at `at`. */
  saveChannelStates(accountId: number, at: number, channels: readonly ChannelState[]): void {
    const insert = this.statement(
      `INSERT INTO channel_states
         (account_id, channel, state, display_name, reason, work_mode, dnd, reported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Callers write inside a transaction (the writer's batch), so the replacement is atomic.
    this.statement('DELETE FROM channel_states WHERE account_id = ?').run(accountId);
    for (const channel of channels)
      insert.run(
        accountId,
        channel.channel,
        channel.state,
        channel.displayName ?? null,
        channel.reason ?? null,
        channel.workMode ?? null,
        channel.dnd ? 1 : 0,
        Math.round(at),
      );
  }
}
