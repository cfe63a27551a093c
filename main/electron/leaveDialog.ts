import type { LeaveConfirmation } from '../workstation/shellPorts';
import type { ShellBaseWindow, ShellElectron, ShellMessageBoxOptions } from './electronApi';

/**
 * The {@link LeaveConfirmation} port over Electron's message box: the tray's Sign out and Quit
 * ask here, in the words the desk gives (main/workstation/leaveQuestion.ts). Cancel is the
 * default and the answer to Escape, so that nothing is abandoned by a stray key; the box is
 * modal to the window when there is one.
 */
export function createLeaveConfirmation(
  electron: Pick<ShellElectron, 'dialog'>,
  getWindow: () => ShellBaseWindow | undefined,
): LeaveConfirmation {
  return {
    confirmLeaving: async (question) => {
      const options: ShellMessageBoxOptions = {
        type: 'warning',
        title: question.title,
        message: question.title,
        detail: question.detail,
        buttons: [question.cancel, question.confirm],
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
