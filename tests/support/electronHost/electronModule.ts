import { FakeElectron } from '../fakeElectron';

/**
 * The `electron` module as the built main bundle sees it when booted by
 * tests/e2e/mainBundle.test.ts: one FakeElectron, its members as the module's named exports.
 * The boot driver (bootDriver.ts) imports the same instance to play the OS and the renderer.
 */
export const fake = new FakeElectron();
fake.app.userDataPath = process.env.SWITCHBOARD_TEST_USER_DATA ?? '/nonexistent';

export const app = fake.app;
export const BrowserWindow = fake.BrowserWindow;
export const Tray = fake.Tray;
export const Menu = fake.Menu;
export const Notification = fake.Notification;
export const nativeImage = fake.nativeImage;
export const safeStorage = fake.safeStorage;
export const shell = fake.shell;
export const dialog = fake.dialog;
export const powerMonitor = fake.powerMonitor;
export const ipcMain = fake.ipcMain;
export const session = fake.session;
