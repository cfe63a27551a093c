// Loaded with `--import` before the built main bundle (out/main/index.js): resolves the bare
// `electron` import to the fake of tests/support/fakeElectron.ts, so the shipped bundle can boot
// under plain Node on a machine without an Electron binary. Test use only.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
