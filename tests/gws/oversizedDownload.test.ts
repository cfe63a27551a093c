import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// An attachment's bytes were gathered in memory without a bound: a server announcing, or
// streaming, a file without end grew the main process until it died. A file over the bound
// (`maxDownloadBytes`; 150 MiB shipped) is now refused, once, and said too large for good (one
// warning, the attachment left not downloaded), nothing of it reaches the attachments
// folder, and the rest of the desk's work goes on. The real client and cache against the
// simulator, which announces each file's length.

const startClient = useClientWithCache();

const BOUND = 256 * 1024;

/** `length` bytes of every value, in no pattern a store could shortcut. */
function binary(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1)
    bytes[index] = (index * 131 + seed + (index >> 8)) & 0xff;
  return bytes;
}

/** Every file under `folder`, hidden ones (a temp `.part`) too, relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

it('refuses an attachment over the bound, keeps nothing of it, stores the one beside it and goes on', async () => {
  const { simulator, session, writer, folder, warnings } = await startClient({
    folderPrefix: 'switchboard-oversized-download-',
    maxDownloadBytes: BOUND,
    downloadRetryDelaysMs: [],
  });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const operations = createOperations(session.requester);
  expect((await operations.setReady()).ok).toBe(true);

  const video = binary(BOUND + 64 * 1024, 7);
  const scan = binary(BOUND, 3);
  const id = simulator.control.receiveEmail({
    from: 'maria@example.com',
    subject: 'Damage',
    text: 'The video and the scan.',
    attachments: [
      // No size stated: the client's bound refuses it (a stated one: see attachments.test.ts).
      { name: 'unboxing.mp4', mimeType: 'video/mp4', bytes: video, statedSize: null },
      { name: 'scan.png', mimeType: 'image/png', bytes: scan },
    ],
  });
  await eventually(() => writer.interaction(id) !== undefined, 'the invitation');
  expect((await operations.accept(id)).ok).toBe(true);
  const file = (name: string) =>
    writer.interaction(id)?.attachments.find((attachment) => attachment.name === name);
  await eventually(() => file('scan.png')?.localPath !== undefined, 'the scan stored');
  await writer.downloadsIdle();

  expect(readFileSync(file('scan.png')?.localPath ?? '').equals(scan)).toBe(true);
  expect(file('unboxing.mp4')?.localPath).toBeUndefined();
  // Said too large, for good: not failed, nothing waiting to try it again.
  expect(writer.interaction(id)?.downloads).toEqual({
    [file('unboxing.mp4')?.id ?? '']: {
      phase: 'tooLarge',
      limitBytes: BOUND,
      sizeBytes: video.length,
    },
  });
  const refused = warnings.filter((line) => line.includes('larger than 256 kB'));
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatch(
    /^attachment \S+ of \S+: download failed \(network: GET \S+: the file is 320 kB, larger than 256 kB; not downloaded\)$/u,
  );
  // Only the scan's file: nothing of the video, no temp file left behind.
  const attachments = join(folder, 'attachments');
  expect(filesUnder(attachments)).toEqual([
    file('scan.png')?.localPath?.slice(attachments.length + 1),
  ]);

  // The desk goes on: connected, and what comes next is in the cache.
  expect(session.status.state).toBe('connected');
  const next = simulator.control.receiveEmail({
    from: 'tom@example.com',
    subject: 'Receipt',
    text: 'Here it is.',
    attachments: [{ name: 'receipt.pdf', mimeType: 'application/pdf', bytes: binary(1000, 1) }],
  });
  await eventually(() => writer.interaction(next) !== undefined, 'the next e-mail');
  expect((await operations.accept(next)).ok).toBe(true);
  await eventually(
    () => writer.interaction(next)?.attachments[0]?.localPath !== undefined,
    "the next e-mail's file stored",
  );
});
