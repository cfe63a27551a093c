import type { MediaChannel } from './model';
import type { World } from './world';

/** One past interaction of a demo contact, dated relative to when the history is seeded. */
interface PastDemoInteraction {
  readonly channel: MediaChannel;
  readonly subject: string;
  /** How long before the seeding it started, and how long it lasted. */
  readonly daysAgo: number;
  readonly minutes: number;
  readonly owner: string;
  readonly lines?: readonly { readonly fromAgent: boolean; readonly text: string }[];
  readonly text?: string;
}

/** A customer UCS knows, with what they wrote to the contact center before. */
export interface DemoContact {
  readonly contactId: string;
  /** The chat nickname the customer uses. */
  readonly nickName: string;
  readonly email: string;
  readonly past: readonly PastDemoInteraction[];
}

const customer = (text: string) => ({ fromAgent: false, text });
const agent = (text: string) => ({ fromAgent: true, text });

/**
 * The demo's customers and their history: Maria (the demo's first e-mail) and Tom (its first
 * chat), each with past chats and e-mails handled by colleagues, so that the desk's Contact
 * history has something to show from the first interaction on. The ids are fixed, so a test
 * can start an interaction "from" one of them.
 */
export const DEMO_CONTACTS: readonly DemoContact[] = [
  {
    contactId: '0001CT00MARIA001',
    nickName: 'Maria',
    email: 'maria.jensen@example.com',
    past: [
      {
        channel: 'chat',
        subject: 'Delivery address',
        daysAgo: 40,
        minutes: 6,
        owner: 'agent2',
        lines: [
          customer('Hi, I moved last month. Can you change my delivery address?'),
          agent('Of course. What is the new address?'),
          customer('Strandvejen 12, 2900 Hellerup'),
          agent('Done: your next parcel goes to Strandvejen 12.'),
        ],
      },
      {
        channel: 'email',
        subject: 'Invoice 2291 paid twice',
        daysAgo: 21,
        minutes: 90,
        owner: 'agent3',
        text: 'Hello,\n\nI paid invoice 2291 twice by mistake (bank transfer and card). Could you refund one of the payments?\n\nBest regards,\nMaria Jensen',
      },
      {
        channel: 'chat',
        subject: 'Refund status',
        daysAgo: 9,
        minutes: 4,
        owner: 'agent2',
        lines: [
          customer('Has the refund for invoice 2291 gone out?'),
          agent('Yes, it was sent on Monday; the bank may take three days.'),
          customer('Great, thank you.'),
        ],
      },
      {
        channel: 'email',
        subject: 'Statement for March',
        daysAgo: 2,
        minutes: 45,
        owner: 'agent3',
        text: 'Hi,\n\nPlease send me the account statement for March as a PDF.\n\nMaria',
      },
    ],
  },
  {
    contactId: '0001CT00TOM00001',
    nickName: 'Tom',
    email: 'tom.berg@example.com',
    past: [
      {
        channel: 'email',
        subject: 'Broken kettle',
        daysAgo: 30,
        minutes: 120,
        owner: 'agent2',
        text: 'The kettle I bought on the 3rd stopped working after a week. Can I get a new one?\n\nTom Berg',
      },
      {
        channel: 'chat',
        subject: 'Replacement kettle',
        daysAgo: 12,
        minutes: 5,
        owner: 'agent3',
        lines: [
          customer('Did you send the replacement kettle?'),
          agent('It left the warehouse this morning, tracking number 7781.'),
        ],
      },
    ],
  },
];

/**
 * Records the demo contacts' past interactions in the world (what UCS would hold for them),
 * dated relative to `now`. Answers the contacts, to start new interactions from.
 */
export function seedContactHistory(world: World, now: number): readonly DemoContact[] {
  const day = 24 * 60 * 60 * 1000;
  // With the same ids in every run of the seed, as UCS keeps them: a desk that opened one of
  // them in an earlier run has its content under that id.
  world.withSeedIds(() => {
    seedPast(world, now, day);
  });
  return DEMO_CONTACTS;
}

function seedPast(world: World, now: number, day: number): void {
  for (const contact of DEMO_CONTACTS) {
    for (const past of contact.past) {
      const startDate = now - past.daysAgo * day;
      world.addPastInteraction({
        contactId: contact.contactId,
        channel: past.channel,
        subject: past.subject,
        startDate,
        endDate: startDate + past.minutes * 60_000,
        owner: past.owner,
        customer: past.channel === 'chat' ? contact.nickName : contact.email,
        ...(past.lines === undefined ? {} : { lines: past.lines }),
        ...(past.text === undefined ? {} : { text: past.text }),
      });
    }
  }
}
