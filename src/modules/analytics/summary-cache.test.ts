import type { GoalSummary } from '../../domain/goal-summary';
import { SummaryCache, type SummaryKey } from './summary-cache';

const key = (revision: number, today = 20_000): SummaryKey => ({ revision, timeZone: 'Asia/Seoul', dayStartsAt: '00:00', today });

/** A habit's summary holding `days` scores (8 bytes each, plus 256 for the rest). */
function summary(days: number): GoalSummary {
  return {
    count: days,
    total: days,
    windowSum: 0,
    windowLogDays: 0,
    todayCount: 0,
    todaySum: 0,
    habitToday: null,
    streak: { current: 1, longest: 1, longestStart: 0, longestEnd: 0 },
    score: 0.5,
    todaySettled: true,
    scores: { start: 0, scores: new Float64Array(days) },
  };
}

describe('SummaryCache', () => {
  it('answers only the exact key it was given: another revision, day, zone or day start misses', () => {
    const cache = new SummaryCache(1 << 20);
    const s = summary(10);
    cache.set(1, key(5), s);
    expect(cache.get(1, key(5))).toBe(s);
    expect(cache.get(1, key(6))).toBeUndefined();
    expect(cache.get(1, key(5, 20_001))).toBeUndefined();
    expect(cache.get(1, { ...key(5), timeZone: 'UTC' })).toBeUndefined();
    expect(cache.get(1, { ...key(5), dayStartsAt: '04:00' })).toBeUndefined();
    expect(cache.get(2, key(5))).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 5, entries: 1 });
  });

  it('keeps one summary per goal, the latest', () => {
    const cache = new SummaryCache(1 << 20);
    cache.set(1, key(1), summary(10));
    const newer = summary(10);
    cache.set(1, key(2), newer);
    expect(cache.get(1, key(2))).toBe(newer);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 256 + 80 });
  });

  it('stays within its byte bound by dropping the least recently used goals first', () => {
    const cache = new SummaryCache(3 * (256 + 800));
    for (const id of [1, 2, 3]) cache.set(id, key(0), summary(100));
    expect(cache.get(1, key(0))).toBeDefined(); // 1 is now the most recently used
    cache.set(4, key(0), summary(100));
    expect(cache.get(2, key(0))).toBeUndefined();
    for (const id of [1, 3, 4]) expect(cache.get(id, key(0))).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it('keeps nothing with a bound of 0, or a summary larger than the bound', () => {
    const off = new SummaryCache(0);
    off.set(1, key(0), summary(1));
    expect(off.get(1, key(0))).toBeUndefined();
    const small = new SummaryCache(1000);
    small.set(1, key(0), summary(1000));
    expect(small.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keeps first log pages beside the summary under the same revision, by shape, a few per goal', () => {
    const cache = new SummaryCache<unknown, { id: number }>(1 << 20);
    const page = (id: number) => ({ items: [{ id }], hasNextPage: true, hasPreviousPage: false, totalCount: 9 });
    const s = summary(10);
    cache.set(1, key(5), s);
    cache.setPage(1, 5, 'first 5', page(1), 500);
    expect(cache.page(1, 5, 'first 5')).toEqual(page(1));
    expect(cache.get(1, key(5))).toBe(s);
    expect(cache.page(1, 5, 'last 5')).toBeUndefined();
    expect(cache.page(1, 6, 'first 5')).toBeUndefined();
    // Another day under the same revision replaces the summary and keeps the pages.
    cache.set(1, key(5, 20_001), summary(10));
    expect(cache.page(1, 5, 'first 5')).toEqual(page(1));
    // A newer revision replaces both.
    cache.setPage(1, 6, 'first 5', page(2), 500);
    expect(cache.get(1, key(5, 20_001))).toBeUndefined();
    expect(cache.page(1, 6, 'first 5')).toEqual(page(2));
    for (const shape of ['a', 'b', 'c', 'd']) cache.setPage(1, 6, shape, page(3), 500);
    expect(cache.page(1, 6, 'first 5')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 4 * 500, pageHits: 3 });
  });

  it('freezes the rows of a kept page, and counts them toward the bound', () => {
    const cache = new SummaryCache<unknown, { id: number }>(1000);
    const row = { id: 1 };
    cache.setPage(1, 0, 'first 1', { items: [row], hasNextPage: false, hasPreviousPage: false, totalCount: 1 }, 600);
    expect(Object.isFrozen(row)).toBe(true);
    cache.setPage(2, 0, 'first 1', { items: [{ id: 2 }], hasNextPage: false, hasPreviousPage: false, totalCount: 1 }, 600);
    expect(cache.page(1, 0, 'first 1')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 600 });
  });
});
