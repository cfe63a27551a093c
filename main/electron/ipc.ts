import { ipcMain } from 'electron';
import { err } from '../../common/errors';
import type { ChannelHandler } from '../ipc/dispatcher';
import { isTrustedRendererUrl } from '../ipc/senderPolicy';

/**
 * Serves every contract method on `ipcMain`. The sender frame is checked before the arguments
 * reach the dispatcher, which validates them against the contract. Returns a function that
 * removes the handlers again.
 */
export function serveContractOverIpc(
  dispatcher: ReadonlyMap<string, ChannelHandler>,
  rendererUrl: string,
): () => void {
  for (const [channel, handle] of dispatcher) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedRendererUrl(event.senderFrame?.url, rendererUrl)) {
        return err('forbidden', `${channel} refused: the caller is not Switchboard's window`);
      }
      return handle(args);
    });
  }
  return () => {
    for (const channel of dispatcher.keys()) ipcMain.removeHandler(channel);
  };
}
