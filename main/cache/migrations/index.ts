import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-desk-state';
import { migration0030 } from './0030-chat-joins-index';
import { migration0040 } from './0040-remote-image-senders';
import { migration0050 } from './0050-drafts';
import { migration0060 } from './0060-library-and-sent-mail';
import { migration0070 } from './0070-search-index-progress';
import { migration0080 } from './0080-case-preferences';
import { migration0090 } from './0090-workbins';
import { migration0100 } from './0100-contact-history';
import { migration0110 } from './0110-account-case-preferences';
import { migration0120 } from './0120-invitation-preferences';
import { migration0130 } from './0130-account-preferences';
import { migration0140 } from './0140-shortcut-preferences';
import { migration0150 } from './0150-chat-lines-by-key';
import { migration0160 } from './0160-event-log-without-index';
import { migration0170 } from './0170-outbound-email-queue';
import { migration0180 } from './0180-chat-preferences';
import { migration0190 } from './0190-email-comment';
import { migration0200 } from './0200-searchable-comments';
import { migration0210 } from './0210-consultation-target';
import { migration0220 } from './0220-searchable-file-names';
import { migration0230 } from './0230-hand-offs';
import { migration0240 } from './0240-password-verifiers';
import { migration0250 } from './0250-html-text-versions';
import { migration0260 } from './0260-unspaced-scripts';
import { migration0270 } from './0270-decoded-subjects';
import { migration0280 } from './0280-unsettled-sends';
import { migration0290 } from './0290-decoded-file-names-and-empty-accounts';
import { migration0300 } from './0300-server-time-seen';
import { migration0310 } from './0310-searchable-sender-names';
import { migration0320 } from './0320-history-by-end';
import { migration0330 } from './0330-attachments-by-file';
import { migration0340 } from './0340-interaction-start';
import { migration0350 } from './0350-composed-unspaced-scripts';
import { migration0360 } from './0360-left-conference-hand-off';
import type { Migration } from './types';

/** Every migration, oldest first. Add new ones at the end; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
  migration0120,
  migration0130,
  migration0140,
  migration0150,
  migration0160,
  migration0170,
  migration0180,
  migration0190,
  migration0200,
  migration0210,
  migration0220,
  migration0230,
  migration0240,
  migration0250,
  migration0260,
  migration0270,
  migration0280,
  migration0290,
  migration0300,
  migration0310,
  migration0320,
  migration0330,
  migration0340,
  migration0350,
  migration0360,
];

export type { Migration } from './types';
