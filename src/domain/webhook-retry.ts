import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** How long hoego keeps retrying one delivery after its first attempt: 3 days. */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** A webhook that has failed for this long without one success is switched off. */
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** What an attempt's outcome means for the delivery. */
export type AttemptVerdict = 'SUCCEEDED' | 'RETRY' | 'FAILED';

/** 2xx succeeds; a network error (no status), 5xx or 429 is retried; any other status fails for good. */
export function verdictOf(status: number | null): AttemptVerdict {
  if (status !== null && status >= 200 && status < 300) return 'SUCCEEDED';
  if (status === null || status >= 500 || status === 429) return 'RETRY';
  return 'FAILED';
}

/**
 * The wait before attempt `attempt + 1` (after `attempt` failed ones): `baseMs · 2^(attempt-1)`, capped at an hour,
 * with jitter that draws it from its upper half (`random` in [0, 1)), so that receivers coming back from an outage
 * are not hit by every sender at once. A Retry-After the receiver sent wins when it asks for longer.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: number, retryAfterMs: number | null = null): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + (exponential / 2) * random);
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_DELAY_MS * 24));
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | null {
  if (header === undefined || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The `Hoego-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the secret>`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/** Whether `header` signs `body` under `secret` within `toleranceSeconds` of `nowSeconds` (what a receiver checks). */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== 'string') return false;
  const expected = Buffer.from(signatureHeader(secret, t, body).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Whether an address is one that a webhook must not reach from a server: loopback, link-local (cloud metadata
 * services live there), private, carrier-grade NAT, unspecified, multicast or reserved, in IPv4 or IPv6 (IPv4-mapped
 * IPv6 addresses are judged as the IPv4 address they carry).
 */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return isPrivateV4(address);
  if (kind !== 6) return true;
  const lower = address.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower.replace(/^::/, '0:'));
  if (mapped) return isPrivateV4(mapped[1]);
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    return isPrivateV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (lower === '::' || lower === '::1') return true;
  const first = parseInt(lower.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast, 2001:db8::/32 documentation.
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00) return true;
  if (lower.startsWith('2001:db8:') || lower.startsWith('64:ff9b:')) return true;
  return false;
}

function isPrivateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}
