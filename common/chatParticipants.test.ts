import { describe, expect, it } from 'vitest';
import {
  chatParticipants,
  customerWhoLeft,
  invitedToConsult,
  isConference,
  joinedAsAgent,
  ownPartyIn,
  roleWords,
} from './chatParticipants';
import { MESSAGES } from './i18n/messages';
import type { Translate } from './i18n/translate';

/** The English catalog's text for a key (no placeholders in the words tested here). */
const english: Translate = (key) =>
  String(
    key
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], MESSAGES.en),
  );
import type { ChatEvent } from './model';

let nextId = 1;
function party(
  kind: 'joined' | 'left',
  authorId: string,
  authorName: string,
  authorType: string,
  visibility?: string,
): ChatEvent {
  return {
    eventId: nextId++,
    kind,
    authorId,
    authorName,
    authorType,
    ...(visibility === undefined ? {} : { visibility }),
  };
}

const customer = party('joined', 'c', 'Tom Baker', 'Client');
const owner = party('joined', 'a1', 'Ann', 'Agent');
const consultant = party('joined', 'p', 'Priya', 'Agent', 'Int');
const message: ChatEvent = { eventId: 99, kind: 'message', authorId: 'c', text: 'hello' };

describe('chatParticipants', () => {
  it('lists who joined and has not left, in the order they joined, with their roles', () => {
    expect(chatParticipants([customer, message, owner, consultant], true)).toEqual([
      { key: 'c', name: 'Tom Baker', role: 'customer' },
      { key: 'a1', name: 'Ann', role: 'agent' },
      { key: 'p', name: 'Priya', role: 'consulting' },
    ]);
  });

  it('reads an agent who joined internally as an agent once the consultation is over', () => {
    expect(chatParticipants([customer, owner, consultant], false).map((p) => p.role)).toEqual([
      'customer',
      'agent',
      'agent',
    ]);
  });

  it('drops a party that left (by its id), and knows 004 customers by their type', () => {
    const left = party('left', 'a1', 'Ann', 'Agent');
    const webCustomer = party('joined', 'w', 'Maria', 'Customer');
    expect(chatParticipants([customer, owner, consultant, left, webCustomer], true)).toEqual([
      { key: 'c', name: 'Tom Baker', role: 'customer' },
      { key: 'p', name: 'Priya', role: 'consulting' },
      { key: 'w', name: 'Maria', role: 'customer' },
    ]);
  });

  it('keys a party the server gave no id by its name, and skips one with neither', () => {
    const named: ChatEvent = {
      eventId: 50,
      kind: 'joined',
      authorName: 'Bot',
      authorType: 'External',
    };
    const gone: ChatEvent = { eventId: 51, kind: 'left', authorName: 'Bot' };
    const nameless: ChatEvent = { eventId: 52, kind: 'joined', authorType: 'Agent' };
    expect(chatParticipants([named, nameless], true)).toEqual([
      { key: 'Bot', name: 'Bot', role: 'other' },
    ]);
    expect(chatParticipants([named, gone, nameless], true)).toEqual([]);
  });

  it('reads a join line without a type as an agent when it joined seen by agents only, else as another party', () => {
    const untyped = (authorId: string, visibility?: string): ChatEvent => ({
      eventId: nextId++,
      kind: 'joined',
      authorId,
      authorName: authorId,
      ...(visibility === undefined ? {} : { visibility }),
    });
    expect(
      chatParticipants([untyped('priya', 'Int'), untyped('bot')], true).map((p) => p.role),
    ).toEqual(['consulting', 'other']);
    expect(chatParticipants([untyped('priya', 'Int')], false).map((p) => p.role)).toEqual([
      'agent',
    ]);
    expect(joinedAsAgent(party('joined', 'c', 'Tom', 'Client', 'Int'))).toBe(false);
  });

  it('words each role for the desk', () => {
    const roles = ['customer', 'agent', 'consulting', 'other'] as const;
    expect(roles.map((role) => roleWords(role, english))).toEqual([
      'customer',
      'agent',
      'agent, hidden from the customer',
      'other party',
    ]);
  });
});

describe('invitedToConsult and isConference', () => {
  const conferenced = party('joined', 'q', 'Priya', 'Agent', 'All');

  const invited = (transcript: ChatEvent[]) => invitedToConsult(chatParticipants(transcript, true));

  it('an invited agent was consulted when the agent who joined last joined internally', () => {
    expect(invited([customer, owner, consultant])).toBe(true);
    // Added by StartConference: she joined as the customer sees her.
    expect(invited([customer, owner, conferenced])).toBe(false);
    // The consultant left; another agent joined openly.
    const consultantLeft = party('left', 'p', 'Priya', 'Agent');
    expect(invited([customer, owner, consultant, consultantLeft, conferenced])).toBe(false);
    // An earlier consultation completed as a conference: its agent stays, joined internally;
    // the agent added after it, openly, is in a conference.
    expect(invited([customer, owner, consultant, conferenced])).toBe(false);
  });

  it('reads a transcript with no agent in it yet as a consultation (003 before the history)', () => {
    expect(invited([])).toBe(true);
    expect(invited([customer, message])).toBe(true);
  });

  it('a conference has two agents or more, none of them consulting', () => {
    expect(isConference(chatParticipants([customer, owner, conferenced], true))).toBe(true);
    expect(isConference(chatParticipants([customer, owner], true))).toBe(false);
    // An open consultation is not a conference; once it is completed as one, it is.
    expect(isConference(chatParticipants([customer, owner, consultant], true))).toBe(false);
    expect(isConference(chatParticipants([customer, owner, consultant], false))).toBe(true);
    const ownerLeft = party('left', 'a1', 'Ann', 'Agent');
    expect(isConference(chatParticipants([customer, owner, conferenced, ownerLeft], true))).toBe(
      false,
    );
  });
});

describe('customerWhoLeft', () => {
  it('names the customer once they left, until one comes back', () => {
    expect(customerWhoLeft([])).toBeUndefined();
    expect(customerWhoLeft([owner])).toBeUndefined();
    expect(customerWhoLeft([customer, owner, message])).toBeUndefined();
    // 003's leave line may carry no type: the party is known by its join.
    const gone: ChatEvent = { eventId: 120, kind: 'left', authorId: 'c', authorName: 'Tom Baker' };
    expect(customerWhoLeft([customer, owner, message, gone])).toBe('Tom Baker');
    expect(customerWhoLeft([customer, owner, gone, { ...customer, eventId: 121 }])).toBeUndefined();
  });

  it('counts no agent leaving, and a chat with another customer still in it as live', () => {
    const ownerLeft = party('left', 'a1', 'Ann', 'Agent');
    expect(customerWhoLeft([customer, owner, ownerLeft])).toBeUndefined();
    const second = party('joined', 'w', 'Maria', 'Customer');
    const firstLeft = party('left', 'c', 'Tom Baker', 'Client');
    expect(customerWhoLeft([customer, second, owner, firstLeft])).toBeUndefined();
    const secondLeft = party('left', 'w', 'Maria', 'Customer');
    expect(customerWhoLeft([customer, second, owner, firstLeft, secondLeft])).toBe('Maria');
  });
});

describe('ownPartyIn', () => {
  const names = ['', 'Anna', 'Anna Schmidt', 'aschmidt'];

  it('is the one agent present who joined under one of the names the agent joins under', () => {
    const transcript = [customer, party('joined', 'p1', 'Anna', 'Agent')];
    expect(ownPartyIn(transcript, names)).toBe('p1');
    expect(ownPartyIn(transcript, [])).toBeUndefined();
  });

  it('does not guess when two joined under those names, present or gone', () => {
    const both = [
      customer,
      party('joined', 'p1', 'Anna', 'Agent'),
      party('joined', 'p2', 'anna', 'Agent'),
    ];
    expect(ownPartyIn(both, names)).toBeUndefined();
    // The agent left, and a colleague of the same name came: she is not the agent.
    const gone = [
      customer,
      party('joined', 'p1', 'Anna', 'Agent'),
      party('left', 'p1', 'Anna', 'Agent'),
      party('joined', 'p2', 'Anna', 'Agent'),
    ];
    expect(ownPartyIn(gone, names)).toBeUndefined();
    // The agent alone, gone: no party of hers is in the chat any more.
    expect(ownPartyIn(gone.slice(0, 3), names)).toBeUndefined();
  });
});
