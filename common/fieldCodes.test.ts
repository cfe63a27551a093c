import { describe, expect, it } from 'vitest';
import type { InteractionDetail } from './model';
import {
  expandFieldCodes,
  fieldSourceOf,
  fieldValues,
  leftCodesIn,
  NO_LEFT_CODES,
  withLeftCodes,
  type FieldSource,
} from './fieldCodes';

const AGENT = { userName: 'agent1', firstName: 'Alex', lastName: 'Agent' };

describe('field codes', () => {
  it('fills the customer from attached data first, with the subject and the agent', () => {
    const source: FieldSource = {
      subject: 'Lost parcel',
      userData: { FirstName: 'Maria', LastName: 'Jensen', FromPersonal: 'M. J.' },
      email: { from: 'maria@example.com' },
      agent: AGENT,
    };
    expect(
      expandFieldCodes(
        'Hello {customer.name} ({customer.firstName}, {customer.email}): about "{interaction.subject}". {agent.firstName} / {agent.name}',
        source,
      ),
    ).toEqual({
      text: 'Hello Maria Jensen (Maria, maria@example.com): about "Lost parcel". Alex / Alex Agent',
      unknown: [],
      missing: [],
    });
  });

  it("takes an e-mail's FromPersonal, or the sender's display name, when no name is attached", () => {
    expect(
      fieldValues({ userData: { FromPersonal: 'Ann Example', FromAddress: 'ann@example.com' } }),
    ).toMatchObject({
      'customer.name': 'Ann Example',
      'customer.firstName': 'Ann',
      'customer.email': 'ann@example.com',
    });
    expect(fieldValues({ email: { from: '"Tom Tester" <tom@example.com>' } })).toMatchObject({
      'customer.name': 'Tom Tester',
      'customer.email': 'tom@example.com',
    });
    // A bare address is no name.
    expect(fieldValues({ email: { from: 'tom@example.com' } })['customer.name']).toBeUndefined();
  });

  it('takes a FromPersonal a server passed on RFC 2047 encoded as the name it encodes', () => {
    expect(
      fieldValues({ userData: { FromPersonal: '=?iso-8859-1?Q?J=F8rgen_M=FCller?=' } }),
    ).toMatchObject({ 'customer.name': 'Jørgen Müller', 'customer.firstName': 'Jørgen' });
  });

  it("takes a chat customer's nickname from the transcript, not the agent's", () => {
    const source: FieldSource = {
      transcript: [
        { kind: 'joined', authorType: 'Agent', authorName: 'Alex' },
        { kind: 'joined', authorType: 'Client', authorName: 'Kim' },
      ],
      agent: { userName: 'agent7' },
    };
    expect(expandFieldCodes('Hi {customer.name}, {agent.firstName} here.', source).text).toBe(
      'Hi Kim, agent7 here.',
    );
  });

  it("reads the sender's name as the lists show it: its quotes off, another address refused", () => {
    // FromPersonal as some servers pass it on, quotes and all.
    expect(
      fieldValues({
        userData: { FromPersonal: '"Müller, Jörg"' },
        email: { from: '"Müller, Jörg" <joerg@example.com>' },
      }),
    ).toMatchObject({ 'customer.name': 'Jörg Müller', 'customer.firstName': 'Jörg' });
    // A phishing name that is another address is no customer's name.
    const phished = fieldValues({
      userData: { FromPersonal: 'support@bank.example' },
      email: { from: 'mallory@example.com' },
    });
    expect(phished['customer.name']).toBeUndefined();
    // Nor in the sender's own header, with or without FromPersonal.
    const inHeader = fieldValues({
      email: { from: '"support@bank.example" <mallory@example.com>' },
    });
    expect(inHeader['customer.name']).toBeUndefined();
  });

  it('reads a name written last name first ("Jensen, Maria") as Maria Jensen', () => {
    expect(
      expandFieldCodes('Dear {customer.firstName} ({customer.name})', {
        email: { from: '"Jensen, Maria" <maria@example.com>' },
      }).text,
    ).toBe('Dear Maria (Maria Jensen)');
    expect(fieldValues({ userData: { FromPersonal: 'van der Berg, Anna Lena' } })).toMatchObject({
      'customer.name': 'Anna Lena van der Berg',
      'customer.firstName': 'Anna',
    });
    expect(
      fieldValues({
        transcript: [{ kind: 'joined', authorType: 'Client', authorName: 'Lee, Kim' }],
      }),
    ).toMatchObject({ 'customer.firstName': 'Kim' });
    // A comma before a suffix is no "last, first".
    expect(fieldValues({ userData: { FromPersonal: 'John Smith, Jr.' } })).toMatchObject({
      'customer.name': 'John Smith, Jr.',
      'customer.firstName': 'John',
    });
  });

  it("fills Genesys' own field codes (<$ Contact.FirstName $>) as the desk's", () => {
    const result = expandFieldCodes(
      'Dear <$Contact.FirstName$> (<$ Contact.FullName $>), re "<$ Interaction.Subject $>" to <$Contact.PrimaryEmailAddress$>. <$ Agent.FirstName $> / <$Agent.FullName$>',
      {
        subject: 'Lost parcel',
        userData: { FirstName: 'Maria', LastName: 'Jensen' },
        email: { from: 'maria@example.com' },
        agent: AGENT,
      },
    );
    expect(result).toEqual({
      text: 'Dear Maria (Maria Jensen), re "Lost parcel" to maria@example.com. Alex / Alex Agent',
      unknown: [],
      missing: [],
    });
  });

  it('leaves Genesys codes the desk has no value for visible, and names them as written', () => {
    const text = 'Dear <$ Contact.Title $> <$Contact.FirstName$>, <$ Date.Now $>';
    const result = expandFieldCodes(text, { agent: AGENT });
    expect(result).toEqual({
      text,
      unknown: ['<$ Contact.Title $>', '<$ Date.Now $>'],
      // What the agent finds in the text to replace, not the desk's {customer.firstName}.
      missing: [{ written: '<$Contact.FirstName$>', code: 'customer.firstName' }],
    });
    expect(leftCodesIn(text, result)).toEqual(result);
    expect(leftCodesIn('Dear Ms Maria, today', result)).toBeNull();
    // Both spellings of the one code, each named as the text holds it, while it holds it.
    const both = `${text} / {customer.firstName}`;
    const left = expandFieldCodes(both, { agent: AGENT });
    expect(left.missing).toEqual([
      { written: '<$Contact.FirstName$>', code: 'customer.firstName' },
      { written: '{customer.firstName}', code: 'customer.firstName' },
    ]);
    expect(leftCodesIn(both.replace('<$Contact.FirstName$>', 'Maria'), left)?.missing).toEqual([
      { written: '{customer.firstName}', code: 'customer.firstName' },
    ]);
  });

  it('leaves unknown codes and codes without a value visible, and names them', () => {
    const result = expandFieldCodes(
      'Dear {customer.name}, your {order.number} and {customer.nmae}; {agent.name}. {not a code} {}',
      { agent: AGENT },
    );
    expect(result.text).toBe(
      'Dear {customer.name}, your {order.number} and {customer.nmae}; Alex Agent. {not a code} {}',
    );
    expect(result.unknown).toEqual(['{order.number}', '{customer.nmae}']);
    expect(result.missing).toEqual([{ written: '{customer.name}', code: 'customer.name' }]);
  });

  it('inserts values as text, once, without reading codes inside them', () => {
    const result = expandFieldCodes('{customer.name}', {
      userData: { FirstName: '<b>{agent.name}</b>' },
      agent: AGENT,
    });
    expect(result.text).toBe('<b>{agent.name}</b>');
    expect(result.unknown).toEqual([]);
  });

  it('fills an e-mail draft from the e-mail it answers: its sender, data and subject', () => {
    const base: Omit<InteractionDetail, 'id' | 'state' | 'userData'> = {
      channel: 'email',
      phase: 'working',
      firstSeenAt: 1,
      updatedAt: 1,
      to: [],
      capabilities: [],
      transcript: [],
      attachments: [],
    };
    const original: InteractionDetail = {
      ...base,
      id: 'in-1',
      state: 'Accepted',
      subject: 'Invoice 77',
      from: 'ann@example.com',
      userData: { FromPersonal: 'Ann Example' },
      email: { from: 'ann@example.com', to: [], cc: [], subject: 'Invoice 77', attachments: [] },
    };
    const draft: InteractionDetail = {
      ...base,
      id: 'out-1',
      state: 'ReplyCreated',
      subject: 'Re: Invoice 77',
      userData: {},
    };
    expect(
      expandFieldCodes(
        'Dear {customer.name} <{customer.email}>, re "{interaction.subject}" — {agent.name}',
        fieldSourceOf(draft, AGENT, original),
      ).text,
    ).toBe('Dear Ann Example <ann@example.com>, re "Invoice 77" — Alex Agent');
  });

  it('names the codes responses left unfilled while the text holds them, whatever was inserted after', () => {
    const first = expandFieldCodes('Order {order.id} for {customer.name}', {});
    const second = expandFieldCodes('Thanks, {agent.firstName}', { agent: AGENT });
    const left = withLeftCodes(withLeftCodes(NO_LEFT_CODES, first), second);
    const missing = [{ written: '{customer.name}', code: 'customer.name' }];
    expect(left).toEqual({ unknown: ['{order.id}'], missing });
    const text = `${first.text} ${second.text}`;
    expect(leftCodesIn(text, left)).toEqual({ text, unknown: ['{order.id}'], missing });
    // Filled by hand one by one: named no longer.
    expect(leftCodesIn(text.replace('{order.id}', '12'), left)?.unknown).toEqual([]);
    expect(leftCodesIn('Order 12 for Kim. Thanks, Alex', left)).toBeNull();
    expect(leftCodesIn(text, NO_LEFT_CODES)).toBeNull();
  });
});
