import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../simulator/dialect';
import type { Simulator } from '../../simulator/server';
import {
  interactionOf,
  type HttpAnswer,
  type ReceivedMessage,
  type TestAgent,
} from '../support/gwsAgent';
import { loadFixture, useSimulator } from '../support/simulatorHarness';

// Workbins (003, "Workbins", and the interaction operations PlaceInWorkbin/GetWorkbinContent):
// every operation over real HTTP, the notifications over the real CometD client, both dialects.

const harness = useSimulator();

/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';
const TEAM_WORKBIN = Buffer.from('Team Workbin/SharedView').toString('base64');
const IN_PROGRESS_WORKBIN = Buffer.from('Email Workbin InProgress/PrivateView').toString('base64');

function isState(message: ReceivedMessage, id: string, state: string): boolean {
  const interaction = interactionOf(message.data);
  return (
    message.channel === '/v2/me/interactions' &&
    interaction.id === id &&
    interaction.state === state
  );
}

/** An e-mail arrives and `agent` (the only Ready agent) accepts it; returns its id. */
async function acceptedEmail(running: Simulator, agent: TestAgent, subject: string) {
  const id = running.control.receiveEmail({ from: 'customer@example.com', subject, text: 'Hi' });
  await agent.waitFor((message) => isState(message, id, 'Invited'), 3000, `${subject} invite`);
  const accepted = await agent.post(`/me/interactions/${id}`, { operationName: 'Accept' });
  expect(accepted.status).toBe(200);
  await agent.waitFor((message) => isState(message, id, 'Accepted'), 3000, `${subject} accepted`);
  return id;
}

function expectOk(answer: HttpAnswer, dialect: Dialect, extra: Record<string, unknown> = {}) {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual(
    dialect === 'a' ? { status: 'ok', ...extra } : { statusCode: 0, ...extra },
  );
}

/**
 * The success 003 shows for AddInteractionToWorkbin (with its `uri`), PullInteraction and
 * SubscribeWorkbinEvents / UnsubscribeWorkbinEvents: `{"status":0}`, whatever the dialect.
 */
function expectDocumentedOk(answer: HttpAnswer, extra: Record<string, unknown> = {}) {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ status: 0, ...extra });
}

const HTTP_STATUS_FOR_CODE: Readonly<Record<number, number>> = { 1: 400, 2: 400, 6: 404 };

/** A failure's text: `statusMessage` (dialect b) or `errorDescription` (dialect a). */
function failureText(answer: HttpAnswer): unknown {
  return answer.body.statusMessage ?? answer.body.errorDescription;
}

function expectFailure(answer: HttpAnswer, dialect: Dialect, code: number): void {
  expect(answer.status).toBe(HTTP_STATUS_FOR_CODE[code]);
  if (dialect === 'a')
    expect(answer.body).toEqual({
      status: 'error',
      errorDescription: expect.any(String) as unknown,
    });
  else
    expect(answer.body).toEqual({ statusCode: code, statusMessage: expect.any(String) as unknown });
}

/** The workbin notification about `id` with `operation`, received from index `after` on. */
function workbinEvent(
  agent: TestAgent,
  id: string,
  contentOperation: 'PlacedIn' | 'TakenOut',
  after = 0,
): Promise<ReceivedMessage> {
  return agent.waitFor(
    (message) =>
      message.channel === '/v2/me/workbins' &&
      message.data.workbinContentOperation === contentOperation &&
      (message.data.interaction as Record<string, unknown> | undefined)?.id === id &&
      agent.received.indexOf(message) >= after,
    3000,
    `workbin ${contentOperation} of ${id}`,
  );
}

describe.each(['a', 'b'] as const)('workbins, dialect %s', (dialect) => {
  it('GetWorkbinTypesInfo lists the agent workbins with the ids and shape of 003', async () => {
    await harness.start({ dialect });
    const agent = harness.agent('agent1');

    const answer = await agent.get('/me/workbins');
    expect(answer.status).toBe(200);
    expect(answer.body.statusCode).toBe(0);
    const sample = loadFixture('003-workbins-get-types-info.json').success as Record<
      string,
      unknown
    >;
    expect(answer.body.status).toBe(sample.status);
    const workbins = answer.body.workbins as Record<string, unknown>[];
    const sampleTestWorkbin = (sample.workbins as Record<string, unknown>[]).find(
      (workbin) => workbin.workbinName === 'TestWorkbin',
    );
    expect(workbins).toContainEqual(sampleTestWorkbin);
    expect(workbins.map((workbin) => workbin.workbinName)).toEqual([
      'EmailWorkbinDraft',
      'EmailWorkbinInProgress',
      'TestWorkbin',
      'TeamWorkbin',
    ]);
    for (const workbin of workbins) {
      expect(Object.keys(workbin).sort()).toEqual(
        ['active', 'viewName', 'workbinId', 'workbinName', 'workbinType'].sort(),
      );
      // As in 003: the id is the base64 of `<configured name>/<view>`.
      const decoded = Buffer.from(workbin.workbinId as string, 'base64').toString('utf8');
      expect(decoded.split('/')[1]).toBe((workbin.viewName as string).split('/')[1]);
    }
    expect(workbins.find((workbin) => workbin.workbinName === 'TeamWorkbin')).toMatchObject({
      workbinId: TEAM_WORKBIN,
      workbinType: 2,
    });

    const one = await agent.get(`/me/workbins/${TEST_WORKBIN}`);
    expect(one.body).toEqual({ statusCode: 0, workbin: sampleTestWorkbin });
    const unknown = await agent.get('/me/workbins/Tm9TdWNoV29ya2Jpbg==');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      statusCode: 6,
      statusMessage: 'Workbin Tm9TdWNoV29ya2Jpbg== not found',
    });
  });

  it('PlaceInWorkbin takes an interaction off the desk into the workbin; GET content lists it', async () => {
    const running = await harness.start({ dialect });
    const agent = await harness.signedIn();
    expectDocumentedOk(
      await agent.post(`/me/workbins/${TEST_WORKBIN}`, { operationName: 'Subscribe' }),
    );
    const id = await acceptedEmail(running, agent, 'Park me');

    // 003-interaction-place-in-workbin.json's request, on this interaction.
    const request = loadFixture('003-interaction-place-in-workbin.json').request as Record<
      string,
      unknown
    >;
    expectOk(await agent.post(`/me/interactions/${id}`, request), dialect);

    // Off the desk: the agent hears it leave, with no capabilities left.
    const left = await agent.waitFor((message) => isState(message, id, 'Completed'), 3000, 'left');
    expect(interactionOf(left.data).capabilities).toEqual([]);
    const mine = await agent.get('/me/interactions');
    expect(mine.body.uris).toEqual([]);

    // The subscriber hears PlacedIn, shaped like 003's workbin notification sample.
    const placed = await workbinEvent(agent, id, 'PlacedIn');
    const sample = loadFixture('003-workbins-notification.json');
    expect(Object.keys(placed.data).sort()).toEqual(Object.keys(sample).sort());
    expect(placed.data).toMatchObject({
      messageType: 'workbinNotificationResource',
      operation: 'Create',
      workbinContentOperation: 'PlacedIn',
      interaction: {
        id,
        channel: 'email',
        state: 'Queued',
        currentQueue: 'TestWorkbin/PrivateQueue',
        interactionType: 'Inbound',
        interactionSubtType: 'InboundNew',
        userData: expect.objectContaining({ Subject: 'Park me' }) as unknown,
      },
      workbinInfo: {
        workbinTypeId: 'TestWorkbin',
        workbinAgentId: 'agent1',
        workbinGroupId: null,
        workbinPlaceGroupId: null,
        workbinPlaceId: null,
      },
      actorInfo: { agentId: 'agent1', actorType: 'Agent' },
      // PlaceInWorkbin carries no reason (003), so the notification tells none.
      reasonInfo: { reason: null, reasonDescription: null, reasonName: null },
    });

    // GetWorkbinContent (GET): URIs, or with fields=* Interaction Server's properties (003).
    const uris = await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions`);
    const uri = `${running.apiUrl}/me/workbins/${TEST_WORKBIN}/interactions/${id}`;
    expect(uris.body).toEqual({ statusCode: 0, uris: [uri] });
    const content = await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions?fields=*`);
    expect(content.status).toBe(200);
    const [item] = content.body.interactions as Record<string, unknown>[];
    expect(item).toMatchObject({
      InteractionId: id,
      MediaType: 'email',
      InteractionType: 'Inbound',
      InteractionSubtype: 'InboundNew',
      Queue: 'TestWorkbin/PrivateQueue',
      Workbin: 'TestWorkbin',
      WorkbinAgentId: 'agent1',
      Subject: 'Park me',
      FromAddress: 'customer@example.com',
      InQueues: { __STOP__: '' },
      OutQueues: { SimpleEmailOutQueue: '' },
    });
    expect(item?.PlacedInQueueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const single = await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions/${id}`);
    expect(single.body).toEqual({ statusCode: 0, interaction: item });

    // Another agent's private workbin of the same type is empty.
    const other = harness.agent('agent2');
    expect((await other.get(`/me/workbins/${TEST_WORKBIN}/interactions`)).body.uris).toEqual([]);
    expect((await other.get(`/me/workbins/${TEST_WORKBIN}/interactions/${id}`)).status).toBe(404);
    expect((await agent.get('/me/workbins/bm9uZQ==/interactions')).status).toBe(404);
  });

  it('PlaceInWorkbin errors: unknown workbin 6, missing workbin 1, not handled by the caller 2', async () => {
    const running = await harness.start({ dialect });
    const agent = await harness.signedIn();
    const id = await acceptedEmail(running, agent, 'Errors');

    expectFailure(
      await agent.post(`/me/interactions/${id}`, {
        operationName: 'PlaceInWorkbin',
        workbin: 'NoSuchWorkbin',
      }),
      dialect,
      6,
    );
    expectFailure(
      await agent.post(`/me/interactions/${id}`, { operationName: 'PlaceInWorkbin' }),
      dialect,
      1,
    );

    // An invitation is not yet handled by the agent.
    const invitedId = running.control.receiveEmail({
      from: 'c@example.com',
      subject: 'Invited',
      text: '',
    });
    await agent.waitFor((message) => isState(message, invitedId, 'Invited'), 3000, 'invite');
    expectFailure(
      await agent.post(`/me/interactions/${invitedId}`, {
        operationName: 'PlaceInWorkbin',
        workbin: 'TestWorkbin',
      }),
      dialect,
      2,
    );

    // Once in a workbin, it is no longer handled either.
    const place = { operationName: 'PlaceInWorkbin', workbin: TEST_WORKBIN };
    expectOk(await agent.post(`/me/interactions/${id}`, place), dialect);
    expectFailure(await agent.post(`/me/interactions/${id}`, place), dialect, 2);
    // Someone else's interaction is not even visible.
    const other = harness.agent('agent2');
    await other.get('/me');
    expectFailure(await other.post(`/me/interactions/${invitedId}`, place), dialect, 6);
    // The refused requests changed nothing: only the accepted one is in the workbin.
    const content = await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions`);
    expect(content.body.uris).toEqual([
      `${running.apiUrl}/me/workbins/${TEST_WORKBIN}/interactions/${id}`,
    ]);
    expect((await agent.get('/me/interactions')).body.uris).toEqual([
      `${running.apiUrl}/interactions/${invitedId}`,
    ]);
  });

  it('GetWorkbinContent (operation) answers ok and delivers the content on CometD', async () => {
    const running = await harness.start({ dialect });
    const agent = await harness.signedIn();
    const parked = await acceptedEmail(running, agent, 'Parked');
    const working = await acceptedEmail(running, agent, 'Working');
    expectOk(
      await agent.post(`/me/interactions/${parked}`, {
        operationName: 'PlaceInWorkbin',
        workbin: 'TestWorkbin',
      }),
      dialect,
    );

    const request = loadFixture('003-interaction-get-workbin-content.json').request as Record<
      string,
      unknown
    >;
    expectOk(await agent.post(`/me/interactions/${working}`, request), dialect);
    const content = await agent.waitFor(
      (message) =>
        message.channel === '/v2/me/workbins' && message.data.messageType === 'WorkbinContent',
      3000,
      'workbin content',
    );
    expect(content.data).toMatchObject({ workbinId: TEST_WORKBIN, workbinName: 'TestWorkbin' });
    const listed = (content.data.interactions as Record<string, unknown>[]).map(interactionOf);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: parked, state: 'Queued', capabilities: [] });
    // An InteractionStateMessage of the dialect: nested (b) or flat (a).
    expect(
      dialect === 'b'
        ? (content.data.interactions as Record<string, unknown>[])[0]?.interaction
        : (content.data.interactions as Record<string, unknown>[])[0]?.messageType,
    ).toBeDefined();

    expectFailure(
      await agent.post(`/me/interactions/${working}`, {
        operationName: 'GetWorkbinContent',
        workbin: 'Nowhere',
      }),
      dialect,
      6,
    );
    expectFailure(
      await agent.post(`/me/interactions/${working}`, { operationName: 'GetWorkbinContent' }),
      dialect,
      1,
    );
  });

  it('AddInteractionToWorkbin answers the URI, moves between workbins, and refuses what it must', async () => {
    const running = await harness.start({ dialect });
    const agent = await harness.signedIn();
    for (const workbin of [TEST_WORKBIN, IN_PROGRESS_WORKBIN])
      expectDocumentedOk(
        await agent.post(`/me/workbins/${workbin}`, { operationName: 'Subscribe' }),
      );
    const id = await acceptedEmail(running, agent, 'Add me');

    const added = await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, {
      interactionId: id,
    });
    // 003-workbins-add-interaction.json's URI form, on this server.
    const uri = `${running.apiUrl}/me/workbins/${TEST_WORKBIN}/interactions/${id}`;
    expectDocumentedOk(added, { uri });
    await agent.waitFor((message) => isState(message, id, 'Completed'), 3000, 'off the desk');
    await workbinEvent(agent, id, 'PlacedIn');

    // Moving it: TakenOut of one workbin, PlacedIn the other.
    const seen = agent.received.length;
    expectDocumentedOk(
      await agent.post(`/me/workbins/${IN_PROGRESS_WORKBIN}/interactions`, {
        operationName: 'AddInteractionToWorkbin',
        interactionId: id,
      }),
      { uri: `${running.apiUrl}/me/workbins/${IN_PROGRESS_WORKBIN}/interactions/${id}` },
    );
    const [takenOut, placedIn] = await Promise.all([
      workbinEvent(agent, id, 'TakenOut', seen),
      workbinEvent(agent, id, 'PlacedIn', seen),
    ]);
    expect(takenOut.data).toMatchObject({
      operation: 'Delete',
      workbinInfo: { workbinTypeId: 'TestWorkbin' },
    });
    expect(placedIn.data).toMatchObject({
      workbinInfo: { workbinTypeId: 'Email Workbin InProgress' },
      interaction: { currentQueue: 'Email Workbin InProgress/PrivateQueue' },
    });
    expect((await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions`)).body.uris).toEqual([]);

    const unknownWorkbin = await agent.post('/me/workbins/bm9uZQ==/interactions', {
      interactionId: id,
    });
    expectFailure(unknownWorkbin, dialect, 6);
    expect(failureText(unknownWorkbin)).toBe('Workbin bm9uZQ== not found');
    expectFailure(
      await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, { interactionId: 'nope' }),
      dialect,
      6,
    );
    expectFailure(await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, {}), dialect, 1);
    expectFailure(
      await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, {
        operationName: 'Juggle',
        interactionId: id,
      }),
      dialect,
      2,
    );
    const invitedId = running.control.receiveEmail({
      from: 'c@example.com',
      subject: 'x',
      text: '',
    });
    await agent.waitFor((message) => isState(message, invitedId, 'Invited'), 3000, 'invite');
    expectFailure(
      await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, { interactionId: invitedId }),
      dialect,
      2,
    );
  });

  it('PullInteractionFromWorkbin gives the interaction back: Pulled, then usable', async () => {
    const running = await harness.start({ dialect });
    const agent = await harness.signedIn();
    expectDocumentedOk(
      await agent.post(`/me/workbins/${TEST_WORKBIN}`, { operationName: 'Subscribe' }),
    );
    const id = await acceptedEmail(running, agent, 'Pull me');
    const added = await agent.post(`/me/workbins/${TEST_WORKBIN}/interactions`, {
      interactionId: id,
    });
    const uri = added.body.uri as string;
    await workbinEvent(agent, id, 'PlacedIn');

    // 003-workbins-pull-interaction.json's request, with this server's URI.
    const request = loadFixture('003-workbins-pull-interaction.json').request as Record<
      string,
      unknown
    >;
    expectDocumentedOk(await agent.post('/me/interactions', { ...request, uri }));
    const pulled = await agent.waitFor((message) => isState(message, id, 'Pulled'), 3000, 'Pulled');
    const capabilities = interactionOf(pulled.data).capabilities as string[];
    expect(capabilities).toContain('StopProcessing');
    expect(capabilities).toContain('PlaceInWorkbin');
    const taken = await workbinEvent(agent, id, 'TakenOut');
    expect(taken.data).toMatchObject({
      operation: 'Delete',
      // As it was in the workbin when it was taken out.
      interaction: { state: 'Queued', currentQueue: 'TestWorkbin/PrivateQueue' },
      reasonInfo: { reason: null, reasonDescription: null, reasonName: null },
    });

    // Back on the desk, owned by the agent, and usable.
    expect((await agent.get('/me/interactions')).body.uris).toEqual([
      `${running.apiUrl}/interactions/${id}`,
    ]);
    expect((await agent.get(`/me/workbins/${TEST_WORKBIN}/interactions`)).body.uris).toEqual([]);
    const resource = await agent.get(`/interactions/${id}`);
    expect(interactionOf(resource.body.interaction as Record<string, unknown>)).toMatchObject({
      state: 'Accepted',
      currentQueue: 'SimpleEmailInQueue',
    });
    expectOk(
      await agent.post(`/me/interactions/${id}`, { operationName: 'StopProcessing' }),
      dialect,
    );

    // Not (or no longer) in the workbin: 6; a URI that names no workbin interaction: 1.
    expectFailure(await agent.post('/me/interactions', { ...request, uri }), dialect, 6);
    expectFailure(
      await agent.post('/me/interactions', {
        ...request,
        uri: `${running.apiUrl}/me/interactions/${id}`,
      }),
      dialect,
      1,
    );
    expectFailure(
      await agent.post('/me/interactions', {
        ...request,
        uri: `${running.apiUrl}/me/workbins/bm9uZQ==/interactions/${id}`,
      }),
      dialect,
      6,
    );
  });

  it('Subscribe/Unsubscribe: only subscribed agents hear a shared workbin; anyone may pull from it', async () => {
    const running = await harness.start({ dialect });
    const first = await harness.signedIn('agent1');
    const second = harness.agent('agent2');
    await second.get('/me');
    await second.connect();

    expectDocumentedOk(
      await first.post(`/me/workbins/${TEAM_WORKBIN}`, { operationName: 'Subscribe' }),
    );
    const one = await acceptedEmail(running, first, 'Shared one');
    expectOk(
      await first.post(`/me/interactions/${one}`, {
        operationName: 'PlaceInWorkbin',
        workbin: 'TeamWorkbin',
      }),
      dialect,
    );
    const firstPlaced = await workbinEvent(first, one, 'PlacedIn');
    expect(firstPlaced.data).toMatchObject({
      workbinInfo: { workbinTypeId: 'Team Workbin', workbinAgentId: null },
      interaction: { currentQueue: 'Team Workbin/SharedQueue' },
    });

    // agent2 subscribes (003's request body) and hears the next change, not the earlier one.
    const subscribe = loadFixture('003-workbins-subscribe.json').request as Record<string, unknown>;
    expectDocumentedOk(await second.post(`/me/workbins/${TEAM_WORKBIN}`, subscribe));
    const two = await acceptedEmail(running, first, 'Shared two');
    expectOk(
      await first.post(`/me/interactions/${two}`, {
        operationName: 'PlaceInWorkbin',
        workbin: TEAM_WORKBIN,
      }),
      dialect,
    );
    await workbinEvent(second, two, 'PlacedIn');
    expect(second.received.filter((message) => message.channel === '/v2/me/workbins')).toHaveLength(
      1,
    );

    // The shared content is everyone's: agent2 pulls agent1's interaction.
    expect((await second.get(`/me/workbins/${TEAM_WORKBIN}/interactions`)).body.uris).toHaveLength(
      2,
    );
    expectDocumentedOk(
      await second.post('/me/interactions', {
        operationName: 'PullInteractionFromWorkbin',
        uri: `${running.apiUrl}/me/workbins/${TEAM_WORKBIN}/interactions/${one}`,
      }),
    );
    await second.waitFor((message) => isState(message, one, 'Pulled'), 3000, 'Pulled by agent2');
    const firstTaken = await workbinEvent(first, one, 'TakenOut');
    expect(firstTaken.data).toMatchObject({ actorInfo: { agentId: 'agent2' } });
    await workbinEvent(second, one, 'TakenOut');

    // After Unsubscribe (003's body) agent2 hears nothing more; agent1 still does.
    const unsubscribe = loadFixture('003-workbins-unsubscribe.json').request as Record<
      string,
      unknown
    >;
    expectDocumentedOk(await second.post(`/me/workbins/${TEAM_WORKBIN}`, unsubscribe));
    const heard = second.received.filter((message) => message.channel === '/v2/me/workbins').length;
    expectDocumentedOk(
      await second.post('/me/interactions', {
        operationName: 'PullInteractionFromWorkbin',
        workbinId: TEAM_WORKBIN,
        interactionId: two,
      }),
    );
    await second.waitFor((message) => isState(message, two, 'Pulled'), 3000, 'second Pulled');
    await workbinEvent(first, two, 'TakenOut');
    expect(second.received.filter((message) => message.channel === '/v2/me/workbins')).toHaveLength(
      heard,
    );

    expectFailure(await second.post('/me/workbins/bm9uZQ==', subscribe), dialect, 6);
    expectFailure(
      await second.post(`/me/workbins/${TEAM_WORKBIN}`, { operationName: 'Juggle' }),
      dialect,
      2,
    );
    expectFailure(await second.post(`/me/workbins/${TEAM_WORKBIN}`, {}), dialect, 1);
  });
});
