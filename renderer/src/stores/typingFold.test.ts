import { describe, expect, it } from 'vitest';
import { ChangeSetSchema, type ChangeSet, type ChatEvent } from '../../../common/model';
import { emptyChangeSet } from './fold';
import {
  expireTyping,
  foldTyping,
  nextExpiry,
  TYPING_TIMEOUT_MS,
  typingSentence,
  type TypingState,
} from './typingFold';
import { setLocale } from '../i18n';
import { sampleHead, sampleLine } from '../testing/samples';

function changes(partial: Partial<ChangeSet>): ChangeSet {
  // Through the schema, so the tests build only change sets main could send.
  return ChangeSetSchema.parse({ ...emptyChangeSet(), ...partial });
}

function notice(
  eventId: number,
  noticeType: 'TypingStarted' | 'TypingStopped',
  who: Partial<ChatEvent> = { authorType: 'Client', authorName: 'Tom', authorId: 'c1' },
): ChatEvent {
  return { eventId, kind: 'notice', noticeType, ...who };
}

const customerLine = (eventId: number): ChatEvent => ({ ...sampleLine(eventId), authorId: 'c1' });
const NOBODY: TypingState = new Map();

describe('foldTyping', () => {
  it('a TypingStarted shows the customer typing until the TypingStopped', () => {
    const started = foldTyping(
      NOBODY,
      changes({ typing: [{ interactionId: 'a', notices: [notice(2, 'TypingStarted')] }] }),
      1000,
    );
    expect(started.get('a')).toEqual([{ key: 'c1', name: 'Tom', since: 1000 }]);
    const stopped = foldTyping(
      started,
      changes({ typing: [{ interactionId: 'a', notices: [notice(3, 'TypingStopped')] }] }),
      2000,
    );
    expect(stopped.has('a')).toBe(false);
  });

  it('a line from the same party ends its typing, even without a TypingStopped', () => {
    const started = foldTyping(
      NOBODY,
      changes({ typing: [{ interactionId: 'a', notices: [notice(2, 'TypingStarted')] }] }),
      0,
    );
    const said = foldTyping(
      started,
      changes({ transcripts: [{ interactionId: 'a', lines: [customerLine(3)] }] }),
      1,
    );
    expect(said.has('a')).toBe(false);
  });

  it('follows event order within one commit: a notice after the line still counts', () => {
    const batch = changes({
      transcripts: [{ interactionId: 'a', lines: [customerLine(2)] }],
      typing: [
        { interactionId: 'a', notices: [notice(1, 'TypingStarted'), notice(3, 'TypingStarted')] },
      ],
    });
    expect(foldTyping(NOBODY, batch, 5).get('a')).toHaveLength(1);
    const older = changes({
      transcripts: [{ interactionId: 'a', lines: [customerLine(4)] }],
      typing: [{ interactionId: 'a', notices: [notice(3, 'TypingStarted')] }],
    });
    expect(foldTyping(NOBODY, older, 5).has('a')).toBe(false);
  });

  it('leaves the agents’ own typing out, and another party’s line leaves the customer typing', () => {
    const agent = { authorType: 'Agent', authorName: 'Ann', authorId: 'a1' };
    const state = foldTyping(
      NOBODY,
      changes({
        typing: [
          {
            interactionId: 'a',
            notices: [notice(2, 'TypingStarted'), notice(3, 'TypingStarted', agent)],
          },
        ],
        transcripts: [
          { interactionId: 'a', lines: [{ eventId: 4, kind: 'message', ...agent, text: 'Hi' }] },
        ],
      }),
      0,
    );
    expect(state.get('a')?.map((typist) => typist.name)).toEqual(['Tom']);
  });

  it('an ended interaction has nobody typing; an unrelated commit keeps the same state object', () => {
    const state = foldTyping(
      NOBODY,
      changes({ typing: [{ interactionId: 'a', notices: [notice(2, 'TypingStarted')] }] }),
      0,
    );
    const unrelated = changes({ interactions: [sampleHead('b', 'Accepted', 5)] });
    expect(foldTyping(state, unrelated, 1)).toBe(state);
    const ended = changes({ interactions: [sampleHead('a', 'Completed', 6)] });
    expect(foldTyping(state, ended, 2).has('a')).toBe(false);
  });
});

describe('expireTyping', () => {
  it('drops a typist whose stop never came, after the time-out, and only then', () => {
    const state = foldTyping(
      NOBODY,
      changes({ typing: [{ interactionId: 'a', notices: [notice(2, 'TypingStarted')] }] }),
      1000,
    );
    expect(nextExpiry(state)).toBe(1000 + TYPING_TIMEOUT_MS);
    expect(expireTyping(state, 1000 + TYPING_TIMEOUT_MS - 1)).toBe(state);
    expect(expireTyping(state, 1000 + TYPING_TIMEOUT_MS).has('a')).toBe(false);
    expect(nextExpiry(NOBODY)).toBeUndefined();
  });
});

describe('typingSentence', () => {
  it('names who is typing', () => {
    expect(typingSentence(undefined)).toBeUndefined();
    expect(typingSentence([{ key: '1', name: 'Anna', since: 0 }])).toBe('Anna is typing…');
    expect(
      typingSentence([
        { key: '1', name: 'Anna', since: 0 },
        { key: '2', name: 'Bo', since: 0 },
        { key: '3', name: 'Cy', since: 0 },
      ]),
    ).toBe('Anna, Bo and Cy are typing…');
  });

  it("words it in the desk's language, a nameless customer included", () => {
    setLocale('de');
    try {
      expect(typingSentence([{ key: '1', since: 0 }])).toBe('Der Kunde schreibt…');
      expect(
        typingSentence([
          { key: '1', name: 'Anna', since: 0 },
          { key: '2', name: 'Bo', since: 0 },
        ]),
      ).toBe('Anna und Bo schreiben…');
      setLocale('es');
      expect(typingSentence([{ key: '1', name: 'Ana', since: 0 }])).toBe('Ana está escribiendo…');
    } finally {
      setLocale('en');
    }
  });
});
