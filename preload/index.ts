import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contract, createClient, type ClientTransport } from '../common/contract';

// The whole preload: a client of the contract over ipcRenderer, exposed as `window.switchboard`.
// The renderer gets plain functions only; neither ipcRenderer nor Electron's event objects (whose
// `sender` is ipcRenderer) ever cross the bridge.

/** The contract's transport over ipcRenderer; exported for the preload's tests only. */
export const ipcTransport: ClientTransport = {
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
  subscribe: (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      listener(payload);
    };
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('switchboard', createClient(contract, ipcTransport));
