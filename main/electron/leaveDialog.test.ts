import { describe, expect, it } from 'vitest';
import { FakeElectron } from '../../tests/support/fakeElectron';
import { createLeaveConfirmation } from './leaveDialog';

const chat = { id: 'c1', subject: 'Order 1234 is late', customer: 'Tom Baker', kind: 'Chat' };
const mail = { id: 'e1', subject: 'Invoice 77', customer: 'ann@example.com', kind: 'E-mail' };

describe('the native guard dialog (LeaveConfirmation over Electron)', () => {
  it('lists the work in the shared words, Cancel first and the default, modal to the window', async () => {
    const electron = new FakeElectron();
    const window = electron.openBareWindow();
    const confirmation = createLeaveConfirmation(electron, () => window);
    electron.dialog.messageBoxResponse = 0;

    await expect(confirmation.confirmLeaving('quit', [chat, mail])).resolves.toBe(false);

    const [shown] = electron.dialog.messageBoxes;
    expect(shown?.window).toBe(window);
    expect(shown?.options).toMatchObject({
      title: 'Quit with work in progress?',
      buttons: ['Cancel', 'Quit anyway'],
      defaultId: 0,
      cancelId: 0,
    });
    expect(shown?.options.detail).toContain('these 2 interactions');
    expect(shown?.options.detail).toContain('Chat: Order 1234 is late (Tom Baker)');
    expect(shown?.options.detail).toContain('E-mail: Invoice 77 (ann@example.com)');
  });

  it('answers true only for "Sign out anyway", and asks without a window when there is none', async () => {
    const electron = new FakeElectron();
    const confirmation = createLeaveConfirmation(electron, () => undefined);
    electron.dialog.messageBoxResponse = 1;

    await expect(confirmation.confirmLeaving('signOut', [chat])).resolves.toBe(true);

    expect(electron.dialog.messageBoxes[0]?.window).toBeUndefined();
    expect(electron.dialog.messageBoxes[0]?.options.buttons).toEqual(['Cancel', 'Sign out anyway']);
  });
});
