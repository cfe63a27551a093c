import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DraftAttachmentSchema,
  GwsEventSchema,
  MAX_ATTACHMENT_NAME_LENGTH,
  type GwsEvent,
} from '../../common/model';
import type { Dialect } from '../../simulator/dialect';
import { startSimulator } from '../../simulator/server';
import { TestAgent, interactionOf, type ReceivedMessage } from '../../tests/support/gwsAgent';
import {
  NotificationNormalizer,
  normalizeChannels,
  normalizeInteraction,
  parseGwsDate,
  userDnd,
} from './normalizer';

type Json = Record<string, unknown>;

const INTERACTIONS = '/v2/me/interactions';

function fixture(name: string): unknown {
  const url = new URL(`../../tests/fixtures/gws/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A recording log and a normalizer that writes to it. */
function normalizerWithLog(): { normalizer: NotificationNormalizer; warnings: string[] } {
  const warnings: string[] = [];
  return {
    normalizer: new NotificationNormalizer({ warn: (message) => warnings.push(message) }),
    warnings,
  };
}

/**
 * The CometD messages of a sample (tests/fixtures/gws/README.md): a Bayeux array's elements
 * except `/meta/*`; a `{data}` body; an operation file's `cometd`/`cometdNotification`; or a
 * bare message (001's schematic samples, 003's workbin notification) on `channel`.
 */
function messagesOf(
  name: string,
  channel: string,
  key?: string,
): { channel: string; data: unknown }[] {
  const sample = fixture(name);
  if (Array.isArray(sample)) {
    return sample
      .filter(isJson)
      .filter(
        (message) => typeof message.channel === 'string' && !message.channel.startsWith('/meta/'),
      )
      .map((message) => ({ channel: message.channel as string, data: message.data }));
  }
  if (!isJson(sample)) throw new Error(`${name} is not JSON object`);
  if (key !== undefined) return [{ channel, data: sample[key] }];
  return [{ channel, data: 'data' in sample ? sample.data : sample }];
}

const INVITE_A = ['Accept', 'Reject'];
const ATTACHMENTS_001 = [
  { id: '00009a8T8Y13002S', name: 'invoice.pdf', size: 48213, mimeType: 'application/pdf' },
  { id: '00009a8T8Y13002T', name: 'screenshot.png', size: 10240, mimeType: 'image/png' },
];
const HTML_001 =
  '<html><body><p>This is email body.</p><p>Testing, hopefully this will work</p></body></html>';
const BODY = 'This is email body.\r\nTesting, hopefully this will work';
const REPLY_TEXT =
  'On Fri, 28 Jun 2013 13:30:34 -0700, Customer1@ci-vm106 wrote:\r\n> This is email body.\r\n> Testing, hopefully this will work';

/** 001's e-mail Accepted and its copies (003 lines 2012–2056, 002/003 Accept `cometd`). */
const accepted001 = [
  {
    type: 'interactionUpdated',
    interaction: {
      id: '0000Ja8V814907JM',
      channel: 'email',
      state: 'Accepted',
      type: 'Email',
      subType: 'InboundNew',
      subject: 'test_reply',
      queue: 'SimpleEmailInQueue',
      from: 'Customer1@ci-vm106',
      to: ['support@ci-vm106'],
      contactId: '0000Ha8S2A7X000N',
      startedAt: Date.parse('2013-06-28T20:30:34Z'),
      userData: { Mailbox: 'support', _AutoReplyCount: 0 },
    },
  },
  {
    type: 'emailContentReceived',
    interactionId: '0000Ja8V814907JM',
    email: {
      from: 'Customer1@ci-vm106',
      to: ['support@ci-vm106'],
      cc: ['cc1@ci-vm106'],
      subject: 'test_reply',
      text: BODY,
      html: HTML_001,
      attachments: ATTACHMENTS_001,
    },
  },
];

/** 001's ReplyCreated and its copies; `cc` as the sample gives it (Reply: none, ReplyAll: cc1). */
function replyCreated(cc: string[]): Json[] {
  return [
    {
      type: 'interactionUpdated',
      interaction: {
        id: '0000Ja8V814907JR',
        channel: 'email',
        state: 'ReplyCreated',
        subType: 'OutboundReply',
        subject: 'Re: test_reply',
        from: 'support@ci-vm106',
        to: ['Customer1@ci-vm106'],
        capabilities: ['Cancel', 'Send', 'PlaceInWorkbin', 'UpdateProperties', 'LinkAttachment'],
      },
    },
    {
      type: 'emailContentReceived',
      interactionId: '0000Ja8V814907JR',
      email: { subject: 'Re: test_reply', text: REPLY_TEXT, cc, attachments: [] },
    },
  ];
}

const invited001 = [
  {
    type: 'interactionInvited',
    interaction: {
      id: '0000Ja8V814907JM',
      channel: 'email',
      state: 'Invited',
      subject: 'test_reply',
      from: 'Customer1@ci-vm106',
      capabilities: INVITE_A,
    },
  },
];

const revoked001 = [
  {
    type: 'interactionRevoked',
    interactionId: '0000Ja8V814907JM',
    interaction: { state: 'Revoked', channel: 'email', subject: 'test_reply', capabilities: [] },
  },
];

/** 003's e-mail samples (lines 2317–2586), dialect A with lower-case `email_object`. */
const email003 = {
  id: '0000Ja8V814907JM',
  channel: 'email',
  type: 'Inbound',
  subType: 'InboundNew',
  subject: 'test_reply',
  queue: 'SimpleEmailInQueue',
  from: 'Customer1@ci-vm106',
  to: ['support@ci-vm106'],
  contactId: '0000Ha8S2A7X000N',
};

/** 003's chat samples (lines 2588–2733). */
const chat003 = {
  id: '0000Ja8V814907KS',
  channel: 'chat',
  type: 'Inbound',
  subType: 'InboundNew',
  subject: 'Customersupport',
  queue: 'SimpleChatInQueue',
  userData: { ChatServerAppName: 'es_chat' },
};

/** 000's chat (lines 426–657), dialect B: `data.interaction` with `content.events`. */
const chat000 = {
  id: '00002a94345BOMXX',
  channel: 'chat',
  type: 'Inbound',
  subType: 'InboundNew',
  subject: 'Customersupport',
  threadId: '00002a94345BOMXY',
  startedAt: 1382984933000,
  from: 'test agent notificationL',
};
const client000 = {
  authorId: '0091526EACE5E036',
  authorType: 'Client',
  authorName: 'test agent notificationL',
};
const agent000 = { authorId: '0091526EACF0E038', authorType: 'Agent', authorName: 'TestName' };

interface Row {
  readonly file: string;
  readonly channel?: string;
  /** An operation file's key that holds the CometD message. */
  readonly key?: string;
  readonly expected: readonly unknown[];
}

/** Every notification sample of tests/fixtures/gws/ and the events it must give. */
const TABLE: readonly Row[] = [
  // ---- 000: the nested dialect B, and its flat Revoked / chat Invited / chat Revoked -------
  {
    file: '000-email-invite.json',
    expected: [
      {
        type: 'interactionInvited',
        interaction: {
          id: '0000Ka8WP8G94H9A',
          channel: 'email',
          state: 'Invited',
          type: 'Inbound',
          subType: 'InboundNew',
          subject: 'Rendering response category',
          queue: 'SimpleEmailInQueue',
          capabilities: INVITE_A,
          from: 'Customer1@ci-vm106',
          to: ['support@ci-vm106'],
          contactId: '0000Ha8S2A7X000N',
          userData: { FirstName: 'qwerty', 'PegAG?:2>1': 1, RRequestedSkills: null },
        },
      },
    ],
  },
  {
    file: '000-email-revoked.json',
    expected: [
      {
        type: 'interactionRevoked',
        interactionId: '0000Ja8V814907JM',
        interaction: { ...email003, state: 'Revoked', capabilities: [] },
      },
    ],
  },
  {
    file: '000-email-accepted.json',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: {
          id: '0000Ka8WP8G94H9A',
          channel: 'email',
          state: 'Accepted',
          subject: 'Rendering response category',
          startedAt: 1382994529967,
          threadId: '0000Ka8WP8G94H99',
          capabilities: expect.arrayContaining([
            'SingleStepTransfer',
            'Reply',
            'ReplyAll',
          ]) as unknown,
        },
      },
      {
        type: 'emailContentReceived',
        interactionId: '0000Ka8WP8G94H9A',
        email: {
          from: 'Customer1@ci-vm106',
          to: ['support@ci-vm106'],
          cc: [],
          subject: 'Rendering response category',
          text: BODY,
          attachments: [],
        },
      },
    ],
  },
  {
    file: '000-chat-invited.json',
    // No chat events: an invitation carries none (see the normalizer's class comment).
    expected: [
      {
        type: 'interactionInvited',
        interaction: { ...chat003, state: 'Invited', capabilities: INVITE_A },
      },
    ],
  },
  {
    file: '000-chat-revoked.json',
    expected: [
      {
        type: 'interactionRevoked',
        interactionId: '0000Ja8V814907KS',
        interaction: { ...chat003, state: 'Revoked', capabilities: [] },
      },
    ],
  },
  {
    file: '000-chat-accepted.json',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: { ...chat000, state: 'Accepted', queue: 'SimpleChatInQueue' },
      },
      {
        type: 'chatEventsReceived',
        interactionId: '00002a94345BOMXX',
        events: [
          { eventId: 1, kind: 'joined', ...client000, visibility: 'All' },
          { eventId: 2, kind: 'joined', ...agent000 },
          { eventId: 3, kind: 'notice', ...agent000, noticeType: 'TypingStarted' },
        ],
      },
    ],
  },
  {
    file: '000-chat-properties-changed.json',
    expected: [
      // 000 lists no capabilities here: the snapshot says nothing of them (not that there are
      // none), and the desk keeps those it knows.
      {
        type: 'interactionUpdated',
        interaction: { ...chat000, state: 'PropertiesChanged' },
      },
      {
        type: 'chatEventsReceived',
        interactionId: '00002a94345BOMXX',
        // In the order the sample lists them (4, 3, 1, 2, 5); the notices name only their author's
        // id, and the PARTY_JOINED further down names that agent.
        events: [
          { eventId: 4, kind: 'notice', ...agent000, noticeType: 'TypingStopped' },
          { eventId: 3, kind: 'notice', ...agent000, noticeType: 'TypingStarted' },
          { eventId: 1, kind: 'joined', ...client000 },
          { eventId: 2, kind: 'joined', ...agent000 },
          { eventId: 5, kind: 'left', ...agent000 },
        ],
      },
    ],
  },
  // ---- 001: the e-mail channel's schematic dialect A (`messageTypeName`, capitalised keys) -------
  { file: '001-email-new.json', channel: INTERACTIONS, expected: invited001 },
  { file: '001-email-revoked.json', channel: INTERACTIONS, expected: revoked001 },
  { file: '001-email-accepted.json', channel: INTERACTIONS, expected: accepted001 },
  { file: '001-email-reply-created.json', channel: INTERACTIONS, expected: replyCreated([]) },
  { file: '003-email-channel-new.json', channel: INTERACTIONS, expected: invited001 },
  { file: '003-email-channel-revoked.json', channel: INTERACTIONS, expected: revoked001 },
  { file: '003-email-channel-accepted.json', channel: INTERACTIONS, expected: accepted001 },
  {
    file: '003-email-channel-reply-created.json',
    channel: INTERACTIONS,
    expected: replyCreated([]),
  },
  // ---- the CometD samples of 002/003's operation pages ----------------------------------------
  { file: '002-email-accept.json', channel: INTERACTIONS, key: 'cometd', expected: accepted001 },
  { file: '003-email-accept.json', channel: INTERACTIONS, key: 'cometd', expected: accepted001 },
  {
    file: '002-email-reply.json',
    channel: INTERACTIONS,
    key: 'cometd',
    expected: replyCreated([]),
  },
  {
    file: '003-email-reply.json',
    channel: INTERACTIONS,
    key: 'cometd',
    expected: replyCreated([]),
  },
  {
    file: '002-email-reply-all.json',
    channel: INTERACTIONS,
    key: 'cometd',
    expected: replyCreated(['cc1@ci-vm106']),
  },
  {
    file: '003-email-reply-all.json',
    channel: INTERACTIONS,
    key: 'cometd',
    expected: replyCreated(['cc1@ci-vm106']),
  },
  {
    // 003 StartConference: `{messageTypeName, id, state}` only, so the channel is unknown.
    file: '003-interaction-start-conference.json',
    channel: INTERACTIONS,
    key: 'cometd',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: {
          id: '0000Ja8V814907KS',
          channel: 'unknown',
          state: 'InvitedConference',
          userData: {},
        },
      },
    ],
  },
  {
    file: '003-interaction-start-conference.json',
    channel: INTERACTIONS,
    key: 'cometdNotification',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: { id: '0000Ja8V814907KS', channel: 'unknown', state: 'LeftConference' },
      },
    ],
  },
  // ---- 003: the reference's dialect A samples ----------------------------------------------------
  {
    file: '003-email-invite.json',
    expected: [
      {
        type: 'interactionInvited',
        interaction: { ...email003, state: 'Invited', capabilities: INVITE_A },
      },
    ],
  },
  {
    file: '003-email-revoked.json',
    expected: [
      {
        type: 'interactionRevoked',
        interactionId: '0000Ja8V814907JM',
        interaction: { ...email003, state: 'Revoked', capabilities: [] },
      },
    ],
  },
  {
    file: '003-email-accepted.json',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: {
          ...email003,
          state: 'Accepted',
          capabilities: expect.arrayContaining(['ReplyAll']) as unknown,
        },
      },
      {
        type: 'emailContentReceived',
        interactionId: '0000Ja8V814907JM',
        email: {
          from: 'Customer1@ci-vm106',
          to: ['support@ci-vm106'],
          cc: [],
          subject: 'test_reply',
          text: BODY,
          attachments: [],
        },
      },
    ],
  },
  {
    file: '003-chat-invited.json',
    expected: [
      {
        type: 'interactionInvited',
        interaction: { ...chat003, state: 'Invited', capabilities: INVITE_A },
      },
    ],
  },
  {
    file: '003-chat-revoked.json',
    expected: [
      {
        type: 'interactionRevoked',
        interactionId: '0000Ja8V814907KS',
        interaction: { ...chat003, state: 'Revoked', capabilities: [] },
      },
    ],
  },
  {
    file: '003-chat-accepted.json',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: { ...chat003, state: 'Accepted', from: 'CustomerName!L' },
      },
      {
        type: 'chatEventsReceived',
        interactionId: '0000Ja8V814907KS',
        // NEW_MESSAGE events have NickName/UserType null: the author comes from PARTY_JOINED 1.
        events: [
          {
            eventId: 1,
            kind: 'joined',
            authorId: '009B51CDF64818CA',
            authorName: 'CustomerName!L',
            authorType: 'Client',
          },
          {
            eventId: 2,
            kind: 'message',
            text: 'testmessage1fromclient',
            authorName: 'CustomerName!L',
            authorType: 'Client',
          },
          {
            eventId: 3,
            kind: 'message',
            text: 'testmessage2fromclient',
            authorName: 'CustomerName!L',
          },
          {
            eventId: 4,
            kind: 'message',
            text: 'testmessage3fromclient',
            authorName: 'CustomerName!L',
          },
          {
            eventId: 5,
            kind: 'joined',
            authorId: '009B51CDF65418CC',
            authorName: 'TestName',
            authorType: 'Agent',
          },
        ],
      },
    ],
  },
  {
    file: '003-chat-notifications.json',
    expected: [
      {
        type: 'interactionUpdated',
        interaction: {
          id: '0000Ja8V814907KU',
          channel: 'chat',
          state: 'Accepted',
          subject: 'Customersupport',
        },
      },
      {
        type: 'chatEventsReceived',
        interactionId: '0000Ja8V814907KU',
        events: [
          {
            eventId: 3,
            kind: 'message',
            text: 'testmessagefromclient',
            authorId: '009B51CDF65818CD',
            visibility: 'All',
          },
        ],
      },
    ],
  },
  {
    // No `dndState`: it says nothing of DND (the channel's stays as it was, mergeChannels).
    file: '003-channels-notification-ready.json',
    channel: '/v2/me/channels',
    expected: [
      {
        type: 'channelStateChanged',
        channels: [{ channel: 'chat', state: 'Ready', displayName: 'Ready' }],
      },
    ],
  },
  {
    // No `channel`: DND is agent-wide, so the entry applies to every channel ('*').
    file: '003-channels-notification-dnd-on.json',
    channel: '/v2/me/channels',
    expected: [
      {
        type: 'channelStateChanged',
        channels: [{ channel: '*', state: 'NotReady', displayName: 'Not Ready', dnd: true }],
      },
    ],
  },
  {
    file: '003-me-notification-password-change-successful.json',
    channel: '/v2/me',
    expected: [{ type: 'passwordChanged', ok: true }],
  },
  {
    file: '003-me-notification-password-change-error.json',
    channel: '/v2/me',
    expected: [
      {
        type: 'passwordChanged',
        ok: false,
        message: 'Did not enter old password correctly',
        errorCode: 2,
      },
    ],
  },
  {
    file: '003-workbins-notification.json',
    channel: '/v2/me/workbins',
    expected: [
      {
        type: 'workbinChanged',
        workbinId: 'TestWorkbin',
        change: 'PlacedIn',
        interactions: [
          {
            id: '0000Ba8Y08X9001E',
            channel: 'email',
            state: 'Queued',
            type: 'Inbound',
            // 003 spells it `interactionSubtType`.
            subType: 'InboundNew',
            queue: 'TestWorkbin/PrivateQueue',
            userData: { Sublist: { subkey: 'subkeyvalue' } },
          },
        ],
        // `actorInfo` names no agent (a media server's change); `reasonInfo` its description.
        actor: 'test',
        reason: 'abcd',
      },
    ],
  },
  // ---- 004: interaction history (UCS) -------------------------------------------------------------
  {
    file: '004-ucs-history-success.json',
    channel: '/v2/ucs/interactions',
    expected: [
      {
        type: 'historyReceived',
        referenceId: 1,
        entries: [
          {
            id: '00016aB14RQD003N',
            mediaType: 'Chat',
            subject: 'Customer support',
            state: 'InProcess',
            // "2015-10-01 16:02:07.000+0300"
            startedAt: Date.parse('2015-10-01T13:02:07Z'),
            endedAt: Date.parse('2015-10-01T13:02:10Z'),
            contactId: '00012aB0T770000M',
          },
          {
            id: '00016aB14RQD003K',
            ownerName: 'a2 a2',
            startedAt: Date.parse('2015-10-02T17:02:07Z'),
          },
          { id: '00012aB0T770000K', subject: 'qq', state: 'Stopped', ownerName: 'a1 a1' },
        ],
      },
    ],
  },
  {
    file: '004-ucs-history-failure.json',
    channel: '/v2/ucs/interactions',
    expected: [{ type: 'historyFailed', referenceId: 1, message: 'Request failed' }],
  },
  {
    file: '004-ucs-content-success.json',
    channel: '/v2/ucs/interactions',
    expected: [
      {
        type: 'historyContentReceived',
        referenceId: 2,
        entry: {
          id: '0000Sa99620J0EM5',
          mediaType: 'facebooksession',
          state: 'Stopped',
          subject: 'Customer support',
          startedAt: Date.parse('2013-11-25T19:02:22Z'),
          endedAt: Date.parse('2013-11-25T19:02:25Z'),
          contactId: '0000Sa99620J0EM7',
          ownerName: 'a2 a2',
        },
        events: [
          {
            eventId: 1,
            kind: 'joined',
            authorName: 'You',
            authorType: 'Customer',
            authorId: '00AF52939EBE5BC4',
            at: 1385406142000,
          },
          {
            eventId: 2,
            kind: 'joined',
            authorName: 'GWS1',
            authorType: 'Agent',
            at: 1385406142033,
          },
          {
            eventId: 3,
            kind: 'message',
            authorName: 'GWS1',
            text: 'Hello!',
            visibility: 'All',
            at: 1385406142036,
          },
          { eventId: 13, kind: 'left', authorName: 'GWS1', at: 1385406142054 },
          { eventId: 14, kind: 'left', authorName: 'You', at: 1385406142054 },
        ],
      },
    ],
  },
  {
    file: '004-ucs-content-failure.json',
    channel: '/v2/ucs/interactions',
    expected: [{ type: 'historyFailed', referenceId: 1, message: 'Request failed' }],
  },
];

describe('capabilities a message does not list', () => {
  it.each([
    ['000-chat-properties-changed.json', undefined],
    ['003-interaction-start-conference.json', 'cometd'],
    ['003-interaction-start-conference.json', 'cometdNotification'],
  ] as const)('%s %s: not said, so the snapshot has none (not an empty list)', (file, key) => {
    const { normalizer } = normalizerWithLog();
    const [event] = messagesOf(file, INTERACTIONS, key).flatMap((message) =>
      normalizer.normalize(message.channel, message.data),
    );
    if (event?.type !== 'interactionUpdated') throw new Error('no interactionUpdated');
    expect(Object.hasOwn(event.interaction, 'capabilities')).toBe(false);
  });

  it('an empty list says there are none', () => {
    const { normalizer } = normalizerWithLog();
    const [event] = normalizer.normalize(INTERACTIONS, {
      interaction: { id: 'c1', channel: 'chat', state: 'PropertiesChanged', capabilities: [] },
      messageType: 'InteractionStateMessage',
    });
    expect(event).toMatchObject({ type: 'interactionUpdated', interaction: { capabilities: [] } });
  });
});

describe('every documented notification sample', () => {
  it.each(
    TABLE.map((row) => [`${row.file}${row.key === undefined ? '' : ` ${row.key}`}`, row] as const),
  )('%s', (_name, row) => {
    const { normalizer, warnings } = normalizerWithLog();
    const events = messagesOf(row.file, row.channel ?? INTERACTIONS, row.key).flatMap((message) =>
      normalizer.normalize(message.channel, message.data),
    );
    expect(events).toMatchObject(row.expected);
    for (const event of events) expect(GwsEventSchema.safeParse(event).success).toBe(true);
    expect(warnings).toEqual([]);
    expect(normalizer.skippedCounts.size).toBe(0);
  });
});

describe('NotificationNormalizer', () => {
  it('names the author of a chat event listed before the PARTY_JOINED that names them, as 000 lists them', () => {
    // The first message a desk hears of a chat (after a restart): the agent's own typing notice
    // first, naming only its userId, as 000's chat notification lists its notices.
    const { normalizer } = normalizerWithLog();
    const events = normalizer.normalize(INTERACTIONS, {
      messageType: 'InteractionStateMessage',
      interaction: {
        id: 'chat-listed-newest-first',
        state: 'PropertiesChanged',
        channel: 'chat',
        type: 'Inbound',
        content: {
          events: [
            { messageType: 'NOTICE', userId: 'A1', noticeType: 'TypingStarted', id: 6 },
            {
              messageType: 'PARTY_JOINED',
              userId: 'C1',
              userType: 'Client',
              nickName: 'Maria',
              id: 1,
            },
            {
              messageType: 'PARTY_JOINED',
              userId: 'A1',
              userType: 'Agent',
              nickName: 'Ann',
              id: 2,
            },
          ],
        },
      },
    });
    const chat = events.find((event) => event.type === 'chatEventsReceived');
    expect(chat?.type === 'chatEventsReceived' ? chat.events[0] : undefined).toEqual({
      eventId: 6,
      kind: 'notice',
      authorId: 'A1',
      authorType: 'Agent',
      authorName: 'Ann',
      noticeType: 'TypingStarted',
    });
  });

  it('passes on what it does not read, and skips what it cannot understand once per kind', () => {
    const { normalizer, warnings } = normalizerWithLog();
    expect(normalizer.normalize('/v2/me/calls', { messageType: 'CallStateChangeMessage' })).toEqual(
      [
        {
          type: 'rawNotification',
          channel: '/v2/me/calls',
          data: { messageType: 'CallStateChangeMessage' },
        },
      ],
    );
    // `/v2/me` is a read channel: a notification type it does not know is skipped, not passed on.
    expect(normalizer.normalize('/v2/me', { notificationType: 'Other' })).toEqual([]);
    for (let i = 0; i < 3; i += 1) {
      expect(
        normalizer.normalize(INTERACTIONS, { messageType: 'InteractionStateMessage' }),
      ).toEqual([]);
    }
    expect(normalizer.normalize(INTERACTIONS, 'not an object')).toEqual([]);
    expect(normalizer.normalize('/v2/me/channels', { channels: 'none' })).toEqual([]);
    expect(
      normalizer.normalize('/v2/ucs/interactions', {
        messageType: 'GetInteractionsHistoryMessage',
      }),
    ).toEqual([]);
    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me Other': 1,
      '/v2/me/interactions InteractionStateMessage': 3,
      '/v2/me/interactions (not an object)': 1,
      '/v2/me/channels': 1,
      '/v2/ucs/interactions GetInteractionsHistoryMessage': 1,
    });
    expect(warnings).toHaveLength(5);
  });

  it('skips a message of an unknown type on every read channel, however readable its body', () => {
    const { normalizer, warnings } = normalizerWithLog();
    const chat = {
      id: 'u1',
      channel: 'chat',
      state: 'Accepted',
      chat_notifications: [{ EventId: 1, MessageType: 'NEW_MESSAGE', MessageText: 'hi' }],
    };
    const history = {
      referenceId: 7,
      interactions: [{ id: 'h1', mediaType: 'chat', state: 'Stopped' }],
    };
    const workbin = {
      workbinId: 'w1',
      interactions: [{ id: 'i1', channel: 'email', state: 'Queued' }],
    };
    const channels = { channels: [{ channel: 'chat', userState: { state: 'Ready' } }] };
    // Each body is read under its documented type (or none), so the skips below are the type's.
    expect(normalizer.normalize(INTERACTIONS, chat)).toHaveLength(2);
    expect(
      normalizer.normalize(INTERACTIONS, {
        ...chat,
        id: 'u0',
        messageType: 'InteractionStateMessage',
      }),
    ).toHaveLength(2);
    expect(
      normalizer.normalize(INTERACTIONS, {
        interaction: { ...chat, id: 'u2' },
        messageTypeName: 'InteractionStateMessage',
      }),
    ).toHaveLength(2);
    expect(normalizer.normalize('/v2/ucs/interactions', history)).toHaveLength(1);
    expect(
      normalizer.normalize('/v2/me/workbins', { ...workbin, messageType: 'WorkbinContent' }),
    ).toHaveLength(1);
    expect(normalizer.normalize('/v2/me/channels', channels)).toHaveLength(1);
    expect(normalizer.skippedCounts.size).toBe(0);

    const unknown: [string, unknown][] = [
      // What a server adds later must not become a made-up interaction state.
      [INTERACTIONS, { ...chat, messageType: 'InteractionDeletedMessage' }],
      [INTERACTIONS, { interaction: chat, messageType: 'InteractionDeletedMessage' }],
      [INTERACTIONS, { ...chat, messageTypeName: 'UserDataChanged' }],
      [INTERACTIONS, { ...chat, messageType: 42 }],
      [INTERACTIONS, { ...chat, messageType: '' }],
      ['/v2/me/channels', { ...channels, messageType: 'ChannelCapabilitiesChanged' }],
      ['/v2/me/workbins', { ...workbin, messageType: 'WorkbinStatistics' }],
      ['/v2/ucs/interactions', { ...history, messageType: 'GetContactsMessage' }],
      ['/v2/ucs/interactions', { ...history, messageType: 'Other', errorMessage: 'failed' }],
      ['/v2/me', { notificationType: 'SettingsChanged' }],
      ['/v2/me', { errorMessage: 'no type at all' }],
    ];
    for (const [channel, data] of unknown) expect(normalizer.normalize(channel, data)).toEqual([]);
    // Twice: the second time is counted without a second log line.
    expect(
      normalizer.normalize(INTERACTIONS, { ...chat, messageType: 'InteractionDeletedMessage' }),
    ).toEqual([]);

    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me/interactions InteractionDeletedMessage': 3,
      '/v2/me/interactions UserDataChanged': 1,
      '/v2/me/interactions (not a string)': 1,
      '/v2/me/interactions (empty)': 1,
      '/v2/me/channels ChannelCapabilitiesChanged': 1,
      '/v2/me/workbins WorkbinStatistics': 1,
      '/v2/ucs/interactions GetContactsMessage': 1,
      '/v2/ucs/interactions Other': 1,
      '/v2/me SettingsChanged': 1,
      '/v2/me': 1,
    });
    expect(warnings).toHaveLength(10);
    expect(warnings[0]).toBe(
      'GWS notification skipped (/v2/me/interactions InteractionDeletedMessage): unknown message type; further ones are only counted',
    );
  });

  it('skips an unknown chat event kind alone, and maps every documented kind', () => {
    const { normalizer, warnings } = normalizerWithLog();
    const events = normalizer.normalize(INTERACTIONS, {
      id: 'c1',
      channel: 'chat',
      state: 'Accepted',
      chat_notifications: [
        {
          EventId: 1,
          MessageType: 'PARTY JOINED',
          UserId: 'u1',
          UserType: 'Client',
          NickName: 'Ann',
        },
        { EventId: 2, MessageType: 'TYPING_SOMETHING', UserId: 'u1' },
        { EventId: 3, MessageType: 'Text', MessageText: 'hi', UserId: 'u1' },
        { EventId: 4, MessageType: 'ParticipantLeft', UserId: 'u1' },
        { EventId: 5, MessageType: 'TYPING_SOMETHING', UserId: 'u1' },
        { MessageType: 'NEW_MESSAGE', MessageText: 'no id' },
      ],
    });
    expect(events).toMatchObject([
      { type: 'interactionUpdated', interaction: { id: 'c1', from: 'Ann' } },
      {
        type: 'chatEventsReceived',
        events: [
          { eventId: 1, kind: 'joined', authorName: 'Ann' },
          { eventId: 3, kind: 'message', text: 'hi', authorName: 'Ann', authorType: 'Client' },
          { eventId: 4, kind: 'left' },
        ],
      },
    ]);
    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me/interactions chat event TYPING_SOMETHING': 2,
      '/v2/me/interactions chat event NEW_MESSAGE': 1,
    });
    expect(warnings).toHaveLength(2);
  });

  it("passes each of dialect B's repeated transcript events on once, and again after the end", () => {
    const { normalizer } = normalizerWithLog();
    const message = (state: string, ids: number[]) => ({
      interaction: {
        id: 'c2',
        channel: 'chat',
        state,
        content: { events: ids.map((id) => ({ id, messageType: 'MESSAGE', text: `line ${id}` })) },
      },
      messageType: 'InteractionStateMessage',
    });
    const chatIds = (events: GwsEvent[]) =>
      events.flatMap((event) =>
        event.type === 'chatEventsReceived' ? event.events.map((e) => e.eventId) : [],
      );
    // Passed on with the invitation (the customer's first line), then never repeated.
    expect(chatIds(normalizer.normalize(INTERACTIONS, message('Invited', [1])))).toEqual([1]);
    expect(chatIds(normalizer.normalize(INTERACTIONS, message('Accepted', [1, 2])))).toEqual([2]);
    expect(
      chatIds(normalizer.normalize(INTERACTIONS, message('PropertiesChanged', [1, 2, 3]))),
    ).toEqual([3]);
    expect(normalizer.normalize(INTERACTIONS, message('Completed', [1, 2, 3]))).toMatchObject([
      { type: 'interactionEnded', interactionId: 'c2' },
    ]);
    expect(chatIds(normalizer.normalize(INTERACTIONS, message('Pulled', [1, 2, 3])))).toEqual([
      1, 2, 3,
    ]);
  });

  it('reads the workbin content answer (a list of InteractionStateMessages) in both forms', () => {
    const { normalizer } = normalizerWithLog();
    expect(
      normalizer.normalize('/v2/me/workbins', {
        messageType: 'WorkbinContent',
        workbinId: 'd2I=',
        interactions: [
          {
            interaction: { id: 'i1', channel: 'email', state: 'Queued' },
            messageType: 'InteractionStateMessage',
          },
          { id: 'i2', channel: 'chat', state: 'Queued', messageType: 'InteractionStateMessage' },
        ],
      }),
    ).toMatchObject([
      {
        type: 'workbinChanged',
        workbinId: 'd2I=',
        change: 'Content',
        interactions: [{ id: 'i1' }, { id: 'i2' }],
      },
    ]);
  });

  it("reads a workbin change's actor (the agent first) and reason (its description first)", () => {
    const { normalizer } = normalizerWithLog();
    const placed = (extra: Record<string, unknown>) =>
      normalizer.normalize('/v2/me/workbins', {
        messageType: 'workbinNotificationResource',
        workbinContentOperation: 'PlacedIn',
        workbinInfo: { workbinTypeId: 'TestWorkbin' },
        interaction: { id: 'i1', channel: 'email', state: 'Queued' },
        ...extra,
      })[0];
    expect(
      placed({
        actorInfo: { agentId: 'agent2', actorMediaServerId: 'ms1', actorType: 'Agent' },
        reasonInfo: { reason: 1, reasonDescription: 'Waiting for customer', reasonName: 'Wait' },
      }),
    ).toMatchObject({ actor: 'agent2', reason: 'Waiting for customer' });
    expect(
      placed({
        actorInfo: { agentId: '' },
        reasonInfo: { reasonDescription: '', reasonName: 'Wait' },
      }),
    ).toMatchObject({ reason: 'Wait' });
    // Absent or unreadable: absent, never an empty word.
    for (const extra of [{}, { actorInfo: 'agent2', reasonInfo: null }]) {
      const event = placed(extra);
      expect(event).not.toHaveProperty('actor');
      expect(event).not.toHaveProperty('reason');
    }
  });
});

describe('normalizeInteraction and normalizeChannels', () => {
  it("reads GET /me/interactions?fields=* entries (003 line ~1384's sample)", () => {
    const answer = fixture('003-me-interactions-get-fields.json') as { interactions: unknown[] };
    expect(answer.interactions.map(normalizeInteraction)).toMatchObject([
      {
        ...email003,
        state: 'Accepted',
        capabilities: expect.arrayContaining(['Reply']) as unknown,
      },
    ]);
    expect(normalizeInteraction({ id: 'x' })).toBeUndefined();
    expect(normalizeInteraction(null)).toBeUndefined();
  });

  it('knows the chat event id up to which it passed every one on, whatever the order they came in', () => {
    const normalizer = new NotificationNormalizer({ warn: () => undefined });
    const line = (eventId: number) => ({
      EventId: eventId,
      MessageType: 'Message',
      MessageText: 'hi',
    });
    expect(normalizer.lastChatEventId('c1')).toBeUndefined();
    normalizer.normalize('/v2/me/interactions', {
      messageType: 'InteractionStateMessage',
      id: 'c1',
      channel: 'chat',
      state: 'Accepted',
      capabilities: [],
      chat_notifications: [line(1), line(3), line(2)],
    });
    expect(normalizer.lastChatEventId('c1')).toBe(3);
    expect(normalizer.lastChatEventId('c2')).toBeUndefined();
    // A line after a gap (5, and 4 never came): the history starts before the gap, not after it.
    normalizer.normalize('/v2/me/interactions', {
      messageType: 'InteractionStateMessage',
      id: 'c1',
      channel: 'chat',
      state: 'Accepted',
      capabilities: [],
      chat_notifications: [line(5)],
    });
    expect(normalizer.lastChatEventId('c1')).toBe(3);
  });

  it('reads the link to a parent under both names 003 gives it, `parentId` first', () => {
    const reply = { id: 'r1', channel: 'email', state: 'ReplyCreated', capabilities: [] };
    expect(normalizeInteraction({ ...reply, parentInteractionId: 'p1' })?.parentId).toBe('p1');
    expect(normalizeInteraction({ ...reply, parentId: 'p2' })?.parentId).toBe('p2');
    expect(
      normalizeInteraction({ ...reply, parentId: 'p2', parentInteractionId: 'p1' })?.parentId,
    ).toBe('p2');
    expect(normalizeInteraction(reply)).not.toHaveProperty('parentId');
  });

  it("reads GET /me?subresources=*'s channels, with `reasonCode`, and the agent-wide DND", () => {
    const answer = fixture('003-me-get-subresources.json') as { success: { channels: unknown[] } };
    expect(normalizeChannels(answer.success.channels, true)).toEqual([
      {
        channel: 'email',
        state: 'NotReady',
        reason: 'Lunch',
        displayName: 'Out to Lunch',
        dnd: true,
      },
      {
        channel: 'chat',
        state: 'NotReady',
        reason: 'Lunch',
        displayName: 'Out to Lunch',
        dnd: true,
      },
    ]);
    const channels = fixture('003-me-channels-get.json') as { success: { channels: unknown[] } };
    expect(normalizeChannels(channels.success.channels).map((channel) => channel.dnd)).toEqual([
      false,
      false,
    ]);
    expect(normalizeChannels({ channels: [] })).toEqual([]);
  });

  it('reads every date form of the documents, and omits what it cannot read', () => {
    expect(parseGwsDate(1382994529967)).toBe(1382994529967);
    expect(parseGwsDate('2015-10-01 16:02:07.000+0300')).toBe(Date.parse('2015-10-01T13:02:07Z'));
    expect(parseGwsDate('2013-06-28T20:30:34Z')).toBe(Date.parse('2013-06-28T20:30:34Z'));
    expect(parseGwsDate('Fri, 28 Jun 2013 13:30:34 -0700')).toBe(
      Date.parse('2013-06-28T20:30:34Z'),
    );
    expect(parseGwsDate('yesterday')).toBeUndefined();
    expect(parseGwsDate('2013-13-45 99:99:99')).toBeUndefined();
    expect(parseGwsDate(null)).toBeUndefined();
  });
});

// ---- numbers the cache keeps in INTEGER columns (issue 11, item 3) -----------------------------

/** 003's chat notification (dialect A) carrying ten lines, the fourth stamped `timestamp`. */
function tenLineChatNotification(timestamp: unknown): Json {
  const [message] = messagesOf('003-chat-notifications.json', INTERACTIONS);
  if (message === undefined || !isJson(message.data)) throw new Error('no chat notification');
  const lines = Array.from({ length: 10 }, (_, index) => ({
    EventId: index + 3,
    NoticeText: null,
    NoticeType: null,
    MessageText: `line ${index + 1}`,
    UserId: '009B51CDF65818CD',
    MessageType: 'NEW_MESSAGE',
    UserType: 'Client',
    Visibility: 'All',
    NickName: 'Customer1',
    TimeStamp: index === 3 ? timestamp : 1764000000000 + index,
  }));
  return { ...message.data, chat_notifications: lines };
}

/** 001's e-mail Accepted sample with the first attachment's `size` set to `size`. */
function emailWithFirstAttachmentSize(size: unknown): Json {
  const sample = fixture('001-email-accepted.json') as Json;
  const emailObject = sample.email_object as Json;
  const [first, ...others] = emailObject.attachments as Json[];
  return {
    ...sample,
    email_object: { ...emailObject, attachments: [{ ...first, size }, ...others] },
  };
}

function chatLinesOf(events: GwsEvent[]) {
  return events.flatMap((event) => (event.type === 'chatEventsReceived' ? event.events : []));
}

function emailOf(events: GwsEvent[]) {
  return events.find((event) => event.type === 'emailContentReceived')?.email;
}

describe("an e-mail's comment", () => {
  it("keeps 001's TheComment, the notes on the interaction", () => {
    const { normalizer } = normalizerWithLog();
    const email = emailOf(normalizer.normalize(INTERACTIONS, fixture('001-email-accepted.json')));
    expect(email?.comment).toBe('Customer asked for a reply by Monday');
  });

  it('passes an empty one on (the notes were cleared), and none when the key is absent', () => {
    const { normalizer } = normalizerWithLog();
    const sample = fixture('001-email-accepted.json') as Json;
    const emailObject = { ...(sample.email_object as Json) };
    const cleared = emailOf(
      normalizer.normalize(INTERACTIONS, {
        ...sample,
        email_object: { ...emailObject, TheComment: '' },
      }),
    );
    expect(cleared?.comment).toBe('');
    delete emailObject.TheComment;
    const absent = emailOf(
      normalizer.normalize(INTERACTIONS, { ...sample, email_object: emailObject }),
    );
    expect(absent).not.toHaveProperty('comment');
  });
});

describe("the structured text's MIME type", () => {
  const withStructured = (mimeType: string | undefined, text?: string): Json => {
    const sample = fixture('001-email-accepted.json') as Json;
    const emailObject = { ...(sample.email_object as Json) };
    delete emailObject.Text;
    delete emailObject.StructuredTextMimeType;
    return {
      ...sample,
      email_object: {
        ...emailObject,
        StructuredText: 'Totals: 3 < 5\r\nKind regards',
        ...(text === undefined ? {} : { Text: text }),
        ...(mimeType === undefined ? {} : { StructuredTextMimeType: mimeType }),
      },
    };
  };

  it('keeps structured text as HTML when it says text/html or says nothing (001)', () => {
    const { normalizer } = normalizerWithLog();
    const named = emailOf(normalizer.normalize(INTERACTIONS, withStructured('text/html', 'x')));
    expect(named?.html).toBe('Totals: 3 < 5\r\nKind regards');
    const unnamed = emailOf(normalizer.normalize(INTERACTIONS, withStructured(undefined, 'x')));
    expect(unnamed?.html).toBe('Totals: 3 < 5\r\nKind regards');
  });

  it('shows structured text of another type as text, never as HTML', () => {
    const { normalizer } = normalizerWithLog();
    const plain = emailOf(normalizer.normalize(INTERACTIONS, withStructured('text/plain')));
    expect(plain?.html).toBeUndefined();
    expect(plain?.text).toBe('Totals: 3 < 5\r\nKind regards');
    // The plain text part, when there is one, is the text.
    const both = emailOf(
      normalizer.normalize(INTERACTIONS, withStructured('text/enriched', 'Totals: 3 of 5')),
    );
    expect(both?.html).toBeUndefined();
    expect(both?.text).toBe('Totals: 3 of 5');
    // An empty plain part is no text: the structured one is.
    const empty = emailOf(normalizer.normalize(INTERACTIONS, withStructured('text/plain', '')));
    expect(empty?.text).toBe('Totals: 3 < 5\r\nKind regards');
  });
});

describe("the text's MIME type", () => {
  const withText = (mimeType: string, structured?: string): Json => {
    const sample = fixture('001-email-accepted.json') as Json;
    const emailObject = { ...(sample.email_object as Json) };
    delete emailObject.StructuredText;
    delete emailObject.StructuredTextMimeType;
    return {
      ...sample,
      email_object: {
        ...emailObject,
        Text: '<p>Totals: 3 &lt; 5</p><p>Kind regards</p>',
        MimeType: mimeType,
        ...(structured === undefined ? {} : { StructuredText: structured }),
      },
    };
  };

  it('takes a text that says text/html for the HTML part, never shown as its tags (001)', () => {
    const { normalizer } = normalizerWithLog();
    const htmlText = emailOf(
      normalizer.normalize(INTERACTIONS, withText('text/html; charset=UTF-8')),
    );
    expect({ text: htmlText?.text, html: htmlText?.html }).toEqual({
      text: undefined,
      html: '<p>Totals: 3 &lt; 5</p><p>Kind regards</p>',
    });
    // With an HTML part of its own, that one is the HTML.
    const both = emailOf(
      normalizer.normalize(INTERACTIONS, withText('text/html', '<b>Totals</b>')),
    );
    expect({ text: both?.text, html: both?.html }).toEqual({
      text: undefined,
      html: '<b>Totals</b>',
    });
    // text/plain is the text, as before.
    const plain = emailOf(normalizer.normalize(INTERACTIONS, withText('text/plain')));
    expect(plain?.text).toBe('<p>Totals: 3 &lt; 5</p><p>Kind regards</p>');
  });
});

describe('the subject', () => {
  const withSubject = (subject: string): Json => {
    const sample = fixture('001-email-accepted.json') as Json;
    // Both keys, equal, as the simulator sends them (001's and 003's).
    return {
      ...sample,
      email_object: { ...(sample.email_object as Json), Subject: subject, subject },
    };
  };

  it('is one line: a folded header unfolded, any other line break a space', () => {
    const { normalizer } = normalizerWithLog();
    const subjectOf = (subject: string) =>
      emailOf(normalizer.normalize(INTERACTIONS, withSubject(subject)))?.subject;
    expect({
      folded: subjectOf('Order 1182\r\n about the invoice'),
      tabbed: subjectOf('Order 1182\n\tabout the invoice'),
      broken: subjectOf('Order 1182\rBcc: mallory@evil.example'),
      separated: subjectOf('Order 1182\u2028about the invoice'),
    }).toEqual({
      folded: 'Order 1182 about the invoice',
      tabbed: 'Order 1182\tabout the invoice',
      broken: 'Order 1182 Bcc: mallory@evil.example',
      separated: 'Order 1182 about the invoice',
    });
  });
});

describe('a text sent format=flowed (RFC 3676)', () => {
  const flowed = (mimeType: string, text: string): Json => {
    const sample = fixture('001-email-accepted.json') as Json;
    return {
      ...sample,
      email_object: { ...(sample.email_object as Json), Text: text, MimeType: mimeType },
    };
  };
  const SENT =
    'Hello, the invoice I got on Monday names the wrong \r\n' +
    'street and house number.\r\n' +
    '\r\n' +
    '> On 1 Dec you wrote: we will send the \r\n' +
    '> invoice today.\r\n' +
    ' >not a quote, stuffed\r\n' +
    '-- \r\n' +
    'Jörg\r\n';

  it('reads its paragraphs as one line each, quotes and the signature kept', () => {
    const { normalizer } = normalizerWithLog();
    const textOf = (mimeType: string, text = SENT) =>
      emailOf(normalizer.normalize(INTERACTIONS, flowed(mimeType, text)))?.text;
    expect(textOf('text/plain; charset=UTF-8; format=flowed')).toBe(
      'Hello, the invoice I got on Monday names the wrong street and house number.\n' +
        '\n' +
        '> On 1 Dec you wrote: we will send the invoice today.\n' +
        '>not a quote, stuffed\n' +
        '-- \n' +
        'Jörg\n',
    );
    // delsp=yes: the space before the break was the sender's, not the words'.
    expect(textOf('text/plain; format="flowed"; delsp=yes', 'Donau \r\ndampf \r\nschiff')).toBe(
      'Donaudampfschiff',
    );
    // Not flowed: the lines as sent.
    expect(textOf('text/plain', SENT)).toBe(SENT);
  });
});

describe('numbers the cache keeps as integers', () => {
  it('rounds the reported chat timestamp 1764000000.25 and keeps all ten lines', () => {
    const { normalizer, warnings } = normalizerWithLog();
    const lines = chatLinesOf(
      normalizer.normalize(INTERACTIONS, tenLineChatNotification(1764000000.25)),
    );
    expect(lines.map((line) => line.eventId)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(lines.map((line) => line.text)).toEqual(
      Array.from({ length: 10 }, (_, index) => `line ${index + 1}`),
    );
    // Seconds, as a number that small must be (parseGwsDate), in whole milliseconds.
    expect(lines[3]?.at).toBe(1764000000250);
    expect(lines[4]?.at).toBe(1764000000004);
    // Rounding is no skip: nothing counted, nothing logged.
    expect(normalizer.skippedCounts.size).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('rounds the reported attachment size 1.5 and keeps the body and every attachment', () => {
    const { normalizer, warnings } = normalizerWithLog();
    const email = emailOf(normalizer.normalize(INTERACTIONS, emailWithFirstAttachmentSize(1.5)));
    expect(email?.text).toBe('This is email body.\r\nTesting, hopefully this will work');
    expect(email?.attachments).toEqual([
      { id: '00009a8T8Y13002S', name: 'invoice.pdf', size: 2, mimeType: 'application/pdf' },
      { id: '00009a8T8Y13002T', name: 'screenshot.png', size: 10240, mimeType: 'image/png' },
    ]);
    // A quoted size (003) may carry a fraction too.
    const quoted = emailOf(normalizer.normalize(INTERACTIONS, emailWithFirstAttachmentSize('7.4')));
    expect(quoted?.attachments[0]?.size).toBe(7);
    expect(normalizer.skippedCounts.size).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('names an attachment as the agent will read it: no override reverses it, nothing hides in it', () => {
    const { normalizer } = normalizerWithLog();
    const named = (names: unknown[]): Json => {
      const sample = fixture('001-email-accepted.json') as Json;
      const emailObject = sample.email_object as Json;
      const attachments = names.map((name, index) => ({ id: `doc-${index}`, name, size: 1 }));
      return { ...sample, email_object: { ...emailObject, attachments } };
    };
    const email = emailOf(
      normalizer.normalize(
        INTERACTIONS,
        named(['invoice\u202Efdp.exe', 'rep\u200Bort\u2066.pdf', '\u202E\u200F', 'plain.txt']),
      ),
    );
    expect(email?.attachments.map((attachment) => attachment.name)).toEqual([
      'invoicefdp.exe',
      'report.pdf',
      // Nothing visible left: named by its id, as a file with no name is.
      'doc-2',
      'plain.txt',
    ]);
  });

  it('keeps a file name and type no longer than a draft carries, the name with its extension', () => {
    const { normalizer } = normalizerWithLog();
    const sample = fixture('001-email-accepted.json') as Json;
    const emailObject = sample.email_object as Json;
    const longName = `Scan ${'7'.repeat(1_100)}.pdf`;
    // A name of 4-byte characters cut where a pair would be split: the pair goes whole.
    const emoji = '\u{1F4C4}'.repeat(600);
    const attachments = [
      { id: 'doc-0', name: longName, size: 1, mimetype: 'application/pdf' },
      { id: 'doc-1', name: emoji, size: 1, mimetype: `image/png; name="${'x'.repeat(300)}"` },
      { id: 'doc-2', name: 'a.txt', size: 1, mimetype: `text/${'x'.repeat(300)}` },
    ];
    const email = emailOf(
      normalizer.normalize(INTERACTIONS, {
        ...sample,
        email_object: { ...emailObject, attachments },
      }),
    );
    const [scan, icons, text] = email?.attachments ?? [];
    expect(scan?.name).toHaveLength(MAX_ATTACHMENT_NAME_LENGTH);
    expect(scan?.name).toBe(`${longName.slice(0, MAX_ATTACHMENT_NAME_LENGTH - 5)}….pdf`);
    expect(scan?.mimeType).toBe('application/pdf');
    expect(icons?.name.length).toBeLessThanOrEqual(MAX_ATTACHMENT_NAME_LENGTH);
    expect(icons?.name).toBe(`${'\u{1F4C4}'.repeat(511)}…`);
    expect(icons?.mimeType).toBe('image/png');
    expect(text?.name).toBe('a.txt');
    expect(text?.mimeType).toBeUndefined();
    // What a draft of them carries is what main takes.
    for (const file of email?.attachments ?? [])
      expect(DraftAttachmentSchema.safeParse(file).success).toBe(true);
  });

  it('skips a timestamp that cannot be stored alone, counted once per kind, and keeps the lines', () => {
    const { normalizer, warnings } = normalizerWithLog();
    // NaN and Infinity cannot come from JSON.parse (1e400 can: it parses as Infinity), but
    // objects built in code may carry them.
    const unstorable = [Number.NaN, Number.POSITIVE_INFINITY, 1e300, 2 ** 63, 'soon', true, {}];
    for (const [round, timestamp] of unstorable.entries()) {
      const notification = tenLineChatNotification(timestamp);
      notification.id = `chat-${round}`;
      const lines = chatLinesOf(normalizer.normalize(INTERACTIONS, notification));
      expect(lines).toHaveLength(10);
      expect(lines[3]).not.toHaveProperty('at');
      expect(lines[3]?.text).toBe('line 4');
      expect(lines[2]?.at).toBe(1764000000002);
    }
    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me/interactions InteractionStateMessage chat event timestamp': unstorable.length,
    });
    expect(warnings).toEqual([
      'GWS notification field skipped (/v2/me/interactions InteractionStateMessage chat event timestamp): not a date (epoch ms, ISO 8601 or RFC 2822, from 2000 to a day ahead of the desk’s clock); the rest of the notification is kept, further ones are only counted',
    ]);
    // 003 writes null for unused keys: an absent timestamp is no skip.
    const unstamped = tenLineChatNotification(null);
    unstamped.id = 'chat-null';
    expect(chatLinesOf(normalizer.normalize(INTERACTIONS, unstamped))).toHaveLength(10);
    expect(
      normalizer.skippedCounts.get(
        '/v2/me/interactions InteractionStateMessage chat event timestamp',
      ),
    ).toBe(unstorable.length);
  });

  it('skips a size that cannot be stored alone, counted, and keeps the body and every row', () => {
    const { normalizer } = normalizerWithLog();
    const unstorable = [-1, -0.5, Number.NaN, Number.NEGATIVE_INFINITY, 1e300, '-3', 'big', false];
    for (const size of unstorable) {
      const email = emailOf(normalizer.normalize(INTERACTIONS, emailWithFirstAttachmentSize(size)));
      expect(email?.text).toBe('This is email body.\r\nTesting, hopefully this will work');
      expect(email?.attachments).toEqual([
        { id: '00009a8T8Y13002S', name: 'invoice.pdf', mimeType: 'application/pdf' },
        { id: '00009a8T8Y13002T', name: 'screenshot.png', size: 10240, mimeType: 'image/png' },
      ]);
    }
    // 001 has no messageType, only messageTypeName: the kind is named after it.
    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me/interactions InteractionStateMessage attachment size': unstorable.length,
    });
  });

  it('passes on an e-mail’s body from a UCS content answer (its `text`), and none for a chat', () => {
    const { normalizer } = normalizerWithLog();
    const answer = (interaction: Record<string, unknown>) =>
      normalizer.normalize('/v2/ucs/interactions', {
        referenceId: 4,
        messageType: 'GetInteractionContentMessage',
        interaction,
      });
    expect(answer({ id: 'm1', mediaType: 'Email', text: 'Please resend the invoice' })).toEqual([
      {
        type: 'historyContentReceived',
        referenceId: 4,
        entry: { id: 'm1', mediaType: 'Email' },
        events: [],
        body: 'Please resend the invoice',
      },
    ]);
    expect(answer({ id: 'c1', mediaType: 'Chat' })).toEqual([
      {
        type: 'historyContentReceived',
        referenceId: 4,
        entry: { id: 'c1', mediaType: 'Chat' },
        events: [],
      },
    ]);
  });

  it('rounds or skips the dates of snapshots, history entries and UCS transcripts', () => {
    const { normalizer } = normalizerWithLog();
    const [accepted] = normalizer.normalize(INTERACTIONS, {
      ...emailWithFirstAttachmentSize(1),
      startDate: 1382994529967.5,
      endDate: Number.POSITIVE_INFINITY,
    });
    expect(accepted?.type === 'interactionUpdated' && accepted.interaction.startedAt).toBe(
      1382994529968,
    );
    expect(accepted?.type === 'interactionUpdated' && 'endedAt' in accepted.interaction).toBe(
      false,
    );
    const content = messagesOf('004-ucs-content-success.json', '/v2/ucs/interactions')[0]?.data;
    if (!isJson(content) || !Array.isArray(content.messages) || !isJson(content.interaction))
      throw new Error('no UCS content sample');
    // The first line's time has a fraction; neither spelling of the second's is a date (a
    // `timestampSeconds` alone that is not one falls back to `timestamp`, and is no skip).
    const odd: Json[] = [
      { timestampSeconds: 1385406142000.4 },
      { timestampSeconds: 'later', timestamp: 'later' },
      { timestampSeconds: 'later' },
    ];
    const messages = content.messages.map((message: unknown, index) =>
      isJson(message) ? { ...message, ...odd[index] } : message,
    );
    const [answer] = normalizer.normalize('/v2/ucs/interactions', {
      ...content,
      interaction: { ...content.interaction, startDate: 'someday' },
      messages,
    });
    if (answer?.type !== 'historyContentReceived') throw new Error('no history content');
    expect(answer.events).toHaveLength(messages.length);
    expect(answer.events[0]?.at).toBe(1385406142000);
    expect(answer.events[1]).not.toHaveProperty('at');
    expect(answer.events[2]?.at).toBe(1385406142036);
    expect(answer.entry).not.toHaveProperty('startedAt');
    expect(Object.fromEntries(normalizer.skippedCounts)).toEqual({
      '/v2/me/interactions InteractionStateMessage endDate': 1,
      '/v2/ucs/interactions GetInteractionContentMessage message timestamp': 1,
      '/v2/ucs/interactions GetInteractionContentMessage entry startDate': 1,
    });
  });

  it('skips a chat line whose id is not an integer alone: ids must be exact to deduplicate', () => {
    const { normalizer } = normalizerWithLog();
    const notification = tenLineChatNotification(1764000000003);
    const lines = notification.chat_notifications as Json[];
    lines[5] = { ...lines[5], EventId: 8.5 };
    expect(chatLinesOf(normalizer.normalize(INTERACTIONS, notification))).toHaveLength(9);
    expect([...normalizer.skippedCounts.values()]).toEqual([1]);
  });

  it('reads numeric dates as whole milliseconds', () => {
    expect(parseGwsDate(1764000000000.25)).toBe(1764000000000);
    expect(parseGwsDate('1764000000000.6')).toBe(1764000000001);
    expect(parseGwsDate(Number.MAX_SAFE_INTEGER + 2)).toBeUndefined();
    expect(parseGwsDate(1e300)).toBeUndefined();
    expect(parseGwsDate(Number.NaN)).toBeUndefined();
    expect(parseGwsDate(Number.NEGATIVE_INFINITY)).toBeUndefined();
  });

  it('reads no date before 2000 nor more than a day ahead of the clock: 0, -1, 10^15 are none', () => {
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    for (const none of [0, -0.2, -1, 5, '5', 946684799999, '1969-12-31T23:59:59Z', 1e15])
      expect(parseGwsDate(none)).toBeUndefined();
    expect(parseGwsDate(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(parseGwsDate(now + 2 * day)).toBeUndefined();
    // The first of 2000, and a server's clock some hours ahead, are times.
    expect(parseGwsDate(946684800000)).toBe(946684800000);
    expect(parseGwsDate('2000-01-01T00:00:00Z')).toBe(946684800000);
    expect(parseGwsDate(now + 3 * 60 * 60 * 1000)).toBe(now + 3 * 60 * 60 * 1000);
  });

  it('reads an epoch number too small to be milliseconds since GWS existed as seconds', () => {
    // 004 calls its milliseconds `timestampSeconds`: a server that sends seconds, as a number or
    // quoted, means 2025-11-24, not 21 January 1970.
    expect(parseGwsDate(1764000000)).toBe(1764000000000);
    expect(parseGwsDate('1764000000')).toBe(1764000000000);
    expect(parseGwsDate(1764000000.4)).toBe(1764000000400);
    // Milliseconds stay milliseconds (10^11 ms, 1973, is too early for a GWS time: none).
    expect(parseGwsDate(1382994529967)).toBe(1382994529967);
    expect(parseGwsDate(1e11)).toBeUndefined();
    // The same through a chat line, the wait for an answer counted from it.
    const { normalizer } = normalizerWithLog();
    const [line] = chatLinesOf(
      normalizer.normalize(INTERACTIONS, tenLineChatNotification(1764000000)),
    ).filter((event) => event.eventId === 6);
    expect(line?.at).toBe(1764000000000);
  });
});

// ---- both simulator dialects, one scenario --------------------------------------------------------

interface ScriptRun {
  readonly ids: { readonly email: string; readonly chat: string };
  readonly events: GwsEvent[];
}

/**
 * One agent's working session against the simulator in `dialect`: an e-mail with an attachment
 * arrives and is accepted; a chat arrives, is accepted, the customer and the agent write a line
 * each, and both are finished with StopProcessing. Returns every received message, normalized.
 */
async function runScript(dialect: Dialect): Promise<ScriptRun> {
  // One id prefix for both dialects' runs, so that the two hand out the same ids.
  const simulator = await startSimulator({
    port: 0,
    scenario: 'quiet',
    dialect,
    idPrefix: 'DIALECTS',
  });
  const agent = new TestAgent(simulator.apiUrl, 'agent1');
  try {
    await agent.signIn(['email', 'chat']);
    const waitFor = (description: string, predicate: (message: ReceivedMessage) => boolean) =>
      agent.waitFor(predicate, 3000, `${dialect}: ${description}`);
    const state = (id: string, wanted: string) =>
      waitFor(`${wanted} of ${id}`, (message) => {
        const interaction = interactionOf(message.data);
        return (
          message.channel === INTERACTIONS && interaction.id === id && interaction.state === wanted
        );
      });
    const line = (text: string) =>
      waitFor(text, (message) => JSON.stringify(message.data).includes(text));
    const operate = async (id: string, body: Json) => {
      const answer = await agent.post(`/me/interactions/${id}`, body);
      const operation = `${String(body.operationName)} ${id}`;
      expect({ operation, status: answer.status }).toEqual({ operation, status: 200 });
    };

    const email = simulator.control.receiveEmail({
      from: 'Customer1@ci-vm106',
      cc: ['cc1@ci-vm106'],
      subject: 'Invoice 17',
      text: 'Please see the invoice.',
      html: '<p>Please see the invoice.</p>',
      attachments: [
        { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') },
      ],
    });
    await state(email, 'Invited');
    await operate(email, { operationName: 'Accept' });
    await state(email, 'Accepted');

    const chat = simulator.control.startChat({
      customerNickName: 'Bob',
      subject: 'Order 42',
      firstMessage: 'Hello, where is my order?',
    });
    await state(chat, 'Invited');
    await operate(chat, { operationName: 'Accept', nickname: 'Alice' });
    await state(chat, 'Accepted');
    simulator.control.customerSays(chat, 'It was due on Monday.');
    await line('It was due on Monday.');
    await operate(chat, { operationName: 'SendMessage', text: 'Let me check that for you.' });
    await line('Let me check that for you.');
    await operate(chat, { operationName: 'StopProcessing' });
    await state(chat, 'Completed');
    await operate(email, { operationName: 'StopProcessing' });
    await state(email, 'Completed');

    const { normalizer, warnings } = normalizerWithLog();
    const events = agent.received.flatMap((message) =>
      normalizer.normalize(message.channel, message.data),
    );
    expect({ dialect, warnings }).toEqual({ dialect, warnings: [] });
    return { ids: { email, chat }, events };
  } finally {
    await agent.close();
    await simulator.close();
  }
}

/**
 * What may differ between the dialects by design, removed before comparing:
 * - `capabilities`: each dialect lists its own documents' capabilities (dialect A 001/003's
 *   `Transfer`, `PlaceInQueue`…, dialect B 000's `SingleStepTransfer`, `UpdateUserData`…);
 * - the chat-line notification's state: dialect A announces new chat events with `Accepted`
 *   (003 "Chat Notifications"), dialect B with `PropertiesChanged` (000); the normalizer passes
 *   the server's state on, so it is compared as the same working state;
 * - `threadId` and `contactId`: dialect A sends no `threadId` with an invitation (003's and
 *   001's invitation samples have none), and only its `email_object` carries `ContactID` (001);
 * - times (`startedAt`, `endedAt`, `at`): each run has its own clock.
 * Interaction, event and party ids stay: the simulator numbers them the same for the same seed.
 */
function comparable(events: GwsEvent[]): unknown {
  return JSON.parse(
    JSON.stringify(events, (key, value: unknown) => {
      // Dialect a's invitations omit inQueues/outQueues, as 003's invitation samples do.
      const differs = [
        'capabilities',
        'threadId',
        'contactId',
        'startedAt',
        'endedAt',
        'at',
        'queues',
      ];
      if (differs.includes(key)) {
        return undefined;
      }
      if (key === 'state' && value === 'PropertiesChanged') return 'Accepted';
      return value;
    }),
  ) as unknown;
}

describe('queue names', () => {
  it('are the names of inQueues and outQueues, each once, in the message order (003, 000)', () => {
    const [email003] = messagesOf('003-email-accepted.json', INTERACTIONS);
    expect(normalizeInteraction(email003?.data)?.queues).toEqual([
      '__STOP__',
      'SimpleEmailOutQueue',
    ]);
    const [chat000] = messagesOf('000-chat-accepted.json', INTERACTIONS);
    expect(normalizeInteraction(chat000?.data)?.queues).toEqual(['SimpleChatTranscriptQueue']);
    expect(
      normalizeInteraction({
        id: 'I1',
        state: 'Accepted',
        channel: 'email',
        inQueues: { Overflow: '' },
        outQueues: { Overflow: '', Done: '' },
      })?.queues,
    ).toEqual(['Overflow', 'Done']);
  });

  it('are absent when the message carries neither map', () => {
    const snapshot = normalizeInteraction({ id: 'I1', state: 'Invited', channel: 'email' });
    expect(snapshot).toBeDefined();
    expect(snapshot).not.toHaveProperty('queues');
  });
});

describe('the two simulator dialects', () => {
  it('give the same domain events for the same scenario', async () => {
    const a = await runScript('a');
    const b = await runScript('b');
    expect(b.ids).toEqual(a.ids);
    expect(comparable(b.events)).toEqual(comparable(a.events));

    // …and those events are the scenario's, in its order.
    const { email, chat } = a.ids;
    const summary = a.events
      .filter((event) => event.type !== 'channelStateChanged')
      .map((event) => {
        switch (event.type) {
          case 'interactionInvited':
          case 'interactionUpdated':
            return `${event.type} ${event.interaction.id} ${event.interaction.state} ${event.interaction.subject ?? ''}`;
          case 'emailContentReceived':
            return `email ${event.interactionId} ${event.email.text ?? ''} ${event.email.attachments.map((x) => x.name).join()}`;
          case 'chatEventsReceived':
            return `chat ${event.interactionId} ${event.events.map((x) => `${x.kind}:${x.authorName ?? ''}:${x.text ?? ''}`).join('|')}`;
          default:
            return event.type;
        }
      });
    expect(summary).toEqual([
      `interactionInvited ${email} Invited Invoice 17`,
      `interactionUpdated ${email} Accepted Invoice 17`,
      `email ${email} Please see the invoice. invoice.pdf`,
      `interactionInvited ${chat} Invited Order 42`,
      `chat ${chat} joined:Bob:|message:Bob:Hello, where is my order?`,
      `interactionUpdated ${chat} Accepted Order 42`,
      `chat ${chat} joined:Alice:`,
      `interactionUpdated ${chat} Accepted Order 42`,
      `chat ${chat} message:Bob:It was due on Monday.`,
      `interactionUpdated ${chat} Accepted Order 42`,
      `chat ${chat} message:Alice:Let me check that for you.`,
      `interactionUpdated ${chat} Accepted Order 42`,
      `chat ${chat} left:Alice:`,
      // StopProcessing ends the chat for the customer too (the simulator's StopProcessing).
      `interactionUpdated ${chat} Accepted Order 42`,
      `chat ${chat} left:Bob:`,
      'interactionEnded',
      'interactionEnded',
    ]);
    const emailContent = a.events.find((event) => event.type === 'emailContentReceived');
    expect(emailContent).toMatchObject({
      email: {
        from: 'Customer1@ci-vm106',
        cc: ['cc1@ci-vm106'],
        subject: 'Invoice 17',
        html: '<p>Please see the invoice.</p>',
        attachments: [{ name: 'invoice.pdf', mimeType: 'application/pdf', size: 8 }],
      },
    });
  });
});

describe('userDnd', () => {
  it.each([
    [{ doNotDisturb: 'On' }, true],
    [{ doNotDisturb: 'Off' }, false],
    [{ dndState: 'On' }, true],
    [{ doNotDisturb: 'Off', dndState: 'On' }, false],
    [{ doNotDisturb: true }, true],
    [{ doNotDisturb: 42 }, false],
    [{}, false],
  ])('reads %j as %s (003: the user attribute doNotDisturb)', (user, dnd) => {
    expect(userDnd(user)).toBe(dnd);
  });
});
