import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AckExtension, CometD, type Message, type SubscriptionHandle } from 'cometd';
import { adapt } from 'cometd-nodejs-client';
import type { CookieJar } from 'tough-cookie';
import type { ConnectionState } from '../../common/model';
import { DEFAULT_MAX_RESPONSE_BYTES, formatBytes, silentLog, type GwsLog } from './http';
import { READ_CHANNELS } from './normalizer';

/**
 * The channels an agent desktop listens to (GWS README; 003, 004): those the normalizer reads,
 * and the voice channels it passes on unread.
 */
export const NOTIFICATION_CHANNELS = [
  READ_CHANNELS.interactions,
  READ_CHANNELS.channels,
  READ_CHANNELS.me,
  READ_CHANNELS.workbins,
  READ_CHANNELS.ucs,
  '/v2/me/calls',
  '/v2/me/devices',
] as const;

// ---- cookies ----------------------------------------------------------------------------
// cometd-nodejs-client takes one, process-wide cookie store in `adapt()`. It hands the store the
// transport's `context` when reading and the request's URL object when writing, so each
// connection puts its jar in its transport's context and the URL object is used to find that
// jar again when the answer sets cookies. Several clients in one process (tests with several
// agents) thus keep separate sessions, and REST and CometD share one jar per client.

interface JarContext {
  readonly cookieJar: CookieJar;
  /** The connection's own pool: see {@link NotificationConnection.forgetIdleConnections}. */
  readonly agent?: HttpAgent;
}

const jarsByRequest = new WeakMap<object, CookieJar>();
let adapted = false;

/**
 * Makes the official CometD client run in Node with the cookie store above, once per process.
 * The only place to adapt it: another `adapt()` in the process (a test's own CometD client)
 * would replace the store and leave every connection's session cookie unsent.
 */
export function adaptCometdToNode(): void {
  if (adapted) return;
  adapted = true;
  adapt({
    cookies: {
      retrieveCookies: (
        context: unknown,
        uri: URL,
        callback: (failure: Error | null, cookies: string[]) => void,
      ) => {
        const { cookieJar: jar, agent } = (context as Partial<JarContext> | undefined) ?? {};
        // The client's requests go on one keep-alive pool for the whole process, which nobody
        // can empty; `uri` is the request's options, asked for cookies just before it is made.
        if (agent) (uri as URL & { agent?: HttpAgent }).agent = agent;
        if (!jar) {
          callback(null, []);
          return;
        }
        jarsByRequest.set(uri, jar);
        jar.getCookieString(uri.href).then(
          (cookies) => {
            callback(null, cookies === '' ? [] : [cookies]);
          },
          (error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)), []);
          },
        );
      },
      storeCookie: (
        uri: URL,
        header: string,
        callback: (failure: Error | null, cookie: unknown) => void,
      ) => {
        const jar = jarsByRequest.get(uri);
        if (!jar) {
          callback(null, null);
          return;
        }
        jar.setCookie(header, uri.href, { ignoreError: true }).then(
          (cookie) => {
            callback(null, cookie);
          },
          (error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)), null);
          },
        );
      },
    },
  });
}

// ---- the connection ----------------------------------------------------------------------

export interface NotificationOptions {
  /** `…/api/v2`; CometD is at `…/api/v2/notifications`. */
  readonly apiUrl: string;
  readonly jar: CookieJar;
  readonly channels?: readonly string[];
  /** Upper bound of the client's back-off between reconnection attempts. */
  readonly maxBackoffMs?: number;
  /** How long past the server's long-poll timeout a silent connection counts as broken. */
  readonly maxNetworkDelayMs?: number;
  /** GWS 8.5 is long-polling; a deployment may enable WebSocket. */
  readonly websocket?: boolean;
  readonly log?: GwsLog;
  /**
   * Headers for every long-polling request, asked for each one (the REST client's
   * `csrfHeaders('POST')`: the CSRF token, which a renewed HTTP session changes).
   */
  readonly headers?: () => Readonly<Record<string, string>>;
  /**
   * The most bytes one CometD answer may bring (default {@link DEFAULT_MAX_RESPONSE_BYTES}): the
   * client holds an answer in one string, unbounded, so a server or proxy streaming without end
   * would grow the main process until V8's string limit threw. Past it the answer is cut off.
   */
  readonly maxResponseBytes?: number;
}

/** The long-polling transport's one way out: its packets carry the configured headers. */
interface HeaderPacket {
  readonly headers?: Readonly<Record<string, string>>;
}

export interface NotificationHandlers {
  /** A message on one of the subscribed channels. Must not throw; errors are caught and logged. */
  message(channel: string, data: unknown): void;
  /** The link changed state. */
  status(state: ConnectionState, reason: string): void;
  /**
   * The subscriptions were made again after notifications may have gone unheard: a handshake
   * after the first, or subscriptions that had failed, confirmed now. State must be re-read.
   */
  resubscribed(): void;
  /** The server refused the handshake (session gone): the caller should sign in again. */
  denied(reason: string): void;
  /**
   * A long poll was refused at the HTTP level (401 or 403: the HTTP session it names expired, or
   * its CSRF token with it): the caller should renew the HTTP session, which the next poll then
   * carries. The CometD session itself may be fine.
   */
  refused?(): void;
}

/** The client's back-off between reconnection attempts grows by this much, up to its maximum. */
const BACKOFF_INCREMENT_MS = 1000;
const DEFAULT_MAX_BACKOFF_MS = 5000;

/** How many consecutive failed connects before a reconnecting link is reported offline. */
const FAILURES_BEFORE_OFFLINE = 3;

/** The first wait before failed subscriptions are asked for again; it doubles, up to the maximum back-off. */
const FIRST_RESUBSCRIBE_MS = 250;

/**
 * Failed subscription rounds in a row on one handshake after which the connection handshakes
 * afresh instead of asking again: a server-side session can be half broken, and a new one is
 * the stronger recovery.
 */
const SUBSCRIBE_ROUNDS_BEFORE_HANDSHAKE = 3;

/**
 * The longest wait before a fresh handshake of a subscribing streak (the waits double from the
 * maximum back-off) or of handshakes no poll held (from the back-off increment): a server that
 * keeps refusing is neither hammered nor fills the log.
 */
const MAX_HANDSHAKE_AFRESH_MS = 60_000;

/** The client's own `maxNetworkDelay` when none is configured (cometd's default). */
const CLIENT_MAX_NETWORK_DELAY_MS = 10_000;

/**
 * The CometD side of a GWS session, on the official `cometd` client with
 * `cometd-nodejs-client`. Subscriptions are (re)made from the `/meta/handshake` listener —
 * after a re-handshake the client has dropped them — exactly once per handshake; `/meta/*`
 * outcomes become a typed connection state.
 */
export class NotificationConnection {
  private readonly cometd: CometD;
  private readonly channels: readonly string[];
  private readonly log: GwsLog;
  private handshakes = 0;
  private consecutiveFailures = 0;
  /**
   * Whether the last failed connect was a `402` forgiven (it only asks for a handshake): the
   * next one, with no working poll between, counts.
   */
  private handshakeAsked = false;
  private state: ConnectionState = 'signedOut';
  /** The reason last told with {@link state}. */
  private reason = '';
  private closing = false;
  /**
   * When the desk dropped the long poll under way itself ({@link pollAfresh}), by
   * `performance.now()`: that poll's failure, which comes at once, is no failure of the network,
   * and neither counts nor changes the state. Bounded in time, since there may have been no poll
   * to drop (between two polls): a failure that comes later is the network's.
   */
  private pollDroppedAt: number | undefined;
  /** This connection's keep-alive pool, its long polls' alone. */
  private readonly agent: HttpAgent;
  /**
   * Why the last answer was cut off ({@link boundAnswers}), until the client has been told what
   * to do about the failure it made: the failure's reason, and the cue to handshake afresh.
   */
  private answerCut: string | undefined;
  /** Subscriptions made per channel since this connection was created (for tests and logs). */
  readonly subscribeCounts = new Map<string, number>();
  private readonly maxBackoffMs: number;
  /** Whether the last long poll was answered: with every subscription confirmed, connected. */
  private pollsAnswered = false;
  /**
   * The channels the server has not confirmed a subscription to since the last handshake: until
   * it has, the desk would hear nothing on them though its polls work.
   */
  private readonly unconfirmed = new Set<string>();
  /** The channels whose subscription failed, to be asked for again after a back-off. */
  private readonly failedSubscriptions = new Set<string>();
  /**
   * Subscribing that has failed since it last held, across the handshakes made meanwhile: its
   * failures are failed rounds (the back-off grows with them). Only its first failure and fresh
   * handshakes are warnings.
   */
  private subscribeStreak: SubscribeStreak | undefined;
  /**
   * Successful handshakes since a long poll last succeeded. A poll failing for a handshake
   * after one that led to no working poll (GWS behind a load balancer without session
   * affinity, a server ending every session) would have the client handshake again at once, a
   * succeeding handshake resetting its back-off: hundreds of requests a second. Past the first,
   * each such handshake waits twice as long as the last (see {@link paceHandshake}).
   */
  private handshakesUnheld = 0;
  /** The handshakes no poll held, in a row: its failures are the paced handshakes. */
  private handshakeStreak: FailureStreak | undefined;
  /** The client's first back-off step, the first pause of {@link handshakeStreak}. */
  private readonly backoffIncrementMs: number;
  /** Whether the client is to handshake afresh at the failure of the poll the desk dropped. */
  private handshakeWanted = false;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  /**
   * How long a subscription may go unconfirmed before it counts as failed: the client calls a
   * subscription back only with a reply carrying its request's id, and times out only the HTTP
   * request, so an answer without that reply (a server or proxy gone wrong) would leave it
   * waiting for good. Twice the network delay: the request may wait behind another that
   * itself takes that long to fail.
   */
  private readonly subscribeReplyMs: number;
  /** The watchdogs of the subscriptions under way ({@link subscribeReplyMs}). */
  private readonly subscribeWatchdogs = new Set<NodeJS.Timeout>();
  /**
   * Makes the handshake the client has put off (a paced one, or one after a failed handshake)
   * at once, while it waits; undefined once it is sent. The client's timer is private, but its
   * failure handler, handed the handshake again with no delay, replaces that timer.
   */
  private handshakeNow: (() => void) | undefined;
  /** Those waiting in {@link whenSubscribed} for every subscription to be confirmed. */
  private readonly subscribedWaiters = new Set<() => void>();

  constructor(
    options: NotificationOptions,
    private readonly handlers: NotificationHandlers,
  ) {
    adaptCometdToNode();
    this.channels = options.channels ?? NOTIFICATION_CHANNELS;
    this.log = options.log ?? silentLog;
    const cometd = new CometD();
    const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.maxBackoffMs = maxBackoff;
    // The client adds a whole increment while under its maximum, so a maximum below the
    // increment (1 s by default) would still wait the increment: 1 s, never the 200 ms asked.
    this.backoffIncrementMs = Math.min(BACKOFF_INCREMENT_MS, maxBackoff);
    this.subscribeReplyMs = 2 * (options.maxNetworkDelayMs ?? CLIENT_MAX_NETWORK_DELAY_MS);
    if (options.websocket !== true) cometd.unregisterTransport('websocket');
    cometd.registerExtension('ack', new AckExtension());
    cometd.registerExtension('pollAdvice', {
      incoming: (message) => reviseAdvice(message, maxBackoff),
      outgoing: (message) => {
        if (message.channel === '/meta/handshake') this.handshakeNow = undefined;
        return message;
      },
    });
    cometd.configure({
      url: `${options.apiUrl}/notifications`,
      logLevel: 'warn',
      maxBackoff,
      backoffIncrement: this.backoffIncrementMs,
      ...(options.maxNetworkDelayMs === undefined
        ? {}
        : { maxNetworkDelay: options.maxNetworkDelayMs }),
    });
    const transport = cometd.findTransport('long-polling') as
      (object & { context?: JarContext; xhrSend?: (packet: HeaderPacket) => unknown }) | null;
    this.agent = options.apiUrl.startsWith('https:')
      ? new HttpsAgent({ keepAlive: true })
      : new HttpAgent({ keepAlive: true });
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    boundAnswers(this.agent, maxResponseBytes, (received) => {
      this.answerCut = `an answer of the server larger than ${formatBytes(maxResponseBytes)}`;
      this.log.warn(
        `notifications: cut off an answer at ${formatBytes(received)}, over the bound of ` +
          `${formatBytes(maxResponseBytes)}; handshaking afresh, then re-reading the server`,
      );
    });
    if (transport) transport.context = { cookieJar: options.jar, agent: this.agent };
    // What the cut-off answer brought is lost, and the server would send its messages again
    // (the ack extension) on the next poll, in an answer as large: a new CometD session drops
    // them, and the re-handshake makes the session re-read the server instead.
    const client = cometd as unknown as TransportFailureHook;
    const onTransportFailure = client.onTransportFailure.bind(cometd);
    client.onTransportFailure = (message, failureInfo, handle) => {
      onTransportFailure(message, failureInfo, (info) => {
        if ((this.answerCut !== undefined || this.handshakeWanted) && info.action === 'retry')
          info.action = 'handshake';
        if (info.action === 'handshake' && message.channel === '/meta/connect')
          info.delay = Math.max(info.delay ?? 0, this.paceHandshake(message));
        this.answerCut = undefined;
        this.handshakeWanted = false;
        this.handshakeNow =
          info.action === 'handshake' && (info.delay ?? 0) > 0
            ? () => {
                handle({ ...info, delay: 0 });
              }
            : undefined;
        handle(info);
      });
    };
    // The client's `requestHeaders` are fixed at `configure`; the CSRF token is not (a sign-in
    // after the session expired brings a new one), so each packet gets them as they are now.
    const { headers } = options;
    const xhrSend = transport?.xhrSend?.bind(transport);
    if (transport && xhrSend && headers)
      transport.xhrSend = (packet) =>
        xhrSend({ ...packet, headers: { ...packet.headers, ...headers() } });
    // A cut-off answer to anything but a handshake or a poll (the subscriptions a handshake
    // sends) fails no request the connection's state follows: its reason ends with that failure
    // here, or it was told as the reason of the next failure, however unrelated and late.
    cometd.addListener('/meta/unsuccessful', (message) => {
      if (message.channel !== '/meta/connect' && message.channel !== '/meta/handshake')
        this.answerCut = undefined;
    });
    cometd.addListener('/meta/handshake', (message) => {
      this.onHandshake(message);
    });
    cometd.addListener('/meta/connect', (message) => {
      this.onConnect(message);
    });
    this.cometd = cometd;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get handshakeCount(): number {
    return this.handshakes;
  }

  /** The CometD client's own status (disconnected, handshaking, connected, …). */
  get cometdStatus(): string {
    return this.cometd.getStatus();
  }

  /** Handshakes and subscribes; resolves once the first handshake has an answer. */
  connect(): Promise<{ ok: true } | { ok: false; reason: string }> {
    this.closing = false;
    this.setState(this.handshakes === 0 ? 'connecting' : 'reconnecting', 'handshake');
    return new Promise((resolve) => {
      this.cometd.handshake((reply) => {
        if (reply.successful) resolve({ ok: true });
        else resolve({ ok: false, reason: describeFailure(reply) });
      });
    });
  }

  /**
   * Resolves once the server has confirmed a subscription to every channel (or after
   * `timeoutMs`, answering false): for a caller that must not miss the first message. Only this
   * connection's own confirmations count, each a reply to its request: a `/meta/subscribe`
   * reply that matches no request (a server or proxy gone wrong) confirms nothing.
   */
  whenSubscribed(timeoutMs: number): Promise<boolean> {
    if (this.allSubscribed()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (subscribed: boolean) => {
        clearTimeout(timer);
        this.subscribedWaiters.delete(onSubscribed);
        resolve(subscribed);
      };
      const onSubscribed = () => {
        finish(true);
      };
      const timer = setTimeout(() => {
        finish(false);
      }, timeoutMs);
      this.subscribedWaiters.add(onSubscribed);
    });
  }

  /** Whether a handshake has subscribed and the server confirmed every subscription since. */
  private allSubscribed(): boolean {
    return this.handshakes > 0 && this.unconfirmed.size === 0 && !this.closing;
  }

  /**
   * Drops the long poll under way, whatever its age, so that the client polls again at once on
   * a new connection: for the OS's resume and the network coming back. After a sleep of any
   * length the poll's connection may be dead without a word (a network changed meanwhile), and
   * the client's timer, which counts awake time only, would wait out the whole poll (the
   * server's timeout plus the network delay: 35 s against the simulator), the desk saying
   * `connected` and hearing nothing; a notification the server sent on it meanwhile comes again
   * on the next poll (the ack extension). A server that forgot the session answers the new poll
   * `402`, so the client handshakes again and the session resyncs. A handshake put off (paced,
   * up to a minute, or after a failed one) is made at once instead: the agent asked to
   * reconnect now, or the machine is back, and the pause would have them wait for nothing (if it
   * fails again, the next is paced as before). Answers whether a poll was under way to drop or a
   * handshake was made at once.
   */
  pollAfresh(): boolean {
    const status = this.cometd.getStatus();
    const handshakeNow = this.handshakeNow;
    if (status === 'handshaking' && handshakeNow !== undefined) {
      this.log.debug('handshaking now instead of after the pause');
      this.handshakeNow = undefined;
      handshakeNow();
      return true;
    }
    // A long poll under way: `connecting` until the server first answers one, then `connected`.
    if (status !== 'connected' && status !== 'connecting') return false;
    this.log.debug('polling afresh');
    this.pollDroppedAt = performance.now();
    this.cometd.getTransport()?.abort();
    return true;
  }

  /**
   * Closes the pooled connections no poll is using. After sleep they may be dead without a word
   * (a network changed meanwhile, a NAT dropped them idle): the next poll sent on one would
   * hear nothing for the server's timeout plus the network delay.
   */
  forgetIdleConnections(): void {
    for (const sockets of Object.values(this.agent.freeSockets))
      for (const socket of sockets ?? []) socket.destroy();
  }

  /** Disconnects; the state becomes `signedOut`. */
  disconnect(reason = 'signed out'): Promise<void> {
    this.closing = true;
    this.handshakeNow = undefined;
    clearTimeout(this.resubscribeTimer);
    this.clearSubscribeWatchdogs();
    this.subscribeStreak = undefined;
    this.handshakeStreak = undefined;
    this.handshakesUnheld = 0;
    this.setState('signedOut', reason);
    if (this.cometd.getStatus() === 'disconnected') {
      this.agent.destroy();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      // A disconnect after a denied handshake never answers: do not wait for it forever.
      const timer = setTimeout(resolve, 2000);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    }).finally(() => {
      this.agent.destroy();
    });
  }

  private onHandshake(message: Message): void {
    if (this.closing) return;
    if (!message.successful) {
      const reason = this.answerCut ?? describeFailure(message);
      if (isDenial(reason)) {
        this.handlers.denied(reason);
      } else if (this.handshakes === 0) {
        this.setState('connecting', reason);
      } else {
        // A handshake lost on the way is a failed attempt like a lost poll: a client that only
        // handshakes (after a `402`, or once the server's maxInterval has passed) would
        // otherwise say `reconnecting` however long the server stays away.
        this.consecutiveFailures += 1;
        this.setState(
          this.consecutiveFailures >= FAILURES_BEFORE_OFFLINE ? 'offline' : 'reconnecting',
          reason,
        );
      }
      return;
    }
    this.handshakes += 1;
    this.handshakesUnheld += 1;
    this.handshakeWanted = false;
    this.pollsAnswered = false;
    clearTimeout(this.resubscribeTimer);
    this.clearSubscribeWatchdogs();
    this.failedSubscriptions.clear();
    if (this.subscribeStreak !== undefined) this.subscribeStreak.roundsThisHandshake = 0;
    this.cometd.clearSubscriptions();
    this.subscribe(this.channels);
    if (this.handshakes > 1) {
      this.log.debug(`re-handshake #${this.handshakes}: subscriptions renewed`);
      this.tellResubscribed();
    }
  }

  /**
   * Subscribes to `channels` in one request. A subscription the server does not confirm (the
   * request failed, went unanswered, or was refused) is asked for again after a back-off, for
   * as long as this handshake's session lasts: a new handshake subscribes afresh anyway, and
   * after {@link SUBSCRIBE_ROUNDS_BEFORE_HANDSHAKE} failed rounds the connection makes one.
   */
  private subscribe(channels: Iterable<string>): void {
    const handshake = this.handshakes;
    /** This request's subscriptions not answered yet, with the client's handle of each. */
    const unanswered = new Map<string, SubscriptionHandle>();
    let watchdog: NodeJS.Timeout | undefined;
    const stopWatchdog = () => {
      if (watchdog === undefined) return;
      clearTimeout(watchdog);
      this.subscribeWatchdogs.delete(watchdog);
      watchdog = undefined;
    };
    this.cometd.batch(() => {
      for (const channel of channels) {
        this.unconfirmed.add(channel);
        this.subscribeCounts.set(channel, (this.subscribeCounts.get(channel) ?? 0) + 1);
        const handle = this.cometd.subscribe(
          channel,
          (delivered) => {
            try {
              this.handlers.message(delivered.channel, delivered.data);
            } catch (error) {
              this.log.warn(
                `notification handler failed on ${delivered.channel}: ${String(error)}`,
              );
            }
          },
          (reply) => {
            // A reply that comes after the watchdog gave up on it: asked again meanwhile.
            if (!unanswered.delete(channel)) return;
            // Every subscription of the request answered: its watchdog has nothing left to do.
            if (unanswered.size === 0) stopWatchdog();
            if (handshake === this.handshakes && !this.closing)
              this.onSubscribeReply(channel, reply);
          },
        );
        unanswered.set(channel, handle);
      }
    });
    watchdog = setTimeout(() => {
      stopWatchdog();
      if (unanswered.size === 0 || handshake !== this.handshakes || this.closing) return;
      const reason = `no reply to the subscription in ${this.subscribeReplyMs} ms`;
      const given = [...unanswered];
      unanswered.clear();
      for (const [channel, handle] of given) {
        // The client keeps an unconfirmed subscription: asked again, it would answer for the
        // server that it holds, send nothing, and deliver each message twice.
        this.cometd.removeListener(handle);
        this.onSubscribeReply(channel, {
          channel: '/meta/subscribe',
          successful: false,
          failure: { reason },
        } as Message);
      }
    }, this.subscribeReplyMs);
    this.subscribeWatchdogs.add(watchdog);
  }

  private clearSubscribeWatchdogs(): void {
    for (const watchdog of this.subscribeWatchdogs) clearTimeout(watchdog);
    this.subscribeWatchdogs.clear();
  }

  private onSubscribeReply(channel: string, reply: Message): void {
    if (reply.successful) {
      this.unconfirmed.delete(channel);
      if (this.unconfirmed.size > 0) {
        this.reportLinkUp();
        return;
      }
      // Every subscription confirmed after some had failed on this handshake: what came
      // meanwhile went unheard. (A fresh handshake's that held at once: the handshake had the
      // session re-read the server already.)
      const failedThisHandshake = (this.subscribeStreak?.roundsThisHandshake ?? 0) > 0;
      this.endSubscribeStreak();
      this.reportLinkUp();
      if (failedThisHandshake) this.tellResubscribed();
      for (const subscribed of [...this.subscribedWaiters]) subscribed();
      return;
    }
    // The cut-off answer's reason, read before the `/meta/unsuccessful` listener forgets it.
    const reason = this.answerCut ?? describeFailure(reply);
    // The server forgot the session (`402`): its polls are refused too, and the handshake they
    // lead to subscribes afresh; they tell the state meanwhile.
    if (reply.advice?.reconnect === 'handshake' || reason.startsWith('402::')) return;
    const firstOfRound = this.failedSubscriptions.size === 0;
    this.failedSubscriptions.add(channel);
    if (!firstOfRound) return;
    const streak = (this.subscribeStreak ??= new SubscribeStreak(this.log));
    const rounds = streak.fail(reason);
    streak.roundsThisHandshake += 1;
    const handshakeAfresh = streak.roundsThisHandshake >= SUBSCRIBE_ROUNDS_BEFORE_HANDSHAKE;
    const delayMs = handshakeAfresh
      ? Math.min(MAX_HANDSHAKE_AFRESH_MS, this.maxBackoffMs * 2 ** Math.min(streak.handshakes, 16))
      : Math.min(this.maxBackoffMs, FIRST_RESUBSCRIBE_MS * 2 ** Math.min(rounds - 1, 16));
    const failed = `notifications: subscribing to ${channel} failed (${reason})`;
    if (handshakeAfresh) {
      streak.handshakes += 1;
      streak.tell(
        `${failed}, ${streak.roundsThisHandshake} times on this handshake; handshaking afresh in ` +
          `${delayMs} ms`,
        true,
      );
    } else
      streak.tell(
        `${failed}; trying again in ${delayMs} ms${rounds === 1 ? '' : ` (try ${rounds})`}`,
      );
    this.setState(this.reconnectingState(), `subscribing failed: ${reason}`, true);
    const askAgain = () => {
      this.resubscribeTimer = undefined;
      // A denied handshake leaves the client disconnected until the desk signs in again (its
      // `subscribe` would throw); the handshake that ends that subscribes to every channel.
      if (this.closing || this.cometd.isDisconnected()) return;
      // The poll the desk drops fails, and the client, told to handshake instead of polling
      // again, makes a new session: it subscribes to every channel and the session re-reads.
      // No handshake (which clears this timer) as soon as a dropped poll fails: there was none
      // under way to drop, between two polls, so drop the next.
      if (handshakeAfresh) {
        if (this.cometd.getStatus() === 'handshaking') return;
        this.handshakeWanted = true;
        if (this.pollAfresh()) {
          this.resubscribeTimer = setTimeout(askAgain, DROPPED_POLL_ANSWER_MS);
          return;
        }
        this.handshakeWanted = false;
      }
      const channels = [...this.failedSubscriptions];
      this.failedSubscriptions.clear();
      this.subscribe(channels);
    };
    this.resubscribeTimer = setTimeout(askAgain, delayMs);
  }

  /** Says, once every subscription holds again after some failed, how long and how often they did. */
  private endSubscribeStreak(): void {
    const streak = this.subscribeStreak;
    if (streak === undefined) return;
    this.subscribeStreak = undefined;
    streak.end(
      (seconds) =>
        `notifications: subscribed again after "${streak.reason}": ` +
        `subscribing failed for ${seconds} s, ${streak.failures} failed tries, ` +
        `${streak.handshakes} fresh handshakes`,
    );
  }

  /**
   * How long the handshake a failed poll asks for is to wait: at once after a poll that held
   * (after sleep, a restarted server: the way back); after a handshake no poll held, the
   * client's back-off increment, doubling with each such handshake up to
   * {@link MAX_HANDSHAKE_AFRESH_MS}, as the fresh handshakes of a subscribing streak. Not the
   * client's back-off cap: a server that keeps this up for hours, asked by every desk of the
   * contact center every few seconds, is hammered still; once it behaves, the desk waits at
   * most one such pause. Its first and its end are warnings, the handshakes between debug lines.
   */
  private paceHandshake(failedPoll: Message): number {
    if (this.handshakesUnheld === 0) return 0;
    const reason = this.answerCut ?? describeFailure(failedPoll);
    const streak = (this.handshakeStreak ??= new FailureStreak(this.log));
    const paced = streak.fail(reason);
    const pauseMs = Math.min(
      MAX_HANDSHAKE_AFRESH_MS,
      this.backoffIncrementMs * 2 ** Math.min(paced - 1, 16),
    );
    streak.tell(
      `notifications: a poll failed asking for a new handshake (${reason}) though the last ` +
        `one succeeded; handshaking again in ${pauseMs} ms` +
        (paced === 1 ? '' : ` (handshake ${paced} no poll held)`),
    );
    return pauseMs;
  }

  /** A poll held: the handshakes are made at once again, and a streak of paced ones ends. */
  private endHandshakeStreak(): void {
    this.handshakesUnheld = 0;
    const streak = this.handshakeStreak;
    if (streak === undefined) return;
    this.handshakeStreak = undefined;
    streak.end(
      (seconds) =>
        `notifications: a poll holds again after "${streak.reason}": ` +
        `${streak.failures} paced handshakes no poll held in ${seconds} s`,
    );
  }

  /** Connected once polls are answered and every subscription is confirmed; until then, not. */
  private reportLinkUp(): void {
    if (!this.pollsAnswered) return;
    if (this.unconfirmed.size === 0) {
      this.setState('connected', this.handshakes > 1 ? 'reconnected' : 'connected');
      return;
    }
    const streak = this.subscribeStreak;
    this.setState(
      this.reconnectingState(),
      streak !== undefined && streak.roundsThisHandshake > 0
        ? `subscribing failed: ${streak.reason}`
        : 'subscribing',
    );
  }

  /** `connecting` while the sign-in's first link is not up yet, else `reconnecting`. */
  private reconnectingState(): ConnectionState {
    return this.state === 'connecting' ? 'connecting' : 'reconnecting';
  }

  private tellResubscribed(): void {
    try {
      this.handlers.resubscribed();
    } catch (error) {
      this.log.warn(`resubscribed handler failed: ${String(error)}`);
    }
  }

  private onConnect(message: Message): void {
    if (this.closing) return;
    const dropped =
      this.pollDroppedAt !== undefined &&
      performance.now() - this.pollDroppedAt < DROPPED_POLL_ANSWER_MS;
    this.pollDroppedAt = undefined;
    if (message.successful) {
      this.consecutiveFailures = 0;
      this.handshakeAsked = false;
      this.endHandshakeStreak();
      this.pollsAnswered = true;
      this.reportLinkUp();
      return;
    }
    if (dropped) return;
    this.pollsAnswered = false;
    // A `402` asks for a handshake, which the client makes at once: after sleep, or a server
    // that restarted, it is the way back, not a failure. One after another with no working poll
    // between (a server that forgets every session) counts as any failure.
    const asksHandshake = message.advice?.reconnect === 'handshake';
    if (!asksHandshake || this.handshakeAsked) this.consecutiveFailures += 1;
    this.handshakeAsked = asksHandshake;
    const httpCode = httpCodeOf(message);
    if ((httpCode === 401 || httpCode === 403) && this.handlers.refused) {
      try {
        this.handlers.refused();
      } catch (error) {
        this.log.warn(`refused handler failed: ${String(error)}`);
      }
    }
    const reason = this.answerCut ?? describeFailure(message);
    this.setState(
      this.consecutiveFailures >= FAILURES_BEFORE_OFFLINE ? 'offline' : 'reconnecting',
      reason,
    );
  }

  /** Tells a new state; a new reason in the same state only when `newReasonToo`. */
  private setState(state: ConnectionState, reason: string, newReasonToo = false): void {
    if (state === this.state && !(newReasonToo && reason !== this.reason)) return;
    this.reason = reason;
    this.state = state;
    try {
      this.handlers.status(state, reason);
    } catch (error) {
      this.log.warn(`status handler failed: ${String(error)}`);
    }
  }
}

/** The CometD client's hook between a failed request and what it does next (not typed). */
interface TransportFailureHook {
  onTransportFailure(
    message: Message,
    failureInfo: FailureInfo,
    handle: (failureInfo: FailureInfo) => void,
  ): void;
}

/** What the client does after a failed request, and after how many ms. */
interface FailureInfo {
  action: string;
  delay?: number;
}

/**
 * Failures in a row, told without flooding the log: the first (and those the caller says are
 * worth it) as warnings, the others as debug lines, and the end as one warning of how long
 * and how many.
 */
class FailureStreak {
  private readonly startedAt = performance.now();
  failures = 0;
  /** Why the last failure failed. */
  reason = '';

  constructor(private readonly log: GwsLog) {}

  /** Counts a failure; answers how many the streak has had. */
  fail(reason: string): number {
    this.failures += 1;
    this.reason = reason;
    return this.failures;
  }

  /** Tells the last failure: a warning if it was the first or `warn`, else a debug line. */
  tell(line: string, warn = false): void {
    if (this.failures === 1 || warn) this.log.warn(line);
    else this.log.debug(line);
  }

  /** Tells the end with `line`, given how long the streak lasted in seconds. */
  end(line: (seconds: string) => string): void {
    this.log.warn(line(((performance.now() - this.startedAt) / 1000).toFixed(1)));
  }
}

/**
 * A subscribing streak: its failures are failed rounds, across handshakes; those on the current
 * handshake (past a few, handshake afresh; none yet: the handshake's own subscriptions are on
 * their way), and the handshakes it made afresh.
 */
class SubscribeStreak extends FailureStreak {
  roundsThisHandshake = 0;
  handshakes = 0;
}

/** The agent's hook for every request it carries (Node's, not typed). */
interface RequestHook {
  addRequest(request: ClientRequest, options: unknown): void;
}

/**
 * Bounds what any one request on `agent` may receive: past `maxBytes` (headers and body, as
 * they come off the socket) the request is destroyed with an error, which the client takes as
 * a failed request, and `cut` is told how many bytes had come. The bytes are counted on the
 * socket, which the HTTP parser already reads in flowing mode, so a second listener there
 * takes nothing from the client; one on the answer itself would start it flowing before the
 * client listens (it does so only after storing the answer's cookies) and lose its first bytes.
 */
function boundAnswers(agent: HttpAgent, maxBytes: number, cut: (received: number) => void): void {
  const hook = agent as unknown as RequestHook;
  const addRequest = hook.addRequest.bind(agent);
  hook.addRequest = (request, options) => {
    request.once('socket', (socket) => {
      let received = 0;
      const count = (chunk: Buffer) => {
        // A kept-alive socket carries the next request once this one is done with it.
        if ((socket as typeof socket & { _httpMessage?: unknown })._httpMessage !== request) {
          stop();
          return;
        }
        received += chunk.length;
        if (received <= maxBytes) return;
        stop();
        cut(received);
        request.destroy(
          new Error(`answer larger than ${formatBytes(maxBytes)} (${formatBytes(received)} read)`),
        );
      };
      const stop = () => {
        socket.off('data', count);
      };
      socket.on('data', count);
      request.once('close', stop);
    });
    addRequest(request, options);
  };
}

/**
 * A reply with advice the desk cannot live with, revised before the client acts on it. An
 * `interval` longer than the longest back-off would leave invitations unheard that long (ten
 * minutes, say) on a link that says `connected`: it is cut to the back-off, whatever reply
 * advises it, since the client keeps the advice of any reply (a handshake's too) for every poll
 * after it. `reconnect: "none"` on a long poll's reply, or on a successful handshake's, has the
 * client stop for good, and `"handshake"` on a successful one has it throw (an advice it does
 * not know there) and stop too: either way the desk heard nothing more while it said
 * `connected`, `connecting` or `reconnecting`. Each becomes a failure that asks for a
 * handshake, as a `402` does: a new session, re-read (a sign-in's first handshake fails with
 * it). A failed handshake's `none` is the client's own to act on: a denial says it.
 */
function reviseAdvice(message: Message, maxIntervalMs: number): Message {
  if (message.advice === undefined) return message;
  const advice = { ...message.advice };
  let revised = message;
  if (typeof advice.interval === 'number' && advice.interval > maxIntervalMs) {
    advice.interval = maxIntervalMs;
    revised = { ...revised, advice };
  }
  const { reconnect } = advice;
  const stops =
    message.channel === '/meta/connect'
      ? reconnect === 'none' || (reconnect === 'handshake' && message.successful === true)
      : message.channel === '/meta/handshake' &&
        message.successful === true &&
        (reconnect === 'none' || reconnect === 'handshake');
  if (stops) {
    revised = {
      ...revised,
      successful: false,
      advice: { ...advice, reconnect: 'handshake' },
      error:
        message.error ??
        (reconnect === 'none'
          ? 'the server ended the notification session'
          : 'the server asked for a new handshake'),
    };
  }
  return revised;
}

/**
 * How soon after {@link NotificationConnection.pollAfresh} the dropped poll's failure comes
 * (Node emits the aborted request's error on the next tick): one later is the network's.
 */
const DROPPED_POLL_ANSWER_MS = 1_000;

/**
 * Whether a failed handshake's reason (see {@link describeFailure}) is the server's refusal of
 * the session it names (`403::Handshake denied`, `HTTP 401`, `HTTP 403`: sign in again), not a
 * handshake lost on the way.
 */
export function isDenial(reason: string): boolean {
  return /^(?:40[13]::|HTTP 40[13]$)/u.test(reason);
}

/** The HTTP status of a failed Bayeux reply's transport failure, when it has one. */
function httpCodeOf(message: Message): number | undefined {
  return (message as Message & { failure?: { httpCode?: number } }).failure?.httpCode;
}

/** A short reason from a failed Bayeux reply: its error, or the transport failure. */
function describeFailure(message: Message): string {
  const failed = message as Message & {
    error?: string;
    failure?: { reason?: string; httpCode?: number };
  };
  if (typeof failed.error === 'string' && failed.error !== '') return failed.error;
  const failure = failed.failure;
  const httpCode = httpCodeOf(message);
  if (httpCode !== undefined && httpCode > 0) return `HTTP ${httpCode}`;
  if (failure?.reason !== undefined) return failure.reason;
  return 'no answer from the server';
}
