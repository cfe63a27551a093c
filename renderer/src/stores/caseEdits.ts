import { defineStore } from 'pinia';
import { unanswered, type Result, type SwitchboardError } from '../../../common/errors';
import { caseValueOf, caseValueText, changesCaseValue } from '../../../common/caseData';
import {
  CASE_EDIT_MAX_LENGTH,
  type CaseEdit,
  type ChangeSet,
  type UserData,
} from '../../../common/model';
import { api } from '../api';
import { subscriptions } from '../lib/subscriptions';
import { wholeMap } from '../lib/wholeMap';

/**
 * Interactions that ended while a value of theirs was being saved whose refusal and typed text
 * are kept (see `keptAfterEnd`): the agent reads the latest few, not the shift's.
 */
export const ENDED_EDITS_KEPT = 20;

/** A case-data value the server did not take: the key, and why. */
export interface CaseRefusal {
  readonly key: string;
  readonly error: SwitchboardError;
  /** The value sent, when no answer came: the server may have taken it (see `heardSaved`). */
  readonly sent?: string;
}

/**
 * The agent's case-data edits (CaseDataPanel.vue), by interaction id: the one the panel would
 * lose. Kept here rather than in the panel, which shows one interaction at a time, so that a
 * half-typed note survives switching to another interaction and back, and a value the server
 * did not take (refused, or the request failed) comes back into its form with the reason, also
 * when the answer came while the agent was elsewhere: a long note is not typed twice. Main keeps
 * a copy of each (main/workstation/pageMemory.ts), which a page loaded again reads back
 * ({@link restore}). An edit leaves when it is saved or cancelled, or its interaction ends for
 * the agent (nothing could save it then), except one whose save was refused as it ended, which
 * stays to be read and copied for the latest {@link ENDED_EDITS_KEPT}; all of them at sign-out.
 */
export const useCaseEditsStore = defineStore('caseEdits', () => {
  const edits = wholeMap<string, CaseEdit>();
  /**
   * The server's value each open form started from (or last followed): the panel tells by it
   * that the server changed the key while the form was open (see CaseDataPanel.vue).
   */
  const bases = wholeMap<string, string>();
  const refusals = wholeMap<string, CaseRefusal>();
  /** Bumped at sign-out: an answer to an earlier save is not the next agent's business. */
  let epoch = 0;
  /** The saves under way by interaction, and whether its end came meanwhile. */
  const saving = new Map<string, { running: number; ended: boolean }>();
  /**
   * Interactions whose save was refused after they ended (the server's "no longer yours"): the
   * refusal and the text typed stay for the agent to read and copy, for the latest
   * {@link ENDED_EDITS_KEPT} of them. Nothing else takes them (their end has passed): kept for
   * every one, they stayed all shift.
   */
  const keptAfterEnd = new Set<string>();
  function keepAfterEnd(interactionId: string): void {
    keptAfterEnd.delete(interactionId);
    keptAfterEnd.add(interactionId);
    for (const oldest of keptAfterEnd) {
      if (keptAfterEnd.size <= ENDED_EDITS_KEPT) break;
      keptAfterEnd.delete(oldest);
      edits.delete(oldest);
      bases.delete(oldest);
      refusals.delete(oldest);
    }
  }

  function edit(interactionId: string, key: string, text: string): void {
    edits.set(interactionId, { key, text });
    keepInMain(interactionId);
  }

  /** Opens the key's form on the server's value `base`. */
  function startEdit(interactionId: string, key: string, base: string, text = base): void {
    bases.set(interactionId, base);
    edit(interactionId, key, text);
  }

  function stopEdit(interactionId: string): void {
    bases.delete(interactionId);
    if (edits.delete(interactionId)) keepInMain(interactionId);
  }

  /**
   * Tells main how the interaction's edit is now, for a page loaded again: on every change, in
   * order (one channel), unanswered (an edit main could not keep is still the page's). As much
   * as the field takes: a longer value the server held is the server's still.
   */
  function keepInMain(interactionId: string): void {
    const kept = edits.get(interactionId);
    void api.page.keepCaseEdit(
      interactionId,
      kept === undefined ? null : { ...kept, text: kept.text.slice(0, CASE_EDIT_MAX_LENGTH) },
    );
  }

  /**
   * After the page loaded again: the edits as main kept them. One the agent opened meanwhile
   * stays as it is.
   */
  async function restore(): Promise<void> {
    const asked = epoch;
    const answer = await api.page.memory();
    if (asked !== epoch || !answer.ok) return;
    for (const { interactionId, key, text } of answer.value.caseEdits) {
      if (!edits.has(interactionId)) edits.set(interactionId, { key, text });
    }
  }

  /**
   * The key whose value the agent typed on the interaction and has not saved (its edit open,
   * its text not what `userData`, the server's, holds): what leaving it now would lose.
   */
  function unsavedKey(interactionId: string, userData: UserData): string | undefined {
    const open = edits.get(interactionId);
    return open !== undefined && changesCaseValue(userData, open.key, open.text)
      ? open.key
      : undefined;
  }

  function dismissRefusal(interactionId: string): void {
    refusals.delete(interactionId);
  }

  /**
   * Sends one key's value (UpdateProperties); answers whether the server took it. Not taken,
   * the refusal is kept for the interaction and, with `reopen` (a value the agent typed), the
   * value goes back into the key's form, unless the agent opened another edit there meanwhile.
   * `wire`: the value as sent, when not the text (a number, as the server held one).
   */
  async function save(
    interactionId: string,
    key: string,
    value: string,
    reopen: boolean,
    wire: string | number = value,
  ): Promise<boolean> {
    const asked = epoch;
    refusals.delete(interactionId);
    const under = saving.get(interactionId) ?? { running: 0, ended: false };
    under.running += 1;
    saving.set(interactionId, under);
    let result: Result<void>;
    try {
      result = await api.interactions.updateProperties(interactionId, { [key]: wire });
    } finally {
      under.running -= 1;
      if (under.running === 0 && saving.get(interactionId) === under) saving.delete(interactionId);
    }
    if (asked !== epoch || result.ok) return result.ok;
    refusals.set(interactionId, {
      key,
      error: result.error,
      ...(unanswered(result.error.kind) ? { sent: value } : {}),
    });
    if (reopen && !edits.has(interactionId)) {
      bases.delete(interactionId);
      edit(interactionId, key, value);
    }
    if (under.ended) keepAfterEnd(interactionId);
    return false;
  }

  /**
   * A save that got no answer (the connection cut as it left, none in time) whose value the
   * server's case data now holds went through after all: its refusal ("Notes was not changed")
   * is not true, and the form it put back holds what the server has. Both go (a form the agent
   * typed on since stays). Told by every change set, and by the panel for the case data it
   * shows when the failure comes after the notification.
   */
  function heardSaved(interactionId: string, userData: UserData): void {
    const refusal = refusals.get(interactionId);
    if (refusal?.sent === undefined) return;
    if (caseValueText(caseValueOf(userData, refusal.key)) !== refusal.sent) return;
    refusals.delete(interactionId);
    const open = edits.get(interactionId);
    if (open?.key === refusal.key && !changesCaseValue(userData, open.key, open.text))
      stopEdit(interactionId);
  }

  function applyChanges(changes: ChangeSet): void {
    for (const head of changes.interactions) {
      if (head.phase !== 'ended') {
        heardSaved(head.id, head.userData);
        continue;
      }
      const under = saving.get(head.id);
      if (under !== undefined) under.ended = true;
      edits.delete(head.id);
      bases.delete(head.id);
      refusals.delete(head.id);
    }
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    saving.clear();
    keptAfterEnd.clear();
    edits.clear();
    bases.clear();
    refusals.clear();
  }

  const { start, stop } = subscriptions(() => [api.desk.onChanged(applyChanges)]);

  return {
    edits,
    bases,
    refusals,
    edit,
    startEdit,
    stopEdit,
    unsavedKey,
    dismissRefusal,
    heardSaved,
    save,
    restore,
    clear,
    start,
    stop,
  };
});
