import { describe, expect, it } from 'vitest';
import { holdsOwnKey } from './jsonShape';

/** `{"__proto__": …}` as JSON and IPC deliver it: an own key, not the prototype. */
const reserved = JSON.parse('{"__proto__": {"admin": true}, "City": "Bonn"}') as unknown;

describe('holdsOwnKey', () => {
  it('finds the key at any depth, in objects and arrays', () => {
    expect(holdsOwnKey(reserved, '__proto__')).toBe(true);
    expect(holdsOwnKey({ Address: reserved }, '__proto__')).toBe(true);
    expect(holdsOwnKey({ List: [1, 'two', null, [reserved]] }, '__proto__')).toBe(true);
    expect(holdsOwnKey({ City: 'Bonn', List: [{ Street: 'Main' }] }, '__proto__')).toBe(false);
    // Inherited is not own: a plain object's prototype is not a key of it.
    expect(holdsOwnKey({}, 'toString')).toBe(false);
  });

  it('walks past undefined values to the keys after them', () => {
    // Before, the walk ended at the first undefined it took: the key behind it went unseen.
    expect(holdsOwnKey({ Address: reserved, Note: undefined }, '__proto__')).toBe(true);
    expect(holdsOwnKey({ List: [reserved, undefined] }, '__proto__')).toBe(true);
    expect(holdsOwnKey([undefined, false, 0, '', reserved], '__proto__')).toBe(true);
  });
});
