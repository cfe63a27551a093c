import { describe, expect, it } from 'vitest';
import { runSwitchboard, untilPrinted } from './switchboardProcess';

describe('untilPrinted', () => {
  it('sees what a command printed just before it exited, its exit known before that output is read', async () => {
    const run = runSwitchboard(['export'], {});
    // What a loaded machine does now and then: the child's exit is known while the last of
    // its output still waits in the pipe, unread.
    // Here the usage is held unread on purpose, and the wait begins as the exit is told.
    run.process.stderr.pause();
    const { usage } = await new Promise<{ usage: Promise<void> }>((resolve) => {
      run.process.once('exit', () => {
        resolve({
          usage: untilPrinted(run, () => run.output.stderr.includes('Usage:'), 'the usage'),
        });
      });
    });
    run.process.stderr.resume();
    await expect(usage).resolves.toBeUndefined();
    expect(await run.exited).toBe(2);
  });

  it('fails, naming what it waited for, when the command ended without printing it', async () => {
    const run = runSwitchboard(['export'], {});
    await expect(
      untilPrinted(run, () => run.output.stdout.includes('never printed'), 'a line never printed'),
    ).rejects.toThrow(/^the command ended \(2\) before a line never printed: switchboard: /u);
  });
});
