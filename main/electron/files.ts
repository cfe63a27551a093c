import type { AttachmentPicker, FileDialogs } from '../workstation/shellPorts';
import type {
  ShellBaseWindow,
  ShellElectron,
  ShellOpenDialogOptions,
  ShellSaveDialogOptions,
} from './electronApi';
import { isSafeExternalUrl } from './window';

/**
 * The suggested name as a bare file name. The core already cleans attachment names; this keeps
 * a name with folders in it from steering the dialog elsewhere should one slip through.
 */
export function suggestedFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = (name.split(/[\\/]/u).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  return base === '' || base === '.' || base === '..' ? 'download' : base;
}

/**
 * The {@link FileDialogs} and {@link AttachmentPicker} ports over Electron's `dialog` and `shell`. The save dialog is modal to
 * the window when there is one, so it cannot get lost behind it.
 */
export function createFileDialogs(
  electron: Pick<ShellElectron, 'dialog' | 'shell'>,
  getWindow: () => ShellBaseWindow | undefined,
): FileDialogs & AttachmentPicker {
  return {
    chooseFilesToAttach: async () => {
      const options: ShellOpenDialogOptions = {
        title: 'Attach files',
        properties: ['openFile', 'multiSelections'],
      };
      const window = getWindow();
      const result =
        window === undefined || window.isDestroyed()
          ? await electron.dialog.showOpenDialog(options)
          : await electron.dialog.showOpenDialog(window, options);
      return result.canceled ? [] : result.filePaths;
    },
    chooseSavePath: async (suggestedName) => {
      const options: ShellSaveDialogOptions = {
        defaultPath: suggestedFileName(suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = getWindow();
      const result =
        window === undefined || window.isDestroyed()
          ? await electron.dialog.showSaveDialog(options)
          : await electron.dialog.showSaveDialog(window, options);
      return result.canceled || result.filePath === '' ? undefined : result.filePath;
    },
    openPath: (path) => electron.shell.openPath(path),
    openExternal: async (url) => {
      // The core validated it already; the shell is the last stop before the OS, so again.
      if (!isSafeExternalUrl(url)) throw new Error('Only public https links are opened');
      await electron.shell.openExternal(url);
    },
  };
}
