import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../common/model';
import { head } from '../../tests/support/commits';
import { emptyChangeSet } from './cacheWriter';
import type { PolicyEvent } from './policy';
import { createTranslator } from '../i18n/translator';
import { Alerts, inviteBody, inviteTitle } from './alerts';

/** A change set of interactions now in these states. */
function states(...list: [id: string, state: string][]): ChangeSet {
  return { ...emptyChangeSet(), interactions: list.map(([id, state]) => head(id, state)) };
}

const chatInvite: PolicyEvent = {
  kind: 'invite',
  interactionId: 'chat-1',
  channel: 'chat',
  subject: 'Web chat',
  from: 'Tom',
  preview: 'Hi, my parcel never arrived',
};
const mailInvite: PolicyEvent = {
  kind: 'invite',
  interactionId: 'mail-1',
  channel: 'email',
  subject: 'Invoice 42',
  from: 'maria@example.com',
};
const revoke = (interactionId: string, subject?: string): PolicyEvent => ({
  kind: 'revoke',
  interactionId,
  channel: 'chat',
  ...(subject === undefined ? {} : { subject }),
});

let dnd: boolean;
let sound: boolean;
let alerts: Alerts;

beforeEach(() => {
  dnd = false;
  sound = true;
  alerts = new Alerts({ dnd: () => dnd, sound: () => sound });
});

describe('Alerts', () => {
  it('shows one notification per invitation, titled by channel and sender', () => {
    const chat = alerts.handle(chatInvite);
    expect(chat).toEqual({
      id: expect.any(String) as string,
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Hi, my parcel never arrived\n30 seconds to answer',
      actions: [
        { id: 'accept', label: 'Accept' },
        { id: 'reject', label: 'Reject' },
      ],
      sound: true,
      interactionId: 'chat-1',
    });
    sound = false;
    const mail = alerts.handle(mailInvite);
    expect(mail).toMatchObject({
      title: 'New e-mail from maria@example.com',
      body: 'Invoice 42\n30 seconds to answer',
      sound: false,
      interactionId: 'mail-1',
    });
    expect(mail?.id).not.toBe(chat?.id);
    expect(alerts.notificationOf('mail-1')).toBe(mail?.id);
  });

  it('words titles and bodies when the invitation says little', () => {
    expect(inviteTitle('chat', undefined)).toBe('New chat');
    expect(inviteTitle('sms', ' ')).toBe('New SMS interaction');
    expect(inviteTitle('email', 'x'.repeat(200))).toHaveLength(80);
    expect(inviteBody('email', undefined, undefined)).toBe('(no subject)');
    expect(inviteBody('chat', 'Web chat', undefined)).toBe('Web chat');
    expect(inviteBody('email', '  ', 'first line')).toBe('first line');
  });

  it('shows a sender and subject as they are, with no override reordering them', () => {
    expect(inviteTitle('chat', 'Tom\u202Enimda')).toBe('New chat from Tomnimda');
    expect(inviteBody('email', 'Invoice\u200B 42\u2066', undefined)).toBe('Invoice 42');
  });

  it('keeps the joiners a name or an emoji needs, and cuts between whole characters', () => {
    expect(inviteTitle('chat', 'نیک\u200Cنام')).toBe('New chat from نیک\u200Cنام');
    expect(inviteBody('chat', 'Help 👩\u200D💻', undefined)).toBe('Help 👩\u200D💻');
    // "New chat from " and 64 letters are 78 characters: the emoji is the 79th, the last
    // before "…", and it is kept whole (three code points), never its first half.
    const long = `${'x'.repeat(64)}👩\u200D💻 and more`;
    expect(inviteTitle('chat', long)).toBe(`New chat from ${'x'.repeat(64)}👩\u200D💻…`);
  });

  it('shows "Invitation withdrawn" for a revoke, replacing the invitation', () => {
    const shown = alerts.handle(chatInvite);
    const withdrawn = alerts.handle(revoke('chat-1', 'Web chat (revoked)'));
    expect(withdrawn).toEqual({
      id: expect.any(String) as string,
      kind: 'revoke',
      title: 'Invitation withdrawn',
      body: 'Web chat (revoked)',
      actions: [],
      sound: false,
      interactionId: 'chat-1',
      replaces: shown?.id,
    });
    expect(alerts.notificationOf('chat-1')).toBeUndefined();
  });

  it('falls back to the invitation for the withdrawn body', () => {
    alerts.handle({ kind: 'invite', interactionId: 'c2', channel: 'chat', from: 'Ann' });
    expect(alerts.handle(revoke('c2'))?.body).toBe('The chat from Ann was withdrawn');
    alerts.handle(mailInvite);
    expect(alerts.handle({ kind: 'revoke', interactionId: 'mail-1', channel: 'email' })?.body).toBe(
      'Invoice 42',
    );
  });

  it('ignores the revoke of an invitation never shown nor suppressed', () => {
    expect(alerts.handle(revoke('never-seen', 'Something'))).toBeUndefined();
  });

  it('shows nothing during DND but counts the suppressed invitations', () => {
    dnd = true;
    expect(alerts.handle(chatInvite)).toBeUndefined();
    expect(alerts.handle(mailInvite)).toBeUndefined();
    expect(alerts.suppressedCount).toBe(2);
    // A revoke during DND: nothing shown, no longer counted.
    expect(alerts.handle(revoke('chat-1'))).toBeUndefined();
    expect(alerts.suppressedCount).toBe(1);
    // After DND: a suppressed invitation repeated is still the same offer, not notified...
    dnd = false;
    expect(alerts.handle(mailInvite)).toBeUndefined();
    // ...but its withdrawal is.
    expect(alerts.handle(revoke('mail-1'))).toMatchObject({
      title: 'Invitation withdrawn',
      interactionId: 'mail-1',
    });
    expect(alerts.handle(revoke('mail-1'))).toBeUndefined();
    expect(alerts.suppressedCount).toBe(0);
  });

  it('never notifies twice for one offer, even if the policy repeats', () => {
    expect(alerts.handle(chatInvite)).toBeDefined();
    expect(alerts.handle(chatInvite)).toBeUndefined();
    expect(alerts.handle({ ...chatInvite, preview: 'Another line' })).toBeUndefined();
    expect(alerts.handle(revoke('chat-1'))).toBeDefined();
    expect(alerts.handle(revoke('chat-1'))).toBeUndefined();
    // Offered again once the earlier offer is over: a new offer, notified once.
    expect(alerts.handle(chatInvite)?.kind).toBe('invite');
    expect(alerts.handle(chatInvite)).toBeUndefined();
  });

  it('closes the notification of an invitation answered or ended elsewhere', () => {
    const shown = alerts.handle(chatInvite);
    // Still Invited (a resync's repeat): nothing to close.
    expect(alerts.fold({ changes: states(['chat-1', 'Invited']), alerts: [] }).close).toEqual([]);
    expect(alerts.fold({ changes: states(['chat-1', 'Accepted']), alerts: [] }).close).toEqual([
      shown?.id,
    ]);
    // Accepted: a late revoke is not announced, and the notification's actions do nothing.
    expect(alerts.handle(revoke('chat-1'))).toBeUndefined();
    expect(alerts.handleAction(shown?.id ?? '', 'accept')).toBeUndefined();
    const mail = alerts.handle(mailInvite);
    const ended = { changes: states(['mail-1', 'Ended']), alerts: [] };
    expect(alerts.fold(ended).close).toEqual([mail?.id]);
    expect(alerts.fold(ended).close).toEqual([]);
  });

  it('routes clicks to the right interaction', () => {
    const chat = alerts.handle(chatInvite);
    const mail = alerts.handle(mailInvite);
    expect(alerts.alertFor(mail?.id ?? '')?.interactionId).toBe('mail-1');
    expect(alerts.handleClick(chat?.id ?? '')).toEqual({ focus: 'chat-1' });
    expect(alerts.handleClick(mail?.id ?? '')).toEqual({ focus: 'mail-1' });
    const withdrawn = alerts.handle(revoke('chat-1'));
    expect(alerts.handleClick(withdrawn?.id ?? '')).toEqual({ focus: 'chat-1' });
    expect(alerts.handleClick('alert-unknown')).toBeUndefined();
  });

  it('turns Accept and Reject into the operation on the right interaction, once', () => {
    const chat = alerts.handle(chatInvite);
    const mail = alerts.handle(mailInvite);
    expect(alerts.handleAction(mail?.id ?? '', 'reject')).toEqual({
      operation: 'reject',
      interactionId: 'mail-1',
    });
    expect(alerts.handleAction(mail?.id ?? '', 'accept')).toBeUndefined();
    expect(alerts.handleAction(chat?.id ?? '', 'accept')).toEqual({
      operation: 'accept',
      interactionId: 'chat-1',
      focus: 'chat-1',
    });
    expect(alerts.handleAction(chat?.id ?? '', 'accept')).toBeUndefined();
  });

  it('refuses actions on a withdrawn invitation and on the withdrawn notification', () => {
    const chat = alerts.handle(chatInvite);
    const withdrawn = alerts.handle(revoke('chat-1'));
    expect(alerts.handleAction(chat?.id ?? '', 'accept')).toBeUndefined();
    expect(alerts.handleAction(withdrawn?.id ?? '', 'accept')).toBeUndefined();
    expect(alerts.handleAction('alert-unknown', 'reject')).toBeUndefined();
  });

  it('announces the invitations Do Not Disturb kept quiet once it is off and they still wait', () => {
    const few = new Alerts({ dnd: () => dnd, sound: () => sound, individualInvitations: 2 });
    dnd = true;
    const quiet = ['chat-1', 'chat-2', 'chat-3'].map((interactionId) =>
      few.fold({ changes: emptyChangeSet(), alerts: [{ ...chatInvite, interactionId }] }),
    );
    expect(quiet.flatMap((changes) => changes.show)).toEqual([]);
    expect(few.quietEnded()).toEqual({ show: [], close: [] });
    expect(few.ringing).toBe(false);
    few.fold({ changes: states(['chat-2', 'Revoked']), alerts: [] });

    dnd = false;
    const woken = few.quietEnded();
    expect(woken.show.map((alert) => [alert.kind, alert.interactionId, alert.body])).toEqual([
      ['invite', 'chat-1', 'Hi, my parcel never arrived'],
      ['invite', 'chat-3', 'Hi, my parcel never arrived'],
    ]);
    expect(few.ringing).toBe(true);
    expect(few.pendingCount).toBe(2);
    // Once.
    expect(few.quietEnded()).toEqual({ show: [], close: [] });
  });

  it('forgets everything on clear and returns the notifications to close', () => {
    const chat = alerts.handle(chatInvite);
    dnd = true;
    alerts.handle(mailInvite);
    expect(alerts.clear()).toEqual([chat?.id]);
    expect(alerts.suppressedCount).toBe(0);
    expect(alerts.handle(revoke('chat-1'))).toBeUndefined();
    expect(alerts.alertFor(chat?.id ?? '')).toBeUndefined();
  });

  it('tells the agent it was asked to consult on a chat: no Accept or Reject, never counted as waiting, none during DND', () => {
    const consult: PolicyEvent = {
      kind: 'consult',
      interactionId: 'chat-9',
      channel: 'chat',
      subject: 'Order 1234 is late',
      from: 'Tom Baker',
    };
    const shown = alerts.handle(consult);
    expect(shown).toEqual({
      id: expect.any(String) as string,
      kind: 'consult',
      title: 'A colleague added you to a chat from Tom Baker',
      body: 'Order 1234 is late',
      actions: [],
      sound: true,
      interactionId: 'chat-9',
    });
    expect(alerts.pendingCount).toBe(0);
    expect(alerts.handleClick(shown?.id ?? '')).toEqual({ focus: 'chat-9' });
    expect(alerts.handleAction(shown?.id ?? '', 'accept')).toBeUndefined();
    dnd = true;
    expect(alerts.handle({ ...consult, interactionId: 'chat-10' })).toBeUndefined();
    expect(alerts.suppressedCount).toBe(0);
  });

  it('folds a commit: its alerts first, then the offers it ended, never showing one already over', () => {
    const first = alerts.fold({ changes: states(['chat-1', 'Invited']), alerts: [chatInvite] });
    expect(first.show.map((alert) => alert.interactionId)).toEqual(['chat-1']);
    expect(alerts.pendingIds).toEqual(['chat-1']);
    // Invited and accepted in one notification: no notification at all.
    const both = alerts.fold({ changes: states(['mail-1', 'Accepted']), alerts: [mailInvite] });
    expect(both).toEqual({ show: [], close: [] });
    // Invited and withdrawn in one notification: never shown, so nothing was withdrawn either.
    const gone = alerts.fold({
      changes: states(['chat-2', 'Revoked']),
      alerts: [{ ...chatInvite, interactionId: 'chat-2' }, revoke('chat-2')],
    });
    expect(gone).toEqual({ show: [], close: [] });
    expect(alerts.pendingIds).toEqual(['chat-1']);
    // Withdrawn: "Invitation withdrawn" replaces the invitation, whose head is over too.
    const withdrawn = alerts.fold({
      changes: states(['chat-1', 'Revoked']),
      alerts: [revoke('chat-1')],
    });
    expect(withdrawn.show.map((alert) => [alert.kind, alert.replaces])).toEqual([
      ['revoke', first.show[0]?.id],
    ]);
    expect(alerts.pendingCount).toBe(0);
    // Placed in a workbin: the offer is over.
    alerts.fold({
      changes: emptyChangeSet(),
      alerts: [{ ...chatInvite, interactionId: 'chat-9' }],
    });
    const workbin = alerts.fold({
      changes: {
        ...emptyChangeSet(),
        workbins: [
          {
            change: 'PlacedIn',
            interactions: [
              { id: 'chat-9', channel: 'chat', state: 'Queued', capabilities: [], userData: {} },
            ],
            entries: [],
            removed: [],
          },
        ],
      },
      alerts: [],
    });
    expect(workbin.close).toHaveLength(1);
    expect(alerts.pendingIds).toEqual([]);
  });
});

describe('Alerts for invitations that cannot be missed', () => {
  const chat = (n: number): PolicyEvent => ({
    kind: 'invite',
    interactionId: `chat-${String(n)}`,
    channel: 'chat',
    from: `Customer ${String(n)}`,
  });
  const invited = (...ns: number[]) =>
    states(...ns.map((n): [string, string] => [`chat-${String(n)}`, 'Invited']));

  it('states the seconds to answer from the settings in the invitation', () => {
    const timed = new Alerts({
      dnd: () => false,
      sound: () => true,
      invitations: () => ({ timeoutSeconds: 45, autoAnswer: () => false }),
    });
    expect(timed.handle(chatInvite)?.body).toBe(
      'Hi, my parcel never arrived\n45 seconds to answer',
    );
    expect(timed.handle({ kind: 'invite', interactionId: 'c3', channel: 'chat' })?.body).toBe(
      '45 seconds to answer',
    );
  });

  it('notifies the first three of a burst one by one, then one summary that keeps the true count', () => {
    const burst = alerts.fold({
      changes: invited(1, 2, 3, 4, 5, 6, 7, 8),
      alerts: [1, 2, 3, 4, 5, 6, 7, 8].map(chat),
    });
    expect(burst.show.map((alert) => [alert.kind, alert.title])).toEqual([
      ['invite', 'New chat from Customer 1'],
      ['invite', 'New chat from Customer 2'],
      ['invite', 'New chat from Customer 3'],
      ['summary', '5 more invitations waiting'],
    ]);
    expect(burst.show.filter((alert) => alert.sound)).toHaveLength(4);
    expect(alerts.pendingCount).toBe(8);
    const [summary] = burst.show.slice(3);

    // More arrive in the next commit: the summary is replaced with the new count, silently.
    const more = alerts.fold({ changes: invited(9, 10), alerts: [9, 10].map(chat) });
    expect(more.show.map((alert) => [alert.title, alert.replaces, alert.sound])).toEqual([
      ['7 more invitations waiting', summary?.id, false],
    ]);
    expect(alerts.pendingCount).toBe(10);

    // Grouped ones withdrawn: no "withdrawn" of their own, the count goes down.
    const gone = alerts.fold({
      changes: states(['chat-9', 'Revoked'], ['chat-10', 'Revoked']),
      alerts: [revoke('chat-9'), revoke('chat-10')],
    });
    expect(gone.show.map((alert) => [alert.title, alert.replaces])).toEqual([
      ['5 more invitations waiting', more.show[0]?.id],
    ]);
    expect(gone.close).toEqual([]);
    expect(alerts.pendingCount).toBe(8);

    // All the grouped ones answered: the summary closes; the three on screen stay.
    const taken = alerts.fold({
      changes: states(
        ...[4, 5, 6, 7, 8].map((n): [string, string] => [`chat-${String(n)}`, 'Accepted']),
      ),
      alerts: [],
    });
    expect(taken.show).toEqual([]);
    expect(taken.close).toEqual([gone.show[0]?.id]);
    expect(alerts.pendingCount).toBe(3);
    expect(alerts.clear()).toHaveLength(3);
  });

  it('a click on the summary opens an invitation still offered when the one it named went and another came in the same commit', () => {
    const burst = alerts.fold({
      changes: invited(1, 2, 3, 4, 5, 6),
      alerts: [1, 2, 3, 4, 5, 6].map(chat),
    });
    const summary = burst.show.at(-1);
    expect(summary).toMatchObject({ kind: 'summary', title: '3 more invitations waiting' });
    expect(alerts.handleClick(summary?.id ?? '')).toEqual({ focus: 'chat-4' });
    // chat-4 is withdrawn and chat-7 offered in one commit: still 3, so the summary stays as it
    // is (no new notification), and a click on it opened the withdrawn chat-4.
    const swapped = {
      changes: states(['chat-4', 'Revoked'], ['chat-7', 'Invited']),
      alerts: [revoke('chat-4'), chat(7)],
    };
    expect(alerts.fold(swapped).show).toEqual([]);
    expect(alerts.handleClick(summary?.id ?? '')).toEqual({ focus: 'chat-5' });
    // Answered in the desk, and another offered: the next one still offered.
    alerts.answered('chat-5', 'accept');
    expect(alerts.handleClick(summary?.id ?? '')).toEqual({ focus: 'chat-6' });
  });

  it('counts every invitation waiting past 500, answered ones included', () => {
    for (let n = 0; n < 600; n += 1) alerts.handle(chat(n));
    for (let n = 0; n < 600; n += 1) alerts.answered(`chat-${String(n)}`, 'accept');
    // The next invitation makes the alerts keep their memory bounded...
    alerts.handle(chat(600));
    // ...but answered and not yet confirmed by the server is still waiting: never pruned.
    expect(alerts.pendingCount).toBe(601);
  });

  it('rings while an invitation waits, not once answered, suppressed or over', () => {
    expect(alerts.ringing).toBe(false);
    const shown = alerts.fold({ changes: invited(1), alerts: [chat(1)] });
    expect(alerts.ringing).toBe(true);
    expect(alerts.answered('chat-1', 'accept')).toBe(shown.show[0]?.id);
    expect(alerts.ringing).toBe(false);
    expect(alerts.pendingCount).toBe(1);
    alerts.fold({ changes: states(['chat-1', 'Accepted']), alerts: [] });
    expect(alerts.pendingCount).toBe(0);

    // Rejected: no longer waiting at all (the server says nothing more to this agent).
    alerts.handle(chat(4));
    alerts.answered('chat-4', 'reject');
    expect(alerts.pendingCount).toBe(0);

    alerts.handle(chat(2));
    expect(alerts.ringing).toBe(true);
    alerts.fold({ changes: states(['chat-2', 'Revoked']), alerts: [revoke('chat-2')] });
    expect(alerts.ringing).toBe(false);

    dnd = true;
    alerts.handle(chat(3));
    expect(alerts.ringing).toBe(false);
  });

  it('announces an invitation the desk accepts by itself: chimed, no actions, never ringing on', () => {
    const auto = new Alerts({
      dnd: () => false,
      sound: () => true,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: (channel) => channel === 'chat' }),
    });
    expect(auto.handle(chatInvite)).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Accepted automatically: Hi, my parcel never arrived',
      actions: [],
      sound: true,
      autoAnswer: true,
    });
    expect(auto.ringing).toBe(false);
    expect(auto.pendingCount).toBe(1);
    // E-mail is not auto-answered here: Accept and Reject, and it rings.
    expect(auto.handle(mailInvite)).toMatchObject({
      actions: [{ id: 'accept' }, { id: 'reject' }],
    });
    expect(auto.handle(mailInvite)?.autoAnswer).toBeUndefined();
    expect(auto.ringing).toBe(true);
  });

  it('offers an invitation again, ringing, when the Accept sent for the agent did not go through', () => {
    const auto = new Alerts({
      dnd: () => false,
      sound: () => true,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: (channel) => channel === 'chat' }),
    });
    const notice = auto.fold({ changes: invited(1), alerts: [chatInvite] }).show[0];
    expect(notice?.autoAnswer).toBe(true);
    // Another notification's failure is not this Accept's.
    expect(auto.acceptFailed('chat-1', 'alert-elsewhere')).toEqual({ show: [], close: [] });
    // The automatic Accept failed: it waits again, with its buttons, and replaces the notice.
    const failed = auto.acceptFailed('chat-1', notice?.id ?? '');
    expect(failed.close).toEqual([]);
    expect(failed.show).toHaveLength(1);
    const again = failed.show[0];
    expect(again).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Not accepted: it is still waiting for you\nHi, my parcel never arrived',
      actions: [{ id: 'accept' }, { id: 'reject' }],
      sound: true,
      interactionId: 'chat-1',
      replaces: notice?.id,
    });
    expect(again?.autoAnswer).toBeUndefined();
    expect(auto.ringing).toBe(true);
    expect(auto.pendingCount).toBe(1);
    expect(auto.notificationOf('chat-1')).toBe(again?.id);
    // Heard twice, the failure offers it once.
    expect(auto.acceptFailed('chat-1', notice?.id ?? '').show).toEqual([]);
    // Its Accept button fails too: offered once more.
    expect(auto.handleAction(again?.id ?? '', 'accept')).toMatchObject({ operation: 'accept' });
    expect(auto.ringing).toBe(false);
    const third = auto.acceptFailed('chat-1', again?.id ?? '').show[0];
    expect(third?.actions).toHaveLength(2);
    expect(third?.replaces).toBeUndefined();
    // Withdrawn meanwhile (another agent took it): "withdrawn" as for any invitation shown.
    expect(auto.handle(revoke('chat-1'))).toMatchObject({ kind: 'revoke' });
    expect(auto.acceptFailed('chat-1', third?.id ?? '')).toEqual({ show: [], close: [] });
    expect(auto.pendingCount).toBe(0);

    // Over before the failure was heard (the server said it was taken): nothing to offer.
    const taken = auto.fold({
      changes: emptyChangeSet(),
      alerts: [{ ...chatInvite, interactionId: 'chat-2' }],
    });
    auto.fold({ changes: states(['chat-2', 'Revoked']), alerts: [] });
    expect(auto.acceptFailed('chat-2', taken.show[0]?.id ?? '').show).toEqual([]);
    expect(auto.ringing).toBe(false);
  });

  it('leaves an invitation accepted another way alone when a slower Accept fails after', () => {
    const auto = new Alerts({
      dnd: () => false,
      sound: () => true,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: () => true }),
    });
    const notice = auto.handle(chatInvite);
    // The automatic Accept hangs; the agent's own Accept in the desk goes through...
    expect(auto.answered('chat-1', 'accept')).toBe(notice?.id);
    // ...and the automatic one's time-out, heard later, offers nothing.
    expect(auto.acceptFailed('chat-1', notice?.id ?? '')).toEqual({ show: [], close: [] });
    expect(auto.ringing).toBe(false);
    expect(auto.pendingCount).toBe(1);
  });

  it('closes the notice when an automatic Accept fails during Do Not Disturb, and keeps the invitation waiting', () => {
    let quiet = false;
    const auto = new Alerts({
      dnd: () => quiet,
      sound: () => true,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: () => true }),
    });
    const notice = auto.handle(chatInvite);
    quiet = true;
    expect(auto.acceptFailed('chat-1', notice?.id ?? '')).toEqual({
      show: [],
      close: [notice?.id],
    });
    expect(auto.pendingCount).toBe(1);
    expect(auto.suppressedCount).toBe(1);
    expect(auto.ringing).toBe(false);
    expect(auto.notificationOf('chat-1')).toBeUndefined();
  });

  it('puts a failed automatic Accept in the summary when the first few are on screen', () => {
    const auto = new Alerts({
      dnd: () => false,
      sound: () => true,
      individualInvitations: 2,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: (channel) => channel === 'chat' }),
    });
    const notice = auto.handle(chatInvite);
    auto.handle(mailInvite);
    auto.handle({ ...mailInvite, interactionId: 'mail-2' });
    const failed = auto.acceptFailed('chat-1', notice?.id ?? '');
    expect(failed.close).toEqual([notice?.id]);
    expect(failed.show).toMatchObject([{ kind: 'summary', title: '1 more invitation waiting' }]);
    expect(auto.pendingCount).toBe(3);
    expect(auto.ringing).toBe(true);
  });
});

describe('an invitation that came back from the agent’s own hand-off', () => {
  const back: PolicyEvent = {
    ...chatInvite,
    cameBackFrom: { kind: 'agent', to: 'Priya Raman' },
  };

  it('says whose it was before its first line, in the desk’s language', () => {
    expect(alerts.handle(back)).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Back with you after your transfer to Priya Raman\nHi, my parcel never arrived\n30 seconds to answer',
    });
    const spanish = new Alerts({
      dnd: () => false,
      sound: () => false,
      words: createTranslator('es'),
    });
    expect(
      spanish.handle({ ...mailInvite, cameBackFrom: { kind: 'queue', to: 'Billing' } })?.body,
    ).toMatch(/^Vuelve a ti desde la cola Billing\nInvoice 42\n/u);
  });

  it('says it again when its automatic Accept fails', () => {
    const auto = new Alerts({
      dnd: () => false,
      sound: () => false,
      invitations: () => ({ timeoutSeconds: 30, autoAnswer: () => true }),
    });
    const notice = auto.handle(back);
    expect(notice?.body).toBe(
      'Accepted automatically: Back with you after your transfer to Priya Raman\nHi, my parcel never arrived',
    );
    expect(auto.acceptFailed('chat-1', notice?.id ?? '').show[0]?.body).toBe(
      'Not accepted: it is still waiting for you\nBack with you after your transfer to Priya Raman\nHi, my parcel never arrived',
    );
  });
});
