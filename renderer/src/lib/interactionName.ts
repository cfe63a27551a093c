import type { InteractionSummary } from '../../../common/model';
import { t } from '../i18n';
import { channelTitle, partyOf } from './format';

/**
 * An interaction named for a list or an announcement: "Chat from Anna", "E-mail from Maria
 * Lind" (the person the mail names, else its address, else the catalog's words for an unknown
 * sender), "E-mail to ann@example.com" for one the agent writes: whom it is with as the row
 * shows it (partyOf). The inbox row's label, its Accept / Reject buttons and the invitation
 * announcer say the same.
 */
export function interactionName(
  interaction: Pick<InteractionSummary, 'channel'> &
    Partial<Pick<InteractionSummary, 'from' | 'fromName' | 'sentTo'>>,
): string {
  const channel = channelTitle(interaction.channel);
  const party = partyOf(interaction);
  if (interaction.sentTo === '') return t('inbox.row.nameNoRecipient', { channel });
  if (interaction.sentTo !== undefined && party !== undefined)
    return t('inbox.row.nameWritten', { channel, party: party.name });
  return t('inbox.row.name', { channel, from: party?.name ?? t('inbox.row.unknownSender') });
}
