import { z } from 'zod';
import englishSettings from './i18n/en/settings';
import type { MessageValues, Translate } from './i18n/translate';

/**
 * The rules the routing and case-data settings obey, each refusal in one plain sentence. They
 * live in the settings schema (common/model.ts `SettingsSchema`), so main's IPC boundary and
 * the cache refuse what breaks them; the Settings dialog runs the same schema before it asks,
 * so the agent reads the sentence rather than a path into the call's arguments.
 */

/** The longest code, key or queue name kept (a GWS userData key or value is far shorter). */
export const SETTING_TEXT_MAX = 200;
/** The most entries any of the lists keeps. */
export const SETTING_LIST_MAX = 100;

type RuleSentences = typeof englishSettings.rules;

/**
 * A rule's sentence in English, as main refuses and logs it: read from the English catalog's
 * `settings.rules`, the sentences the Settings dialog shows in English, so that each is written
 * once. Only `{name}` placeholders are filled in, which is all these sentences hold.
 */
function english<Setting extends Exclude<keyof RuleSentences, 'cannotKeep'>>(
  setting: Setting,
  rule: keyof RuleSentences[Setting],
  values: MessageValues = {},
): string {
  const sentence = englishSettings.rules[setting][rule] as string;
  return sentence.replace(/\{(\w+)\}/gu, (_, name: string) => String(values[name]));
}

/** The settings of one text, which {@link settingsProblemIn} words by their name as it does the lists. */
const TEXT_SETTINGS = ['dispositionKey', 'outboundEmailQueue'] as const;

/** The settings each of whose texts (an entry, or the one value) is trimmed, not blank, not too long. */
type TextSetting = SettingsList | (typeof TEXT_SETTINGS)[number];

/** One text of `setting`: trimmed, not blank, not too long. */
function settingText(setting: TextSetting) {
  return z
    .string()
    .trim()
    .min(1, english(setting, 'blank'))
    .max(SETTING_TEXT_MAX, english(setting, 'tooLong', { max: SETTING_TEXT_MAX }));
}

/**
 * A list of settings text whose entries are each given once. `ignoreCase`: "Resolved" and
 * "resolved" are the same entry: true for what the agent reads and picks (codes), false for
 * what the server matches exactly (userData keys, queue names).
 */
function settingList(list: SettingsList, ignoreCase: boolean) {
  return z
    .array(settingText(list))
    .max(SETTING_LIST_MAX, english(list, 'tooMany', { max: SETTING_LIST_MAX }))
    .superRefine((entries, context) => {
      const seen = new Set<string>();
      for (const [index, text] of entries.entries()) {
        const same = ignoreCase ? text.toLowerCase() : text;
        if (seen.has(same))
          context.addIssue({
            code: 'custom',
            message: english(list, 'twice', { text }),
            path: [index],
            params: { listedTwice: text },
          });
        seen.add(same);
      }
    });
}

/** userData keys the agent may edit in the Case data panel (see common/caseData.ts). */
export const EditableCaseKeysSchema = settingList('editableCaseKeys', false);

/** The disposition codes the agent chooses from, in the order the picker offers them. */
export const DispositionCodesSchema = settingList('dispositionCodes', true);

/** The userData key a disposition is stored under through UpdateProperties. */
export const DispositionKeySchema = settingText('dispositionKey');

/** Queue names the Transfer panel offers beside the interaction's own (outQueues, inQueues). */
export const TransferQueueNamesSchema = settingList('transferQueueNames', false);

/**
 * The queue a new e-mail waits in while the agent writes it, and so goes from when sent: 002's
 * CreateEmail must name one. Every GWS sample names this one; a contact center names its own.
 * A reply's draft waits where the server puts it (the e-mail's own out-queue), so Reply, Reply
 * all and Send name none.
 */
export const DEFAULT_OUTBOUND_EMAIL_QUEUE = 'SimpleEmailOutQueue';

export const OutboundEmailQueueSchema = settingText('outboundEmailQueue');

/** The longest chat nickname kept (what the customer reads beside each of the agent's lines). */
export const CHAT_NICKNAME_MAX = 64;

/**
 * The name the agent joins chats under, which the customer reads (003 "Accept" on a chat:
 * `nickname`, "agent-nickname-to-be-displayed-in-chat"; Workspace's `chat.nickname`). Blank:
 * none is sent, and the server shows the name it has for the agent.
 */
export const ChatNicknameSchema = z
  .string()
  .trim()
  .max(CHAT_NICKNAME_MAX, english('chatNickname', 'tooLong', { max: CHAT_NICKNAME_MAX }));

/** The shortest and longest invitation timeout the desk counts down from, in seconds. */
export const INVITATION_TIMEOUT_MIN_SECONDS = 5;
export const INVITATION_TIMEOUT_MAX_SECONDS = 600;
/** What the countdown starts from when the agent never chose (GWS's documents give none). */
export const DEFAULT_INVITATION_TIMEOUT_SECONDS = 30;

/**
 * How long an invitation waits for Accept before the server withdraws it, as the desk counts
 * it down. GWS 8.5's documents (003) give no invitation timeout to the agent's desktop (their
 * only `timeout` is CometD's advice), so the agent sets the one the contact center uses.
 */
export const InvitationTimeoutSchema = z
  .number({ message: english('invitationTimeoutSeconds', 'whole') })
  .int(english('invitationTimeoutSeconds', 'whole'))
  .min(
    INVITATION_TIMEOUT_MIN_SECONDS,
    english('invitationTimeoutSeconds', 'tooShort', { min: INVITATION_TIMEOUT_MIN_SECONDS }),
  )
  .max(
    INVITATION_TIMEOUT_MAX_SECONDS,
    english('invitationTimeoutSeconds', 'tooLong', { max: INVITATION_TIMEOUT_MAX_SECONDS }),
  );

/** The chime plays once per invitation, or again every few seconds until it is answered. */
export const ChimeSchema = z.enum(['once', 'repeat'], {
  message: 'The chime plays either once or until the invitation is answered.',
});

/** The lists of settings text, which {@link settingsProblemIn} words by their name. */
export type SettingsList = 'dispositionCodes' | 'editableCaseKeys' | 'transferQueueNames';

const SETTINGS_LISTS: readonly string[] = [
  'dispositionCodes',
  'editableCaseKeys',
  'transferQueueNames',
] satisfies readonly SettingsList[];

/**
 * The first broken rule, in one sentence in the language of `t` (the Settings dialog's): the
 * schemas' own sentences are the same in English, for main's refusals and the log. `list`
 * names the list `error` is about when it checked one list alone (its issues' paths then start
 * at an entry).
 * A rule this does not word (a value no control of the dialog can give) keeps its English.
 */
export function settingsProblemIn(error: z.ZodError, t: Translate, list?: SettingsList): string {
  const issue = error.issues[0];
  if (issue === undefined) return t('settings.rules.cannotKeep');
  const [setting, entry] = list === undefined ? issue.path : [list, ...issue.path];
  const isList = typeof setting === 'string' && SETTINGS_LISTS.includes(setting);
  const isText =
    typeof setting === 'string' && (TEXT_SETTINGS as readonly string[]).includes(setting);
  if (isList || isText) {
    // A list's entry, or the one text: the same rules, worded under the setting's name.
    const rules = `settings.rules.${setting as TextSetting}` as const;
    if (isList && entry === undefined)
      return issue.code === 'too_big'
        ? t(`settings.rules.${setting as SettingsList}.tooMany`, { max: SETTING_LIST_MAX })
        : issue.message;
    if (issue.code === 'too_small') return t(`${rules}.blank`);
    if (issue.code === 'too_big') return t(`${rules}.tooLong`, { max: SETTING_TEXT_MAX });
    const twice: unknown = issue.code === 'custom' ? issue.params?.listedTwice : undefined;
    if (isList && typeof twice === 'string')
      return t(`settings.rules.${setting as SettingsList}.twice`, { text: twice });
  }
  if (setting === 'chatNickname' && issue.code === 'too_big')
    return t('settings.rules.chatNickname.tooLong', { max: CHAT_NICKNAME_MAX });
  if (setting === 'invitationTimeoutSeconds') {
    if (issue.code === 'too_small')
      return t('settings.rules.invitationTimeoutSeconds.tooShort', {
        min: INVITATION_TIMEOUT_MIN_SECONDS,
      });
    if (issue.code === 'too_big')
      return t('settings.rules.invitationTimeoutSeconds.tooLong', {
        max: INVITATION_TIMEOUT_MAX_SECONDS,
      });
    return t('settings.rules.invitationTimeoutSeconds.whole');
  }
  return issue.message;
}

/** The desk's colours: as the OS prefers them (`system`), or light or dark whatever it says. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export const ThemeChoiceSchema = z.enum(THEME_CHOICES, {
  message: 'The theme is one of system, light or dark.',
});
