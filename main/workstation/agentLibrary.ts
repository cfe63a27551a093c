import { SwitchboardFailure } from '../../common/errors';
import type { StandardResponse, StandardResponseDraft } from '../../common/model';
import type { Locale } from '../../common/i18n/locales';
import { EXAMPLE_RESPONSES_BY_LOCALE, type LibraryStore } from '../cache/library';

export interface AgentLibraryOptions {
  readonly library: LibraryStore;
  /** The cache's id of the account whose library it is: the signed-in (or last) agent's. */
  readonly accountId: () => number | undefined;
  readonly now?: () => number;
  /** The desk's language now: a new agent's example responses are offered in it. */
  readonly locale?: () => Locale;
}

/** A standard response deleted since the list was shown (on another desk, or another window). */
function responseGone(): SwitchboardFailure {
  return new SwitchboardFailure(
    'notFound',
    'That standard response no longer exists',
    'responseGone',
  );
}

/**
 * The agent's own library, kept in the cache per account (migration 0060): the e-mail
 * signature and the standard responses. Available offline like the rest of the cache; without
 * an account (no agent ever signed in) there is no library to read.
 */
export class AgentLibrary {
  private readonly clock: () => number;

  constructor(private readonly options: AgentLibraryOptions) {
    this.clock = options.now ?? Date.now;
  }

  signature(): string {
    return this.options.library.signature(this.account());
  }

  setSignature(signature: string): string {
    // Trailing blank lines would push the quoted original down for nothing.
    const kept = signature.replace(/\s+$/u, '');
    this.options.library.saveSignature(this.account(), kept);
    return kept;
  }

  responses(search?: string): StandardResponse[] {
    const examples = EXAMPLE_RESPONSES_BY_LOCALE[this.options.locale?.() ?? 'en'];
    return this.options.library.responses(this.account(), search, this.clock(), examples);
  }

  saveResponse(draft: StandardResponseDraft): StandardResponse {
    const saved = this.options.library.saveResponse(this.account(), draft, this.clock());
    if (saved === undefined) throw responseGone();
    return saved;
  }

  deleteResponse(id: number): void {
    if (!this.options.library.deleteResponse(this.account(), id)) throw responseGone();
  }

  private account(): number {
    const id = this.options.accountId();
    if (id === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return id;
  }
}
