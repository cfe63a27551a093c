import { describe, expect, it } from 'vitest';
import { Listeners } from './listeners';

describe('Listeners', () => {
  it('tells every listener, reports one that throws, and removes one on request', () => {
    const errors: string[] = [];
    const listeners = new Listeners<[string]>((error, value) => {
      errors.push(`${value}: ${(error as Error).message}`);
    });
    const heard: string[] = [];
    listeners.add(() => {
      throw new Error('boom');
    });
    const remove = listeners.add((value) => heard.push(`a ${value}`));
    listeners.add((value) => heard.push(`b ${value}`));
    listeners.emit('one');
    remove();
    listeners.emit('two');
    expect(heard).toEqual(['a one', 'b one', 'b two']);
    expect(errors).toEqual(['one: boom', 'two: boom']);
    expect(listeners.size).toBe(2);
  });

  it('tells a listener added during an event only from the next one', () => {
    const listeners = new Listeners<[number]>(() => undefined);
    const heard: number[] = [];
    listeners.add(() => {
      listeners.add((value) => heard.push(value));
    });
    listeners.emit(1);
    expect(heard).toEqual([]);
    listeners.emit(2);
    expect(heard).toEqual([2]);
  });
});
