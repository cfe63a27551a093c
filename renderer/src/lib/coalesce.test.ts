import { describe, expect, it, vi } from 'vitest';
import { coalesce, type Scheduler } from './coalesce';

function manualScheduler() {
  const pending: (() => void)[] = [];
  const schedule: Scheduler = (callback) => pending.push(callback);
  const tick = () => {
    for (const callback of pending.splice(0)) callback();
  };
  return { schedule, tick, pending };
}

describe('coalesce', () => {
  it('runs once per frame however many requests arrive', async () => {
    const frames = manualScheduler();
    let runs = 0;
    const { request } = coalesce(async () => {
      runs++;
      await Promise.resolve();
    }, frames.schedule);
    request();
    request();
    request();
    expect(frames.pending).toHaveLength(1);
    frames.tick();
    await Promise.resolve();
    expect(runs).toBe(1);
  });

  it('runs again after a request that arrived while it was running', async () => {
    const frames = manualScheduler();
    let release: () => void = () => undefined;
    let runs = 0;
    const { request } = coalesce(
      () =>
        new Promise<void>((resolve) => {
          runs++;
          release = resolve;
        }),
      frames.schedule,
    );
    request();
    frames.tick();
    expect(runs).toBe(1);
    request();
    request();
    expect(frames.pending).toHaveLength(0);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(frames.pending).toHaveLength(1);
    frames.tick();
    expect(runs).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(frames.pending).toHaveLength(0);
  });

  it('reports a failed job on the console and keeps working', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const frames = manualScheduler();
    let runs = 0;
    const { request } = coalesce(async () => {
      runs++;
      await Promise.resolve();
      throw new Error('boom');
    }, frames.schedule);
    request();
    frames.tick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(consoleError).toHaveBeenCalledTimes(1);
    request();
    frames.tick();
    expect(runs).toBe(2);
    consoleError.mockRestore();
  });

  it('forgets a scheduled run when cancelled', () => {
    const frames = manualScheduler();
    let runs = 0;
    const { request, cancel } = coalesce(async () => {
      runs++;
      await Promise.resolve();
    }, frames.schedule);
    request();
    cancel();
    frames.tick();
    expect(runs).toBe(0);
    // A request after the cancel schedules afresh.
    request();
    expect(frames.pending).toHaveLength(1);
    frames.tick();
    expect(runs).toBe(1);
  });

  it('does not wait for, nor repeat, a run under way when cancelled', async () => {
    const frames = manualScheduler();
    const releases: (() => void)[] = [];
    let runs = 0;
    const { request, cancel } = coalesce(
      () =>
        new Promise<void>((resolve) => {
          runs++;
          releases.push(resolve);
        }),
      frames.schedule,
    );
    request();
    frames.tick();
    request(); // would run again after the first…
    cancel(); // …but the cancel forgets that.
    request(); // A new request does not wait for the detached run.
    expect(frames.pending).toHaveLength(1);
    frames.tick();
    expect(runs).toBe(2);
    for (const release of releases) release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Neither the detached run nor the new one asked for more.
    expect(frames.pending).toHaveLength(0);
    expect(runs).toBe(2);
  });
});
