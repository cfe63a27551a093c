import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../simulator/dialect';
import { MAX_ATTACHMENT_BYTES } from '../../simulator/operations/attachments';
import { gradientPng, simplePdf } from '../../simulator/scenarios';
import type { Simulator } from '../../simulator/server';
import { interactionOf, type HttpAnswer, type TestAgent } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// The Attachments API of 003 over real HTTP: multipart uploads built by fetch's own FormData,
// byte-exact downloads, deletes, the documented statusCodes, and hostile file names.

const harness = useSimulator();

async function start(
  dialect: Dialect,
  scenario: 'quiet' | 'demo' = 'quiet',
): Promise<{ sim: Simulator; me: TestAgent }> {
  const sim = await harness.start({ scenario, dialect });
  return { sim, me: await harness.signedIn('agent1', ['email', 'chat']) };
}

function stateOf(me: TestAgent, state: string, id?: string, timeoutMs = 3000) {
  return me.waitFor(
    (message) =>
      message.channel === '/v2/me/interactions' &&
      (id === undefined || interactionOf(message.data).id === id) &&
      interactionOf(message.data).state === state,
    timeoutMs,
    `${state} for ${id ?? 'any interaction'}`,
  );
}

async function accept(me: TestAgent, id: string): Promise<void> {
  await stateOf(me, 'Invited', id);
  expect((await me.post(`/me/interactions/${id}`, { operationName: 'Accept' })).status).toBe(200);
  await stateOf(me, 'Accepted', id);
}

async function acceptedEmail(sim: Simulator, me: TestAgent): Promise<string> {
  const id = sim.control.receiveEmail({ from: 'customer@example.com', subject: 'Hi', text: 'Hi' });
  await accept(me, id);
  return id;
}

/** POSTs a multipart body exactly as fetch's FormData writes it. */
async function postForm(me: TestAgent, interactionId: string, form: FormData): Promise<HttpAnswer> {
  const encoded = new Request('http://encoder.invalid/', { method: 'POST', body: form });
  const contentType = encoded.headers.get('content-type') ?? '';
  return me.request('POST', `/me/interactions/${interactionId}/attachments`, undefined, {
    rawBody: Buffer.from(await encoded.arrayBuffer()),
    contentType,
  });
}

function upload(
  me: TestAgent,
  interactionId: string,
  bytes: Uint8Array,
  name: string,
  type = 'application/octet-stream',
): Promise<HttpAnswer> {
  const form = new FormData();
  form.append('attachment', new Blob([bytes], { type }), name);
  return postForm(me, interactionId, form);
}

interface Download {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
}

async function download(
  me: TestAgent,
  interactionId: string,
  documentId: string,
): Promise<Download> {
  const response = await fetch(
    `${me.apiUrl}/me/interactions/${interactionId}/attachments/${encodeURIComponent(documentId)}`,
    { headers: { authorization: me.authorization } },
  );
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** The name a Content-Disposition's `filename*` carries. */
function dispositionName(header: string | null): string {
  const encoded = /filename\*=UTF-8''([^;\s]+)/.exec(header ?? '')?.[1];
  if (encoded === undefined) throw new Error(`no filename* in ${String(header)}`);
  return decodeURIComponent(encoded);
}

/** The attachments list of an e-mail as `GET /interactions/{id}` shows it, in either dialect. */
async function listedAttachments(
  me: TestAgent,
  dialect: Dialect,
  interactionId: string,
): Promise<Record<string, unknown>[]> {
  const answer = await me.get(`/interactions/${interactionId}`);
  expect(answer.status).toBe(200);
  const interaction = interactionOf(answer.body.interaction as Record<string, unknown>);
  const holder = (dialect === 'a' ? interaction.email_object : interaction.content) as Record<
    string,
    unknown
  >;
  return holder.attachments as Record<string, unknown>[];
}

function expectStatusCode(answer: HttpAnswer, code: number, httpStatus: number): void {
  expect(answer.status).toBe(httpStatus);
  expect(answer.body.statusCode).toBe(code);
  if (code !== 0) expect(typeof answer.body.statusMessage).toBe('string');
}

const ODD_NAMES = [
  'statement (Nov).csv',
  'Überweisung – März €.txt',
  '報告書 2026.pdf',
  'emoji 😀 party.png',
  '../../etc/passwd',
  '..\\..\\Windows\\system.ini',
  'say "hello" now.txt',
  "it's; name=x.txt",
  'two\r\nlines.txt',
  '   ',
];

/** A blank name is stored as the field's name, every other name as it is. */
function storedName(name: string): string {
  return name.trim() === '' ? 'attachment' : name;
}

const SAFE_DISPOSITION = /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[\x21-\x7e]+$/;

describe.each(['a', 'b'] as const)('attachments API, dialect %s', (dialect) => {
  it('uploads to an e-mail, lists it with its type and size, and serves it byte for byte', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    const bytes = randomBytes(300_000);
    const answer = await upload(me, id, bytes, 'scan.pdf', 'application/pdf');
    expect(answer.status).toBe(200);
    // 003 documents the answer as {"statusCode":0,"documentId":…} whatever the dialect.
    expect(Object.keys(answer.body).sort()).toEqual(['documentId', 'statusCode']);
    expect(answer.body.statusCode).toBe(0);
    const documentId = answer.body.documentId as string;

    expect(await listedAttachments(me, dialect, id)).toEqual([
      { id: documentId, name: 'scan.pdf', size: bytes.length, mimetype: 'application/pdf' },
    ]);
    const fetched = await download(me, id, documentId);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(fetched.headers.get('content-disposition')).toBe(
      `attachment; filename="scan.pdf"; filename*=UTF-8''scan.pdf`,
    );
    expect(fetched.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fetched.bytes.equals(bytes)).toBe(true);
  });

  it('attaches documents to a reply draft, keeping each MIME type', async () => {
    const { sim, me } = await start(dialect);
    const original = await acceptedEmail(sim, me);
    const reply = await me.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    const draft = reply.body.replyInteractionId as string;
    await stateOf(me, 'ReplyCreated', draft);

    const files = [
      { name: 'photo.png', type: 'image/png', bytes: gradientPng(16, 16, 120) },
      { name: 'data.csv', type: 'text/csv', bytes: Buffer.from('a,b\n1,2\n') },
      { name: 'blob.bin', type: '', bytes: Buffer.from([0, 1, 2, 255]) },
    ];
    for (const file of files) {
      const answer = await upload(me, draft, file.bytes, file.name, file.type);
      expectStatusCode(answer, 0, 200);
      const fetched = await download(me, draft, answer.body.documentId as string);
      expect(fetched.headers.get('content-type')).toBe(file.type || 'application/octet-stream');
      expect(fetched.bytes.equals(file.bytes)).toBe(true);
    }
    expect(sim.world.interactions.get(draft)?.email?.attachments.map((a) => a.name)).toEqual(
      files.map((file) => file.name),
    );
  });

  it('DELETE removes a document: then GET and DELETE answer 6', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    const kept = (await upload(me, id, Buffer.from('keep'), 'keep.txt')).body.documentId as string;
    const gone = (await upload(me, id, Buffer.from('drop'), 'drop.txt')).body.documentId as string;

    const deleted = await me.request('DELETE', `/me/interactions/${id}/attachments/${gone}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ statusCode: 0 });

    const fetched = await download(me, id, gone);
    expect(fetched.status).toBe(404);
    expect(JSON.parse(fetched.bytes.toString('utf8'))).toMatchObject({ statusCode: 6 });
    expectStatusCode(
      await me.request('DELETE', `/me/interactions/${id}/attachments/${gone}`),
      6,
      404,
    );
    expect((await listedAttachments(me, dialect, id)).map((a) => a.id)).toEqual([kept]);
    expect((await download(me, id, kept)).bytes.toString()).toBe('keep');
  });

  it('refuses uploads that are not multipart, lack the attachment file or are too large (1)', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    const path = `/me/interactions/${id}/attachments`;

    expectStatusCode(await me.post(path, { attachment: 'not a file' }), 1, 400);
    expectStatusCode(
      await me.request('POST', path, undefined, { rawBody: 'raw', contentType: 'text/plain' }),
      1,
      400,
    );
    expectStatusCode(
      await me.request('POST', path, undefined, {
        rawBody:
          '--x\r\nContent-Disposition: form-data; name="attachment"; filename="a"\r\n\r\nunterminated',
        contentType: 'multipart/form-data; boundary=x',
      }),
      1,
      400,
    );

    const wrongField = new FormData();
    wrongField.append('file', new Blob(['content']), 'a.txt');
    expectStatusCode(await postForm(me, id, wrongField), 1, 400);

    const textField = new FormData();
    textField.append('attachment', 'just text, no file');
    expectStatusCode(await postForm(me, id, textField), 1, 400);

    const tooLarge = await upload(me, id, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7), 'big.bin');
    expectStatusCode(tooLarge, 1, 400);

    // The largest allowed file goes through.
    const largest = Buffer.alloc(MAX_ATTACHMENT_BYTES, 9);
    const accepted = await upload(me, id, largest, 'largest.bin');
    expectStatusCode(accepted, 0, 200);
    expect((await listedAttachments(me, dialect, id)).map((a) => a.name)).toEqual(['largest.bin']);
  });

  it('answers 6 for unknown interactions and documents, 2 for chats and invitations', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    const file = Buffer.from('x');
    expectStatusCode(await upload(me, '0000NOSUCHTHING0', file, 'a.txt'), 6, 404);
    expect((await download(me, '0000NOSUCHTHING0', 'whatever')).status).toBe(404);
    expect((await download(me, id, '0000NOSUCHDOCUM0')).status).toBe(404);
    expectStatusCode(
      await me.request('DELETE', `/me/interactions/${id}/attachments/0000NOSUCHDOCUM0`),
      6,
      404,
    );

    const chat = sim.control.startChat({ customerNickName: 'Tom', subject: 'Hi' });
    await accept(me, chat);
    expectStatusCode(await upload(me, chat, file, 'a.txt'), 2, 400);

    // An e-mail only offered, not accepted, is not the agent's to change.
    const invited = sim.control.receiveEmail({ from: 'c@example.com', subject: 'S', text: 'T' });
    await stateOf(me, 'Invited', invited);
    expectStatusCode(await upload(me, invited, file, 'a.txt'), 2, 400);
    expect(sim.world.interactions.get(invited)?.email?.attachments).toEqual([]);
  });

  it('stores odd names as given and serves them under a valid Content-Disposition', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    for (const name of ODD_NAMES) {
      const bytes = Buffer.from(`content of ${name}`);
      const answer = await upload(me, id, bytes, name, 'text/plain');
      expectStatusCode(answer, 0, 200);
      const fetched = await download(me, id, answer.body.documentId as string);
      expect(fetched.status).toBe(200);
      expect(fetched.bytes.equals(bytes)).toBe(true);
      const header = fetched.headers.get('content-disposition') ?? '';
      // One line of printable ASCII, whatever the name holds.
      expect(header).toMatch(SAFE_DISPOSITION);
      expect(dispositionName(header)).toBe(storedName(name));
    }
    const stored = (await listedAttachments(me, dialect, id)).map((a) => a.name);
    expect(stored).toEqual(ODD_NAMES.map(storedName));
  });

  it('keeps a very long name whole but shortens it in the header, extension and all', async () => {
    const { sim, me } = await start(dialect);
    const id = await acceptedEmail(sim, me);
    const longName = `${'Ünïcödé long name 😀 '.repeat(150)}.txt`;
    const answer = await upload(me, id, Buffer.from('long'), longName, 'text/plain');
    expectStatusCode(answer, 0, 200);
    const fetched = await download(me, id, answer.body.documentId as string);
    expect(fetched.status).toBe(200);
    const header = fetched.headers.get('content-disposition') ?? '';
    expect(header).toMatch(SAFE_DISPOSITION);
    expect(header.length).toBeLessThan(2000);
    const served = dispositionName(header);
    expect(served.endsWith('.txt')).toBe(true);
    expect(served.length).toBeLessThan(longName.length);
    expect(longName.startsWith(served.slice(0, -4))).toBe(true);
    expect((await listedAttachments(me, dialect, id)).map((a) => a.name)).toEqual([longName]);
  });
});

describe.each(['a', 'b'] as const)('demo e-mail attachments, dialect %s', (dialect) => {
  it('serves the PDF, the PNG, the CSV and the inline images of the demo e-mail byte for byte', async () => {
    const { sim, me } = await start(dialect, 'demo');
    const invite = await stateOf(me, 'Invited', undefined, 4000);
    const id = interactionOf(invite.data).id as string;
    await accept(me, id);

    const listed = await listedAttachments(me, dialect, id);
    const expected = new Map([
      [
        'invoice-4471.pdf',
        { type: 'application/pdf', bytes: simplePdf('Invoice 4471 - EUR 129.00') },
      ],
      ['payment page.png', { type: 'image/png', bytes: gradientPng(320, 200, 20) }],
      [
        'statement (Nov).csv',
        {
          type: 'text/csv',
          bytes: Buffer.from(
            'date,description,amount\n2026-11-03,Invoice 4471,-129.00\n2026-11-04,Invoice 4471,-129.00\n',
          ),
        },
      ],
      // The images its HTML shows inline by cid:, one sent without a file name of its own.
      ['maria-logo.png', { type: 'image/png', bytes: gradientPng(120, 36, 160) }],
      [
        'part1.06090408.01060107@example.com',
        { type: 'image/png', bytes: gradientPng(240, 120, 90) },
      ],
    ]);
    expect(listed.map((a) => a.name)).toEqual([...expected.keys()]);
    for (const attachment of listed) {
      const want = expected.get(attachment.name as string);
      if (!want) throw new Error(`unexpected ${String(attachment.name)}`);
      expect(attachment.mimetype).toBe(want.type);
      expect(attachment.size).toBe(want.bytes.length);
      const fetched = await download(me, id, attachment.id as string);
      expect(fetched.status).toBe(200);
      expect(fetched.headers.get('content-type')).toBe(want.type);
      expect(dispositionName(fetched.headers.get('content-disposition'))).toBe(attachment.name);
      expect(fetched.bytes.equals(want.bytes)).toBe(true);
    }
    // The files are what their types say.
    const [pdf, png] = await Promise.all(
      listed.slice(0, 2).map((attachment) => download(me, id, attachment.id as string)),
    );
    expect(pdf?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(png?.bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(sim.world.interactions.get(id)?.subject).toBeTruthy();
  });
});
