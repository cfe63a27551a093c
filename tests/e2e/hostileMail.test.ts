import { createServer, type Server } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { serveMailLab } from '../support/mailLab';
import type { StaticServer } from '../support/staticServer';
import { bigHostileMails, hostileMails, PAYLOADS } from './hostileMailCorpus';

// The hostile-mail corpus through the real e-mail view (EmailView and its sandboxed frame, on
// the mail lab page under the desk's Content-Security-Policy): script tags, event handlers,
// javascript: and data: URLs, SVG and MathML tricks, CSS url() and @import, meta refresh,
// forms, frames and objects, remote images, mutation-XSS patterns. It counts what would show
// that one got through: payload hooks called, messages posted to the desk, requests (Chromium's
// and the loopback listener's), changes to the page outside the frames, frames left holding
// anything dangerous. All must be zero.
//
// 10,000 mails take minutes on a 2-core machine (25-45 ms a mail, nearly all of it Chromium
// making and laying out a frame): `npm test` renders 400, which hold each of the corpus's 103
// payloads at least once and ~300 of them again in random company; `npm run test:mail-corpus`
// renders 10,000 (MAIL_CORPUS_SIZE sets any other size). Then a batch of big mails made of a
// corpus of 200, which the view sanitizes a chunk at a time (see bigHostileMails).

const CORPUS_SIZE = Number(process.env.MAIL_CORPUS_SIZE ?? 400);
/** Mails shown at once (each in its own frame), then replaced by the next batch. */
const BATCH = Number(process.env.MAIL_CORPUS_BATCH ?? 50);

let browser: Browser;
let lab: StaticServer;
let listener: Server;
let listenerHits = 0;
let origin = '';

beforeAll(async () => {
  [browser, lab] = await Promise.all([launchChromium(), serveMailLab()]);
  listener = createServer((socket) => {
    listenerHits += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(listener.address() as { port: number }).port}`;
});
afterAll(async () => {
  await Promise.all([
    browser.close(),
    lab.close(),
    new Promise((resolve) => listener.close(resolve)),
  ]);
});

/** The lab page's hooks this test uses (see renderer/src/testing/mailLab/labTypes.ts). */
interface CorpusPage {
  __mailLab: {
    readonly hits: string[];
    render(mails: readonly { id: string; html: string }[]): Promise<void>;
    inspect(): Record<string, number>;
  };
  __outside: { mutations: number; style: () => string };
}

describe('the hostile-mail corpus', () => {
  it(
    `renders ${String(CORPUS_SIZE)} hostile mails with no script run, no request and nothing changed outside the frames`,
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const requests: string[] = [];
      const popups: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('popup', (popup) => popups.push(popup.url()));
      await page.goto(lab.url);
      await page.waitForFunction(() => '__mailLab' in globalThis);
      const labRequests = requests.length;

      // Everything of the page outside the mails' frames is watched: the head, the root and
      // body elements' attributes, and the desk's chrome (a header standing for the desk).
      await page.evaluate(() => {
        const dom = globalThis as unknown as {
          document: {
            head: object;
            body: object;
            documentElement: object;
            getElementById(id: string): object;
          };
          MutationObserver: new (callback: (records: unknown[]) => void) => {
            observe(target: object, options: Record<string, boolean>): void;
          };
          getComputedStyle(element: object): Record<string, string>;
          __outside: { mutations: number; style: () => string };
        };
        const outside = { mutations: 0, style: () => '' };
        const chrome = dom.document.getElementById('desk-chrome');
        const observer = new dom.MutationObserver((records) => {
          outside.mutations += records.length;
        });
        const everything = {
          childList: true,
          subtree: true,
          attributes: true,
          characterData: true,
        };
        observer.observe(dom.document.head, everything);
        observer.observe(chrome, everything);
        observer.observe(dom.document.documentElement, { attributes: true });
        observer.observe(dom.document.body, { attributes: true });
        outside.style = () => {
          const chromeStyle = dom.getComputedStyle(chrome);
          const bodyStyle = dom.getComputedStyle(dom.document.body);
          return [
            chromeStyle.color,
            chromeStyle.display,
            chromeStyle.fontFamily,
            bodyStyle.display,
            bodyStyle.backgroundColor,
          ].join('|');
        };
        dom.__outside = outside;
      });
      const styleBefore = await page.evaluate(() =>
        (globalThis as unknown as CorpusPage).__outside.style(),
      );

      const mails = hostileMails(CORPUS_SIZE, origin);
      const families = new Map<string, number>();
      for (const mail of mails)
        for (const family of mail.families) families.set(family, (families.get(family) ?? 0) + 1);
      const payloads = new Set(mails.flatMap((mail) => mail.payloads));
      const findings: Record<string, number> = {};
      const started = performance.now();
      const batches = [];
      for (let at = 0; at < mails.length; at += BATCH)
        batches.push(mails.slice(at, at + BATCH).map(({ id, html }) => ({ id, html })));
      // Big mails made of the corpus, which the view sanitizes a chunk at a time.
      batches.push(bigHostileMails(origin).map(({ id, html }) => ({ id: `big ${id}`, html })));
      for (const batch of batches) {
        const found = await page.evaluate(async (batch) => {
          const lab = (globalThis as unknown as CorpusPage).__mailLab;
          await lab.render(batch);
          return lab.inspect();
        }, batch);
        expect(found.frames).toBe(batch.length);
        for (const [key, value] of Object.entries(found))
          if (key !== 'frames') findings[key] = (findings[key] ?? 0) + value;
      }
      // Let anything late (a refresh, a timer, a lazy load) have its chance.
      await page.waitForTimeout(500);
      const elapsed = performance.now() - started;

      const { hits, mutations, styleAfter } = await page.evaluate(() => {
        const dom = globalThis as unknown as CorpusPage;
        return {
          hits: dom.__mailLab.hits,
          mutations: dom.__outside.mutations,
          styleAfter: dom.__outside.style(),
        };
      });
      const unexpectedRequests = requests.slice(labRequests);
      const report = {
        mails: mails.length,
        payloads: payloads.size,
        families: Object.fromEntries(families),
        scriptExecutions: hits.length,
        requests: unexpectedRequests.length,
        listenerConnections: listenerHits,
        popups: popups.length,
        changesOutsideFrames: mutations,
        findingsInFrames: findings,
        msPerMail: Number((elapsed / mails.length).toFixed(3)),
        seconds: Number((elapsed / 1000).toFixed(1)),
      };
      console.log(`hostile-mail corpus: ${JSON.stringify(report)}`);

      expect(families.size).toBe(Object.keys(PAYLOADS).length);
      expect(payloads.size).toBe(Object.values(PAYLOADS).flat().length);
      expect(hits).toEqual([]);
      expect(unexpectedRequests).toEqual([]);
      expect(listenerHits).toBe(0);
      expect(popups).toEqual([]);
      expect(mutations).toBe(0);
      expect(styleAfter).toBe(styleBefore);
      expect(page.url()).toBe(lab.url);
      expect(findings).toEqual({
        scripts: 0,
        handlers: 0,
        embeds: 0,
        forms: 0,
        metas: 0,
        hrefs: 0,
        remoteImages: 0,
        cssLoads: 0,
        foreign: 0,
        templates: 0,
        navigated: 0,
      });
      await page.close();
    },
    Math.max(120_000, CORPUS_SIZE * 80),
  );
});
