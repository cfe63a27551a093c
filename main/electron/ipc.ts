import { err } from '../../common/errors';
import type { ChannelHandler } from '../ipc/dispatcher';
import { isTrustedRendererUrl } from '../ipc/senderPolicy';
import type { ShellBrowserWindow, ShellIpcMain } from './electronApi';
import type { ShellLog } from './log';

/**
 * Serves every contract method on `ipcMain`. The sender frame is checked before the arguments
 * reach the dispatcher, which validates them against the contract; every answer is a `Result`.
 * Returns a function that removes the handlers again.
 */
export function serveContractOverIpc(
  ipcMain: ShellIpcMain,
  dispatcher: ReadonlyMap<string, ChannelHandler>,
  rendererUrl: string,
): () => void {
  for (const [channel, handle] of dispatcher) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      // Only Switchboard's own top-level page: never a frame inside it (e.g. e-mail content).
      const frame = event.senderFrame;
      if (frame?.parent !== null || !isTrustedRendererUrl(frame.url, rendererUrl)) {
        return err('forbidden', `${channel} refused: the caller is not Switchboard's window`);
      }
      return handle(args);
    });
  }
  return () => {
    for (const channel of dispatcher.keys()) ipcMain.removeHandler(channel);
  };
}

/**
 * The pushed-events side of the contract: a sender that delivers an event to the window's page
 * when there is a live one, and drops it otherwise (the window was closed to the tray and
 * destroyed, or is not created yet); the renderer re-reads its state when it loads.
 */
export function sendToRenderer(
  getWindow: () => ShellBrowserWindow | undefined,
  log?: ShellLog,
): (channel: string, payload: unknown) => void {
  return (channel, payload) => {
    const window = getWindow();
    if (window === undefined || window.isDestroyed() || window.webContents.isDestroyed()) return;
    try {
      window.webContents.send(channel, payload);
    } catch (error) {
      // A payload that cannot be cloned is a bug in the core; it must not break the caller's
      // event handling (which also writes the cache), so it is reported and dropped.
      log?.error(`Could not send ${channel} to the window`, error);
    }
  };
}
