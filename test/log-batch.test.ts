import { LOG_PROGRESS, createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 2021-06-15 in Asia/Seoul

const BATCH = /* GraphQL */ `
  mutation Batch($input: LogProgressBatchInput!) {
    logProgressBatch(input: $input) {
      results {
        index
        log {
          id
          value
          date
          note
          requestId
        }
        error {
          code
          field
          message
        }
      }
    }
  }
`;

const GOAL_STATE = /* GraphQL */ `
  query State($id: ID!) {
    node(id: $id) {
      ... on Goal {
        status
        achievedOn
        progress {
          current
        }
        logs(first: 100) {
          totalCount
          edges {
            node {
              id
              value
              date
              requestId
            }
          }
        }
      }
    }
  }
`;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ now: NOW, countStatements: true });
});

afterAll(async () => {
  await t.close();
});

async function batch(token: string, logs: Array<Record<string, unknown>>) {
  return ok(await t.gql(token, BATCH, { input: { logs } })).logProgressBatch.results as Array<{
    index: number;
    log: { id: string; value: number; date: string; note: string | null; requestId: string | null } | null;
    error: { code: string; field: string | null; message: string } | null;
  }>;
}

async function goalState(token: string, id: string) {
  return ok(await t.gql(token, GOAL_STATE, { id })).node;
}

describe('logProgressBatch', () => {
  it('saves the good items, answers each bad one at its index, and changes nothing for the bad ones', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const habit = await createGoal(t, token, { title: 'read', kind: 'HABIT', startDate: '2021-06-01' });
    const untouched = await createGoal(t, token, { title: 'untouched', kind: 'TARGET', target: 10, startDate: '2021-06-01' });
    const theirs = await createGoal(t, other.token, { title: 'theirs', kind: 'HABIT', startDate: '2021-06-01' });
    const results = await batch(token, [
      { goalId: habit, value: 2, date: '2021-06-10', note: 'first' },
      { goalId: untouched, value: 5, date: '2021-06-16' }, // tomorrow in Seoul
      { goalId: 'not-an-id', value: 1 },
      { goalId: theirs, value: 1 },
      { goalId: untouched, note: 'x'.repeat(10_001) },
      { goalId: habit, value: 3, requestId: '' },
      { goalId: habit, value: 4, date: '2021-06-11', requestId: 'b-1' },
    ]);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => r.error?.code ?? 'OK')).toEqual([
      'OK',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'OK',
    ]);
    expect(results.map((r) => r.error?.field ?? null)).toEqual([null, 'date', 'goalId', null, 'note', 'requestId', null]);
    expect(results[1].error!.message).toBe('date: the log would count for 2021-06-16, which is after today (2021-06-15) in Asia/Seoul');
    expect(results[3].error!.message).toBe(`No goal with id ${theirs}`);
    expect(results[0].log).toMatchObject({ value: 2, date: '2021-06-10', note: 'first', requestId: null });
    expect(results[6].log).toMatchObject({ value: 4, date: '2021-06-11', requestId: 'b-1' });

    const state = await goalState(token, habit);
    expect(state.logs.edges.map((e: any) => e.node.id).sort()).toEqual([results[0].log!.id, results[6].log!.id].sort());
    await expect(goalState(token, untouched)).resolves.toMatchObject({
      status: 'ACTIVE',
      progress: { current: 0 },
      logs: { totalCount: 0 },
    });
    await expect(goalState(other.token, theirs)).resolves.toMatchObject({ logs: { totalCount: 0 } });
  });

  it('keeps the items around one that fails in the middle, and leaves the failed item’s goal as it was', async () => {
    const { token } = await t.createUser();
    const target = await createGoal(t, token, { title: 'run 100 km', kind: 'TARGET', target: 100, startDate: '2021-06-01' });
    const other = await createGoal(t, token, { title: 'swim', kind: 'TARGET', target: 10, startDate: '2021-06-01' });
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: other, value: 4, date: '2021-06-02' } }));
    const logs = Array.from({ length: 9 }, (_, i) => ({ goalId: target, value: 10, date: `2021-06-0${i + 1}` }));
    logs.splice(4, 0, { goalId: other, value: 7, date: '2021-07-01' } as never); // in the future: fails
    logs.push({ goalId: target, value: 15, date: '2021-06-12' });
    const results = await batch(token, logs);
    expect(results).toHaveLength(11);
    expect(results[4]).toMatchObject({ index: 4, log: null, error: { code: 'BAD_USER_INPUT', field: 'date' } });
    expect(results.filter((r) => r.log !== null)).toHaveLength(10);
    // The target crossed 100 on 2021-06-12 (90 by the 9th, 105 with the 12th): settled once, for the whole batch.
    await expect(goalState(token, target)).resolves.toMatchObject({
      status: 'ACHIEVED',
      achievedOn: '2021-06-12',
      progress: { current: 105 },
      logs: { totalCount: 10 },
    });
    await expect(goalState(token, other)).resolves.toMatchObject({ status: 'ACTIVE', progress: { current: 4 }, logs: { totalCount: 1 } });
  });

  it('makes each item safe to retry: the same batch again returns the same logs and creates nothing', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'pages', kind: 'HABIT', unit: 'pages', target: 10, startDate: '2021-06-01' });
    const logs = Array.from({ length: 5 }, (_, i) => ({ goalId, value: i + 1, date: `2021-06-0${i + 1}`, requestId: `day-${i}` }));
    const first = await batch(token, logs);
    const again = await batch(token, logs);
    expect(again.map((r) => r.log?.id)).toEqual(first.map((r) => r.log!.id));
    // One changed item conflicts alone; one key already used by logProgress is a retry of that log.
    const single = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 9, date: '2021-06-09', requestId: 'single' } }))
      .logProgress.log;
    const changed = await batch(token, [
      ...logs.slice(0, 2),
      { ...logs[2], value: 99 },
      { goalId, value: 9, date: '2021-06-09', requestId: 'single' },
    ]);
    expect(changed.map((r) => r.error?.code ?? r.log!.id)).toEqual([first[0].log!.id, first[1].log!.id, 'CONFLICT', single.id]);
    expect(changed[2].error).toMatchObject({ field: 'requestId' });
    const state = await goalState(token, goalId);
    expect(state.logs.totalCount).toBe(6);
    expect(state.logs.edges.find((e: any) => e.node.requestId === 'day-2').node.value).toBe(3);
  });

  it('treats a key repeated within one batch as a retry of its first item, or a CONFLICT with other input', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'steps', kind: 'HABIT', startDate: '2021-06-01' });
    const item = { goalId, value: 1, date: '2021-06-03', requestId: 'twice' };
    const results = await batch(token, [item, item, { ...item, value: 2 }]);
    expect(results[1].log!.id).toBe(results[0].log!.id);
    expect(results[2]).toMatchObject({ log: null, error: { code: 'CONFLICT', field: 'requestId' } });
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 1 } });
  });

  it('saves one set of logs for concurrent retries of the same batch', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'concurrent', kind: 'HABIT', startDate: '2021-06-01' });
    const logs = Array.from({ length: 20 }, (_, i) => ({ goalId, value: 1, date: '2021-06-14', requestId: `c-${i}` }));
    const answers = await Promise.all(Array.from({ length: 4 }, () => t.gql(token, BATCH, { input: { logs } })));
    const ids = answers.map((a) =>
      ok(a)
        .logProgressBatch.results.map((r: any) => r.log.id)
        .join(),
    );
    expect(new Set(ids).size).toBe(1);
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 20 } });
  });

  it('refuses more than 1000 logs with BAD_USER_INPUT, saving none', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'too many', kind: 'HABIT', startDate: '2021-06-01' });
    const res = await t.gql(token, `mutation($input: LogProgressBatchInput!) { logProgressBatch(input: $input) { results { index } } }`, {
      input: { logs: Array.from({ length: 1001 }, () => ({ goalId })) },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]).toMatchObject({ message: 'logs: must hold at most 1000 logs, got 1001', extensions: { field: 'logs' } });
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 0 } });
  });

  it('saves 1000 logs in one call within the query cost limit, and prices the selection once per log', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'a thousand', kind: 'TARGET', target: 1e6, startDate: '2021-06-01' });
    const logs = Array.from({ length: 1000 }, (_, i) => ({ goalId, value: 1, date: '2021-06-15', requestId: `k-${i}` }));
    const results = await batch(token, logs);
    expect(results.filter((r) => r.log !== null)).toHaveLength(1000);
    await expect(goalState(token, goalId)).resolves.toMatchObject({ progress: { current: 1000 } });
    // Each result's goal with a page of its logs would be a thousand goal reads: over the limit, refused before running.
    const heavy = `mutation($input: LogProgressBatchInput!) { logProgressBatch(input: $input) { results { log { goal { logs(first: 10) { edges { node { id } } } } } } } }`;
    const res = await t.gql(token, heavy, { input: { logs } });
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
  });

  it('writes nothing of a batch whose transaction fails part-way', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'all or nothing', kind: 'HABIT', startDate: '2021-06-01' });
    // A trigger that refuses one row stands in for a crash after the first INSERT of the batch went through.
    const postgres = t.app.db.dialect === 'postgres';
    const install = postgres
      ? [
          `CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.note = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_logs FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
        ]
      : [`CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_logs WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`];
    for (const sql of install) await t.app.db.write((em) => em.query(sql));
    try {
      const logs: Array<Record<string, unknown>> = Array.from({ length: 700 }, () => ({ goalId, value: 1, date: '2021-06-15' }));
      logs[650] = { goalId, value: 1, date: '2021-06-15', note: 'boom' }; // in the second INSERT statement
      const res = await t.gql(token, BATCH, { input: { logs } });
      expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.app.db.write((em) => em.query(postgres ? 'DROP TRIGGER refuse_boom ON progress_logs' : 'DROP TRIGGER refuse_boom'));
    }
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 0 } });
  });
});

describe('statements per write', () => {
  const LOG = `mutation($input: LogProgressInput!) { logProgress(input: $input) { log { id } } }`;

  async function statementsOf(fn: () => Promise<unknown>): Promise<number> {
    const counter = t.app.db.statements!;
    const before = counter.count;
    await fn();
    return counter.count - before;
  }

  it('stay the same for logProgress whatever the goal’s history', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'history', kind: 'TARGET', target: 1e9, startDate: '2021-01-01' });
    const counts: number[] = [];
    for (const history of [1, 200]) {
      await batch(
        token,
        Array.from({ length: history }, () => ({ goalId, value: 1, date: '2021-05-01' })),
      );
      counts.push(await statementsOf(() => t.gql(token, LOG, { input: { goalId, value: 1, requestId: `h-${history}` } })));
    }
    expect(counts[0]).toBe(counts[1]);
    // Token, (on PostgreSQL) the rate limit's upsert, BEGIN, the goal with its kept total, the INSERT (which finds a
    // taken requestId by itself), the event's INSERT, COMMIT.
    expect(counts[0]).toBe(t.app.db.dialect === 'postgres' ? 7 : 6);
  });

  it('stay the same for logProgressBatch whatever the number of logs and goals (up to one INSERT’s worth)', async () => {
    const { token } = await t.createUser();
    const goals: string[] = [];
    for (let i = 0; i < 4; i++) goals.push(await createGoal(t, token, { title: `g${i}`, kind: 'HABIT', startDate: '2021-01-01' }));
    const small = await statementsOf(() => batch(token, [{ goalId: goals[0], requestId: 's-0' }]));
    const large = await statementsOf(() =>
      batch(
        token,
        Array.from({ length: 400 }, (_, i) => ({ goalId: goals[i % 4], requestId: `l-${i}` })),
      ),
    );
    expect(large).toBe(small);
  });
});

describe('retries of logReflection', () => {
  const LOG_REFLECTION = `mutation($input: LogReflectionInput!) { logReflection(input: $input) { log { id rating requestId } } }`;

  it('return the first log for the same requestId and input, and CONFLICT for another rating', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'retro', kind: 'HABIT', startDate: '2021-06-01' });
    const input = { goalId, rating: 4, note: 'asked early', requestId: 'retro-1' };
    const answers = await Promise.all([1, 2].map(() => t.gql(token, LOG_REFLECTION, { input })));
    const [a, b] = answers.map((r) => ok(r).logReflection.log);
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ rating: 4, requestId: 'retro-1' });
    const conflict = await t.gql(token, LOG_REFLECTION, { input: { ...input, rating: 5 } });
    expect(errorCode(conflict)).toBe('CONFLICT');
    // A plain log under the same key is other input too.
    expect(errorCode(await t.gql(token, LOG_PROGRESS, { input: { goalId, note: 'asked early', requestId: 'retro-1' } }))).toBe('CONFLICT');
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 1 } });
  });
});

describe("the viewer's today", () => {
  it('moves at the owner’s day start, between two logs and with nothing else written', async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul', dayStartsAt: '04:00' });
    const goalId = await createGoal(t, token, { title: 'late nights', kind: 'HABIT', startDate: '2021-06-01' });
    const LOG = `mutation($input: LogProgressInput!) { logProgress(input: $input) { log { date } } }`;
    try {
      t.clock.set('2021-06-15T18:59:00Z'); // 03:59 on the 16th in Seoul: still the 15th
      expect(ok(await t.gql(token, LOG, { input: { goalId } })).logProgress.log.date).toBe('2021-06-15');
      t.clock.set('2021-06-15T19:00:00Z'); // 04:00: the 16th begins
      expect(ok(await t.gql(token, LOG, { input: { goalId } })).logProgress.log.date).toBe('2021-06-16');
      t.clock.set('2021-06-15T18:00:00Z'); // a clock set back answers the earlier day again
      expect(ok(await t.gql(token, LOG, { input: { goalId } })).logProgress.log.date).toBe('2021-06-15');
    } finally {
      t.clock.set(NOW);
    }
  });
});
