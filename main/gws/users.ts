import { err, ok, type Result } from '../../common/errors';
import type { AgentProfile, DirectoryEntry } from '../../common/gwsOperations';
import { listIn, type GwsBody } from './http';
import { normalizeChannels, userDnd } from './normalizer';

/**
 * The one reader of GWS user resources (003 "Users API"): the agent of `GET /me` (sign-in,
 * resync, the profile operation) and the colleagues of `GET /users?fields=*` (the directory).
 * Raw user JSON is read nowhere else.
 */

type Json = Record<string, unknown>;

function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The fields every user resource may carry, as they are; id and user name only if text. */
function userFields(user: Json) {
  const id = text(user.id);
  const userName = text(user.userName);
  const firstName = text(user.firstName);
  const lastName = text(user.lastName);
  const employeeId = text(user.employeeId);
  return {
    ...(id === undefined || id === '' ? {} : { id }),
    userName,
    ...(firstName === undefined ? {} : { firstName }),
    ...(lastName === undefined ? {} : { lastName }),
    ...(employeeId === undefined ? {} : { employeeId }),
    roles: Array.isArray(user.roles)
      ? user.roles.filter((role): role is string => typeof role === 'string')
      : [],
  };
}

/**
 * The agent of a `GET /me` answer (`{user:{…}}`; with `?subresources=*` also its channels and
 * 003's `doNotDisturb`). Channel entries without a DND state of their own take the user's.
 * An answer naming no user (no id or user name) is `internal`: nothing can go on without one.
 */
export function readMe(answer: GwsBody): Result<AgentProfile> {
  const user = objectOf(answer.user) ?? answer;
  const { id, userName, ...fields } = userFields(user);
  if (id === undefined || userName === undefined)
    return err('internal', 'GET /me: the answer names no user (no id or userName)');
  const dnd = userDnd(user);
  return ok({
    id,
    userName,
    ...fields,
    dnd,
    channels: normalizeChannels(user.channels ?? answer.channels, dnd),
    mustChangePassword: user.changePasswordOnFirstLogin === true,
  });
}

/**
 * The users of a `GET /users?fields=*` answer (`{users:[…]}`, 003 "Return Values" → GET); an
 * answer without that list is `internal` (see `listIn`). Entries without a user name (003's
 * sample names users by it alone) are left out rather than failing the list, and so is a user
 * name listed again (the directory's choices are told apart by it); `dnd` is given only when the
 * entry says (`doNotDisturb`, or `dndState`).
 */
export function readUsers(answer: GwsBody): Result<DirectoryEntry[]> {
  const entries = listIn(answer, 'users', 'GET /users');
  if (!entries.ok) return entries;
  const users: DirectoryEntry[] = [];
  const seen = new Set<string>();
  for (const entry of entries.value) {
    const user = objectOf(entry);
    if (user === undefined) continue;
    const { userName, ...fields } = userFields(user);
    if (userName === undefined || userName === '' || seen.has(userName)) continue;
    seen.add(userName);
    const saysDnd = user.doNotDisturb !== undefined || user.dndState !== undefined;
    const dnd = saysDnd ? userDnd(user) : undefined;
    users.push({
      userName,
      ...fields,
      ...(dnd === undefined ? {} : { dnd }),
      channels: normalizeChannels(user.channels, dnd),
    });
  }
  return ok(users);
}
