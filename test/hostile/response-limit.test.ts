import { createGoal, ok, postGraphQL, startTestApp, type TestApp } from '../helpers';

describe('the response size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RESPONSE_LIMIT_BYTES: '4096' } });
  });
  afterAll(() => t.close());

  it('replaces an answer past RESPONSE_LIMIT_BYTES with RESPONSE_TOO_LARGE (HTTP 400) and answers smaller ones', async () => {
    const { token } = await t.createUser();
    for (let i = 0; i < 30; i += 1) await createGoal(t, token, { title: `Goal ${i} ${'x'.repeat(150)}`, kind: 'HABIT' });
    const big = await postGraphQL(
      t.app,
      { query: '{ goals(first: 30) { edges { node { id title } } } }' },
      { authorization: `Bearer ${token}` },
    );
    expect(big.statusCode).toBe(400);
    const body = JSON.parse(big.body);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', max: 4096 });
    expect(body.errors[0].extensions.actual).toBeGreaterThan(4096);
    expect(body.errors[0].message).toContain('RESPONSE_LIMIT_BYTES');

    const small = await t.gql(token, '{ goals(first: 5) { totalCount edges { node { id } } } }');
    expect(ok(small).goals.totalCount).toBe(30);
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('counts bytes, not characters, so text outside ASCII cannot slip past', async () => {
    const { token } = await t.createUser();
    // Ten titles of 100 Hangul syllables, each asked twice: 2,000 characters, 6,000 bytes in UTF-8.
    for (let i = 0; i < 10; i += 1) await createGoal(t, token, { title: '회'.repeat(100), kind: 'HABIT' });
    const res = await postGraphQL(
      t.app,
      { query: '{ goals(first: 10) { edges { node { title a: title } } } }' },
      { authorization: `Bearer ${token}` },
    );
    const body = JSON.parse(res.body);
    expect(res.statusCode).toBe(400);
    expect(body.errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
    // More bytes than the limit, from fewer characters than it.
    expect(body.errors[0].extensions.actual).toBeGreaterThan(6000);
  });
});
