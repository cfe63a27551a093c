import { crc32, deflateSync } from 'node:zlib';
import { seedContactHistory } from './contactHistory';
import type { SimInteraction } from './model';
import type { NewChat, NewEmail, World } from './world';

export type ScenarioName = 'demo' | 'quiet' | 'load';
export const SCENARIOS: readonly ScenarioName[] = ['demo', 'quiet', 'load'];

export interface ScenarioOptions {
  readonly seed: number;
  /** Notifications per second for `load` (chat lines, when `loadChats` is given). */
  readonly loadRate: number;
  /**
   * `load` with a fixed set of chats: this many customers start a chat at once, and once agents
   * have accepted every one of them, `loadRate` lines per second are spread evenly over them.
   * The agents need the capacity for them (`SimulatorOptions.chatCapacity`).
   */
  readonly loadChats?: number;
  /** `load` with `loadChats`: the lines stop by themselves after this many seconds. */
  readonly loadSeconds?: number;
}

/** Where a `load` run with a fixed set of chats is (what a benchmark reads to measure it). */
export interface LoadProgress {
  /** Chats the run opened, and how many of them agents have accepted so far. */
  readonly chats: number;
  readonly accepted: number;
  readonly linesPerSecond: number;
  /** Lines the run will send in all (`linesPerSecond` × its seconds). */
  readonly linesPlanned: number;
  /** Lines sent so far (a chat that ended meanwhile is skipped, so this may stay below). */
  readonly linesSent: number;
  /** Epoch ms of the first line (once every chat was accepted), and when the last was sent. */
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** A running scenario: how to stop it and, for a `load` run over fixed chats, its progress. */
export interface RunningScenario {
  stop(): void;
  loadProgress(): LoadProgress | undefined;
}

/** The customer lines of a `load` run start with this, followed by their serial number. */
export const LOAD_LINE_PREFIX = 'load line ';

/** mulberry32: a small, fast PRNG, so that a seed always plays the same scenario. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A real PNG (an RGB gradient), so attachment previews have something to show. */
export function gradientPng(width: number, height: number, hue: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) {
      const offset = row + 1 + x * 3;
      raw[offset] = (hue + x * 3) & 0xff;
      raw[offset + 1] = (y * 4) & 0xff;
      raw[offset + 2] = (255 - x * 2) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small, valid one-page PDF with a line of text. */
export function simplePdf(line: string): Buffer {
  const escaped = line.replace(/[()\\]/g, (c) => `\\${c}`);
  const stream = `BT /F1 18 Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const FIRST_EMAIL: NewEmail = {
  from: 'maria.jensen@example.com',
  fromPersonal: 'Maria Jensen',
  subject: 'Invoice 4471 was charged twice',
  // The interaction's notes (TheComment), as routing left them for the agent.
  comment: 'Second contact about invoice 4471: the first was closed without a refund.',
  text:
    'Hello,\n\nmy card was charged twice for invoice 4471 (EUR 129.00 on 3 and 4 November).\n' +
    'I attach the invoice, my bank statement and a screenshot of the payment page.\n\n' +
    'Could you refund the second payment?\n\nThank you,\nMaria Jensen',
  html:
    '<p>Hello,</p><p>my card was <strong>charged twice</strong> for invoice <em>4471</em>:</p>' +
    '<table border="1" cellpadding="4"><tr><th>Date</th><th>Amount</th></tr>' +
    '<tr><td>3 Nov</td><td>EUR 129.00</td></tr><tr><td>4 Nov</td><td>EUR 129.00</td></tr></table>' +
    '<p>I attach the invoice, my bank statement and a screenshot of the payment page. ' +
    'My account page: <a href="https://example.com/account/4471">example.com/account/4471</a></p>' +
    '<p>This is what the payment page showed the second time:</p>' +
    '<p><img src="cid:part1.06090408.01060107@example.com" alt="Payment page, second charge" width="240" height="120"></p>' +
    '<p>Could you refund the second payment?</p><p>Thank you,<br>Maria Jensen</p>' +
    '<p><img src="cid:maria-logo.png@mail.example.com" alt="Jensen Design" width="120" height="36"></p>' +
    '<p style="color:#888;font-size:11px">Sent with MailPal ' +
    '<img src="https://tracker.mailpal.example/open.gif?m=4471" alt="" width="1" height="1"></p>',
};

/**
 * The first e-mail of the demo with its attachments: an invoice, a statement and a screenshot,
 * and two images its HTML shows inline by `cid:`. One was sent as an inline part with a file
 * name (`maria-logo.png`, Content-ID `maria-logo.png@mail.example.com`); the other came without
 * a Content-Disposition or file name, so it carries its Content-ID as its name, as GWS lists
 * such a part (003 gives an attachment only an id, name, size and type). Its remote image (a
 * read-tracking pixel on a reserved `.example` host, which never resolves) shows the blocking.
 */
export function demoHtmlEmail(): NewEmail {
  return {
    ...FIRST_EMAIL,
    attachments: [
      {
        name: 'invoice-4471.pdf',
        mimeType: 'application/pdf',
        bytes: simplePdf('Invoice 4471 - EUR 129.00'),
      },
      { name: 'payment page.png', mimeType: 'image/png', bytes: gradientPng(320, 200, 20) },
      {
        name: 'statement (Nov).csv',
        mimeType: 'text/csv',
        bytes: Buffer.from(
          'date,description,amount\n2026-11-03,Invoice 4471,-129.00\n2026-11-04,Invoice 4471,-129.00\n',
        ),
      },
      { name: 'maria-logo.png', mimeType: 'image/png', bytes: gradientPng(120, 36, 160) },
      {
        name: 'part1.06090408.01060107@example.com',
        mimeType: 'image/png',
        bytes: gradientPng(240, 120, 90),
      },
    ],
  };
}

const EMAIL_SUBJECTS = [
  'Where is my order #58812?',
  'Change of delivery address',
  'Question about my contract renewal',
  'Damaged item received',
  'Cancel my subscription, please',
];
const CHAT_OPENERS = [
  "Hi, I can't log in to my account since this morning.",
  'Hello! Is the premium plan available in Denmark?',
  'Hi there, my parcel says delivered but it is not here.',
];
const CUSTOMER_REPLIES = [
  'Thanks, that helps.',
  'Okay, one moment, let me check.',
  'I tried that, it still shows the same error.',
  'Great, thank you so much!',
  'Could you send me that by e-mail as well?',
];
const NAMES = ['Tom Becker', 'Aiko Tanaka', 'Lena Fischer', 'Omar Haddad', 'Sofia Rossi'];

function demoEmail(random: () => number, serial: number): NewEmail {
  const name = pick(random, NAMES);
  const address = `${name.toLowerCase().replace(' ', '.')}@example.com`;
  const subject = pick(random, EMAIL_SUBJECTS);
  return {
    from: address,
    fromPersonal: name,
    subject,
    text: `Hello,\n\n${subject}\n\nRegards,\n${name}`,
    html:
      `<p>Hello,</p><p>${subject}</p>` +
      (serial % 2 === 0
        ? `<p><img src="cid:photo-${serial}.png@example.com" alt="Photo"></p>`
        : '') +
      `<p>Regards,<br>${name}</p>`,
    attachments:
      serial % 2 === 0
        ? [
            {
              name: `photo-${serial}.png`,
              mimeType: 'image/png',
              bytes: gradientPng(48, 32, serial * 40),
            },
          ]
        : [],
  };
}

function demoChat(random: () => number): NewChat {
  const name = pick(random, NAMES);
  return {
    customerNickName: name.split(' ')[0] ?? name,
    subject: 'Customer support',
    firstMessage: pick(random, CHAT_OPENERS),
  };
}

/** Runs `work` after `ms`, on a timer the scenario clears when it stops. */
type Schedule = (ms: number, work: () => void) => void;

/**
 * A customer who answers: when an agent joins or writes, the customer types for a moment and
 * then replies with a line chosen by the seed.
 */
function customerBot(world: World, random: () => number, later: Schedule): () => void {
  const reply = (interaction: SimInteraction, text: string) => {
    const customer = interaction.chat?.parties.find((party) => party.userType === 'Client');
    if (!customer || interaction.state === 'Completed') return;
    world.appendChatEvent(interaction, {
      kind: 'NOTICE',
      party: customer,
      noticeType: 'TypingStarted',
    });
    later(1200 + random() * 1500, () => {
      if (interaction.state === 'Completed' || !interaction.chat?.parties.includes(customer))
        return;
      world.appendChatEvent(interaction, {
        kind: 'NOTICE',
        party: customer,
        noticeType: 'TypingStopped',
      });
      world.appendChatEvent(interaction, { kind: 'MESSAGE', party: customer, text });
    });
  };
  return world.addListener({
    interactionChanged: () => undefined,
    chatEvents: () => undefined,
    channelsChanged: () => undefined,
    meChanged: () => undefined,
    workbinChanged: () => undefined,
    chatEventAppended: (interaction, event) => {
      if (event.userType !== 'Agent') return;
      if (event.kind === 'PARTY_JOINED') {
        later(800 + random() * 700, () => {
          reply(interaction, 'Hi! Thanks for taking my chat.');
        });
      } else if (event.kind === 'MESSAGE') {
        later(600 + random() * 1200, () => {
          reply(interaction, pick(random, CUSTOMER_REPLIES));
        });
      }
    },
  });
}

/**
 * Starts a scenario on a world and returns the function that stops it.
 * - `demo`: a pleasant first ten seconds — an HTML e-mail with attachments of a few types and
 *   sizes after 1 s, a chat whose customer joins, writes and answers after 2.5 s — and a new
 *   e-mail or chat every 25–45 s after that.
 * - `quiet`: nothing; tests inject what they need through the control API.
 * - `load`: `loadRate` notifications per second — customer chat lines on accepted chats, or new
 *   e-mails while no chat is accepted — for benchmarks.
 */
export function startScenario(
  name: ScenarioName,
  world: World,
  options: ScenarioOptions,
): RunningScenario {
  const random = seededRandom(options.seed);
  const timers = new Set<NodeJS.Timeout>();
  const stops: (() => void)[] = [];
  let loadProgress: (() => LoadProgress) | undefined;
  const at: Schedule = (ms, work) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    // A scenario never keeps the process alive, and stopping it clears what is pending.
    timer.unref();
    timers.add(timer);
  };

  if (name === 'demo') {
    stops.push(customerBot(world, random, at));
    // Maria and Tom have written before: the desk's Contact history shows it.
    const [maria, tom] = seedContactHistory(world, Date.now());
    at(1000, () => {
      world.receiveEmail({ ...demoHtmlEmail(), contactId: maria?.contactId });
    });
    at(2500, () => {
      world.startChat({
        contactId: tom?.contactId,
        customerNickName: 'Tom',
        subject: "Can't log in",
        firstMessage: CHAT_OPENERS[0] ?? 'Hi!',
      });
    });
    let serial = 0;
    const next = () => {
      at(25_000 + random() * 20_000, () => {
        serial += 1;
        if (random() < 0.5) world.receiveEmail(demoEmail(random, serial));
        else world.startChat(demoChat(random));
        next();
      });
    };
    next();
  } else if (name === 'load' && options.loadChats !== undefined) {
    const run = chatLineLoad(world, random, {
      chats: options.loadChats,
      linesPerSecond: options.loadRate,
      seconds: options.loadSeconds ?? 10,
    });
    stops.push(run.stop);
    loadProgress = run.progress;
  } else if (name === 'load') {
    let serial = 0;
    const perTick = Math.max(1, Math.round(options.loadRate / 10));
    const interval = setInterval(() => {
      const chats = [...world.interactions.values()].filter(
        (interaction) => interaction.chat && interaction.state === 'Accepted',
      );
      for (let n = 0; n < perTick; n += 1) {
        serial += 1;
        const chat = chats[serial % Math.max(1, chats.length)];
        const customer = chat?.chat?.parties.find((party) => party.userType === 'Client');
        if (chat && customer) {
          world.appendChatEvent(chat, {
            kind: 'MESSAGE',
            party: customer,
            text: `load message ${serial}`,
          });
        } else {
          world.receiveEmail(demoEmail(random, serial));
        }
      }
    }, 100);
    interval.unref();
    stops.push(() => {
      clearInterval(interval);
    });
  }

  return {
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const stop of stops) stop();
    },
    loadProgress: () => loadProgress?.(),
  };
}

/** How often the chat-line load checks what is due: fine enough that 2,000 lines/s is no burst. */
const LOAD_TICK_MS = 5;

/**
 * The `load` run over a fixed set of chats: opens `chats` chats, waits until agents have
 * accepted all of them, then sends `linesPerSecond` customer lines for `seconds`, round-robin
 * over the chats. What is due is computed from the time elapsed, so timer jitter changes the
 * size of a tick's batch, not the rate; a simulator that cannot keep up shows it as a rate
 * below the one asked for.
 */
function chatLineLoad(
  world: World,
  random: () => number,
  plan: { chats: number; linesPerSecond: number; seconds: number },
): { stop: () => void; progress: () => LoadProgress } {
  const chats: SimInteraction[] = [];
  for (let n = 0; n < plan.chats; n += 1) {
    const name = pick(random, NAMES);
    chats.push(
      world.startChat({
        customerNickName: name.split(' ')[0] ?? name,
        subject: `Load chat ${n + 1}`,
        firstMessage: pick(random, CHAT_OPENERS),
      }),
    );
  }
  const linesPlanned = Math.round(plan.linesPerSecond * plan.seconds);
  let linesScheduled = 0;
  let linesSent = 0;
  let startedAt: number | null = null;
  let endedAt: number | null = null;
  const accepted = () => chats.filter((chat) => chat.state === 'Accepted').length;
  const interval = setInterval(() => {
    if (startedAt === null) {
      if (accepted() < chats.length) return;
      startedAt = world.currentTime();
    }
    const elapsedMs = world.currentTime() - startedAt;
    const due = Math.min(linesPlanned, Math.floor((plan.linesPerSecond * elapsedMs) / 1000));
    for (; linesScheduled < due; linesScheduled += 1) {
      const chat = chats[linesScheduled % chats.length];
      const customer = chat?.chat?.parties.find((party) => party.userType === 'Client');
      // A chat that ended meanwhile (the agent left) gets no more lines: linesSent shows it.
      if (chat === undefined || customer === undefined || chat.state !== 'Accepted') continue;
      world.appendChatEvent(chat, {
        kind: 'MESSAGE',
        party: customer,
        text: `${LOAD_LINE_PREFIX}${linesScheduled + 1}`,
      });
      linesSent += 1;
    }
    if (linesScheduled >= linesPlanned) {
      endedAt = world.currentTime();
      clearInterval(interval);
    }
  }, LOAD_TICK_MS);
  interval.unref();
  return {
    stop: () => {
      clearInterval(interval);
    },
    progress: () => ({
      chats: chats.length,
      accepted: accepted(),
      linesPerSecond: plan.linesPerSecond,
      linesPlanned,
      linesSent,
      startedAt,
      endedAt,
    }),
  };
}
