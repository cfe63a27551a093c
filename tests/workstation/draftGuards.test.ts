import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contract } from '../../common/contract';
import type { DraftFields } from '../../common/model';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// The draft calls act on the agent's own drafts only, whatever id the page sends: through the
// contract as the page calls it, against the real desk, cache and simulator. (An attack review
// removed a customer's file from a received e-mail with `drafts.removeAttachment`: the server's
// document, the cache's row and the kept file, all gone.)

const harness = useSimulator();
const desks = useSignedInDesks();
const QUIET = { error: () => undefined, warn: () => undefined };

const fieldsFor = (interactionId: string): DraftFields => ({
  interactionId,
  kind: 'reply',
  to: 'ann@example.com',
  cc: '',
  bcc: '',
  subject: 'Re: Contract',
  text: 'Thanks',
  attachments: [],
});

describe('draft calls on an interaction that is no draft of the agent', () => {
  it('refuse a received e-mail: its file stays on the server, in the cache and on disk', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const call = createDispatcher(contract, desk.handlers, QUIET);
    const id = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'The signed copy is attached.',
      attachments: [
        { name: 'signed.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 signed') },
      ],
    });
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, undefined);
    const keptFile = async () => (await desk.handlers.interactions.get(id))?.attachments[0];
    await expect.poll(async () => (await keptFile())?.localPath).toBeDefined();
    const file = await keptFile();
    if (file?.localPath === undefined) throw new Error('the file was not kept');

    const removed = await call.get('switchboard:drafts:removeAttachment')?.([
      fieldsFor(id),
      file.id,
    ]);
    // Coded, so that the desk words it in its language (was: main's English sentence).
    const notADraft = { ok: false, error: { kind: 'invalidState', code: 'notADraft' } };
    expect(removed).toMatchObject(notADraft);
    const saved = await call.get('switchboard:drafts:save')?.([fieldsFor(id)]);
    expect(saved).toMatchObject(notADraft);
    const cancelled = await call.get('switchboard:drafts:cancel')?.([id]);
    expect(cancelled).toMatchObject(notADraft);
    // An interaction the cache does not hold, the same.
    expect(
      await call.get('switchboard:interactions:saveTranscript')?.(['0000NOSUCHID', 'text']),
    ).toMatchObject({ ok: false, error: { kind: 'notFound', code: 'interactionNotCached' } });

    const kept = await desk.handlers.interactions.get(id);
    expect(kept?.attachments.map((attachment) => attachment.name)).toEqual(['signed.pdf']);
    await expect(access(file.localPath)).resolves.toBeUndefined();
    expect(simulator.world.interactions.get(id)?.email?.attachments.map((a) => a.name)).toEqual([
      'signed.pdf',
    ]);
    expect(desk.handlers.drafts.get(id)).toBeNull();
  });
});
