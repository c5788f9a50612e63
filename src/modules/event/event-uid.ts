import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in blocks, so that each id costs a copy rather than a call into the system's generator. */
const pool = Buffer.alloc(8 * 512);
let poolAt = pool.length;
let lastMs = -1;
let counter = 0;

/**
 * A new event id: a UUID of version 7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds, then a
 * 12-bit counter that keeps ids made within one millisecond in order (method 1 of the RFC), then 62 random bits.
 * Ids made by one process therefore sort, as text too, in the order they were made, and each new one lands at the
 * end of the unique index on `events.uid` instead of on a random page of it: a random (version 4) id costs an
 * insert more the larger the table grows, and dirties one more page per event in every commit.
 */
export function newEventUid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // 4,096 ids within one millisecond: borrow the next one, as the RFC allows, to stay in order.
    lastMs += 1;
    counter = 0;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = pool.subarray(poolAt, (poolAt += 8));
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  random.copy(bytes, 8);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
