import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardClient, SwitchboardHandlers } from '../../common/contract';
import { launchChromium } from '../support/chromium';
import { createRendererBridge, type RendererBridge } from '../support/rendererBridge';

// The renderer bridge the browser tests use must behave like the preload over Electron's IPC
// (see rendererBridge.ts): one call per subscription, a copy of the payload per listener, a
// throwing listener ending its event as EventEmitter.emit does, replies behind the events sent
// before them, and clone errors as rejections.

const ORIGIN = 'http://bridge.test/';

/** Handlers that answer every method with `undefined`, but those given. */
function handlersWith(
  overrides: Record<string, Record<string, unknown>> = {},
): SwitchboardHandlers {
  return new Proxy(
    {},
    {
      get: (_target, namespace: string) =>
        new Proxy(
          {},
          {
            get: (_inner, member: string) => overrides[namespace]?.[member] ?? (() => undefined),
          },
        ),
    },
  ) as SwitchboardHandlers;
}

let browser: Browser;
const pages: Page[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
});

async function bridgedPage(
  overrides?: (bridge: RendererBridge) => Record<string, Record<string, unknown>>,
): Promise<{ page: Page; bridge: RendererBridge; pageErrors: string[] }> {
  const page = await browser.newPage();
  pages.push(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const bridge = createRendererBridge({
    log: { error: (message) => pageErrors.push(`main: ${message}`) },
    onDeliveryError: (error) => pageErrors.push(`bridge: ${String(error)}`),
  });
  await page.route(ORIGIN, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bridge</title>' }),
  );
  await bridge.attach(page, handlersWith(overrides?.(bridge)));
  await page.goto(ORIGIN);
  return { page, bridge, pageErrors };
}

/** What the page's scripts see. */
type PageScope = typeof globalThis & {
  switchboard: SwitchboardClient;
  received: unknown[];
  unsubscribe?: () => void;
};

describe('the renderer bridge', () => {
  it('calls a listener once per remaining subscription', async () => {
    const { page, bridge, pageErrors } = await bridgedPage();
    await page.evaluate(() => {
      const scope = globalThis as PageScope;
      scope.received = [];
      const listener = (payload: unknown) => scope.received.push(payload);
      scope.unsubscribe = scope.switchboard.app.onNotificationClicked(listener);
      scope.switchboard.app.onNotificationClicked(listener);
      scope.unsubscribe();
    });
    bridge.emitters.app.notificationClicked({ interactionId: 'i1' });
    await bridge.flush();
    expect(await page.evaluate(() => (globalThis as PageScope).received)).toEqual([
      { interactionId: 'i1' },
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('gives each listener its own copy of the payload', async () => {
    const { page, bridge, pageErrors } = await bridgedPage();
    await page.evaluate(() => {
      const scope = globalThis as PageScope;
      scope.received = [];
      scope.switchboard.app.onNotificationClicked((payload) => {
        scope.received.push({ ...payload });
        payload.interactionId = 'mutated';
      });
      scope.switchboard.app.onNotificationClicked((payload) => {
        scope.received.push({ ...payload });
      });
    });
    bridge.emitters.app.notificationClicked({ interactionId: 'i1' });
    await bridge.flush();
    expect(await page.evaluate(() => (globalThis as PageScope).received)).toEqual([
      { interactionId: 'i1' },
      { interactionId: 'i1' },
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('ends an event at a throwing listener, as EventEmitter.emit does, and goes on with the next', async () => {
    const { page, bridge, pageErrors } = await bridgedPage();
    await page.evaluate(() => {
      const scope = globalThis as PageScope;
      scope.received = [];
      let thrown = false;
      scope.switchboard.app.onNotificationClicked(() => {
        if (thrown) return;
        thrown = true;
        throw new Error('listener failed');
      });
      scope.switchboard.app.onNotificationClicked((payload) => {
        scope.received.push(payload);
      });
    });
    // Two messages in one burst: the first ends at the throw, the second reaches both.
    bridge.emitters.app.notificationClicked({ interactionId: 'first' });
    bridge.emitters.app.notificationClicked({ interactionId: 'second' });
    await bridge.flush();
    expect(await page.evaluate(() => (globalThis as PageScope).received)).toEqual([
      { interactionId: 'second' },
    ]);
    await expect.poll(() => pageErrors).toEqual(['listener failed']);
  });

  it('hands a reply over only after the events sent before it', async () => {
    // The first event keeps the page busy while the second is sent, so the second waits for
    // its own delivery; the reply, sent last, must still arrive last.
    const { page, pageErrors } = await bridgedPage((bridge) => ({
      session: {
        checkConnection: async () => {
          bridge.emitters.app.notificationClicked({ interactionId: 'slow' });
          await new Promise((resolve) => setTimeout(resolve, 50));
          bridge.emitters.app.notificationClicked({ interactionId: 'before the reply' });
        },
      },
    }));
    const order = await page.evaluate(async () => {
      const scope = globalThis as PageScope;
      const seen: string[] = [];
      scope.switchboard.app.onNotificationClicked(({ interactionId }) => {
        seen.push(interactionId);
        if (interactionId !== 'slow') return;
        const until = performance.now() + 300;
        while (performance.now() < until) {
          // Busy, as a page rendering a large list is.
        }
      });
      const reply = await scope.switchboard.session.checkConnection();
      seen.push(reply.ok ? 'reply' : 'failed');
      return seen;
    });
    expect(order).toEqual(['slow', 'before the reply', 'reply']);
    expect(pageErrors).toEqual([]);
  });

  it('rejects a call whose arguments cannot be cloned, as ipcRenderer.invoke does', async () => {
    const { page, bridge, pageErrors } = await bridgedPage();
    const outcome = await page.evaluate(async () => {
      const scope = globalThis as PageScope;
      const getInfo = scope.switchboard.app.getInfo as (...args: unknown[]) => Promise<unknown>;
      try {
        await getInfo(() => 1);
        return 'resolved';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe('DataCloneError');
    expect(bridge.calls).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
