import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import {
  closeOne,
  closerToRun,
  openCount,
  pushCloser,
  useEscapeToClose,
  type Closer,
} from './escapeStack';

const outside = { tagName: 'SECTION' } as unknown as Element;
const inDialog = { tagName: 'UL' } as unknown as Element;
const insideModal = (element: Element | null) => element === inDialog;

describe('the Escape stack', () => {
  it('closes the last opened first, one at a time', () => {
    const closed: string[] = [];
    const closers: Closer[] = ['workbins', 'transfer', 'menu'].map((name) => ({
      close: () => closed.push(name),
    }));
    for (let press = 0; press < 4; press++) {
      const top = closerToRun(closers, false, insideModal);
      if (top !== undefined) closeOne(closers, top);
    }
    expect(closed).toEqual(['menu', 'transfer', 'workbins']);
  });

  it('takes a closer off when what it closes closed some other way', () => {
    const before = openCount();
    const removeTransfer = pushCloser({ close: () => undefined });
    pushCloser({ close: () => undefined })();
    expect(openCount()).toBe(before + 1);
    removeTransfer();
    expect(openCount()).toBe(before);
  });

  it('leaves a native modal dialog to the browser when it opened after the top closer', () => {
    const panel: Closer = { close: () => undefined, element: () => outside };
    const menuInDialog: Closer = { close: () => undefined, element: () => inDialog };
    expect(closerToRun([panel], false, insideModal)).toBe(panel);
    expect(closerToRun([panel], true, insideModal)).toBeUndefined();
    expect(closerToRun([panel, menuInDialog], true, insideModal)).toBe(menuInDialog);
    expect(closerToRun([], false, insideModal)).toBeUndefined();
    // No element: outside every dialog.
    const anywhere: Closer = { close: () => undefined };
    expect(closerToRun([anywhere], true, insideModal)).toBeUndefined();
  });

  it('follows a component’s open state', async () => {
    const before = openCount();
    const open = ref(false);
    useEscapeToClose(
      () => open.value,
      () => (open.value = false),
    );
    expect(openCount()).toBe(before);
    open.value = true;
    await nextTick();
    expect(openCount()).toBe(before + 1);
    open.value = false;
    await nextTick();
    expect(openCount()).toBe(before);
  });
});
