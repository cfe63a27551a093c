import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar } from 'tough-cookie';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../common/contract';
import { GwsHttpClient } from './http';
import { createOperations } from './operations';

// Ids become segments of REST paths. encodeURIComponent leaves `.` and `..` as they are and the
// URL parser reads them as "here" and "up": an attack review sent `DELETE /api/v2/me/` for the
// attachment `..` of the interaction `..`. A loopback server records what arrives.

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (server)
      server.close(() => {
        resolve();
      });
    else resolve();
  });
  server = undefined;
});

async function recordingServer(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((request, response) => {
    seen.push(`${request.method ?? '?'} ${request.url ?? '?'}`);
    request.resume();
    response.setHeader('content-type', 'application/json');
    response.end('{"statusCode":0}');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

describe('an id of . or ..', () => {
  it('is refused by the contract, as an interaction, a document or a channel', () => {
    for (const id of ['.', '..']) {
      expect(contract.attachments.open.args.safeParse([id, 'doc-1']).success).toBe(false);
      expect(contract.attachments.open.args.safeParse(['mail-1', id]).success).toBe(false);
      expect(contract.interactions.stopProcessing.args.safeParse([id]).success).toBe(false);
    }
    // Dots inside an id are an id's own business.
    expect(contract.attachments.open.args.safeParse(['mail.1', '...']).success).toBe(true);
  });

  it('never sends a request to another resource, however the operation is called', async () => {
    const { url, seen } = await recordingServer();
    const http = new GwsHttpClient({
      serverUrl: url,
      credentials: { userName: 'agent1', password: 'demo' },
      jar: new CookieJar(),
    });
    const ops = createOperations(http, { apiUrl: `${url}/api/v2` });
    const answers = [
      await ops.deleteAttachment('..', '..'),
      await ops.stopProcessing('..'),
      await ops.getInteraction('.'),
      // As main calls them with arguments it parsed itself (a document id the server gave).
      await ops.withParsedArgs.deleteAttachment('mail-1', '..'),
      await ops.withParsedArgs.downloadAttachment('..', 'doc-1'),
      await ops.withParsedArgs.setChannelState('..', 'Ready'),
    ];
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.kind))).toEqual(
      answers.map(() => 'invalidArgument'),
    );
    expect(seen).toEqual([]);
    // An ordinary id still goes where it should.
    await ops.deleteAttachment('mail.1', 'doc-1');
    expect(seen).toEqual(['DELETE /api/v2/me/interactions/mail.1/attachments/doc-1']);
  });
});
