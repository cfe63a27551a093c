import shell from './shell';
import header from './header';
import menu from './menu';
import inbox from './inbox';
import interaction from './interaction';
import email from './email';
import chat from './chat';
import routing from './routing';
import settings from './settings';
import words from './words';
import errors from './errors';
import shortcuts from './shortcuts';
import tray from './tray';

import type { Catalog } from '../catalog';
import type en from '../en';

const de: Catalog<typeof en> = {
  shell,
  header,
  menu,
  inbox,
  interaction,
  email,
  chat,
  routing,
  settings,
  words,
  errors,
  shortcuts,
  tray,
};
export default de;
