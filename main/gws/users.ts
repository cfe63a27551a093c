import { err, ok, type Result } from '../../common/errors';
import type { AgentProfile } from '../../common/gwsOperations';
import type { GwsBody } from './http';
import { normalizeChannels, userDnd } from './normalizer';

/**
 * The one reader of GWS user resources (003 "Users API"): the agent of `GET /me` (sign-in,
 * resync, the profile operation). Raw user JSON is read nowhere else.
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

/** A user resource's identity fields; undefined without an id and a user name. */
function userFields(user: Json) {
  const id = text(user.id);
  const userName = text(user.userName);
  if (id === undefined || id === '' || userName === undefined) return undefined;
  const firstName = text(user.firstName);
  const lastName = text(user.lastName);
  const employeeId = text(user.employeeId);
  return {
    id,
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
  const fields = userFields(user);
  if (fields === undefined) return err('internal', 'GET /me: the answer names no user');
  const dnd = userDnd(user);
  return ok({
    ...fields,
    dnd,
    channels: normalizeChannels(user.channels ?? answer.channels, dnd),
    mustChangePassword: user.changePasswordOnFirstLogin === true,
  });
}
