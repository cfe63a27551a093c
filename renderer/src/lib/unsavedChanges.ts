import {
  computed,
  inject,
  onUnmounted,
  provide,
  reactive,
  ref,
  watch,
  type ComputedRef,
  type Ref,
} from 'vue';

/**
 * Whether a dialog holds edits not saved yet, told by the forms inside it: the dialog asks
 * before Escape or Close throws them away (components/SettingsDialog.vue).
 */
interface UnsavedChanges {
  /** Some form inside holds edits not saved yet. */
  readonly any: ComputedRef<boolean>;
  /** What one form (`owner`) says of its edits now. */
  tell(owner: symbol, changed: boolean): void;
}

const UNSAVED_CHANGES = Symbol('unsaved changes');

/** Makes the calling dialog the one its forms tell of their unsaved edits. */
function provideUnsavedChanges(): UnsavedChanges {
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

/** What a dialog that asks before dropping unsaved edits binds (see {@link useUnsavedGuard}). */
export interface UnsavedGuard {
  /** The dialog asks now (components/UnsavedQuestion.vue shows). */
  readonly asking: Ref<boolean>;
  /** Whether the dialog may close now; else it asks, and answers false (DialogHeader's Close). */
  mayClose(): boolean;
  /** The dialog's `cancel` (Escape): held while it asks the first time. */
  onCancel(event: Event): void;
  /** The dialog closed (whatever closed it): nothing asked any more. */
  closed(): void;
}

/**
 * Escape or Close while the dialog, or a form inside it, holds edits not saved: the dialog asks,
 * once. Escape again closes it, as Discard does (Chromium lets a page hold a dialog open against
 * Escape only once without the user's input in between). `own`: the dialog's own edits, beside
 * those its forms tell ({@link tellUnsavedChanges}).
 */
export function useUnsavedGuard(own: () => boolean = () => false): UnsavedGuard {
  const unsaved = provideUnsavedChanges();
  const asking = ref(false);
  function mayClose(): boolean {
    if (asking.value || !(unsaved.any.value || own())) return true;
    asking.value = true;
    return false;
  }
  return {
    asking,
    mayClose,
    onCancel: (event) => {
      if (!mayClose()) event.preventDefault();
    },
    closed: () => {
      asking.value = false;
    },
  };
}
