import { describe, expect, it, vi } from 'vitest';
import { contract, contractEntries, type SwitchboardHandlers } from '../../common/contract';
import { ok, SwitchboardFailure, type Result } from '../../common/errors';
import { FakeElectron } from '../../tests/support/fakeElectron';
import { createDispatcher, type ChannelHandler } from '../ipc/dispatcher';
import { createAppHandlers } from '../workstation/appService';
import { sendToRenderer, serveContractOverIpc } from './ipc';

const rendererUrl = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html';
const CHANNEL = 'switchboard:test:run';
const facts = {
  name: 'Switchboard',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '22.12.0', electron: '45.4.1' },
};

/**
 * A dispatcher over the real contract: the real `app` handlers, and for every other method a
 * stand-in that fails with `notFound` (these tests are about the transport, not the core).
 */
function realDispatcher(): ReadonlyMap<string, ChannelHandler> {
  const stubs: Record<string, Record<string, () => never>> = {};
  for (const { namespace, member, spec } of contractEntries(contract)) {
    if (spec.kind !== 'method') continue;
    (stubs[namespace] ??= {})[member] = () => {
      throw new SwitchboardFailure('notFound', `${namespace}.${member} is not under test`);
    };
  }
  const handlers = {
    ...stubs,
    app: { ...createAppHandlers(facts), invitationsWaiting: () => 0 },
  } as unknown as SwitchboardHandlers;
  return createDispatcher(contract, handlers, { error: vi.fn() });
}

function served() {
  const electron = new FakeElectron();
  const dispatcher = realDispatcher();
  const stop = serveContractOverIpc(electron.ipcMain, dispatcher, rendererUrl);
  return { ipcMain: electron.ipcMain, dispatcher, stop };
}

describe('serveContractOverIpc', () => {
  it('registers one handler for every method of the contract and none for its events', () => {
    const { ipcMain, dispatcher } = served();
    const methods = contractEntries(contract)
      .filter((entry) => entry.spec.kind === 'method')
      .map((entry) => entry.channel)
      .sort();
    expect(methods.length).toBeGreaterThan(1);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(methods);
    expect([...dispatcher.keys()].sort()).toEqual(methods);
  });

  it("answers Switchboard's own page", async () => {
    const { ipcMain } = served();
    const answer = await ipcMain.invoke('switchboard:app:getInfo', `${rendererUrl}#/inbox`);
    expect(answer).toEqual(
      ok({
        name: 'Switchboard',
        version: '0.1.0',
        platform: 'linux',
        arch: 'x64',
        runtime: { node: '22.12.0', electron: '45.4.1' },
        systemLanguages: [],
      }),
    );
  });

  it.each<[string, (ipcMain: FakeElectron['ipcMain']) => Promise<unknown>]>([
    ['a web page', (ipc) => ipc.invoke(CHANNEL, 'https://evil.example/')],
    ['another local file', (ipc) => ipc.invoke(CHANNEL, 'file:///tmp/evil/index.html')],
    ['a data: frame', (ipc) => ipc.invoke(CHANNEL, 'data:text/html,<script>1</script>')],
    ['a frame that is gone', (ipc) => ipc.invoke(CHANNEL, null)],
    // E-mail content in an iframe must not reach main, even at the page's own URL.
    ['a frame inside the page', (ipc) => ipc.invokeFromSubframe(CHANNEL, rendererUrl)],
  ])('refuses %s as forbidden before the handler runs', async (_what, call) => {
    const electron = new FakeElectron();
    const handler = vi.fn<ChannelHandler>(() => Promise.resolve(ok(1)));
    serveContractOverIpc(electron.ipcMain, new Map([[CHANNEL, handler]]), rendererUrl);
    const answer = (await call(electron.ipcMain)) as Result<unknown>;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.kind).toBe('forbidden');
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes the arguments to the dispatcher, which refuses invalid ones', async () => {
    const { ipcMain } = served();
    const answer = (await ipcMain.invoke(
      'switchboard:app:getInfo',
      rendererUrl,
      'an argument getInfo does not take',
    )) as Result<unknown>;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.kind).toBe('invalidArgument');
  });

  it('hands the arguments over as one array', async () => {
    const electron = new FakeElectron();
    const handler = vi.fn<ChannelHandler>(() => Promise.resolve(ok('done')));
    serveContractOverIpc(
      electron.ipcMain,
      new Map([['switchboard:test:run', handler]]),
      rendererUrl,
    );
    await expect(
      electron.ipcMain.invoke('switchboard:test:run', rendererUrl, 'a', 2),
    ).resolves.toEqual(ok('done'));
    expect(handler).toHaveBeenCalledWith(['a', 2]);
  });

  it('removes every handler again', () => {
    const { ipcMain, stop } = served();
    stop();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('sendToRenderer', () => {
  it('delivers to a live window', () => {
    const electron = new FakeElectron();
    const window = electron.openBareWindow();
    const send = sendToRenderer(() => window);
    send('switchboard:agent:stateChanged', { dnd: true });
    expect(window.webContents.sent).toEqual([
      { channel: 'switchboard:agent:stateChanged', args: [{ dnd: true }] },
    ]);
  });

  it('drops events when there is no window, or it or its page is destroyed', () => {
    expect(() => {
      sendToRenderer(() => undefined)('switchboard:agent:stateChanged', {});
    }).not.toThrow();

    const window = new FakeElectron().openBareWindow();
    const send = sendToRenderer(() => window);
    window.destroyed = true;
    send('switchboard:agent:stateChanged', {});
    window.destroyed = false;
    window.webContents.destroyed = true;
    expect(() => {
      send('switchboard:agent:stateChanged', {});
    }).not.toThrow();
    expect(window.webContents.sent).toEqual([]);
  });

  it('reports a payload that cannot be sent instead of throwing at the core', () => {
    const electron = new FakeElectron();
    const window = electron.openBareWindow();
    window.webContents.send = () => {
      throw new Error('An object could not be cloned.');
    };
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const send = sendToRenderer(() => window, log);
    expect(() => {
      send('switchboard:app:notificationClicked', { f: () => 1 });
    }).not.toThrow();
    expect(log.error).toHaveBeenCalledOnce();
  });
});
