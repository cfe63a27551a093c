import type { SwitchboardHandlers } from '../../common/contract';
import type { AppInfo } from '../../common/model';

/**
 * Facts about the running process, gathered by the composition root (from Electron's `app` in
 * the desktop shell, from `process` in a headless host) so this module stays runnable anywhere.
 */
export interface RuntimeFacts {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  readonly versions: Readonly<Partial<Record<string, string>>>;
}

export function describeApp(facts: RuntimeFacts, systemLanguages: readonly string[] = []): AppInfo {
  const { electron, chrome, node } = facts.versions;
  return {
    name: facts.name,
    version: facts.version,
    platform: facts.platform,
    arch: facts.arch,
    runtime: {
      ...(electron === undefined ? {} : { electron }),
      ...(chrome === undefined ? {} : { chrome }),
      node: node ?? 'unknown',
    },
    systemLanguages: [...systemLanguages],
  };
}

/** The `app` namespace of the contract. */
export function createAppHandlers(
  facts: RuntimeFacts,
  systemLanguages: readonly string[] = [],
): Omit<SwitchboardHandlers['app'], 'invitationsWaiting'> {
  const info = describeApp(facts, systemLanguages);
  return {
    getInfo: () => info,
  };
}
