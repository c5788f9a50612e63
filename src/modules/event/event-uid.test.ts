import { newEventUid } from './event-uid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventUid', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 2, 4, 30, 0, 123);
    const uid = newEventUid(at + 10_000_000);
    expect(uid).toMatch(V7);
    expect(parseInt(uid.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('keeps ids made within one millisecond, and past 4,096 of them, in order as text', () => {
    const at = Date.now() + 20_000_000;
    const ids = Array.from({ length: 10_000 }, () => newEventUid(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(V7);
  });

  it('stays in order when the clock steps back', () => {
    const at = Date.now() + 30_000_000;
    const first = newEventUid(at);
    const after = newEventUid(at - 5_000);
    expect(after > first).toBe(true);
  });

  it('differs in its random bits from one id to the next', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => newEventUid().slice(-12)));
    expect(tails.size).toBe(1000);
  });
});
