import { describe, expect, it } from 'vitest';
import { agentFullName, agentKnownAs, findAgent } from './agentNames';
import type { DirectoryEntry } from './gwsOperations';

const PRIYA: DirectoryEntry = {
  id: 'c0ffee001',
  userName: 'priya.raman@switchboard.example',
  firstName: 'Priya',
  lastName: 'Raman',
  employeeId: '3101',
  roles: ['ROLE_AGENT'],
  channels: [],
};
/** As 003's sample lists users: by user name only, no id, no employee id, no names. */
const BARE: DirectoryEntry = { userName: 'bare@example.com', roles: [], channels: [] };
const ME = { id: 'a1b2c3', userName: 'agent1' };
const MYSELF: DirectoryEntry = {
  id: ME.id,
  userName: ME.userName,
  firstName: 'Agent',
  lastName: '1',
  employeeId: '1001',
  roles: ['ROLE_AGENT'],
  channels: [],
};
const DIRECTORY = [MYSELF, PRIYA, BARE];

describe('agentFullName', () => {
  it('is the first and last name, else the user name', () => {
    expect(agentFullName(PRIYA)).toBe('Priya Raman');
    expect(agentFullName(BARE)).toBe('bare@example.com');
  });
});

describe('findAgent', () => {
  it('finds an agent by user id, user name or employee id', () => {
    for (const identifier of ['c0ffee001', 'priya.raman@switchboard.example', '3101'])
      expect(findAgent(DIRECTORY, identifier)).toBe(PRIYA);
    expect(findAgent(DIRECTORY, 'bare@example.com')).toBe(BARE);
    expect(findAgent(DIRECTORY, 'nobody')).toBeUndefined();
  });
});

describe('agentKnownAs', () => {
  it('names a colleague the directory knows by their full name, whichever of their ids the server gave', () => {
    for (const identifier of ['c0ffee001', 'priya.raman@switchboard.example', '3101'])
      expect(agentKnownAs(identifier, DIRECTORY, ME)).toEqual({ self: false, name: 'Priya Raman' });
    expect(agentKnownAs('bare@example.com', DIRECTORY, ME)).toEqual({
      self: false,
      name: 'bare@example.com',
    });
  });

  it('is the agent itself by its user id or user name, and by its employee id once the directory is read', () => {
    for (const identifier of [ME.id, ME.userName, '1001'])
      expect(agentKnownAs(identifier, DIRECTORY, ME)).toEqual({ self: true });
    // Without the directory the session's own id and user name still say who it is.
    expect(agentKnownAs(ME.userName, null, ME)).toEqual({ self: true });
    expect(agentKnownAs(ME.id, null, ME)).toEqual({ self: true });
    expect(agentKnownAs('1001', null, ME)).toEqual({ self: false, name: '1001' });
  });

  it('is the identifier as given when the directory is not read or does not know it', () => {
    expect(agentKnownAs('3101', null, ME)).toEqual({ self: false, name: '3101' });
    expect(agentKnownAs('3101', [], ME)).toEqual({ self: false, name: '3101' });
    expect(agentKnownAs('nobody', DIRECTORY, ME)).toEqual({ self: false, name: 'nobody' });
    // Signed out (no agent): nobody is "you".
    expect(agentKnownAs('agent1', DIRECTORY, undefined)).toEqual({ self: false, name: 'Agent 1' });
  });
});
