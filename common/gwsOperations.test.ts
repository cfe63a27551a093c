import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  contract,
  contractEntries,
  type SwitchboardClient,
  type SwitchboardHandlers,
} from './contract';
import type { Result } from './errors';
import {
  GWS_CONTRACT_METHODS,
  GWS_CONTRACT_NAMES,
  GWS_OPERATIONS,
  type DirectoryEntry,
  type GwsOperationSpec,
  type ReplyOptions,
} from './gwsOperations';

const entries = Object.entries(GWS_OPERATIONS) as [string, GwsOperationSpec][];

/**
 * The contract channels of the GWS operations the renderer calls as they are. The table once
 * gave every operation one (commit 51f8f52); those the renderer never called (the profile,
 * features and contact-center session, the server's interaction list, the workbin and UCS
 * reads, upload and delete, chat history) were withdrawn: what the desk does with them is main's.
 */
const GWS_CHANNELS = [
  'agent:directory',
  'agent:setChannelDoNotDisturb',
  'interactions:getOnServer',
  'interactions:accept',
  'interactions:reject',
  'interactions:stopProcessing',
  'interactions:placeInQueue',
  'interactions:updateProperties',
  'interactions:placeInWorkbin',
  'interactions:transfer',
  'interactions:startConference',
  'interactions:endConference',
  'interactions:reply',
  'interactions:replyAll',
  'interactions:forward',
  'interactions:send',
  'interactions:createEmail',
  'interactions:sendMessage',
  'interactions:sendNotification',
  'interactions:startChatConsultation',
  'interactions:completeTransfer',
  'interactions:completeConference',
  'interactions:leaveChat',
  'interactions:endChatSession',
  'workbins:pull',
  'workbins:unsubscribe',
].map((channel) => `switchboard:${channel}`);

describe('the GWS operations table', () => {
  it('gives every operation a GWS name and at most one contract place, never shared', () => {
    const places = entries.flatMap(([, spec]) =>
      spec.contract === undefined ? [] : [`${spec.contract.namespace}:${spec.contract.member}`],
    );
    expect(new Set(places).size).toBe(places.length);
    for (const [name, spec] of entries) {
      expect({ name, kind: spec.kind }).toEqual({ name, kind: 'method' });
      const named = /^[A-Z][A-Za-z]+$/.test(spec.operation);
      expect({ name, operation: spec.operation, named }).toEqual({
        name,
        operation: spec.operation,
        named: true,
      });
    }
  });

  it('is where the contract takes its GWS methods from: the very entries, same schemas', () => {
    const methods = GWS_CONTRACT_METHODS as Readonly<
      Record<string, Readonly<Record<string, GwsOperationSpec>>>
    >;
    const names = GWS_CONTRACT_NAMES as Readonly<Record<string, Readonly<Record<string, string>>>>;
    const members = contract as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    let exposed = 0;
    for (const [name, spec] of entries) {
      if (spec.contract === undefined) continue;
      exposed += 1;
      const { namespace, member } = spec.contract;
      // A hand-written method of the same name would replace the entry, or be replaced by it.
      const place = `${namespace}.${member}`;
      expect({ place, isTheEntry: members[namespace]?.[member] === spec }).toEqual({
        place,
        isTheEntry: true,
      });
      expect(methods[namespace]?.[member]).toBe(spec);
      expect(names[namespace]?.[member]).toBe(name);
    }
    const channels = contractEntries(contract).map((entry) => entry.channel);
    expect(channels).toEqual(expect.arrayContaining(GWS_CHANNELS));
    expect(exposed).toBe(GWS_CHANNELS.length);
  });

  it('validates the renderer as the client: a blank chat line or no properties are refused', () => {
    const { sendMessage, updateProperties, forward } = contract.interactions;
    expect(sendMessage.args).toBe(GWS_OPERATIONS.sendMessage.args);
    expect(sendMessage.args.safeParse(['id1', '   ']).success).toBe(false);
    // Characters no one sees are blank too: `trim` keeps them.
    for (const invisible of ['\u200B\u200B', '\u2060', ' \uFEFF\u200E\u200F', '\u200C\u200D']) {
      expect(sendMessage.args.safeParse(['id1', invisible]).success).toBe(false);
    }
    expect(sendMessage.args.safeParse(['id1', 'Hello', 'Int']).success).toBe(true);
    expect(updateProperties.args.safeParse(['id1', {}]).success).toBe(false);
    expect(updateProperties.args.safeParse(['id1', { Priority: 'high' }]).success).toBe(true);
    // What the handler receives is the schema's output: the addresses joined as GWS takes them.
    expect(forward.args.parse(['id1', ['a@example.com', 'b@example.com']])).toEqual([
      'id1',
      'a@example.com, b@example.com',
    ]);
  });

  it('keeps the operations that are more than one REST call out of the contract', () => {
    for (const name of [
      'setReady',
      'setNotReady',
      'setAgentState',
      'doNotDisturb',
      'setChannelReady',
      'setChannelNotReady',
      'setChannelState',
      'endContactCenterSession',
      'downloadAttachment',
    ] as const) {
      expect({ name, contract: GWS_OPERATIONS[name].contract }).toEqual({
        name,
        contract: undefined,
      });
    }
  });

  it('types the derived contract methods from the entries', () => {
    expectTypeOf<SwitchboardClient['agent']['directory']>().returns.toEqualTypeOf<
      Promise<Result<DirectoryEntry[]>>
    >();
    expectTypeOf<SwitchboardClient['interactions']['accept']>().parameters.toEqualTypeOf<
      [string, (string | undefined)?]
    >();
    expectTypeOf<SwitchboardClient['interactions']['reply']>().returns.toEqualTypeOf<
      Promise<Result<string | undefined>>
    >();
    expectTypeOf<SwitchboardClient['interactions']['reply']>()
      .parameter(1)
      .toEqualTypeOf<ReplyOptions | undefined>();
    // The handler gets the parsed form: a list of addresses arrives as one string.
    expectTypeOf<SwitchboardHandlers['interactions']['forward']>()
      .parameter(1)
      .toEqualTypeOf<string | undefined>();
  });
});
