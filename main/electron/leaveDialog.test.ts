import { describe, expect, it } from 'vitest';
import { FakeElectron } from '../../tests/support/fakeElectron';
import type { LeaveQuestion } from '../workstation/shellPorts';
import { createLeaveConfirmation } from './leaveDialog';

const quit: LeaveQuestion = {
  action: 'quit',
  work: [{ id: 'c1', channel: 'chat' }],
  title: 'Quit with work in progress?',
  detail: 'You are still working on this interaction.\n\nChat: Late (Tom)',
  confirm: 'Quit anyway',
  cancel: 'Cancel',
};

describe('the native guard dialog (LeaveConfirmation over Electron)', () => {
  it("shows the desk's words, Cancel first and the default, modal to the window", async () => {
    const electron = new FakeElectron();
    const window = electron.openBareWindow();
    const confirmation = createLeaveConfirmation(electron, () => window);
    electron.dialog.messageBoxResponse = 0;

    await expect(confirmation.confirmLeaving(quit)).resolves.toBe(false);

    const [shown] = electron.dialog.messageBoxes;
    expect(shown?.window).toBe(window);
    expect(shown?.options).toMatchObject({
      title: 'Quit with work in progress?',
      message: 'Quit with work in progress?',
      detail: quit.detail,
      buttons: ['Cancel', 'Quit anyway'],
      defaultId: 0,
      cancelId: 0,
    });
  });

  it('answers true only for the confirming button, and asks without a window when there is none', async () => {
    const electron = new FakeElectron();
    const confirmation = createLeaveConfirmation(electron, () => undefined);
    electron.dialog.messageBoxResponse = 1;

    await expect(
      confirmation.confirmLeaving({ ...quit, action: 'signOut', confirm: 'Sign out anyway' }),
    ).resolves.toBe(true);

    expect(electron.dialog.messageBoxes[0]?.window).toBeUndefined();
    expect(electron.dialog.messageBoxes[0]?.options.buttons).toEqual(['Cancel', 'Sign out anyway']);
  });
});
