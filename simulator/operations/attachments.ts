import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { SimAttachment, SimInteraction } from '../model';
import { visibleInteraction } from './interactions';
import {
  GwsFailure,
  invalidState,
  notFound,
  requireHandledBy,
  StatusCode,
  type Route,
  type RouteContext,
} from './types';

/** Largest attachment the simulator takes: a common limit of mail servers. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The multipart field the file must be bound to (003, Attachments API). */
const ATTACHMENT_FIELD = 'attachment';

/** Longest name, in characters, that a download's Content-Disposition repeats. */
const MAX_HEADER_NAME_LENGTH = 150;

interface Upload {
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

function missing(message: string): GwsFailure {
  return new GwsFailure(StatusCode.missingParameter, message);
}

/**
 * Browsers and fetch's FormData write `"`, CR and LF of a file name as `%22`, `%0D` and `%0A`
 * (HTML's multipart/form-data encoding); undoing it gives the name the agent chose back.
 */
function decodeFormFileName(name: string): string {
  return name.replace(/%22/gi, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

/**
 * Reads the one file bound to `attachment` from a multipart/form-data request. The whole body is
 * read even when the file is too large, so that the client gets the answer instead of a reset
 * connection in the middle of its upload.
 */
function readUpload(request: IncomingMessage): Promise<Upload> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // Keep the name as the client sent it (directories and all): the name is only data here,
      // and the desktop must see hostile names to prove it handles them.
      preservePath: true,
      defParamCharset: 'utf8',
      // busboy reports its limit once a file reaches it, so one byte more tells "too large".
      limits: { fileSize: MAX_ATTACHMENT_BYTES + 1 },
    });
  } catch {
    request.resume();
    return Promise.reject(
      missing(`The request must be multipart/form-data with the file in '${ATTACHMENT_FIELD}'`),
    );
  }
  return new Promise((resolve, reject) => {
    let upload: Upload | undefined;
    let tooLarge = false;
    let settled = false;
    const fail = (failure: GwsFailure) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      request.resume();
      reject(failure);
    };
    parser.on('file', (field, stream, info) => {
      // A body cut short fails the file stream too; the parser's own error answers for both.
      stream.on('error', () => undefined);
      if (field !== ATTACHMENT_FIELD || upload !== undefined || tooLarge) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        if (tooLarge) return;
        const name = decodeFormFileName(info.filename ?? '');
        upload = {
          name: name.trim() === '' ? ATTACHMENT_FIELD : name,
          mimeType: info.mimeType,
          bytes: Buffer.concat(chunks),
        };
      });
    });
    parser.on('error', () => {
      fail(missing('The multipart/form-data body is malformed'));
    });
    parser.on('close', () => {
      if (settled) return;
      if (tooLarge) {
        fail(missing(`The attachment is larger than ${MAX_ATTACHMENT_BYTES} bytes`));
      } else if (upload === undefined) {
        fail(missing(`Missing required file '${ATTACHMENT_FIELD}'`));
      } else {
        settled = true;
        resolve(upload);
      }
    });
    request.pipe(parser);
  });
}

/** An unpaired UTF-16 surrogate, which no header encoding can carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Shortens a name for a header, keeping a short extension so the type survives. */
function shortened(name: string): string {
  const characters = Array.from(graphemes.segment(name), (part) => part.segment);
  if (characters.length <= MAX_HEADER_NAME_LENGTH) return name;
  const extension = /\.[^.\s]{1,16}$/u.exec(name)?.[0] ?? '';
  return characters.slice(0, MAX_HEADER_NAME_LENGTH - extension.length).join('') + extension;
}

/**
 * `Content-Disposition` for a download: `filename*` (RFC 6266/8187) carries the whole name
 * percent-encoded as UTF-8, `filename` an ASCII stand-in for old clients. Whatever the name
 * holds (quotes, CR/LF, `../`, non-Latin script), the header stays one valid ASCII line.
 */
export function contentDisposition(name: string): string {
  const wellFormed = shortened(name.replace(LONE_SURROGATE, '\uFFFD'));
  const fallback = wellFormed.replace(/[^\x20-\x7e]|["\\/%;]/g, '_');
  const encoded = encodeURIComponent(wellFormed).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\x00-\\x1f\\x7f]*"))*$`,
);

/** The stored MIME type if it is a valid `Content-Type`, otherwise a safe default. */
function contentType(mimeType: string): string {
  return MIME_TYPE.test(mimeType) ? mimeType : 'application/octet-stream';
}

function param(context: RouteContext, index: number): string {
  const value = context.params[index];
  if (value === undefined) throw new Error(`route parameter ${index} missing`);
  return value;
}

function attachmentsOf(interaction: SimInteraction): SimAttachment[] {
  if (interaction.email === null) {
    throw invalidState(`Interaction ${interaction.id} is not an e-mail and has no attachments`);
  }
  return interaction.email.attachments;
}

function findAttachment(interaction: SimInteraction, documentId: string): SimAttachment {
  const attachment = interaction.email?.attachments.find(
    (candidate) => candidate.id === documentId,
  );
  if (!attachment) {
    throw notFound(`Attachment ${documentId} not found on interaction ${interaction.id}`);
  }
  return attachment;
}

/** Attachments API (003): upload, download and delete an interaction's documents. */
export const attachmentRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: /^\/me\/interactions\/([^/]+)\/attachments$/,
    style: 'resource',
    handle: async (context) => {
      let interaction: SimInteraction;
      let attachments: SimAttachment[];
      try {
        interaction = visibleInteraction(context, param(context, 0));
        requireHandledBy(interaction, context.user.userName);
        attachments = attachmentsOf(interaction);
      } catch (failure) {
        // Drain the upload so that the client reads the answer, not a reset connection.
        context.request.resume();
        throw failure;
      }
      const upload = await readUpload(context.request);
      // The interaction may have ended while the upload streamed in.
      if (interaction.state === 'Completed') {
        throw invalidState(`Interaction ${interaction.id} has ended`);
      }
      const documentId = context.world.nextId();
      attachments.push({ id: documentId, ...upload });
      return { kind: 'resource', body: { documentId } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/interactions\/([^/]+)\/attachments\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const interaction = visibleInteraction(context, param(context, 0));
      const attachment = findAttachment(interaction, param(context, 1));
      return {
        kind: 'raw',
        httpStatus: 200,
        headers: {
          'content-type': contentType(attachment.mimeType),
          'content-disposition': contentDisposition(attachment.name),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
        body: attachment.bytes,
      };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/me\/interactions\/([^/]+)\/attachments\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const interaction = visibleInteraction(context, param(context, 0));
      const attachment = findAttachment(interaction, param(context, 1));
      requireHandledBy(interaction, context.user.userName);
      const attachments = attachmentsOf(interaction);
      attachments.splice(attachments.indexOf(attachment), 1);
      return { kind: 'resource', body: {} };
    },
  },
];
