import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { auditServer } from 'graphql-http';
import { ConfigError, loadConfig } from '../src/config';
import { printHoegoSchema } from '../src/graphql/schema';
import { scratchDatabase, type ScratchDatabase } from './db';
import { gqlOn, ok, postGraphQL, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

/** What graphql-codegen, GraphiQL, Apollo's tools and most IDEs send: graphql-js's query with every option on. */
const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const apq = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

describe('GraphQL over HTTP', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser({ handle: 'jun' }));
  });

  afterAll(() => t.close());

  describe('introspection', () => {
    it("answers graphql-js's full introspection query with the committed schema, description and error codes included", async () => {
      const res = await postGraphQL(t.app, { query: FULL_INTROSPECTION }, auth());
      expect(res.statusCode).toBe(200);
      const data = ok(JSON.parse(res.body) as { data: IntrospectionQuery });
      const committed = readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
      expect(printHoegoSchema(buildClientSchema(data))).toBe(committed);
      expect(data.__schema.description).toContain('OPERATION_RESOLUTION_FAILURE');
    });

    it('answers the older, shorter introspection query of tools that send no options', async () => {
      const res = await gqlOn(t.app, token, getIntrospectionQuery());
      expect(ok(res).__schema.types.length).toBeGreaterThan(50);
    });

    it('still needs a token', async () => {
      const res = await gqlOn(t.app, null, FULL_INTROSPECTION);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('client mistakes get their own code, never INTERNAL_SERVER_ERROR', () => {
    const cases: Array<[string, Record<string, unknown>, number, string, RegExp]> = [
      [
        'an operationName that names no operation',
        { query: 'query A { viewer { handle } }', operationName: 'B' },
        400,
        'OPERATION_RESOLUTION_FAILURE',
        /^operationName "B" names no operation of the document, which has one operation: A$/,
      ],
      [
        'two named operations and no operationName',
        { query: 'query A { viewer { id } } query B { viewer { handle } }' },
        400,
        'OPERATION_RESOLUTION_FAILURE',
        /^The document has 2 operations: A, B; send operationName to choose one$/,
      ],
      [
        'an operationName for an anonymous operation',
        { query: '{ viewer { handle } }', operationName: 'A' },
        400,
        'OPERATION_RESOLUTION_FAILURE',
        /^operationName "A" names no operation of the document, which has one operation: \(anonymous\)$/,
      ],
      [
        'a subscription over HTTP',
        { query: 'subscription { events { id } }' },
        400,
        'SUBSCRIPTION_NOT_SUPPORTED',
        /^Subscriptions run over WebSocket .* got a subscription operation$/,
      ],
      [
        "a persisted-query hash that is not the query's",
        { query: '{ viewer { handle } }', extensions: apq('{ viewer { id } }') },
        400,
        'PERSISTED_QUERY_HASH_MISMATCH',
        /must be the SHA-256 \(hex\) of the query sent/,
      ],
      ['neither query nor hash', { variables: {} }, 400, 'BAD_REQUEST', /non-empty `query`/],
      ['variables that are not an object', { query: '{ viewer { id } }', variables: '[1]' }, 400, 'BAD_REQUEST', /variables/],
      ['a syntax error', { query: '{ viewer { ' }, 400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
      ['an unknown field', { query: '{ viewer { shoeSize } }' }, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "shoeSize"/],
    ];

    it.each(cases)('%s', async (_what, body, status, code, message) => {
      const res = await postGraphQL(t.app, body, auth());
      const parsed = JSON.parse(res.body) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect({ status: res.statusCode, code: parsed.errors[0].extensions.code }).toEqual({ status, code });
      expect(parsed.errors[0].message).toMatch(message);
      // An error logged as unexpected carries the id it was logged under.
      expect(parsed.errors[0].extensions.errorId).toBeUndefined();
      expect(parsed.data ?? null).toBeNull();
    });

    it('refuses a mutation over GET with 405 and BAD_REQUEST', async () => {
      const query = encodeURIComponent('mutation { updateViewer(input: { displayName: "x" }) { viewer { id } } }');
      const res = await t.app.server.inject({ method: 'GET', url: `/graphql?query=${query}`, headers: auth() });
      expect(res.statusCode).toBe(405);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('still runs a query over GET with a bearer token (no CSRF risk: browsers send Authorization only after a preflight)', async () => {
      const res = await t.app.server.inject({
        method: 'GET',
        url: `/graphql?query=${encodeURIComponent('{ viewer { handle } }')}`,
        headers: auth(),
      });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ data: { viewer: { handle: 'jun' } } });
    });

    it("passes graphql-http's audit of the GraphQL-over-HTTP spec with no errors and 3 warnings", async () => {
      const address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
      const results = await auditServer({
        url: `${address}/graphql`,
        fetchFn: (input: string | URL | Request, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          headers.set('authorization', `Bearer ${token}`);
          return fetch(input, { ...init, headers });
        },
      });
      const failed = results.filter((r) => r.status !== 'ok').map((r) => ({ status: r.status, name: r.name }));
      expect(failed.filter((r) => r.status === 'error')).toEqual([]);
      // Apollo answers 400, not 200, to a document that fails to parse, validate or coerce its variables, even for
      // `Accept: application/json`: the spec's SHOULD, which these three warnings name, is for legacy clients.
      expect(failed).toEqual([
        { status: 'warn', name: 'SHOULD use 200 status code on document parsing failure when accepting application/json' },
        { status: 'warn', name: 'SHOULD use 200 status code on document validation failure when accepting application/json' },
        { status: 'warn', name: 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json' },
      ]);
    });
  });
});

describe('the explorer at GET /graphql', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it('serves GraphiQL to a browser with a CSP that allows scripts and styles from this server only', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/graphql', headers: { accept: BROWSER_ACCEPT } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Every script is a file from this server: none inline, none from elsewhere.
    const scripts = [...res.body.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.map((m) => m[1].trim())).toEqual([
      'src="graphql/explorer/react.js"',
      'src="graphql/explorer/react-dom.js"',
      'src="graphql/explorer/graphiql.js"',
      'src="graphql/explorer/explorer.js"',
    ]);
    expect(scripts.every((m) => m[2] === '')).toBe(true);
    expect(res.body).not.toMatch(/https?:\/\//);
  });

  it.each([
    ['graphiql.js', 'application/javascript; charset=utf-8', 'GraphiQL'],
    ['graphiql.css', 'text/css; charset=utf-8', '.graphiql-container'],
    ['react.js', 'application/javascript; charset=utf-8', 'React'],
    ['react-dom.js', 'application/javascript; charset=utf-8', 'ReactDOM'],
    ['explorer.js', 'application/javascript; charset=utf-8', "'Bearer '"],
    ['explorer.css', 'text/css; charset=utf-8', '#graphiql'],
  ])('serves its file %s from the installed packages', async (file, type, content) => {
    const res = await t.app.server.inject({ method: 'GET', url: `/graphql/explorer/${file}` });
    expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({ status: 200, type });
    expect(res.body).toContain(content);
  });

  it('answers 404 for a file it does not have, and leaves GraphQL over GET to GraphQL', async () => {
    for (const file of ['nope.js', '..%2Fpackage.json', 'constructor']) {
      expect((await t.app.server.inject({ method: 'GET', url: `/graphql/explorer/${file}` })).statusCode).toBe(404);
    }
    const { token } = await t.createUser({ handle: 'getter' });
    const res = await t.app.server.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ viewer { handle } }')}`,
      headers: { accept: BROWSER_ACCEPT, authorization: `Bearer ${token}` },
    });
    expect(JSON.parse(res.body)).toEqual({ data: { viewer: { handle: 'getter' } } });
  });

  it('EXPLORER=false answers the page and its files with 404, saying how to turn it on', async () => {
    const off = await startTestApp({ env: { EXPLORER: 'false' } });
    try {
      const page = await off.app.server.inject({ method: 'GET', url: '/graphql', headers: { accept: BROWSER_ACCEPT } });
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('EXPLORER=false');
      expect((await off.app.server.inject({ method: 'GET', url: '/graphql/explorer/graphiql.js' })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('automatic persisted queries', () => {
  let scratch: ScratchDatabase;
  let a: TestApp;
  let b: TestApp;
  let token: string;
  const QUERY = 'query Handle { viewer { handle } }';

  beforeAll(async () => {
    scratch = await scratchDatabase();
    // Two servers on one database, as behind a load balancer.
    a = await startTestApp({ databaseUrl: scratch.url, env: { PERSISTED_QUERIES_MAX: '3' } });
    b = await startTestApp({ databaseUrl: scratch.url, env: { PERSISTED_QUERIES_MAX: '3' } });
    ({ token } = await a.createUser({ handle: 'apq' }));
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await scratch.drop();
  });

  const send = (app: TestApp, body: Record<string, unknown>, withToken = true) =>
    postGraphQL(app.app, body, withToken ? { authorization: `Bearer ${token}` } : {}).then((res) => ({
      status: res.statusCode,
      body: JSON.parse(res.body) as GraphQLResponse,
    }));

  it('asks for the query once, then runs the hash alone, on every server of the database', async () => {
    const first = await send(b, { extensions: apq(QUERY) });
    expect(first).toMatchObject({ status: 200, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } });
    await expect(send(a, { query: QUERY, extensions: apq(QUERY) })).resolves.toEqual({
      status: 200,
      body: { data: { viewer: { handle: 'apq' } } },
    });
    await expect(send(b, { extensions: apq(QUERY) })).resolves.toEqual({ status: 200, body: { data: { viewer: { handle: 'apq' } } } });
    const url = `/graphql?extensions=${encodeURIComponent(JSON.stringify(apq(QUERY)))}`;
    const get = await b.app.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(JSON.parse(get.body)).toEqual({ data: { viewer: { handle: 'apq' } } });
  });

  it('registers nothing for a request without a token, a hash mismatch, or a query that fails validation', async () => {
    const anonymous = '{ viewer { id handle } }';
    expect((await send(a, { query: anonymous, extensions: apq(anonymous) }, false)).status).toBe(401);
    const invalid = '{ viewer { shoeSize } }';
    expect((await send(a, { query: invalid, extensions: apq(invalid) })).status).toBe(400);
    expect((await send(a, { query: '{ viewer { id } }', extensions: apq('{ viewer { displayName } }') })).status).toBe(400);
    for (const query of [anonymous, invalid, '{ viewer { id } }', '{ viewer { displayName } }']) {
      const res = await send(b, { extensions: apq(query) });
      expect(res.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  it('keeps at most PERSISTED_QUERIES_MAX queries, dropping the least recently used', async () => {
    const queries = ['{ viewer { id } }', '{ viewer { timeZone } }', '{ viewer { dayStartsAt } }', '{ viewer { displayName } }'];
    for (const query of queries) {
      a.clock.set(new Date(a.clock.now().getTime() + 3600_000));
      expect(ok((await send(a, { query, extensions: apq(query) })).body)).toHaveProperty('viewer');
    }
    const known = await Promise.all(queries.map(async (query) => (await send(b, { extensions: apq(query) })).body.errors === undefined));
    // The three newest of the four (with QUERY, registered earlier, gone before them).
    expect(known).toEqual([false, true, true, true]);
    expect((await send(b, { extensions: apq(QUERY) })).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('settings', () => {
  it('refuses INTROSPECTION, EXPLORER and PERSISTED_QUERIES_MAX values it cannot read, listing each', () => {
    expect(() => loadConfig({ INTROSPECTION: 'no', EXPLORER: 'off', PERSISTED_QUERIES_MAX: '-1' })).toThrow(
      new ConfigError([
        'INTROSPECTION must be true or false, got "no"',
        'EXPLORER must be true or false, got "off"',
        'PERSISTED_QUERIES_MAX must be an integer from 0 to 10000000, got "-1"',
      ]),
    );
    expect(loadConfig({})).toMatchObject({ introspection: true, explorer: true, persistedQueriesMax: 10_000 });
  });

  it('INTROSPECTION=false refuses __schema and __type with GRAPHQL_VALIDATION_FAILED and runs other queries', async () => {
    const t = await startTestApp({ env: { INTROSPECTION: 'false' } });
    try {
      const { token } = await t.createUser({ handle: 'closed' });
      for (const query of [FULL_INTROSPECTION, '{ __type(name: "Goal") { name } }']) {
        const res = await t.gql(token, query);
        expect({ status: res.status, code: res.errors?.[0].extensions?.code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
        expect(res.errors?.[0].message).toMatch(/introspection/i);
      }
      expect(ok(await t.gql(token, '{ __typename viewer { handle } }'))).toEqual({ __typename: 'Query', viewer: { handle: 'closed' } });
    } finally {
      await t.close();
    }
  });

  it('PERSISTED_QUERIES_MAX=0 turns persisted queries off with PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const t = await startTestApp({ env: { PERSISTED_QUERIES_MAX: '0' } });
    try {
      const { token } = await t.createUser();
      const query = '{ viewer { id } }';
      const res = await postGraphQL(t.app, { query, extensions: apq(query) }, { authorization: `Bearer ${token}` });
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    } finally {
      await t.close();
    }
  });
});
