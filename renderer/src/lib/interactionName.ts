import { t } from '../i18n';
import { channelTitle } from './format';

/**
 * An interaction named for a list or an announcement: "Chat from Anna", "E-mail from
 * maria@example.com" (or the catalog's words for an unknown sender). The inbox row's label,
 * its Accept / Reject buttons and the invitation announcer say the same.
 */
export function interactionName(interaction: {
  readonly channel: string;
  readonly from?: string | undefined;
}): string {
  return t('inbox.row.name', {
    channel: channelTitle(interaction.channel),
    from: interaction.from ?? t('inbox.row.unknownSender'),
  });
}
