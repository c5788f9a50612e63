import { createHash } from 'node:crypto';
import { toGlobalId } from '../src/graphql/relay';
import { CREATE_GOAL, LOG_PROGRESS, REVOKE_API_TOKEN, createGoal, errorCode, ok, postGraphQL, startTestApp, type TestApp } from './helpers';

const VIEWER = /* GraphQL */ `
  query {
    viewer {
      id
      handle
    }
  }
`;

const API_TOKENS = /* GraphQL */ `
  query {
    viewer {
      apiTokens {
        id
        name
        scopes
        prefix
        createdAt
        lastUsedAt
        revokedAt
      }
    }
  }
`;

const CREATE_API_TOKEN = /* GraphQL */ `
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
        scopes
        prefix
      }
    }
  }
`;

const GOALS = /* GraphQL */ `
  query {
    goals {
      totalCount
      edges {
        node {
          id
          title
        }
      }
    }
  }
`;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** A column value as text, to search it for a secret. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

describe('authentication and API tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  /** Sends a GraphQL request with a raw Authorization header (or none). */
  async function rawRequest(authorization: string | undefined) {
    const res = await postGraphQL(t.app, { query: VIEWER }, authorization === undefined ? {} : { authorization });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  function expectUnauthenticated(res: { status: number; body: any }) {
    expect(res.status).toBe(401);
    expect(res.body.data?.viewer ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  }

  describe('requests without a valid bearer token get UNAUTHENTICATED (HTTP 401)', () => {
    it('rejects a request without an Authorization header', async () => {
      expectUnauthenticated(await rawRequest(undefined));
    });

    it.each([
      ['a token without the Bearer scheme', 'hoego_abcdef'],
      ['another scheme', 'Basic dXNlcjpwYXNz'],
      ['the scheme alone', 'Bearer'],
      ['the scheme and blanks', 'Bearer    '],
      ['two words after the scheme', 'Bearer one two'],
    ])('rejects a malformed Authorization header: %s', async (_what, header) => {
      expectUnauthenticated(await rawRequest(header));
    });

    it('rejects an unknown token, with or without the token prefix', async () => {
      expectUnauthenticated(await rawRequest('Bearer hoego_thisTokenWasNeverIssuedByTheServer000000000'));
      expectUnauthenticated(await rawRequest('Bearer not-a-hoego-token'));
    });

    it('rejects a token that was revoked', async () => {
      const { user, token } = await t.createUser();
      ok(await t.gql(token, VIEWER));
      const tokens = await t.app.services.tokens.list(user.id);
      await t.app.services.tokens.revoke(user.id, tokens[0].id);
      const res = await t.gql(token, VIEWER);
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it('accepts the same token as a valid Bearer header (control)', async () => {
      const { user, token } = await t.createUser();
      const res = await rawRequest(`bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.viewer.id).toBe(toGlobalId('User', user.id));
    });
  });

  describe('a read-only token', () => {
    it('can run queries', async () => {
      const { user, token } = await t.createUser();
      await createGoal(t, token, { title: 'Read 12 books', kind: 'TARGET', target: 12 });
      const { secret: readOnly } = await t.app.services.tokens.create(user.id, 'x', ['read']);

      const viewer = ok(await t.gql(readOnly, VIEWER));
      expect(viewer.viewer.id).toBe(toGlobalId('User', user.id));
      const goals = ok(await t.gql(readOnly, GOALS));
      expect(goals.goals.totalCount).toBe(1);
      expect(goals.goals.edges[0].node.title).toBe('Read 12 books');
    });

    /** Everything a user owns, as seen through GraphQL, to prove that a refused mutation changed nothing. */
    const EVERYTHING = /* GraphQL */ `
      query {
        viewer {
          handle
          displayName
          timeZone
          dayStartsAt
          apiTokens {
            id
            name
            scopes
            revokedAt
          }
        }
        goals(first: 10) {
          totalCount
          edges {
            node {
              id
              title
              description
              status
              unit
              target
              tags
              startDate
              dueDate
              parent {
                id
              }
              logs(first: 10) {
                totalCount
                edges {
                  node {
                    id
                    value
                    note
                    date
                    occurredAt
                  }
                }
              }
              milestones {
                id
                title
                position
                achievedOn
                evidenceUrl
              }
            }
          }
        }
      }
    `;

    interface Fixture {
      targetGoalId: string;
      milestonesGoalId: string;
      logId: string;
      milestoneId: string;
      otherTokenId: string;
    }

    /** Every mutation of the schema, with input that a write token may run. */
    const MUTATIONS: Record<string, (f: Fixture) => [string, Record<string, unknown>]> = {
      createGoal: () => [CREATE_GOAL, { input: { title: 'Sneaky', kind: 'TARGET', target: 5 } }],
      updateGoal: (f) => [
        'mutation($input: UpdateGoalInput!) { updateGoal(input: $input) { goal { id } } }',
        { input: { id: f.targetGoalId, title: 'Changed', status: 'PAUSED' } },
      ],
      logProgress: (f) => [
        'mutation($input: LogProgressInput!) { logProgress(input: $input) { log { id } } }',
        { input: { goalId: f.targetGoalId, value: 5 } },
      ],
      updateProgressLog: (f) => [
        'mutation($input: UpdateProgressLogInput!) { updateProgressLog(input: $input) { log { id } } }',
        { input: { id: f.logId, value: 42, note: 'changed' } },
      ],
      deleteProgressLog: (f) => [
        'mutation($input: DeleteProgressLogInput!) { deleteProgressLog(input: $input) { deletedId } }',
        { input: { id: f.logId } },
      ],
      addMilestone: (f) => [
        'mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } } }',
        { input: { goalId: f.milestonesGoalId, title: 'Extra' } },
      ],
      completeMilestone: (f) => [
        'mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { milestone { id } } }',
        { input: { id: f.milestoneId } },
      ],
      createApiToken: () => [CREATE_API_TOKEN, { input: { name: 'escalate', scopes: ['READ', 'WRITE'] } }],
      revokeApiToken: (f) => [REVOKE_API_TOKEN, { input: { id: f.otherTokenId } }],
      updateViewer: () => ['mutation { updateViewer(input: { displayName: "After", timeZone: "Europe/Berlin" }) { viewer { id } } }', {}],
    };

    it('is refused for every mutation in the schema, and nothing changes', async () => {
      const { user, token } = await t.createUser({ displayName: 'Before' });
      const goalId = await createGoal(t, token, { title: 'Run', kind: 'TARGET', target: 100, unit: 'km' });
      ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 3, note: 'first' } }));
      const { secret: readOnly } = await t.app.services.tokens.create(user.id, 'x', ['read']);

      // Build a well-formed call of every mutation from introspection, so that new mutations are covered too.
      const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
      const schema = ok(
        await t.gql(
          token,
          `{ __schema {
              mutationType { fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
              types { name kind inputFields { name type { ${TYPE_REF} } } enumValues { name } }
          } }`,
        ),
      ).__schema;
      type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
      const types = new Map<string, any>(schema.types.map((ty: any) => [ty.name, ty]));
      const printType = (ref: TypeRef): string =>
        ref.kind === 'NON_NULL' ? `${printType(ref.ofType!)}!` : ref.kind === 'LIST' ? `[${printType(ref.ofType!)}]` : ref.name!;
      const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref);
      const scalarSamples: Record<string, unknown> = {
        ID: goalId,
        Int: 1,
        Float: 1,
        Boolean: true,
        LocalDate: '2021-06-01',
        DateTime: '2021-06-01T00:00:00Z',
      };
      const sample = (ref: TypeRef): unknown => {
        if (ref.kind === 'NON_NULL') return sample(ref.ofType!);
        if (ref.kind === 'LIST') return [sample(ref.ofType!)];
        const type = types.get(ref.name!);
        if (type.kind === 'ENUM') return type.enumValues[0].name;
        if (type.kind === 'INPUT_OBJECT') {
          const value: Record<string, unknown> = {};
          for (const field of type.inputFields) if (field.type.kind === 'NON_NULL') value[field.name] = sample(field.type);
          return value;
        }
        return ref.name! in scalarSamples ? scalarSamples[ref.name!] : 'x';
      };

      const before = ok(await t.gql(token, EVERYTHING));
      const mutations: Array<{ name: string; args: Array<{ name: string; type: TypeRef }>; type: TypeRef }> = schema.mutationType.fields;
      expect(mutations.length).toBeGreaterThanOrEqual(Object.keys(MUTATIONS).length);
      for (const mutation of mutations) {
        const required = mutation.args.filter((a) => a.type.kind === 'NON_NULL');
        const params = required.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
        const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
        const returnsObject = ['OBJECT', 'INTERFACE', 'UNION'].includes(types.get(named(mutation.type).name!).kind);
        const query = `mutation${params ? `(${params})` : ''} { ${mutation.name}${args ? `(${args})` : ''}${returnsObject ? ' { __typename }' : ''} }`;
        const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
        const res = await t.gql(readOnly, query, variables);
        expect({ mutation: mutation.name, code: res.errors?.[0]?.extensions?.code }).toEqual({
          mutation: mutation.name,
          code: 'FORBIDDEN',
        });
      }
      expect(ok(await t.gql(token, EVERYTHING))).toEqual(before);
    });

    it.each(Object.keys(MUTATIONS))('gets FORBIDDEN for %s, which changes nothing (and works with a write token)', async (name) => {
      const { user, token } = await t.createUser({ displayName: 'Before' });
      const targetGoalId = await createGoal(t, token, { title: 'Run', kind: 'TARGET', target: 100, unit: 'km' });
      const milestonesGoalId = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES' });
      const logged = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: targetGoalId, value: 3, note: 'first' } }));
      const added = ok(
        await t.gql(token, 'mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } } }', {
          input: { goalId: milestonesGoalId, title: 'Draft' },
        }),
      );
      const { token: other } = await t.app.services.tokens.create(user.id, 'other', ['read', 'write']);
      const { secret: readOnly } = await t.app.services.tokens.create(user.id, 'x', ['read']);
      const fixture: Fixture = {
        targetGoalId,
        milestonesGoalId,
        logId: logged.logProgress.log.id,
        milestoneId: added.addMilestone.milestone.id,
        otherTokenId: toGlobalId('ApiToken', other.id),
      };
      const [query, variables] = MUTATIONS[name](fixture);

      const before = ok(await t.gql(token, EVERYTHING));
      const refused = await t.gql(readOnly, query, variables);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.errors).toHaveLength(1);
      expect(refused.data?.[name] ?? null).toBeNull();
      expect(ok(await t.gql(token, EVERYTHING))).toEqual(before);

      // The same request with a write token does change something, so "unchanged" above means something.
      ok(await t.gql(token, query, variables));
      expect(ok(await t.gql(token, EVERYTHING))).not.toEqual(before);
    });
  });

  describe('createApiToken', () => {
    it('returns the secret once with the token record, and the new token works', async () => {
      const { user, token } = await t.createUser();
      const data = ok(await t.gql(token, CREATE_API_TOKEN, { input: { name: 'phone', scopes: ['READ'] } }));
      const { token: secret, apiToken } = data.createApiToken;

      expect(typeof secret).toBe('string');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(apiToken.name).toBe('phone');
      expect(apiToken.scopes).toEqual(['READ']);
      expect(secret.startsWith(apiToken.prefix)).toBe(true);
      expect(apiToken.prefix.length).toBeLessThan(secret.length);
      expect(apiToken.id).toMatch(/\S/);

      const viewer = ok(await t.gql(secret, VIEWER));
      expect(viewer.viewer.id).toBe(toGlobalId('User', user.id));

      // It was asked for read only, so it cannot write.
      const res = await t.gql(secret, CREATE_GOAL, { input: { title: 'x', kind: 'TARGET', target: 1 } });
      expect(errorCode(res)).toBe('FORBIDDEN');
    });

    it('issues a write token that can make changes when asked for write', async () => {
      const { token } = await t.createUser();
      const data = ok(await t.gql(token, CREATE_API_TOKEN, { input: { name: 'script', scopes: ['WRITE'] } }));
      expect(data.createApiToken.apiToken.scopes).toEqual(['READ', 'WRITE']);
      const goalId = await createGoal(t, data.createApiToken.token, { title: 'Via new token', kind: 'TARGET', target: 3 });
      expect(ok(await t.gql(token, `query($id: ID!) { goal(id: $id) { title } }`, { id: goalId })).goal.title).toBe('Via new token');
    });

    it('stores only the SHA-256 hash of the secret, never the secret itself', async () => {
      const { user, token } = await t.createUser();
      const data = ok(await t.gql(token, CREATE_API_TOKEN, { input: { name: 'stored', scopes: ['READ'] } }));
      const secret: string = data.createApiToken.token;

      const rows: Array<Record<string, unknown>> = await t.app.db.dataSource
        .createQueryBuilder()
        .select('*')
        .from('api_tokens', 'token')
        .where('token.user_id = :userId AND token.name = :name', { userId: user.id, name: 'stored' })
        .getRawMany();
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row.token_hash).toBe(sha256(secret));
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        expect({ column, containsSecret: asText(value).includes(secret) }).toEqual({ column, containsSecret: false });
      }

      // Nowhere else in the database either.
      const tables: Array<{ name: string }> = await t.app.db.dataSource.query(
        t.app.db.dialect === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      );
      expect(tables.length).toBeGreaterThan(1);
      for (const { name } of tables) {
        const all: Array<Record<string, unknown>> = await t.app.db.dataSource.query(`SELECT * FROM "${name}"`);
        const leaking = all.filter((r) => Object.values(r).some((v) => v !== null && asText(v).includes(secret)));
        expect({ table: name, leaking }).toEqual({ table: name, leaking: [] });
      }
    });

    it('stores the SHA-256 hash for tokens issued by the service too (the token secret is not persisted)', async () => {
      const { user, token } = await t.createUser();
      const rows: Array<{ token_hash: string }> = await t.app.db.dataSource
        .createQueryBuilder()
        .select('token.token_hash', 'token_hash')
        .from('api_tokens', 'token')
        .where('token.user_id = :userId', { userId: user.id })
        .getRawMany();
      expect(rows.map((r) => r.token_hash)).toEqual([sha256(token)]);
    });
  });

  describe('revokeApiToken', () => {
    it('makes the revoked token fail with UNAUTHENTICATED while the other tokens keep working', async () => {
      const { token } = await t.createUser();
      const created = ok(await t.gql(token, CREATE_API_TOKEN, { input: { name: 'to revoke', scopes: ['READ'] } })).createApiToken;
      ok(await t.gql(created.token, VIEWER));

      const revoked = ok(await t.gql(token, REVOKE_API_TOKEN, { input: { id: created.apiToken.id } }));
      expect(revoked.revokeApiToken.apiToken.id).toBe(created.apiToken.id);
      expect(revoked.revokeApiToken.apiToken.revokedAt).toBe(t.clock.now().toISOString());

      const res = await t.gql(created.token, VIEWER);
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      ok(await t.gql(token, VIEWER));
    });

    it('lets a token revoke itself, after which it fails', async () => {
      const { user, token } = await t.createUser();
      const [own] = await t.app.services.tokens.list(user.id);
      ok(await t.gql(token, REVOKE_API_TOKEN, { input: { id: toGlobalId('ApiToken', own.id) } }));
      const res = await t.gql(token, VIEWER);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it("fails with NOT_FOUND for another user's token and leaves it working", async () => {
      const a = await t.createUser();
      const b = await t.createUser();
      const [aToken] = await t.app.services.tokens.list(a.user.id);
      const res = await t.gql(b.token, REVOKE_API_TOKEN, { input: { id: toGlobalId('ApiToken', aToken.id) } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.data?.revokeApiToken ?? null).toBeNull();

      expect(ok(await t.gql(a.token, VIEWER)).viewer.id).toBe(toGlobalId('User', a.user.id));
      const aTokens = ok(await t.gql(a.token, API_TOKENS)).viewer.apiTokens;
      expect(aTokens.map((tk: any) => tk.revokedAt)).toEqual([null]);
    });

    it('fails with NOT_FOUND for a token id that does not exist', async () => {
      const { token } = await t.createUser();
      const res = await t.gql(token, REVOKE_API_TOKEN, { input: { id: toGlobalId('ApiToken', 987654) } });
      expect(errorCode(res)).toBe('NOT_FOUND');
    });
  });

  describe('viewer.apiTokens', () => {
    it("lists exactly the viewer's tokens, revoked ones included, and no secrets", async () => {
      const a = await t.createUser();
      const b = await t.createUser();
      const a2 = ok(await t.gql(a.token, CREATE_API_TOKEN, { input: { name: 'a second', scopes: ['READ'] } })).createApiToken;
      ok(await t.gql(b.token, CREATE_API_TOKEN, { input: { name: 'b second', scopes: ['READ'] } }));
      ok(await t.gql(a.token, REVOKE_API_TOKEN, { input: { id: a2.apiToken.id } }));

      const aOwn = (await t.app.services.tokens.list(a.user.id)).map((tk) => toGlobalId('ApiToken', tk.id));
      expect(aOwn).toHaveLength(2);
      const listed = ok(await t.gql(a.token, API_TOKENS)).viewer.apiTokens;
      expect(listed.map((tk: any) => tk.id)).toEqual(aOwn);
      expect(listed.map((tk: any) => tk.name)).toEqual(['test', 'a second']);
      expect(listed[1].revokedAt).not.toBeNull();
      const text = JSON.stringify(listed);
      expect(text).not.toContain(a.token);
      expect(text).not.toContain(a2.token);

      const bListed = ok(await t.gql(b.token, API_TOKENS)).viewer.apiTokens;
      expect(bListed.map((tk: any) => tk.name)).toEqual(['test', 'b second']);
      expect(bListed.some((tk: any) => aOwn.includes(tk.id))).toBe(false);
    });

    it('sets lastUsedAt once a token has been used', async () => {
      const { token } = await t.createUser();
      const created = ok(await t.gql(token, CREATE_API_TOKEN, { input: { name: 'unused yet', scopes: ['READ'] } })).createApiToken;
      const before = ok(await t.gql(token, API_TOKENS)).viewer.apiTokens.find((tk: any) => tk.id === created.apiToken.id);
      expect(before.lastUsedAt).toBeNull();

      ok(await t.gql(created.token, VIEWER));

      const after = ok(await t.gql(token, API_TOKENS)).viewer.apiTokens.find((tk: any) => tk.id === created.apiToken.id);
      expect(after.lastUsedAt).toBe(t.clock.now().toISOString());
    });
  });
});
