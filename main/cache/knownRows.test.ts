import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnownRows } from './knownRows';

interface Row {
  readonly account_id: number;
  readonly id: string;
  readonly text: string;
}

const row = (id: string, text = '', account = 1): Row => ({ account_id: account, id, text });
const known = (limits: { rows: number; weight: number }) =>
  new KnownRows<Row, string>(limits, (item) => item.text.length);

describe('KnownRows', () => {
  it('keeps the most recently used rows, at most `rows` of them', () => {
    const rows = known({ rows: 2, weight: 1_000 });
    rows.set(row('a'));
    rows.set(row('b'));
    // Used again: b is now the oldest.
    rows.set(row('a', 'again'));
    rows.set(row('c'));
    expect(rows.get(1, 'a')?.row.text).toBe('again');
    expect(rows.get(1, 'b')).toBeUndefined();
    expect(rows.get(1, 'c')).toBeDefined();
    expect(rows.size()).toEqual({ rows: 2, weight: 5 });
  });

  it('keeps their weights within `weight`, dropping the oldest first', () => {
    const rows = known({ rows: 100, weight: 10 });
    rows.set(row('a', 'xxxx'));
    rows.set(row('b', 'xxxx'));
    rows.set(row('c', 'xxxx'));
    expect(rows.get(1, 'a')).toBeUndefined();
    expect(rows.size()).toEqual({ rows: 2, weight: 8 });
    // A row replaced counts its new weight only.
    rows.set(row('c', 'x'));
    expect(rows.size()).toEqual({ rows: 2, weight: 5 });
  });

  it('answers a row heavier than the whole weight without keeping it, nor dropping others for it', () => {
    const rows = known({ rows: 100, weight: 10 });
    rows.set(row('a', 'xx'));
    const heavy = rows.set(row('b', 'x'.repeat(11)));
    expect(heavy.row.id).toBe('b');
    expect(rows.get(1, 'b')).toBeUndefined();
    expect(rows.get(1, 'a')).toBeDefined();
    // Nor keeps the lighter version it replaced.
    rows.set(row('a', 'x'.repeat(11)));
    expect(rows.get(1, 'a')).toBeUndefined();
    expect(rows.size()).toEqual({ rows: 0, weight: 0 });
  });

  it('tells the same id of two accounts apart, and forgets everything on clear', () => {
    const rows = known({ rows: 10, weight: 100 });
    rows.set(row('a', 'one', 1));
    rows.set(row('a', 'two', 2));
    expect(rows.get(1, 'a')?.row.text).toBe('one');
    expect(rows.get(2, 'a')?.row.text).toBe('two');
    rows.clear();
    expect(rows.get(1, 'a')).toBeUndefined();
    expect(rows.size()).toEqual({ rows: 0, weight: 0 });
  });

  it('stays within both limits, and keeps the newest row that fits, whatever is set', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 30 })), {
          maxLength: 60,
        }),
        (sets) => {
          const limits = { rows: 4, weight: 20 };
          const rows = known(limits);
          for (const [id, weight] of sets) {
            rows.set(row(String(id), 'x'.repeat(weight)));
            const { rows: count, weight: total } = rows.size();
            expect(count).toBeLessThanOrEqual(limits.rows);
            expect(total).toBeLessThanOrEqual(limits.weight);
            const newest = rows.get(1, String(id));
            expect(newest?.row.text.length).toBe(weight <= limits.weight ? weight : undefined);
          }
        },
      ),
    );
  });
});
