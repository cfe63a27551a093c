import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Draft, DraftFields, InteractionDetail } from '../../../common/model';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleHead } from '../testing/samples';
import { LEFT_DRAFTS_KEPT, useComposeStore } from './compose';
import { useInteractionStore } from './interaction';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const fields: DraftFields = {
  interactionId: 'draft-1',
  kind: 'reply',
  parentId: 'mail-1',
  to: 'maria@example.com',
  cc: '',
  bcc: '',
  subject: 'Re: Invoice',
  text: 'Dear Maria',
  attachments: [],
};
const stored = (overrides: Partial<Draft> = {}): Draft => ({
  ...fields,
  updatedAt: 5,
  ...overrides,
});

/** An e-mail the agent answers. */
const email = (id: string): InteractionDetail => ({
  id,
  channel: 'email',
  state: 'Accepted',
  phase: 'working',
  firstSeenAt: 1,
  updatedAt: 2,
  to: [],
  capabilities: ['Reply'],
  userData: {},
  subject: 'Invoice',
  transcript: [],
  attachments: [],
});

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  fake.api.answer('switchboard:interactions:get', (id) =>
    Promise.resolve({ ok: true, value: email(id as string) }),
  );
  setActivePinia(createPinia());
});
afterEach(settle);

describe('the compose store', () => {
  it('opens a reply draft only when the agent is still on the e-mail', async () => {
    const compose = useComposeStore();
    const interaction = useInteractionStore();
    const replying = deferred<unknown>();
    fake.api.answer('switchboard:interactions:reply', () => replying.promise);
    interaction.select('a');
    const reply = compose.respond('reply', email('a'));
    interaction.select('b');
    replying.resolve({ ok: true, value: 'draft-1' });
    await reply;
    expect(interaction.selectedId).toBe('b');
    expect(interaction.focusRequest).toBeNull();

    fake.api.answer('switchboard:interactions:reply', () =>
      Promise.resolve({ ok: true, value: 'draft-2' }),
    );
    await compose.respond('reply', email('b'));
    expect(interaction.selectedId).toBe('draft-2');
    expect(interaction.focusRequest).toEqual({ id: 'draft-2', target: 'draft' });
  });

  it('opens nothing, and tells of no refusal, that the server answers after sign-out', async () => {
    const compose = useComposeStore();
    const interaction = useInteractionStore();
    const creating = deferred<unknown>();
    fake.api.answer('switchboard:interactions:createEmail', () => creating.promise);
    const made = compose.newEmail();
    compose.clear();
    creating.resolve({ ok: true, value: 'draft-9' });
    await made;
    expect(interaction.selectedId).toBeNull();
    expect(interaction.focusRequest).toBeNull();
    expect(compose.kindOf({ ...email('draft-9'), parentId: 'mail-1' })).toBe('reply');

    const refusing = deferred<unknown>();
    fake.api.answer('switchboard:interactions:reply', () => refusing.promise);
    interaction.select('a');
    const reply = compose.respond('replyAll', email('a'));
    compose.clear();
    refusing.resolve({ ok: false, error: { code: 'serverRefused', message: 'No' } });
    await reply;
    expect(compose.startError).toBeNull();
    expect(compose.starting).toBeNull();
  });

  it('tells a draft the cache could not read from no draft at all', async () => {
    const compose = useComposeStore();
    fake.api.answer('switchboard:drafts:get', () => Promise.resolve({ ok: true, value: null }));
    expect(await compose.stored('draft-1')).toEqual({ ok: true, value: null });
    const unreadable = { kind: 'internal', message: 'The cache could not be read' };
    fake.api.answer('switchboard:drafts:get', () =>
      Promise.resolve({ ok: false, error: unreadable }),
    );
    // An error is no draft to start afresh over: the composer must not save over what is kept.
    expect(await compose.stored('draft-1')).toMatchObject({ ok: false, error: unreadable });
  });

  it('rereads the stored draft when adding files failed, so the files the server took show', async () => {
    const compose = useComposeStore();
    const tookOne = stored({ attachments: [{ id: 'doc-1', name: 'note.txt', size: 5 }] });
    fake.api.answer('switchboard:drafts:attachFiles', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'invalidArgument', message: 'scan.pdf is too large to send' },
      }),
    );
    fake.api.answer('switchboard:drafts:get', () => Promise.resolve({ ok: true, value: tookOne }));
    const outcome = await compose.attachFiles(fields);
    expect(outcome.error?.message).toBe('scan.pdf is too large to send');
    expect(outcome.draft?.attachments.map((file) => file.name)).toEqual(['note.txt']);
  });

  it('keeps no draft while it is being sent, nor after the server took it', async () => {
    const compose = useComposeStore();
    const saves: unknown[] = [];
    fake.api.answer('switchboard:drafts:save', (saved) => {
      saves.push(saved);
      return Promise.resolve({ ok: true, value: stored() });
    });
    const sending = deferred<unknown>();
    fake.api.answer('switchboard:drafts:send', () => sending.promise);
    const sent = compose.sendDraft(fields);
    // A save the debounce started while Send was under way.
    expect(await compose.save({ ...fields, text: 'Dear Maria, typed on' })).toBeNull();
    sending.resolve({ ok: true, value: undefined });
    expect((await sent).ok).toBe(true);
    // Main forgot the draft; a late save would bring it back as a kept draft of a sent e-mail.
    expect(await compose.save({ ...fields, text: 'Dear Maria, typed on' })).toBeNull();
    expect(saves).toEqual([]);
    // Another draft is kept as usual.
    expect(await compose.save({ ...fields, interactionId: 'draft-2' })).toMatchObject({ ok: true });
    expect(saves).toHaveLength(1);
  });

  it('keeps what is not known of a Send when a Cancel of the draft gets no answer, and not once one is answered', async () => {
    const compose = useComposeStore();
    const interaction = useInteractionStore();
    const inDoubt = {
      kind: 'timeout',
      code: 'sendOutcomeUnknown',
      message: 'POST /me/interactions/draft-1: no answer in time',
    } as const;
    interaction.keepRefusal('draft-1', inDoubt, 'send');
    fake.api.answer('switchboard:drafts:cancel', () =>
      Promise.resolve({ ok: false, error: { kind: 'network', message: 'other side closed' } }),
    );
    // Its composer still there says the Cancel's failure; the Send's doubt stays on the row.
    expect((await compose.cancelDraft('draft-1')).ok).toBe(false);
    expect(interaction.failedActions.get('draft-1')?.error).toEqual(inDoubt);
    fake.api.answer('switchboard:drafts:cancel', () =>
      Promise.resolve({ ok: false, error: { kind: 'invalidState', message: 'already sent' } }),
    );
    expect((await compose.cancelDraft('draft-1')).ok).toBe(false);
    expect(interaction.failedActions.has('draft-1')).toBe(false);
  });

  it("keeps the fields of a save the cache refused for the draft's next composer, until a save takes them", async () => {
    const compose = useComposeStore();
    let full = true;
    fake.api.answer('switchboard:drafts:save', () =>
      Promise.resolve(
        full
          ? { ok: false, error: { kind: 'internal', message: 'database or disk is full' } }
          : { ok: true, value: stored() },
      ),
    );
    const typed = { ...fields, text: 'Dear Maria, the refund' };
    expect((await compose.save(typed))?.ok).toBe(false);
    const refused = await compose.unsaved(fields.interactionId);
    expect(refused).toMatchObject(typed);
    expect(refused?.updatedAt).toBeGreaterThan(0);
    expect(compose.keptCount()).toBe(1);
    full = false;
    expect((await compose.save(typed))?.ok).toBe(true);
    expect(await compose.unsaved(fields.interactionId)).toBeUndefined();
    expect(compose.keptCount()).toBe(0);
  });

  it('keeps nothing of a save refused after the agent signed out: the next agent never opens it', async () => {
    const compose = useComposeStore();
    const saving = deferred<unknown>();
    fake.api.answer('switchboard:drafts:save', () => saving.promise);
    // The composer's last save as the desk closes, answered after sign-out cleared the store.
    const last = compose.save({ ...fields, text: 'Dear Maria, private' });
    compose.clear();
    saving.resolve({ ok: false, error: { kind: 'internal', message: 'database or disk is full' } });
    expect((await last)?.ok).toBe(false);
    expect(await compose.unsaved(fields.interactionId)).toBeUndefined();
    expect(compose.keptCount()).toBe(0);
    // As the desk closes: it clears the store, then the composer's last save starts.
    const opened = compose.generation();
    compose.clear();
    fake.api.answer('switchboard:drafts:save', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'internal', message: 'database or disk is full' },
      }),
    );
    expect((await compose.save({ ...fields, text: 'Dear Maria, private' }, opened))?.ok).toBe(
      false,
    );
    expect(await compose.unsaved(fields.interactionId)).toBeUndefined();
    expect(compose.keptCount()).toBe(0);
  });

  it("keeps the next agent's draft that has the id of one sent before sign-out (another server)", async () => {
    const compose = useComposeStore();
    fake.api.answer('switchboard:drafts:save', () =>
      Promise.resolve({ ok: true, value: stored() }),
    );
    const opened = compose.generation();
    expect((await compose.sendDraft(fields)).ok).toBe(true);
    // A late save of the sent draft is still refused, after sign-out too.
    compose.clear();
    expect(await compose.save({ ...fields, text: 'typed on' }, opened)).toBeNull();
    // Another agent signs in to another server, whose ids are its own: a draft of the same id
    // there is kept as typed.
    expect(await compose.save({ ...fields, text: 'Dear Bo' })).toMatchObject({ ok: true });
  });

  it(`remembers the latest ${String(LEFT_DRAFTS_KEPT)} drafts sent, not every one of the shift`, async () => {
    const compose = useComposeStore();
    fake.api.answer('switchboard:drafts:save', () =>
      Promise.resolve({ ok: true, value: stored() }),
    );
    const draftsOfTheShift = 3 * LEFT_DRAFTS_KEPT;
    for (let n = 0; n < draftsOfTheShift; n++) {
      const sent = await compose.sendDraft({ ...fields, interactionId: `draft-${String(n)}` });
      expect(sent.ok).toBe(true);
    }
    expect(compose.keptCount()).toBe(LEFT_DRAFTS_KEPT);
    // The latest ones still refuse a late save; the first of the shift is long forgotten.
    const last = { ...fields, interactionId: `draft-${String(draftsOfTheShift - 1)}` };
    expect(await compose.save(last)).toBeNull();
    expect(await compose.save({ ...fields, interactionId: 'draft-0' })).toMatchObject({ ok: true });
  });

  it('forgets the kind of each draft started here once it ended, however it ended', async () => {
    // No view starts anything: the store follows the drafts' ends while it has kinds to forget.
    const compose = useComposeStore();
    let serial = 0;
    const newDraft = () => Promise.resolve({ ok: true, value: `draft-${String(serial++)}` });
    fake.api.answer('switchboard:interactions:reply', newDraft);
    fake.api.answer('switchboard:interactions:replyAll', newDraft);
    // A shift's replies that end without a Send or Cancel of this desk going through: placed in
    // a workbin, closed elsewhere, or sent by main's follow-up of a Send left in doubt.
    const endedElsewhere = 300;
    for (let n = 0; n < endedElsewhere; n++) {
      await compose.respond('reply', email('mail-1'));
      fake.api.emitChanges({
        interactions: [
          sampleHead(`draft-${String(n)}`, 'Completed', n + 10, {
            channel: 'email',
            type: 'Outbound',
            subType: 'OutboundReply',
          }),
        ],
      });
    }
    expect(compose.keptCount()).toBe(0);
    // One still being written keeps its kind: Reply all, which its fields alone do not tell.
    await compose.respond('replyAll', email('mail-1'));
    const open = { ...email(`draft-${String(endedElsewhere)}`), parentId: 'mail-1' };
    expect(compose.kindOf(open)).toBe('replyAll');
    expect(compose.keptCount()).toBe(1);
    // Its end is followed too, though the store let go of main's change sets when it had no kind
    // left to forget.
    fake.api.emitChanges({
      interactions: [
        sampleHead(open.id, 'Completed', endedElsewhere + 10, {
          channel: 'email',
          type: 'Outbound',
          subType: 'OutboundReply',
        }),
      ],
    });
    expect(compose.keptCount()).toBe(0);
  });

  it('says a reply over with no copy sent was not sent from here, but not while it is being sent', async () => {
    const compose = useComposeStore();
    const reply = {
      ...email('draft-1'),
      type: 'Outbound',
      subType: 'OutboundReply',
      phase: 'ended' as const,
      state: 'Completed',
    };
    // The server may announce the draft ended before it answers Send…
    const sending = deferred<unknown>();
    fake.api.answer('switchboard:drafts:send', () => sending.promise);
    const sent = compose.sendDraft(fields);
    expect(compose.notSentFromHere(reply)).toBe(false);
    // …and main stores the sent copy before it answers: then it says when it went.
    sending.resolve({ ok: true, value: undefined });
    await sent;
    const sentCopy = { from: 'support@example.com', to: [], cc: [], attachments: [], text: 'Hi' };
    expect(compose.notSentFromHere({ ...reply, email: { ...sentCopy, sentAt: 9 } })).toBe(false);
    // A reply that ended otherwise (cancelled, closed unsent) was not sent from here.
    expect(compose.notSentFromHere({ ...reply, id: 'draft-2' })).toBe(true);
    // Still being written, or the customer's own e-mail: nothing to say.
    expect(compose.notSentFromHere({ ...reply, id: 'draft-2', phase: 'working' })).toBe(false);
    expect(compose.notSentFromHere({ ...email('mail-1'), phase: 'ended', type: 'Inbound' })).toBe(
      false,
    );
  });
});
