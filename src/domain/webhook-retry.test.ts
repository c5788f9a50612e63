import { isPrivateAddress, parseRetryAfter, retryDelayMs, signatureHeader, verdictOf, verifySignature } from './webhook-retry';

describe('verdictOf', () => {
  it('retries network errors, 5xx and 429, fails other 4xx, and succeeds on 2xx', () => {
    expect([null, 500, 503, 429, 400, 404, 410, 200, 204, 301].map(verdictOf)).toEqual([
      'RETRY',
      'RETRY',
      'RETRY',
      'RETRY',
      'FAILED',
      'FAILED',
      'FAILED',
      'SUCCEEDED',
      'SUCCEEDED',
      'FAILED',
    ]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base, stays in the upper half with jitter, and caps at an hour', () => {
    expect(retryDelayMs(1, 1000, 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 0.999999)).toBe(1000);
    expect(retryDelayMs(4, 1000, 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, 1)).toBe(3_600_000);
    expect(retryDelayMs(30, 1000, 0)).toBe(1_800_000);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelayMs(1, 1000, 0, 120_000)).toBe(120_000);
    expect(retryDelayMs(5, 1000, 1, 10)).toBe(16_000);
  });

  it('keeps a delivery retried for more than 24 hours before the 3-day window closes', () => {
    let elapsed = 0;
    let attempt = 0;
    while (elapsed < 24 * 3600 * 1000) elapsed += retryDelayMs(++attempt, 30_000, 1);
    expect(attempt).toBeLessThan(40);
    expect(elapsed).toBeLessThan(3 * 24 * 3600 * 1000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2021-06-15T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 15 Jun 2021 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('signatures', () => {
  it('sign "t.body" with HMAC-SHA256 and verify only the same body, secret and a recent t', () => {
    const header = signatureHeader('whsec_test', 1623758400, '{"a":1}');
    expect(header).toMatch(/^t=1623758400,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', header, '{"a":1}', 1623758400)).toBe(true);
    expect(verifySignature('whsec_test', header, '{"a":2}', 1623758400)).toBe(false);
    expect(verifySignature('other', header, '{"a":1}', 1623758400)).toBe(false);
    expect(verifySignature('whsec_test', header, '{"a":1}', 1623758400 + 301)).toBe(false);
  });
});

describe('isPrivateAddress', () => {
  it('refuses loopback, link-local, private and mapped addresses, and allows public ones', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      'not an ip',
    ])
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
  });
});
