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

/** The English catalog: every key the desk uses; the other languages must match it. */
const en = {
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
export default en;
