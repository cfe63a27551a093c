import { storeToRefs } from 'pinia';
import { computed, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue';
import type { z } from 'zod';
import type { SwitchboardError } from '../../../common/errors';
import type { Settings } from '../../../common/model';
import { settingsProblemIn } from '../../../common/settingsRules';
import { translate } from './format';
import { tellUnsavedChanges } from './unsavedChanges';
import { useAppStore } from '../stores/app';

/** What a section's footer shows (components/SettingsFormFooter.vue's props). */
export interface SettingsFormFooterProps {
  readonly problem: string | null;
  readonly error: SwitchboardError | null;
  readonly saving: boolean;
  readonly saved: boolean;
  readonly changed: boolean;
}

/** JSON of `value` with every object's keys in order: the same for the same settings. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Whether two forms hold the same settings, whatever order their keys were set in (an edited
 * shortcut set back to what was kept is no change, though its key moved to the end).
 */
export function sameSettings(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * One section of the Settings dialog as a form over part of the settings: edits stay in `form`
 * until `save`, which checks them with `schema` (the part of the schema main's boundary uses)
 * and shows its sentence in the footer's `problem` without sending anything when a rule is
 * broken; else main keeps them and the footer's `error` holds main's refusal, if any. `reset` drops unsaved edits. Each
 * section gives `formOf`, the part it edits as the form holds it (copies, never the store's own
 * arrays), and its own template.
 */
export function useSettingsForm<Part extends Partial<Settings>>(
  formOf: (stored: Settings) => Part,
  schema: z.ZodType<Partial<Settings>>,
): {
  form: Ref<Part | null>;
  /** The section's SettingsFormFooter props, bound whole: `<SettingsFormFooter v-bind="footer">`. */
  footer: ComputedRef<SettingsFormFooterProps>;
  reset: () => void;
  save: () => Promise<void>;
} {
  const appStore = useAppStore();
  const { settings } = storeToRefs(appStore);
  const read = (stored: Settings | null) => (stored === null ? null : formOf(stored));

  const form = ref(read(settings.value)) as Ref<Part | null>;
  /**
   * The sentence Save was refused with: a broken rule, found here before anything is sent. Kept
   * as its wording and worded when shown: held as a string, it stayed in the language it was
   * said in after the agent switched the desk's language in this same dialog.
   */
  const problem = shallowRef<(() => string) | null>(null);
  /** Main's refusal (the cache could not keep them, or its check disagreed). */
  const error = ref<SwitchboardError | null>(null);
  const saving = ref(false);
  const saved = ref(false);
  const changed = computed(() => !sameSettings(form.value, read(settings.value)));

  /** Back to what main keeps: unsaved edits are dropped. */
  function reset(): void {
    form.value = read(settings.value);
    problem.value = null;
    error.value = null;
    saved.value = false;
  }

  async function save(): Promise<void> {
    if (form.value === null || saving.value) return;
    saved.value = false;
    error.value = null;
    const checked = schema.safeParse(form.value);
    if (!checked.success) {
      const { error: broken } = checked;
      problem.value = () => settingsProblemIn(broken, translate);
      return;
    }
    problem.value = null;
    saving.value = true;
    try {
      error.value = await appStore.updateSettings(checked.data);
    } finally {
      saving.value = false;
    }
    if (error.value === null) {
      form.value = read(settings.value);
      saved.value = true;
    }
  }

  // An edit makes the last refusal stale.
  watch(form, () => (problem.value = null), { deep: true });
  // Settings read after the section was made (a first load still under way).
  watch(settings, (stored) => {
    form.value ??= read(stored);
  });

  // The dialog asks before Escape or Close drops them.
  tellUnsavedChanges(() => changed.value);

  const footer = computed(() => ({
    problem: problem.value?.() ?? null,
    error: error.value,
    saving: saving.value,
    saved: saved.value,
    changed: changed.value,
  }));

  return { form, footer, reset, save };
}
