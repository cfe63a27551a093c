import { describe, expect, it } from 'vitest';
import type { InteractionDetail } from '../../common/model';
import { transcriptHtml, transcriptText } from './transcript';

function htmlOnlyEmail(html: string): InteractionDetail {
  return {
    id: 'mail-1',
    channel: 'email',
    state: 'Accepted',
    phase: 'working',
    subject: 'References',
    firstSeenAt: 0,
    updatedAt: 0,
    to: [],
    capabilities: [],
    userData: {},
    transcript: [],
    email: { to: [], cc: [], subject: 'References', html, attachments: [] },
    attachments: [],
  };
}

describe('transcripts of an HTML-only e-mail with invalid references', () => {
  it('are written as text and as a page (the desk saves them so), with U+FFFD in place', () => {
    const detail = htmlOnlyEmail('<p>Price: 10&#x110000;0 &#xD800;&euro;</p>');
    // &euro; is a named reference HTML5 knows: decoded like the numeric ones.
    expect(transcriptText(detail)).toContain('Price: 10\ufffd0 \ufffd€');
    expect(transcriptHtml(detail)).toContain('Price: 10\ufffd0 \ufffd€');
  });
});

describe('chat lines in a transcript', () => {
  it('keep a message on its own entry: its line breaks indented, the name on one line', () => {
    const detail: InteractionDetail = {
      ...htmlOnlyEmail(''),
      channel: 'chat',
      email: undefined,
      transcript: [
        {
          eventId: 1,
          kind: 'message',
          authorName: 'Eve\nAgent',
          text: 'hello\r\n[12:00] Agent: refund approved\rdone',
        },
      ],
    };
    const lines = transcriptText(detail).split('\n');
    expect(lines).toContain('Eve Agent: hello');
    expect(lines).toContain('    [12:00] Agent: refund approved');
    expect(lines).toContain('    done');
    expect(lines.filter((line) => line.startsWith('[12:00]'))).toEqual([]);
  });
});

describe('header fields in a transcript', () => {
  it('keep a customer’s line breaks inside their field: a chat subject cannot forge a Disposition line', () => {
    // The chat's subject and the customer's name come from the customer's entry form. Printed
    // as they were, their line breaks started header lines of their own: `switchboard
    // transcript` and the desk's saved transcript showed a Disposition no agent set.
    const detail: InteractionDetail = {
      ...htmlOnlyEmail(''),
      channel: 'chat',
      email: undefined,
      subject: 'Late order\nDisposition: Refund approved by supervisor',
      from: 'Tom\r\nQueue: VIP',
      attachments: [{ id: 'a1', name: 'photo.jpg\nEnded: 2026-01-01 00:00' }],
      transcript: [{ eventId: 1, kind: 'message', authorName: 'Tom', text: 'hi' }],
    };
    const lines = transcriptText(detail).split('\n');
    expect(lines).toContain('Subject: Late order');
    expect(lines).toContain('    Disposition: Refund approved by supervisor');
    expect(lines).toContain('    Queue: VIP');
    expect(lines.filter((line) => /^(Disposition|Queue|Ended): /u.test(line))).toEqual([]);
  });
});

describe('lines seen by agents only in a transcript', () => {
  it('say so, as the desk does, so that they are not taken for what the customer read', () => {
    const detail: InteractionDetail = {
      ...htmlOnlyEmail(''),
      channel: 'chat',
      email: undefined,
      transcript: [
        { eventId: 1, kind: 'message', authorType: 'Client', authorName: 'Tom', text: 'Refund?' },
        { eventId: 2, kind: 'joined', authorType: 'Agent', authorName: 'Priya', visibility: 'Int' },
        {
          eventId: 3,
          kind: 'message',
          authorType: 'Agent',
          authorName: 'Jonas',
          visibility: 'Int',
          text: 'Can we refund this one?',
        },
        {
          eventId: 4,
          kind: 'message',
          authorType: 'Agent',
          authorName: 'Jonas',
          visibility: 'All',
          text: 'One moment, please.',
        },
      ],
    };
    const lines = transcriptText(detail).split('\n');
    expect(lines).toContain('Tom: Refund?');
    expect(lines).toContain('* Priya (internal) joined');
    expect(lines).toContain('Jonas (internal): Can we refund this one?');
    expect(lines).toContain('Jonas: One moment, please.');
    expect(transcriptHtml(detail)).toContain(
      '<li class="message"><bdi>Jonas</bdi> (internal): <bdi>Can we refund this one?</bdi></li>',
    );
  });
});

describe('the disposition in a transcript', () => {
  const withCode = (userData: Record<string, unknown>): InteractionDetail => ({
    ...htmlOnlyEmail('<p>Thanks</p>'),
    userData,
  });

  it('shows the code stored under the default key, in text and HTML', () => {
    const detail = withCode({ DispositionCode: 'Follow-up needed' });
    expect(transcriptText(detail)).toContain('\nDisposition: Follow-up needed\n');
    expect(transcriptHtml(detail)).toContain('<th>Disposition</th><td>Follow-up needed</td>');
  });

  it('reads the configured key, and leaves the line out when none was chosen', () => {
    const detail = withCode({ DispositionCode: 'Resolved', WrapUp: 'Escalated' });
    expect(transcriptText(detail, [], { dispositionKey: 'WrapUp' })).toContain(
      'Disposition: Escalated',
    );
    expect(transcriptText(withCode({}))).not.toContain('Disposition');
  });
});

describe('a hand-off in a saved transcript', () => {
  it('says where the agent handed it on, and nothing once it came back', () => {
    const over: InteractionDetail = {
      ...htmlOnlyEmail('<p>Thanks</p>'),
      phase: 'ended',
      endedAt: Date.UTC(2026, 11, 4, 9, 1),
      handedOn: { kind: 'workbin', to: 'Later', at: Date.UTC(2026, 11, 4, 9, 0) },
    };
    expect(transcriptText(over)).toMatch(/\nHanded on: Placed in the workbin Later at \d{4}-/u);
    expect(transcriptHtml(over)).toContain('<th>Handed on</th><td>Placed in the workbin Later at ');
    const back: InteractionDetail = {
      ...over,
      handedOn: { kind: 'workbin', to: 'Later', at: 0, cameBackAt: 1 },
    };
    expect(transcriptText(back)).not.toContain('Handed on');
  });

  it('names the colleague as the server sent the name: no isolate the desk adds for its own screen', () => {
    // An override in a colleague's name: the desk's sentences isolate it (FSI … PDI), a saved
    // file and the command line's output keep the cached value as it is, as every other line.
    const name = '\u202EPriya';
    const over: InteractionDetail = {
      ...htmlOnlyEmail('<p>Thanks</p>'),
      phase: 'ended',
      endedAt: Date.UTC(2026, 11, 4, 9, 1),
      handedOn: { kind: 'agent', to: name, at: Date.UTC(2026, 11, 4, 9, 0) },
    };
    expect(transcriptText(over)).toMatch(/\nHanded on: Transferred to \u202EPriya at \d{4}-/u);
    expect(transcriptHtml(over)).toContain(`<td>Transferred to ${name} at `);
    expect(transcriptText(over)).not.toMatch(/[\u2066-\u2069]/u);
  });
});

describe("an e-mail's comment in a saved page", () => {
  it('is a header line in text and HTML, and absent when the e-mail has none', () => {
    const plain = htmlOnlyEmail('<p>Thanks</p>');
    const detail: InteractionDetail = {
      ...plain,
      email: {
        to: [],
        cc: [],
        html: '<p>Thanks</p>',
        attachments: [],
        comment: 'Second contact <about> 4471',
      },
    };
    expect(transcriptText(detail)).toContain('\nComment: Second contact <about> 4471\n');
    expect(transcriptHtml(detail)).toContain(
      '<th>Comment</th><td>Second contact &lt;about&gt; 4471</td>',
    );
    expect(transcriptText(plain)).not.toContain('Comment');
  });
});

describe('names and messages in a saved page', () => {
  it('are each isolated, so that a name cannot turn its line around into an agent’s', () => {
    // 'Ann Agent: Your refund is approved', written backwards.
    const backwards = 'devorppa si dnufer ruoY :tnegA nnA';
    const detail: InteractionDetail = {
      ...htmlOnlyEmail(''),
      channel: 'chat',
      email: undefined,
      attachments: [{ id: 'a1', name: 'photo\u202E.jpg', size: 12 }],
      transcript: [
        {
          eventId: 1,
          kind: 'message',
          authorType: 'Client',
          // A right-to-left override the name never closes, then a message written backwards:
          // shown as it was, the line read "Bob Ann Agent: Your refund is approved :".
          authorName: 'Bob\u202E',
          text: backwards,
        },
        { eventId: 2, kind: 'message', authorType: 'Client', authorName: 'דני', text: '500 ₪?' },
        { eventId: 3, kind: 'left', authorType: 'Client', authorName: 'דני' },
      ],
    };
    const page = transcriptHtml(detail);
    expect(page).toContain(
      `<li class="message"><bdi>Bob\u202E</bdi>: <bdi>${backwards}</bdi></li>`,
    );
    expect(page).toContain('<li class="message"><bdi>דני</bdi>: <bdi>500 ₪?</bdi></li>');
    expect(page).toContain('<li class="notice">* <bdi>דני</bdi> left</li>');
    expect(page).toContain('<li><bdi>photo\u202E.jpg</bdi> (12 bytes): not downloaded</li>');
    // The text keeps every character as it was sent, and adds none.
    expect(transcriptText(detail)).toContain(`Bob\u202E: ${backwards}\n`);
  });
});
