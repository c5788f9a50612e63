import { CREATE_GOAL, LOG_PROGRESS, createGoal, errorCode, ok, postGraphQL, startTestApp, type TestApp } from './helpers';

const GOALS = /* GraphQL */ `
  query {
    goals {
      totalCount
      edges {
        node {
          id
        }
      }
    }
  }
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('error responses', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await t.createUser());
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('an unexpected failure', () => {
    const SQL_MESSAGE = 'SQLITE_ERROR: near "SELECT": syntax error in SELECT * FROM goals WHERE user_id = 1';

    it('is masked as INTERNAL_SERVER_ERROR carrying an errorId, without SQL or stack text', async () => {
      const spy = jest.spyOn(t.app.services.goals, 'list').mockRejectedValueOnce(new Error(SQL_MESSAGE));
      const res = await t.gql(token, GOALS);
      expect(spy).toHaveBeenCalledTimes(1);

      expect(res.errors).toHaveLength(1);
      const [error] = res.errors!;
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const errorId = error.extensions?.errorId;
      expect(typeof errorId).toBe('string');
      expect(errorId).toMatch(UUID);
      expect(error.message).toContain(errorId);
      expect(error.path).toEqual(['goals']);

      const text = JSON.stringify(res);
      for (const leak of ['SQLITE', 'SELECT', 'syntax error', 'user_id', 'stacktrace', 'goal.service', '    at ', '.ts:']) {
        expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
      }
      expect(Object.keys(error.extensions ?? {}).sort()).toEqual(['code', 'errorId']);
    });

    it('gets a new errorId each time', async () => {
      jest.spyOn(t.app.services.goals, 'list').mockRejectedValueOnce(new Error(SQL_MESSAGE)).mockRejectedValueOnce(new Error(SQL_MESSAGE));
      const first = await t.gql(token, GOALS);
      const second = await t.gql(token, GOALS);
      const ids = [first.errors?.[0].extensions?.errorId, second.errors?.[0].extensions?.errorId];
      expect(ids[0]).toMatch(UUID);
      expect(ids[1]).toMatch(UUID);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('is masked in a mutation too, and the next request works again', async () => {
      jest
        .spyOn(t.app.services.goals, 'create')
        .mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'INSERT INTO goals')"));
      const res = await t.gql(token, CREATE_GOAL, { input: { title: 'x', kind: 'TARGET', target: 1 } });
      expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors![0].message).toContain(res.errors![0].extensions!.errorId);
      expect(JSON.stringify(res)).not.toContain('INSERT');
      expect(JSON.stringify(res)).not.toContain('TypeError');

      ok(await t.gql(token, CREATE_GOAL, { input: { title: 'x', kind: 'TARGET', target: 1 } }));
    });

    it('is masked with an errorId when it happens while authenticating the token', async () => {
      const authenticate = jest
        .spyOn(t.app.services.tokens, 'authenticate')
        .mockRejectedValueOnce(new Error('SQLITE_BUSY: database is locked while running SELECT * FROM api_tokens'));
      const res = await t.gql(token, GOALS);
      expect(authenticate).toHaveBeenCalledTimes(1);
      expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
      const text = JSON.stringify(res);
      expect(text).not.toContain('SQLITE');
      expect(text).not.toContain('api_tokens');
      const errorId = res.errors![0].extensions?.errorId;
      expect(errorId).toMatch(UUID);
      expect(res.errors![0].message).toContain(errorId);
    });
  });

  describe('bad input', () => {
    it('names the field: createGoal with an empty title', async () => {
      const res = await t.gql(token, CREATE_GOAL, { input: { title: '   ', kind: 'TARGET', target: 10 } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('title');
    });

    it('names the field: createGoal with dueDate before startDate', async () => {
      const res = await t.gql(token, CREATE_GOAL, {
        input: { title: 'Backwards', kind: 'TARGET', target: 10, startDate: '2021-03-01', dueDate: '2021-02-28' },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('dueDate');
    });

    it('names the field: logProgress with a day after today', async () => {
      const goalId = await createGoal(t, token, { title: 'Future', kind: 'TARGET', target: 10 });
      const res = await t.gql(token, LOG_PROGRESS, { input: { goalId, date: '2021-06-20' } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.field).toBe('date');
    });

    it('rejects an impossible LocalDate given as a variable', async () => {
      const res = await t.gql(token, CREATE_GOAL, { input: { title: 'Leap', kind: 'TARGET', target: 10, startDate: '2021-02-30' } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.data?.createGoal ?? null).toBeNull();
      expect(
        ok(await t.gql(token, `{ goals(first: 100) { edges { node { title } } } }`)).goals.edges.map((e: any) => e.node.title),
      ).not.toContain('Leap');
    });

    it('rejects an impossible LocalDate given as an inline literal', async () => {
      const res = await t.gql(
        token,
        `mutation { createGoal(input: { title: "Leap", kind: TARGET, target: 10, startDate: "2021-02-30" }) { goal { id } } }`,
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.data?.createGoal ?? null).toBeNull();
    });

    it('answers a bad scalar variable with HTTP 400 like a bad inline literal, never with a 5xx', async () => {
      const goalId = await createGoal(t, token, { title: 'Status codes', kind: 'TARGET', target: 10 });
      const literal = await t.gql(
        token,
        `mutation { createGoal(input: { title: "Leap", kind: TARGET, target: 10, startDate: "2021-02-30" }) { goal { id } } }`,
      );
      const dateVariable = await t.gql(token, CREATE_GOAL, {
        input: { title: 'Leap', kind: 'TARGET', target: 10, startDate: '2021-02-30' },
      });
      const instantVariable = await t.gql(token, LOG_PROGRESS, { input: { goalId, occurredAt: '2021-06-15T09:00:00' } });
      expect(errorCode(literal)).toBe('BAD_USER_INPUT');
      expect(errorCode(dateVariable)).toBe('BAD_USER_INPUT');
      expect(errorCode(instantVariable)).toBe('BAD_USER_INPUT');
      expect([literal.status, dateVariable.status, instantVariable.status]).toEqual([400, 400, 400]);
    });

    it.each(['2021-2-3', '21-02-03', '2021-13-01', '2021-02-29', 'yesterday'])('rejects the LocalDate %j', async (date) => {
      const res = await t.gql(token, CREATE_GOAL, { input: { title: 'Bad date', kind: 'TARGET', target: 10, startDate: date } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    });

    it('accepts a real LocalDate (control)', async () => {
      const data = ok(
        await t.gql(token, CREATE_GOAL, { input: { title: 'Leap day', kind: 'TARGET', target: 10, startDate: '2020-02-29' } }),
      );
      expect(data.createGoal.goal.startDate).toBe('2020-02-29');
    });

    it('rejects a DateTime without an offset, as a variable and as an inline literal', async () => {
      const goalId = await createGoal(t, token, { title: 'Offsets', kind: 'TARGET', target: 10 });
      const asVariable = await t.gql(token, LOG_PROGRESS, { input: { goalId, occurredAt: '2021-06-15T09:00:00' } });
      expect(errorCode(asVariable)).toBe('BAD_USER_INPUT');

      const asLiteral = await t.gql(
        token,
        `mutation { logProgress(input: { goalId: "${goalId}", occurredAt: "2021-06-15T09:00:00" }) { log { id } } }`,
      );
      expect(errorCode(asLiteral)).toBe('BAD_USER_INPUT');

      const goal = ok(await t.gql(token, `query($id: ID!) { goal(id: $id) { logs { totalCount } } }`, { id: goalId }));
      expect(goal.goal.logs.totalCount).toBe(0);
    });

    it('accepts a DateTime with an offset and returns it in UTC (control)', async () => {
      const goalId = await createGoal(t, token, { title: 'Offsets ok', kind: 'TARGET', target: 10 });
      const data = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, occurredAt: '2021-06-15T09:00:00+09:00' } }));
      expect(data.logProgress.log.occurredAt).toBe('2021-06-15T00:00:00.000Z');
    });
  });

  describe('x-request-id', () => {
    it('is set on every response', async () => {
      const health = await t.app.server.inject({ method: 'GET', url: '/healthz' });
      expect(String(health.headers['x-request-id'])).toMatch(UUID);

      const graphql = await postGraphQL(t.app, { query: '{ viewer { id } }' }, { authorization: `Bearer ${token}` });
      expect(graphql.statusCode).toBe(200);
      expect(String(graphql.headers['x-request-id'])).toMatch(UUID);
      expect(graphql.headers['x-request-id']).not.toBe(health.headers['x-request-id']);
    });

    it('is set on a rejected request too', async () => {
      const res = await postGraphQL(t.app, { query: '{ viewer { id } }' });
      expect(res.statusCode).toBe(401);
      expect(String(res.headers['x-request-id'])).toMatch(UUID);
    });

    it('echoes an incoming x-request-id', async () => {
      const res = await postGraphQL(
        t.app,
        { query: '{ viewer { id } }' },
        { authorization: `Bearer ${token}`, 'x-request-id': 'client-req_42:abc.1' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe('client-req_42:abc.1');
    });

    it.each([
      ['with spaces and quotes', 'bad id "quoted"'],
      ['too long', 'a'.repeat(101)],
    ])('replaces an unusable incoming x-request-id (%s) with a fresh one', async (_what, incoming) => {
      const res = await t.app.server.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': incoming } });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['x-request-id'])).toMatch(UUID);
    });
  });
});
