import { leaveWords, workLine } from '../../common/leaving';
import type { LeaveConfirmation } from '../workstation/shellPorts';
import type { ShellBaseWindow, ShellElectron, ShellMessageBoxOptions } from './electronApi';

/**
 * The {@link LeaveConfirmation} port over Electron's message box: the tray's Sign out and Quit
 * ask here, in the same words and with the same list as the desk's own dialog
 * (common/leaving.ts). Cancel is the default and the answer to Escape, so that nothing is
 * abandoned by a stray key; the box is modal to the window when there is one.
 */
export function createLeaveConfirmation(
  electron: Pick<ShellElectron, 'dialog'>,
  getWindow: () => ShellBaseWindow | undefined,
): LeaveConfirmation {
  return {
    confirmLeaving: async (action, work) => {
      const words = leaveWords(action, work.length);
      const options: ShellMessageBoxOptions = {
        type: 'warning',
        title: words.title,
        message: words.title,
        detail: `${words.message}\n\n${work.map(workLine).join('\n')}`,
        buttons: [words.cancel, words.confirm],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const window = getWindow();
      const answer =
        window === undefined || window.isDestroyed()
          ? await electron.dialog.showMessageBox(options)
          : await electron.dialog.showMessageBox(window, options);
      return answer.response === 1;
    },
  };
}
