import { workWords, type LeaveAction, type WorkInProgress } from '../../common/leaving';
import type { Translator } from '../i18n/translator';
import type { LeaveQuestion } from './shellPorts';

/**
 * The native guard dialog's question (the tray's Sign out and Quit), in the desk's language and
 * in the words of the desk's own dialog (LeaveGuardDialog.vue): the question, the explanation
 * counting the interactions, one line per interaction, Cancel and the confirming button.
 */
export function leaveQuestion(
  words: Translator,
  action: LeaveAction,
  work: readonly WorkInProgress[],
): LeaveQuestion {
  const { t } = words;
  const quit = action === 'quit';
  const lines = work.map((item) => {
    const { kind, subject, customer } = workWords(item, t);
    return `${kind}: ${subject} (${customer})`;
  });
  return {
    action,
    work,
    title: t(quit ? 'interaction.leave.quitTitle' : 'interaction.leave.title'),
    detail: `${words.plural(quit ? 'interaction.leave.quitMessage' : 'interaction.leave.message', work.length)}\n\n${lines.join('\n')}`,
    confirm: t(quit ? 'interaction.leave.quitConfirm' : 'interaction.leave.confirm'),
    cancel: t('interaction.leave.cancel'),
  };
}
