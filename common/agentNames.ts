import type { DirectoryEntry } from './gwsOperations';
import type { AgentIdentity } from './model';

/**
 * An agent as colleagues know them: first and last name ("Priya Raman"), else the user name.
 * The desk names a colleague so wherever it does (the pickers, a hand-off kept in the cache).
 */
export function agentFullName(
  agent: Pick<AgentIdentity, 'userName' | 'firstName' | 'lastName'>,
): string {
  const name = [agent.firstName, agent.lastName].filter(Boolean).join(' ');
  return name === '' ? agent.userName : name;
}

/**
 * The directory's agent that `identifier` names. GWS names an agent three ways and 003 does not
 * say which one each place uses: Transfer takes a user id, user name or employee id; a workbin
 * notification's `actorInfo.agentId` is Interaction Server's agent id, which Genesys takes from
 * the person's employee id (003's samples, "Agen1" and "MaratTest", fit either that or a user
 * name), while the simulator writes the user name there. So any of the three is matched.
 */
export function findAgent(
  entries: readonly DirectoryEntry[],
  identifier: string,
): DirectoryEntry | undefined {
  return entries.find(
    (entry) =>
      entry.id === identifier || entry.userName === identifier || entry.employeeId === identifier,
  );
}

/**
 * Who `identifier` (an agent named as {@link findAgent} matches) is to the signed-in agent `me`:
 * `me` itself, or the colleague's full name when the directory (`null` until read, or when it
 * could not be) knows them, else the identifier as the server gave it.
 */
export function agentKnownAs(
  identifier: string,
  directory: readonly DirectoryEntry[] | null,
  me: Pick<AgentIdentity, 'id' | 'userName'> | undefined,
): { readonly self: true } | { readonly self: false; readonly name: string } {
  const entry = findAgent(directory ?? [], identifier);
  const names = entry === undefined ? [identifier] : [entry.id, entry.userName];
  if (me !== undefined && (names.includes(me.id) || names.includes(me.userName)))
    return { self: true };
  return { self: false, name: entry === undefined ? identifier : agentFullName(entry) };
}
