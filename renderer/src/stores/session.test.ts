import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../common/model';
import { deferred, type FakeApi } from '../testing/fakeApi';
import { useSessionStore } from './session';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

function signedOut(reason: string): SessionState {
  return {
    connection: { state: 'signedOut', reason },
    serverUrl: 'http://gws.example',
    userName: 'agent1',
    demo: false,
    passwordRemembered: false,
  };
}

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the session store', () => {
  it.each([
    ['not signed in', undefined],
    ['Signed out.', undefined],
    ['', undefined],
    ['the server refused the stored credentials', 'the server refused the stored credentials'],
  ])('tells the sign-in form about the reason %j', (reason, expected) => {
    const session = useSessionStore();
    session.state = signedOut(reason);
    expect(session.signedOutReason).toBe(expected);
  });

  it('says nothing about a reason while connected', () => {
    const session = useSessionStore();
    session.state = { ...signedOut(''), connection: { state: 'connected', reason: 'handshake' } };
    expect(session.signedOutReason).toBeUndefined();
  });

  it('ends a sign-in whose call was rejected, with an error', async () => {
    fake.api.answer('switchboard:session:signIn', () =>
      Promise.reject(new Error('window closing')),
    );
    const session = useSessionStore();
    const signedIn = await session.signIn({
      serverUrl: 'http://gws.example',
      userName: 'agent1',
      remember: false,
      password: 'x',
    });
    expect(signedIn).toBe(false);
    expect(session.signingIn).toBe(false);
    expect(session.signInError).toEqual({ kind: 'internal', message: 'window closing' });
  });

  it('clears a stale sign-in error when a later attempt starts, and hides that attempt’s reason', async () => {
    const refused = { kind: 'network', message: 'GET /me: connect ECONNREFUSED 127.0.0.1:9' };
    const afterFailure = signedOut(refused.message);
    let release: (answer: unknown) => void = () => undefined;
    fake.api.answer('switchboard:session:signIn', () =>
      Promise.resolve({ ok: false, error: refused }),
    );
    fake.api.answer('switchboard:session:getState', () =>
      Promise.resolve({ ok: true, value: afterFailure }),
    );
    const session = useSessionStore();
    session.state = signedOut('not signed in');
    const request = {
      serverUrl: 'http://127.0.0.1:9',
      userName: 'agent1',
      remember: false,
      password: 'x',
    };
    expect(await session.signIn(request)).toBe(false);
    expect(session.signInError).toEqual(refused);
    // The failed attempt's own reason is its alert's business, not "why you were signed out".
    expect(session.signedOutReason).toBeUndefined();
    session.offlineError = { kind: 'notFound', message: 'no cache' };

    fake.api.answer(
      'switchboard:session:signIn',
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const second = session.signIn(request);
    // While the next attempt runs, nothing of the last one is on the form.
    expect(session.signInError).toBeNull();
    expect(session.offlineError).toBeNull();
    expect(session.signedOutReason).toBeUndefined();
    release({ ok: false, error: { kind: 'unauthorized', message: 'GET /me: 401' } });
    expect(await second).toBe(false);
    expect(session.signInError?.kind).toBe('unauthorized');

    // A session that ends later for a reason of its own says so again.
    session.state = signedOut('the server refused the stored credentials');
    expect(session.signedOutReason).toBe('the server refused the stored credentials');
  });

  it('clears the last sign-in error when the cache is opened offline instead', async () => {
    fake.api.answer('switchboard:session:openOffline', () =>
      Promise.resolve({ ok: true, value: { ...signedOut('not signed in'), offline: true } }),
    );
    const session = useSessionStore();
    session.signInError = { kind: 'network', message: 'down' };
    await session.openOffline({
      serverUrl: 'http://gws.example',
      userName: 'agent1',
      password: 'pw',
    });
    expect(session.signInError).toBeNull();
  });

  it('does not call a failure to forget the password a failed sign-in', async () => {
    fake.api.answer('switchboard:session:forgetPassword', () =>
      Promise.resolve({ ok: false, error: { kind: 'internal', message: 'vault locked' } }),
    );
    const session = useSessionStore();
    await session.forgetPassword();
    expect(session.signInError).toBeNull();
    expect(session.forgetError).toEqual({ kind: 'internal', message: 'vault locked' });
  });

  it("forgets the desk's errors for the next agent", async () => {
    fake.api.answer('switchboard:session:checkConnection', () =>
      Promise.resolve({ ok: false, error: { kind: 'network', message: 'down' } }),
    );
    const session = useSessionStore();
    await session.checkConnection();
    session.signOutError = { kind: 'internal', message: 'sign-out failed' };
    expect(session.checkError).not.toBeNull();
    session.clearDeskErrors();
    expect(session.checkError).toBeNull();
    expect(session.signOutError).toBeNull();
  });

  it('drops a check of the link answered after the agent signed out', async () => {
    const answer = deferred<unknown>();
    fake.api.answer('switchboard:session:checkConnection', () => answer.promise);
    const session = useSessionStore();
    const checking = session.checkConnection();
    // The check waits on a server gone quiet; the agent signs out meanwhile.
    session.clearDeskErrors();
    answer.resolve({ ok: false, error: { kind: 'timeout', message: 'no answer' } });
    await checking;
    expect(session.checkError).toBeNull();
    expect(session.checking).toBe(false);
  });

  it('shows the desk for an offline review, and the form again once it is left', async () => {
    const offline = { ...signedOut('not signed in'), offline: true };
    fake.api.answer('switchboard:session:openOffline', () =>
      Promise.resolve({ ok: true, value: offline }),
    );
    fake.api.answer('switchboard:session:leaveOffline', () =>
      Promise.resolve({ ok: true, value: signedOut('not signed in') }),
    );
    const session = useSessionStore();
    session.state = signedOut('not signed in');
    expect(session.showDesk).toBe(false);
    expect(
      await session.openOffline({
        serverUrl: 'http://gws.example',
        userName: 'agent1',
        password: 'pw',
      }),
    ).toBe(true);
    expect(fake.api.calls.at(-1)?.args).toEqual([
      { serverUrl: 'http://gws.example', userName: 'agent1', password: 'pw' },
    ]);
    expect(session.offline).toBe(true);
    expect(session.showDesk).toBe(true);
    await session.leaveOffline();
    expect(session.offline).toBe(false);
    expect(session.showDesk).toBe(false);
  });

  it('keeps the form when the cache cannot be opened, with the reason', async () => {
    fake.api.answer('switchboard:session:openOffline', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'notFound', message: 'This machine holds no cache for that account.' },
      }),
    );
    const session = useSessionStore();
    session.state = signedOut('not signed in');
    expect(
      await session.openOffline({
        serverUrl: 'http://gws.example',
        userName: 'agent1',
        password: 'pw',
      }),
    ).toBe(false);
    expect(session.showDesk).toBe(false);
    expect(session.offlineError?.message).toBe('This machine holds no cache for that account.');
  });

  it('offers "Review offline" only after this desk signed out', async () => {
    fake.api.answer('switchboard:session:signOut', () => Promise.resolve({ ok: true }));
    fake.api.answer('switchboard:session:getState', () =>
      Promise.resolve({ ok: true, value: signedOut('not signed in') }),
    );
    const session = useSessionStore();
    expect(session.signedOutHere).toBe(false);
    await session.signOut();
    expect(session.signedOutHere).toBe(true);
  });
});
