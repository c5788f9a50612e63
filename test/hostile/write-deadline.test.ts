import { performance } from 'node:perf_hooks';
import { Loaders } from '../../src/loaders';
import { ProgressLogWriter } from '../../src/modules/log/log.writer';
import { createGoal, ok, startTestApp, type TestApp } from '../helpers';

/**
 * Time is made to pass at a chosen point of a write: the monotonic clock the deadlines read jumps a day ahead, so
 * every budget is spent from then on, exactly there and on any machine.
 */
const realNow = performance.now.bind(performance);
let skipped = 0;
const DAY_MS = 86_400_000;

/** Runs `then` once after each call of `method` on `target` has returned. */
function afterCall(target: object, method: string, then: () => void): void {
  const original = (target as Record<string, (...args: unknown[]) => unknown>)[method];
  jest.spyOn(target as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(function (this: unknown, ...args) {
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(then);
    then();
    return result;
  });
}

/** From the next call of `method` on `target` on, the clock reads a day later (once the call has returned). */
function spendBudgetAfter(target: object, method: string): void {
  afterCall(target, method, () => (skipped = DAY_MS));
}

const LOG = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id value goal { milestones { id } } } } }';
const BATCH = 'mutation($i: LogProgressBatchInput!) { logProgressBatch(input: $i) { results { index log { id } error { code } } } }';

describe('deadlines in writes', () => {
  let t: TestApp;
  let token: string;
  let goalId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '10000', IMPORT_TIMEOUT_MS: '10000' } });
    ({ token } = await t.createUser());
    goalId = await createGoal(t, token, { title: 'Reading', kind: 'TARGET', target: 100000, unit: 'pages', startDate: '2021-01-01' });
  });
  afterAll(() => t.close());

  beforeEach(() => {
    skipped = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => realNow() + skipped);
  });
  afterEach(() => jest.restoreAllMocks());

  async function logCount(): Promise<number> {
    skipped = 0;
    const data = ok(await t.gql(token, '{ goals { edges { node { logs(first: 1) { totalCount } } } } }'));
    return (data.goals.edges as Array<{ node: { logs: { totalCount: number } } }>).reduce((sum, e) => sum + e.node.logs.totalCount, 0);
  }

  it('answers TIMEOUT and keeps nothing when the budget runs out inside the transaction of a mutation', async () => {
    const before = await logCount();
    spendBudgetAfter(ProgressLogWriter.prototype, 'insertOne');
    const res = await t.gql(token, LOG, { i: { goalId, value: 5 } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(res.errors?.[0].path).toEqual(['logProgress']);
    expect(res.data ?? null).toBeNull();
    expect(await logCount()).toBe(before);
  });

  it('answers TIMEOUT for a whole batch and keeps none of it when the budget runs out between its steps', async () => {
    const before = await logCount();
    spendBudgetAfter(ProgressLogWriter.prototype, 'insertRows');
    const logs = Array.from({ length: 5 }, (_, i) => ({ goalId, value: i + 1 }));
    const res = await t.gql(token, BATCH, { i: { logs } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(await logCount()).toBe(before);
  });

  it('stores a write that was answered OK, even when the budget runs out while its answer is built', async () => {
    const before = await logCount();
    // After the mutation returned (its transaction committed), before its payload's loaders run.
    spendBudgetAfter(Loaders.prototype, 'afterWrite');
    const res = await t.gql(token, LOG, { i: { goalId, value: 7 } });
    expect(res.errors).toBeUndefined();
    expect(res.data.logProgress.log).toMatchObject({ value: 7, goal: { milestones: [] } });
    expect(await logCount()).toBe(before + 1);
  });

  it('keeps nothing of an import whose budget runs out between its chunks, and answers TIMEOUT with HTTP 503', async () => {
    const before = await logCount();
    spendBudgetAfter(ProgressLogWriter.prototype, 'insertRows');
    const rows = Array.from({ length: 2500 }, (_, i) => `2021-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')},Reading,${i + 1}`);
    const res = await t.app.server.inject({
      method: 'POST',
      url: '/import/csv',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: `date,goal,value\n${rows.join('\n')}\n`,
    });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'TIMEOUT', budgetMs: 10000 });
    expect(JSON.parse(res.body).error.message).toContain('IMPORT_TIMEOUT_MS');
    // The first chunk was inserted before the clock jumped; it went back with the rest.
    expect(await logCount()).toBe(before);
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('imports a file in full when the budget holds', async () => {
    // Another user's account, so that what the tests before kept or not does not matter here.
    const other = await t.createUser();
    await createGoal(t, other.token, { title: 'Reading', kind: 'TARGET', target: 100000, unit: 'pages', startDate: '2021-01-01' });
    const rows = Array.from({ length: 2500 }, (_, i) => `2021-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')},Reading,${i + 1}`);
    const res = await t.app.server.inject({
      method: 'POST',
      url: '/import/csv',
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'text/csv' },
      payload: `date,goal,value\n${rows.join('\n')}\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).created.logs).toBe(2500);
  });

  it('answers a report past its budget with TIMEOUT and HTTP 503 as JSON', async () => {
    spendBudgetAfter(t.app.services.tokens, 'authenticate');
    const res = await t.app.server.inject({ method: 'GET', url: '/reports/2021.md', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'TIMEOUT', budgetMs: 10000 });
  });

  it('answers an export out of time before it began with TIMEOUT and HTTP 503', async () => {
    spendBudgetAfter(t.app.services.tokens, 'authenticate');
    const res = await t.app.server.inject({ method: 'GET', url: '/export.json', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'TIMEOUT', budgetMs: 600000 });
    expect(JSON.parse(res.body).error.message).toContain('EXPORT_TIMEOUT_MS');
  });

  it('cuts an export out of time once begun off, so that the client never takes it for a whole file', async () => {
    ok(await t.gql(token, LOG, { i: { goalId, value: 3 } }));
    // The first read of the export (the goals' titles) runs in time and its header line goes out; the next is late.
    afterCall(t.app.services.tokens, 'authenticate', () => spendBudgetAfter(t.app.db, 'read'));
    const cut = await t.app.server.inject({ method: 'GET', url: '/export.csv', headers: { authorization: `Bearer ${token}` } }).then(
      (res) => ({ status: res.statusCode, body: res.body }),
      (error: Error) => ({ status: null, body: error.message }),
    );
    jest.restoreAllMocks();
    skipped = 0;
    const whole = await t.app.server.inject({ method: 'GET', url: '/export.csv', headers: { authorization: `Bearer ${token}` } });
    expect(whole.body.split('\r\n').length).toBeGreaterThan(2);
    // The connection closes before the end of the body: no answer at all reaches the client, not a short file.
    expect(cut).toEqual({ status: null, body: expect.stringMatching(/destroyed before completion/) });
  });
});
