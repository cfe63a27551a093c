import { describe, expect, it } from 'vitest';
import { FakeElectron, type FakeBrowserWindow } from '../../tests/support/fakeElectron';
import { createFileDialogs, suggestedFileName } from './files';

function dialogs(withWindow: boolean) {
  const electron = new FakeElectron();
  const window: FakeBrowserWindow | undefined = withWindow ? electron.openBareWindow() : undefined;
  return { electron, window, files: createFileDialogs(electron, () => window) };
}

describe('suggestedFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\evil.exe', 'evil.exe'],
    ['bad\u0000name\u001f.txt', 'badname.txt'],
    ['folder/', 'download'],
    ['..', 'download'],
    ['   ', 'download'],
  ])('%j becomes %j', (name, expected) => {
    expect(suggestedFileName(name)).toBe(expected);
  });
});

describe('createFileDialogs', () => {
  it('asks which files to attach, modal to the window, several at once; none when cancelled', async () => {
    const { electron, window, files } = dialogs(true);
    electron.dialog.openResult = {
      canceled: false,
      filePaths: ['/home/agent/a.pdf', '/tmp/b.png'],
    };
    await expect(files.chooseFilesToAttach()).resolves.toEqual(['/home/agent/a.pdf', '/tmp/b.png']);
    expect(electron.dialog.openCalls).toEqual([
      { window, options: { title: 'Attach files', properties: ['openFile', 'multiSelections'] } },
    ]);
    electron.dialog.openResult = { canceled: true, filePaths: ['/ignored'] };
    await expect(files.chooseFilesToAttach()).resolves.toEqual([]);
    const windowless = dialogs(false);
    await windowless.files.chooseFilesToAttach();
    expect(windowless.electron.dialog.openCalls[0]?.window).toBeUndefined();
  });

  it('asks where to save, modal to the window, and answers the chosen path', async () => {
    const { electron, window, files } = dialogs(true);
    electron.dialog.saveResult = { canceled: false, filePath: '/home/agent/report.pdf' };
    await expect(files.chooseSavePath('report.pdf')).resolves.toBe('/home/agent/report.pdf');
    expect(electron.dialog.saveCalls).toEqual([
      {
        window,
        options: {
          defaultPath: 'report.pdf',
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
      },
    ]);
  });

  it('asks without a parent when there is no window, and answers undefined on cancel', async () => {
    const { electron, files } = dialogs(false);
    electron.dialog.saveResult = { canceled: true, filePath: '' };
    await expect(files.chooseSavePath('report.pdf')).resolves.toBeUndefined();
    expect(electron.dialog.saveCalls[0]?.window).toBeUndefined();
  });

  it('opens files with the OS and passes its error message back', async () => {
    const { electron, files } = dialogs(false);
    electron.shell.openPathAnswer = 'No application is associated with this file';
    await expect(files.openPath('/tmp/a.xyz')).resolves.toBe(
      'No application is associated with this file',
    );
    expect(electron.shell.openedPaths).toEqual(['/tmp/a.xyz']);
  });

  it('opens public https links only, even though the core checked them', async () => {
    const { electron, files } = dialogs(false);
    await files.openExternal('https://example.com/kb/42');
    await expect(files.openExternal('mailto:x@example.com')).rejects.toThrow();
    await expect(files.openExternal('http://example.com/')).rejects.toThrow();
    expect(electron.shell.openedExternal).toEqual(['https://example.com/kb/42']);
  });
});
