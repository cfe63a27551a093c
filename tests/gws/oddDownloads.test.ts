import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import type { OddAnswer } from '../../simulator/runtime';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// What stands in front of GWS answers a download oddly with HTTP 200, as it answers REST reads
// (oddRestAnswers.test.ts): a proxy's or a portal's HTML page in place of the file. Such a page
// was stored as the customer's contract.pdf, downloaded for good: never fetched again, opened
// as a damaged PDF. The real client and cache against the simulator.

const startClient = useClientWithCache();

it.each<OddAnswer>(['htmlPage', 'cutShort'])(
  '%s: never takes the answer for the file, and stores the file at the next try',
  async (oddity) => {
    const { simulator, session, writer, warnings } = await startClient({
      folderPrefix: 'switchboard-odd-download-',
      downloadRetryDelaysMs: [100, 100],
    });
    expect((await session.signIn()).ok).toBe(true);
    await eventually(() => session.status.state === 'connected', 'connected');
    const operations = createOperations(session.requester);
    expect((await operations.setReady()).ok).toBe(true);
    const contract = Buffer.from('%PDF-1.4 the signed contract, page after page');
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'The contract',
      text: 'Signed.',
      attachments: [{ name: 'contract.pdf', mimeType: 'application/pdf', bytes: contract }],
    });
    await eventually(() => writer.interaction(id) !== undefined, 'the invitation');
    simulator.control.answerOddly(`/me/interactions/${id}/attachments/`, [oddity]);
    expect((await operations.accept(id)).ok).toBe(true);
    const file = () => writer.interaction(id)?.attachments[0];
    await eventually(() => file()?.localPath !== undefined, 'the file stored');
    await writer.downloadsIdle();
    expect(readFileSync(file()?.localPath ?? '', 'latin1')).toBe(contract.toString('latin1'));
    expect(warnings.some((line) => line.includes('download failed'))).toBe(true);
  },
);
