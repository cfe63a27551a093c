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
