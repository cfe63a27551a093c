import { lacksMultimedia } from '../../common/gwsOperations';
import type { GwsOperations } from '../gws/operations';
import type { WorkstationLog } from './attachments';

/**
 * Whether the contact center's features (GET /features?fields=*) lack api-multimedia:
 * then the agent gets neither e-mail nor chat there, which the desk and `listen` say. Only a
 * list read in full answers true; a refused or failed read, or an answer that is not such a
 * list, is logged and answers false, so that nothing is claimed and sign-in goes on.
 */
export async function multimediaMissing(
  operations: Pick<GwsOperations, 'getFeatures'>,
  log: WorkstationLog,
): Promise<boolean> {
  const features = await operations.getFeatures();
  if (!features.ok) {
    log.warn(`the contact center's features could not be read: ${features.error.message}`);
    return false;
  }
  const ids = features.value.map((feature) => feature.id);
  log.debug(`the contact center's features: ${ids.join(', ') || 'none'}`);
  return lacksMultimedia(features.value);
}
