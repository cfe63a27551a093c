import type { SimAttachment, SimEmail, SimInteraction } from '../model';
import {
  GwsFailure,
  invalidState,
  optionalBoolean,
  optionalString,
  requireChannel,
  requireHandledBy,
  requireKnownQueue,
  requireState,
  StatusCode,
  type InteractionOperation,
  type MeOperation,
  type OperationContext,
  type RequestBody,
} from './types';

/** The contact center's mailbox: the sender of e-mails an agent creates from nothing. */
const DEFAULT_MAILBOX = 'support@switchboard.example';

/** Where an outbound e-mail waits while the agent composes it, when the request names none. */
const DEFAULT_OUT_QUEUE = 'SimpleEmailOutQueue';

/**
 * The queue a request names (`queueName`), which must be one the contact center has, as
 * PlaceInQueue's must (6), and not blank (1); undefined when it names none.
 */
function namedQueue(context: OperationContext, body: RequestBody): string | undefined {
  const queue = optionalString(body, 'queueName');
  if (queue === undefined) return undefined;
  if (queue.trim() === '')
    throw new GwsFailure(StatusCode.missingParameter, "Parameter 'queueName' must not be empty");
  return requireKnownQueue(context, queue);
}

/** The e-mail content of an e-mail interaction; any other channel is invalid here (code 2). */
function emailOf(interaction: SimInteraction): SimEmail {
  requireChannel(interaction, 'email');
  if (interaction.email === null) throw invalidState(`Interaction ${interaction.id} has no e-mail`);
  return interaction.email;
}

/**
 * A list of addresses from a request: a string with `,` or `;` between addresses (as e-mail
 * headers write them) or an array of such strings. Anything else is a malformed parameter.
 */
function addressList(value: unknown, name: string): string[] {
  const parts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(parts) || !parts.every((part): part is string => typeof part === 'string')) {
    throw new GwsFailure(
      StatusCode.missingParameter,
      `Parameter '${name}' must be a string of addresses`,
    );
  }
  return parts
    .flatMap((part) => part.split(/[,;]/))
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface QuoteOptions {
  readonly replyToStartLine: string | undefined;
  readonly indentCharacter: string | undefined;
}

/**
 * The original text as a reply quotes it (002 Reply: "pre-pended by replyToStartLine and
 * modified with indentCharacter"): the start line, then every original line behind the indent
 * character. Lines end in CRLF, as the reply in 001's sample does.
 */
function quotedText(original: SimEmail, options: QuoteOptions): string {
  const indent = options.indentCharacter;
  const lines = original.text.split(/\r?\n/).map((line) => {
    if (indent === undefined || indent === '') return line;
    return line === '' ? indent : `${indent} ${line}`;
  });
  const startLine = options.replyToStartLine;
  return [...(startLine === undefined || startLine === '' ? [] : [startLine]), ...lines].join(
    '\r\n',
  );
}

/** The HTML counterpart of `quotedText`: the original body in a blockquote (001's sample). */
function quotedHtml(originalHtml: string, options: QuoteOptions): string {
  const bodyMatch = /<body[^>]*>([\s\S]*)<\/body>/i.exec(originalHtml);
  const inner = bodyMatch?.[1] ?? originalHtml;
  const startLine = options.replyToStartLine;
  const heading =
    startLine === undefined || startLine === '' ? '' : `<p>${escapeHtml(startLine)}</p>`;
  return `<html><body>${heading}<blockquote>${inner}</blockquote></body></html>`;
}

type ReplyKind = 'Reply' | 'ReplyAll' | 'Forward';

/**
 * Reply, ReplyAll and Forward (002; 003 "Interactions On E-mail Channel"). Each creates an
 * outbound e-mail owned by the agent in state ReplyCreated, child of the original and in its
 * thread, announces it with the "E-mail Reply Created" notification after the HTTP answer (the
 * operation is asynchronous), and answers `replyInteractionId` (with `documentedDraftAnswers`,
 * as 002 documents them: Reply's answer names no draft, and no draft names its original).
 */
function createReply(
  kind: ReplyKind,
  context: OperationContext,
  original: SimInteraction,
  body: RequestBody,
): Record<string, unknown> {
  const email = emailOf(original);
  requireHandledBy(original, context.user.userName);
  requireState(original, 'Accepted');

  const subjectPrefix = optionalString(body, 'subjectPrefix') ?? '';
  const quoteOptions: QuoteOptions = {
    replyToStartLine: optionalString(body, 'replyToStartLine'),
    indentCharacter: optionalString(body, 'indentCharacter'),
  };
  // 002 gives ReplyAll's quoteOriginal a default of true; Reply's body is "empty unless
  // quoteOriginal is set to true", and Forward differs from Reply only in its recipient.
  const quoteOriginal = optionalBoolean(body, 'quoteOriginal') ?? kind === 'ReplyAll';
  const queue =
    namedQueue(context, body) ?? Object.keys(original.outQueues)[0] ?? DEFAULT_OUT_QUEUE;

  // The mailbox the customer wrote to is the one the answer comes from.
  const mailbox = email.to[0] ?? DEFAULT_MAILBOX;
  let to: string[];
  let cc: string[] = [];
  if (kind === 'Forward') {
    // 002: "Forward sends an e-mail to an e-mail address that is provided by an Agent". The
    // documented request carries none, so the address may also come later, with Send.
    const given = body.toAddress ?? body.to;
    to = given === undefined || given === null ? [] : addressList(given, 'toAddress');
  } else {
    to = [email.from];
  }
  if (kind === 'ReplyAll') {
    // 002: "CCAddresses equal to CCAddresses-from-original-email", less our own mailbox and the
    // customer, who is already the recipient.
    cc = email.cc.filter(
      (address) => !sameAddress(address, mailbox) && !sameAddress(address, email.from),
    );
  }

  // A forward carries the original's documents along, as copies the draft owns.
  const attachments: SimAttachment[] =
    kind === 'Forward'
      ? email.attachments.map((attachment) => ({ ...attachment, id: context.world.nextId() }))
      : [];
  const subject = subjectPrefix + email.subject;
  const reply = context.world.createOwned(context.user.userName, 'email', {
    type: 'Outbound',
    subType: kind === 'Forward' ? 'OutboundNew' : 'OutboundReply',
    queue,
    subject,
    parentId: context.documentedDraftAnswers ? null : original.id,
    threadId: original.threadId,
    email: {
      from: mailbox,
      fromPersonal: '',
      to,
      cc,
      bcc: [],
      subject,
      text: quoteOriginal ? quotedText(email, quoteOptions) : '',
      html: quoteOriginal && email.html !== null ? quotedHtml(email.html, quoteOptions) : null,
      comment: '',
      attachments,
    },
  });
  const userName = context.user.userName;
  context.later(() => {
    context.world.notify(userName, reply, 'ReplyCreated');
  });
  // 002 documents Reply's answer as `{"status":"ok"}` alone; ReplyAll's and Forward's name it.
  return context.documentedDraftAnswers && kind === 'Reply' ? {} : { replyInteractionId: reply.id };
}

/** The outbound e-mail must be a draft (ReplyCreated) of the calling agent. */
function requireOwnDraft(context: OperationContext, interaction: SimInteraction): SimEmail {
  const email = emailOf(interaction);
  if (interaction.owner !== context.user.userName) {
    throw invalidState(`Interaction ${interaction.id} is not owned by ${context.user.userName}`);
  }
  requireState(interaction, 'ReplyCreated');
  return email;
}

function optionalField(source: Record<string, unknown>, name: string): string | undefined {
  const value = source[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new GwsFailure(
      StatusCode.missingParameter,
      `Parameter 'email_object.${name}' must be a string`,
    );
  }
  return value;
}

function optionalAddresses(source: Record<string, unknown>, name: string): string[] | undefined {
  const value = source[name];
  if (value === undefined || value === null) return undefined;
  return addressList(value, `email_object.${name}`);
}

/**
 * Send (002): the draft, updated with the request's `email_object`, leaves the contact center.
 * Everything is checked before anything changes: a failed request modifies nothing (003,
 * "Return Values").
 */
function send(
  context: OperationContext,
  interaction: SimInteraction,
  body: RequestBody,
): undefined {
  const email = requireOwnDraft(context, interaction);
  const queue = namedQueue(context, body);
  const rawUpdate = body.email_object;
  if (
    rawUpdate !== undefined &&
    rawUpdate !== null &&
    (typeof rawUpdate !== 'object' || Array.isArray(rawUpdate))
  ) {
    throw new GwsFailure(StatusCode.missingParameter, "Parameter 'email_object' must be an object");
  }
  const update = (rawUpdate ?? {}) as Record<string, unknown>;
  const to = optionalAddresses(update, 'toAddress') ?? email.to;
  const cc = optionalAddresses(update, 'ccAddress') ?? email.cc;
  const bcc = optionalAddresses(update, 'bccAddress') ?? email.bcc;
  const subject = optionalField(update, 'subject') ?? email.subject;
  const text = optionalField(update, 'text') ?? email.text;
  const from = optionalField(update, 'fromAddress') ?? email.from;
  if (to.length === 0) {
    throw new GwsFailure(
      StatusCode.missingParameter,
      "Missing required parameter 'email_object.toAddress'",
    );
  }
  if (from.trim() === '') {
    throw new GwsFailure(
      StatusCode.missingParameter,
      "Missing required parameter 'email_object.fromAddress'",
    );
  }
  Object.assign(email, { to, cc, bcc, subject, text, from });
  interaction.subject = subject;
  if (queue !== undefined) interaction.queue = queue;
  context.world.sent.push({
    interactionId: interaction.id,
    parentId: interaction.parentId ?? undefined,
    subType: interaction.subType,
    queue: interaction.queue,
    sentBy: context.user.userName,
    from,
    to: [...to],
    cc: [...cc],
    bcc: [...bcc],
    subject,
    text,
    attachments: email.attachments.map((file) => ({ name: file.name, size: file.bytes.length })),
    at: Date.now(),
  });
  context.world.complete(interaction);
  return undefined;
}

/**
 * CancelReplyEmail (002): the draft is thrown away. Its agent hears it end (Completed) and it
 * is gone from the world, so neither `/me/interactions` nor `/interactions/{id}` knows it.
 */
function cancelReply(context: OperationContext, interaction: SimInteraction): undefined {
  requireOwnDraft(context, interaction);
  context.world.complete(interaction);
  context.world.interactions.delete(interaction.id);
  return undefined;
}

/** E-mail operations on an interaction (002, and 003 "Interactions On E-mail Channel"). */
export const emailOperations: Readonly<Record<string, InteractionOperation>> = {
  Reply: (context, interaction, body) => createReply('Reply', context, interaction, body),
  ReplyAll: (context, interaction, body) => createReply('ReplyAll', context, interaction, body),
  Forward: (context, interaction, body) => createReply('Forward', context, interaction, body),
  Send: send,
  CancelReplyEmail: cancelReply,
  // 002's operation table calls it CancelReply, and the ReplyCreated capabilities list Cancel.
  CancelReply: cancelReply,
  Cancel: cancelReply,
};

/**
 * CreateEmail (002): a new outbound e-mail of the agent's own, announced like a reply
 * ("E-mail Reply Created") and answered as a POST that creates a resource: `id` and `uri` (003,
 * "Return Values"); with `documentedDraftAnswers`, `{"status":"ok"}` alone, as 002 documents it.
 */
const createEmail: MeOperation = (context, body) => {
  const userName = context.user.userName;
  const agent = context.world.agent(userName);
  if (!agent.sessionStarted) throw invalidState(`${userName} has no contact center session`);
  if (!agent.channels.has('email')) throw invalidState(`${userName} has no e-mail channel`);
  const queue = namedQueue(context, body) ?? DEFAULT_OUT_QUEUE;
  const type = optionalString(body, 'interactionType') ?? 'Outbound';
  const subType = optionalString(body, 'interactionSubType') ?? 'OutboundNew';
  if (type.trim() === '' || subType.trim() === '') {
    throw new GwsFailure(
      StatusCode.missingParameter,
      'interactionType and interactionSubType must not be empty',
    );
  }
  const created = context.world.createOwned(userName, 'email', {
    type,
    subType,
    queue,
    subject: '',
    email: {
      from: DEFAULT_MAILBOX,
      fromPersonal: '',
      to: [],
      cc: [],
      bcc: [],
      subject: '',
      text: '',
      html: null,
      comment: '',
      attachments: [],
    },
  });
  context.later(() => {
    context.world.notify(userName, created, 'ReplyCreated');
  });
  if (context.documentedDraftAnswers) return {};
  return { id: created.id, uri: `${context.apiBase}/interactions/${created.id}` };
};

/** `POST /me/interactions` e-mail operations (CreateEmail). */
export const emailCollectionOperations: Readonly<Record<string, MeOperation>> = {
  CreateEmail: createEmail,
};
