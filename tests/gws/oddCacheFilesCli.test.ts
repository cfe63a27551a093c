import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killSwitchboards, runSwitchboard } from '../support/switchboardProcess';

// `--db` names whatever the person typed. The real `switchboard` process on files that are not
// a Switchboard cache (found by an attack review): a pipe held `history` and `check` blocked for
// ever; `check` called an empty file, /dev/zero and another program's SQLite database a sound
// cache while the other commands refused them; and `listen` switched another program's
// database to WAL and wrote its tables into it.

const folder = mkdtempSync(join(tmpdir(), 'switchboard-odd-cache-files-'));
afterEach(killSwitchboards);
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** The app-data folder pointed at the test's own, so no run touches the developer's cache. */
const ENV = { SWITCHBOARD_PASSWORD: 'demo', XDG_CONFIG_HOME: folder, APPDATA: folder };
/** A closed loopback port: `listen` must stop before it would ever sign in. */
const NO_SERVER = 'http://127.0.0.1:9';

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Another program's SQLite database: a table of its own, in rollback-journal mode, and the
 * program's own schema version in `user_version` when it keeps one there (as many do).
 */
function anotherProgramsDatabase(dir: string, userVersion = 0): string {
  const path = join(dir, `notes-${userVersion}.sqlite`);
  const db = new BetterSqlite3(path);
  db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
  db.pragma(`user_version = ${userVersion}`);
  db.close();
  return path;
}

async function run(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const started = runSwitchboard(args, ENV);
  const code = await started.exited;
  return { code, ...started.output };
}

describe('switchboard --db on a file that is not a cache', () => {
  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe at once rather than wait for a writer',
    async () => {
      const dir = mkdtempSync(join(folder, 'pipe-'));
      const pipe = join(dir, 'cache.sqlite');
      execFileSync('mkfifo', [pipe]);
      for (const command of [['history'], ['check'], ['search', 'refund']]) {
        const answer = await run([...command, '--db', pipe]);
        expect({ command, code: answer.code }).toEqual({ command, code: 1 });
        expect(answer.stderr).toContain('is not a file (a pipe, a device or a socket)');
      }
    },
    30_000,
  );

  it("check does not call an empty file or another program's database a sound cache", async () => {
    const dir = mkdtempSync(join(folder, 'check-'));
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const notes = anotherProgramsDatabase(dir);
    const before = sha256(notes);
    for (const path of [empty, notes]) {
      const answer = await run(['check', '--db', path]);
      expect({ path, code: answer.code, stdout: answer.stdout }).toEqual({
        path,
        code: 1,
        stdout: '',
      });
      expect(answer.stderr).toContain('is not a Switchboard cache');
    }
    // Nor moves it aside: it is not damaged, and it is not Switchboard's.
    expect((await run(['check', '--move-aside', '--db', notes])).code).toBe(1);
    expect(sha256(notes)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['empty.sqlite', 'notes-0.sqlite']);
  });

  it("listen leaves another program's database as it was, and says why", async () => {
    const dir = mkdtempSync(join(folder, 'listen-'));
    // One with no version, and ones whose own schema versions Switchboard's could be taken for:
    // 3 was migrated (every Switchboard table written into it), 20 switched to WAL.
    for (const userVersion of [0, 3, 20]) {
      const notes = anotherProgramsDatabase(dir, userVersion);
      const before = sha256(notes);
      const answer = await run([
        ...['listen', '--server', NO_SERVER, '--user', 'agent1', '--db', notes],
      ]);
      expect({ userVersion, code: answer.code }).toEqual({ userVersion, code: 1 });
      expect(answer.stderr).toContain("is another program's database; it was left untouched");
      expect(answer.stderr).not.toContain('--move-aside');
      expect(sha256(notes)).toBe(before);
      const db = new BetterSqlite3(notes, { readonly: true });
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([
        { name: 'notes' },
      ]);
      db.close();
    }
  });
});
