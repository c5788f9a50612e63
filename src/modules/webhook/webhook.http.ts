import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../../domain/webhook-retry';

/** What one POST to a receiver came to: its status (null on a network error or timeout) and why it failed. */
export interface PostOutcome {
  status: number | null;
  retryAfter?: string;
  error: string | null;
}

/** Refused before or while connecting: the address is not one a webhook may reach. */
export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(
      `${host} resolves to ${address}, a loopback, link-local or private address; set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow it`,
    );
    this.name = 'PrivateAddressError';
  }
}

/**
 * A DNS lookup that refuses private answers. It runs when the socket connects, so a name that pointed at a public
 * address when the webhook was created and points at 127.0.0.1 now is refused now (DNS rebinding).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(new PrivateAddressError(hostname, refused.address), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The reason a URL may not be a webhook's, or null when it may (literal addresses are judged here: no lookup runs for them). */
export function refuseUrl(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `must be an absolute http or https URL, got ${JSON.stringify(raw)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, got ${url.protocol}`;
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isIP(host) ? isPrivateAddress(host) : host === 'localhost' || host.endsWith('.localhost')))
    return `must not point at a loopback, link-local or private address (${host}) unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true`;
  return null;
}

/** POSTs a JSON body to a receiver, with a timeout for the whole exchange; never throws. */
export function postJson(
  raw: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostOutcome> {
  const refused = refuseUrl(raw, opts.allowPrivate);
  if (refused) return Promise.resolve({ status: null, error: `url ${refused}` });
  const url = new URL(raw);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'hoego-webhooks',
          ...headers,
        },
        lookup: guardedLookup(opts.allowPrivate),
        agent: false,
      },
      (response) => {
        // The body is not kept; reading it lets the socket close.
        response.resume();
        response.on('end', () =>
          settle({
            status: response.statusCode ?? null,
            retryAfter: typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : undefined,
            error: null,
          }),
        );
        response.on('error', (error) => settle({ status: null, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      settle({ status: null, error: `no answer within ${opts.timeoutMs} ms` });
    }, opts.timeoutMs);
    request.on('error', (error) => settle({ status: null, error: error.message }));
    request.end(body);
  });
}
