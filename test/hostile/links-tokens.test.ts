import { ConfigError, loadConfig } from '../../src/config';
import { errorCode, ok, startTestApp, type TestApp } from '../helpers';
import { startServerProcess } from '../processes';

const CREATE_LINK = 'mutation($i: CreateReportLinkInput!) { createReportLink(input: $i) { url } }';
const REVOKE_LINKS = 'mutation { revokeReportLinks { revokedAt } }';
const CREATE_TOKEN = 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id expiresAt } } }';
const REVOKE_TOKEN = 'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { revokedAt } } }';

async function link(t: TestApp, token: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await t.app.server.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    payload: { query: CREATE_LINK, variables: { i: { year: 2020, format: 'MARKDOWN' } } },
  });
  return ok<{ createReportLink: { url: string } }>(JSON.parse(res.body)).createReportLink.url;
}

/** Opens a link without any token. */
async function open(t: TestApp, url: string): Promise<{ status: number; body: string }> {
  const parsed = new URL(url);
  const res = await t.app.server.inject({ method: 'GET', url: `${parsed.pathname}${parsed.search}` });
  return { status: res.statusCode, body: res.body };
}

async function healthy(t: TestApp): Promise<void> {
  expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}

describe('report links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HOST: '127.0.0.1', PORT: '4321' } });
  });
  afterAll(() => t.close());

  it("are built on HOST and PORT, never on the request's Host header", async () => {
    const { token } = await t.createUser();
    const url = await link(t, token, { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' });
    expect(new URL(url).origin).toBe('http://127.0.0.1:4321');
    expect((await open(t, url)).status).toBe(200);
  });

  it('stop working when the token that made them is revoked; links of other tokens keep working', async () => {
    const { token } = await t.createUser();
    const second = ok(await t.gql(token, CREATE_TOKEN, { i: { name: 'phone', scopes: ['READ', 'WRITE'] } })).createApiToken;
    const byFirst = await link(t, token);
    const bySecond = await link(t, second.token);
    ok(await t.gql(token, REVOKE_TOKEN, { i: { id: second.apiToken.id } }));
    const refused = await open(t, bySecond);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('the token that made it was revoked');
    expect((await open(t, byFirst)).status).toBe(200);
    await healthy(t);
  });

  it("revokeReportLinks revokes every link the viewer made, and nobody else's", async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const old = [await link(t, token), await link(t, token)];
    const others = await link(t, other.token);
    const { revokedAt } = ok(await t.gql(token, REVOKE_LINKS)).revokeReportLinks;
    expect(revokedAt).toBe('2021-06-15T12:00:00.000Z');
    for (const url of old) {
      const res = await open(t, url);
      expect(res.status).toBe(401);
      expect(res.body).toContain('revokeReportLinks');
    }
    expect((await open(t, others)).status).toBe(200);
    expect((await open(t, await link(t, token))).status).toBe(200);
  });

  it('refuses revokeReportLinks to a read-only token and changes nothing', async () => {
    const { user, token } = await t.createUser();
    const url = await link(t, token);
    const readOnly = await t.app.services.tokens.create(user.id, 'ro', ['read']);
    const res = await t.gql(readOnly.secret, REVOKE_LINKS);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await open(t, url)).status).toBe(200);
  });

  it('refuses a link whose generation or token was altered, as forged', async () => {
    const { token } = await t.createUser();
    const url = new URL(await link(t, token));
    for (const [name, value] of [
      ['gen', '1'],
      ['token', 'QXBpVG9rZW46MQ'],
    ]) {
      const altered = new URL(url);
      altered.searchParams.set(name, value);
      const res = await open(t, altered.toString());
      expect(res.status).toBe(403);
    }
    const without = new URL(url);
    without.searchParams.delete('token');
    expect((await open(t, without.toString())).status).toBe(403);
  });
});

describe('token expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers UNAUTHENTICATED saying the token expired, and when, once expiresAt has passed', async () => {
    const { token } = await t.createUser();
    const made = ok(await t.gql(token, CREATE_TOKEN, { i: { name: 'trip', expiresAt: '2021-06-16T00:00:00Z' } })).createApiToken;
    expect(made.apiToken.expiresAt).toBe('2021-06-16T00:00:00.000Z');
    expect(ok(await t.gql(made.token, '{ viewer { id } }')).viewer.id).toBeTruthy();
    t.clock.set('2021-06-16T00:00:00Z');
    try {
      const res = await t.gql(made.token, '{ viewer { id } }');
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toContain('expired at 2021-06-16T00:00:00.000Z');
      expect(ok(await t.gql(token, '{ viewer { id } }')).viewer.id).toBeTruthy();
    } finally {
      t.clock.set('2021-06-15T12:00:00Z');
    }
  });

  it('takes the links a token made with it when it expires', async () => {
    const { token } = await t.createUser();
    const made = ok(
      await t.gql(token, CREATE_TOKEN, { i: { name: 'w', scopes: ['WRITE'], expiresAt: '2021-06-15T13:00:00Z' } }),
    ).createApiToken;
    const url = await link(t, made.token);
    expect((await open(t, url)).status).toBe(200);
    t.clock.set('2021-06-15T13:00:00Z');
    try {
      const res = await open(t, url);
      expect(res.status).toBe(401);
      expect(res.body).toContain('the token that made it has expired');
    } finally {
      t.clock.set('2021-06-15T12:00:00Z');
    }
  });

  it('refuses an expiresAt that is not ahead, or too far ahead, naming it, and creates no token', async () => {
    const { token } = await t.createUser();
    const count = async () => ok(await t.gql(token, '{ viewer { apiTokens { id } } }')).viewer.apiTokens.length;
    const before = await count();
    for (const expiresAt of ['2021-06-15T12:00:00Z', '2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z']) {
      const res = await t.gql(token, CREATE_TOKEN, { i: { name: 'bad', expiresAt } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('expiresAt');
      expect(res.data ?? null).toBeNull();
    }
    expect(await count()).toBe(before);
    await healthy(t);
  });
});

describe('PUBLIC_URL in production', () => {
  it('is required: the configuration names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://hoego.example.com' }).publicUrl).toBe('https://hoego.example.com');
  });

  it('stops a production server at start when missing', async () => {
    await expect(startServerProcess({ DATABASE_URL: 'sqlite::memory:', PUBLIC_URL: '' })).rejects.toThrow(/PUBLIC_URL is required/);
  });
});
