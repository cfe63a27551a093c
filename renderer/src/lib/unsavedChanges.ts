import { computed, inject, onUnmounted, provide, reactive, watch, type ComputedRef } from 'vue';

/**
 * Whether a dialog holds edits not saved yet, told by the forms inside it: the dialog asks
 * before Escape or Close throws them away (components/SettingsDialog.vue).
 */
export interface UnsavedChanges {
  /** Some form inside holds edits not saved yet. */
  readonly any: ComputedRef<boolean>;
  /** What one form (`owner`) says of its edits now. */
  tell(owner: symbol, changed: boolean): void;
}

const UNSAVED_CHANGES = Symbol('unsaved changes');

/** Makes the calling dialog the one its forms tell of their unsaved edits. */
export function provideUnsavedChanges(): UnsavedChanges {
  const changed = reactive(new Set<symbol>());
  const unsaved: UnsavedChanges = {
    any: computed(() => changed.size > 0),
    tell: (owner, isChanged) => {
      if (isChanged) changed.add(owner);
      else changed.delete(owner);
    },
  };
  provide(UNSAVED_CHANGES, unsaved);
  return unsaved;
}

/**
 * Tells the dialog around the calling form (if any) whether it holds unsaved edits, as long as
 * the form is there.
 */
export function tellUnsavedChanges(changed: () => boolean): void {
  const unsaved = inject<UnsavedChanges | null>(UNSAVED_CHANGES, null);
  if (unsaved === null) return;
  const owner = Symbol('form');
  watch(
    changed,
    (isChanged) => {
      unsaved.tell(owner, isChanged);
    },
    { immediate: true },
  );
  onUnmounted(() => {
    unsaved.tell(owner, false);
  });
}
