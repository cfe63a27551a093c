import { SwitchboardFailure, unanswered, valueOrThrow } from '../../common/errors';
import type { WorkbinItem } from '../../common/gwsOperations';
import type { WorkbinContent, WorkbinEntry, WorkbinsOverview } from '../../common/model';
import type { GwsOperations } from '../gws/operations';
import type { CacheWriter } from './cacheWriter';

/** What the workbins service reads through: the session's operations and the account's cache. */
export interface DeskWorkbinsPorts {
  /** The signed-in session's operations; undefined while signed out. */
  readonly operations: () => GwsOperations | undefined;
  /** The account's cache writer; undefined before any account was opened. */
  readonly writer: () => CacheWriter | undefined;
}

/** A workbin item of GetWorkbinContent as the Workbins panel lists it. */
export function workbinEntryOf(item: WorkbinItem): WorkbinEntry {
  return {
    interactionId: item.id,
    ...(item.channel === undefined ? {} : { channel: item.channel }),
    ...(item.subject === undefined ? {} : { subject: item.subject }),
    ...(item.from === undefined ? {} : { from: item.from }),
    ...(item.placedAt === undefined ? {} : { placedAt: item.placedAt }),
  };
}

/**
 * The agent's workbins for the Workbins panel (issue 13 item 2). {@link overview} reads the
 * workbins (GetWorkbinTypesInfo) and each one's content (GetWorkbinContent) from the server,
 * subscribing to each workbin's events first so that no change between the read and the
 * subscription is missed; what it read is stored in the cache, and from then on the workbin
 * notifications keep the cached content current through the cache writer's change sets. With
 * the server out of reach (or signed out), the cache's copy answers, marked as cached.
 */
export class DeskWorkbins {
  constructor(private readonly ports: DeskWorkbinsPorts) {}

  /** The workbins with their content: the server's now, or the cache's copy when unreachable. */
  async overview(): Promise<WorkbinsOverview> {
    const writer = this.ports.writer();
    if (writer === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    const operations = this.ports.operations();
    if (operations !== undefined) {
      try {
        return writer.storeWorkbins(await this.read(operations));
      } catch (error) {
        if (!(error instanceof SwitchboardFailure) || !unanswered(error.kind)) throw error;
        return this.cached(writer, error.message);
      }
    }
    return this.cached(writer, 'Not signed in');
  }

  private async read(operations: GwsOperations): Promise<WorkbinContent[]> {
    const listed = await valueOrThrow(operations.getWorkbins());
    const active = listed.filter((workbin) => workbin.active);
    return Promise.all(
      active.map(async (workbin) => {
        await valueOrThrow(operations.subscribeWorkbin(workbin.workbinId));
        const items = await valueOrThrow(operations.getWorkbinInteractions(workbin.workbinId));
        return {
          workbinId: workbin.workbinId,
          name: workbin.workbinName,
          entries: items.map(workbinEntryOf),
        };
      }),
    );
  }

  private cached(writer: CacheWriter, reason: string): WorkbinsOverview {
    const stored = writer.storedWorkbins();
    if (stored === undefined) {
      throw new SwitchboardFailure(
        'network',
        `The workbins cannot be read (${reason}) and none were read before.`,
        'workbinsNotCached',
      );
    }
    return { ...stored, cached: true };
  }
}
