import { ReadWriteLock } from '../src/db/lock';
import { toGlobalId } from '../src/graphql/relay';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { LOG_PROGRESS, createGoal, errorCode, ok, startTestApp, type GraphQLResponse, type TestApp } from './helpers';

const NOW = '2021-06-15T12:00:00Z'; // 2021-06-15 in Asia/Seoul

const GOAL_STATE = `
  query State($id: ID!) {
    goal(id: $id) {
      id title status dueDate achievedOn
      progress { current }
      milestones { id achievedOn }
      logs(first: 100) { totalCount edges { node { id value } } }
    }
  }
`;

const UPDATE_GOAL = `mutation Update($input: UpdateGoalInput!) { updateGoal(input: $input) { goal { id title dueDate } } }`;
const ADD_MILESTONE = `mutation Add($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } } }`;
const COMPLETE_MILESTONE = `
  mutation Complete($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { milestone { id achievedOn } goal { id status } } }
`;

/** A fixed pseudo-random permutation, so that a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * better-sqlite3 runs each statement synchronously, so a transaction would otherwise finish within one turn of
 * the event loop and concurrent requests could never overlap, queue or no queue. Making every statement wait a
 * turn, as a slower database would, lets the requests' transactions really interleave unless the write queue
 * keeps them apart. The driver gives TypeORM one shared query runner, so patching it covers every statement.
 * PostgreSQL needs none of this: its pool runs transactions on several connections at once.
 */
function slowDownSqliteStatements(app: TestApp): void {
  if (app.app.db.dialect !== 'sqlite') return;
  const driver = app.app.db.dataSource.driver;
  const runner: any = driver.createQueryRunner('master');
  if (driver.createQueryRunner('master') !== runner) throw new Error('expected better-sqlite3 to share one query runner');
  const query = runner.query.bind(runner);
  runner.query = async (...args: unknown[]) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return query(...args);
  };
}

describe(`concurrent mutations (${TEST_DIALECT})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    slowDownSqliteStatements(t);
  });

  afterAll(async () => {
    await t.close();
  });

  async function goalState(token: string, id: string): Promise<any> {
    return ok(await t.gql(token, GOAL_STATE, { id })).goal;
  }

  it('gives each of 60 concurrent mutations exactly its own effect', async () => {
    const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
    const habit = await createGoal(t, token, { title: 'habit', kind: 'HABIT', startDate: '2021-06-01' });
    const numeric = await createGoal(t, token, { title: 'numeric', kind: 'HABIT', unit: 'min', target: 30, startDate: '2021-06-01' });
    const target = await createGoal(t, token, { title: 'target', kind: 'TARGET', target: 50, startDate: '2021-06-01' });
    const paper = await createGoal(t, token, { title: 'paper', kind: 'MILESTONES', startDate: '2021-06-01' });
    const renamed: string[] = [];
    for (let k = 0; k < 5; k++) renamed.push(await createGoal(t, token, { title: `E${k}`, kind: 'HABIT', startDate: '2021-03-01' }));
    const milestones: string[] = [];
    for (let k = 0; k < 5; k++) {
      milestones.push(ok(await t.gql(token, ADD_MILESTONE, { input: { goalId: paper, title: `stage ${k}` } })).addMilestone.milestone.id);
    }
    const taken = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: habit, value: 1, requestId: 'taken' } })).logProgress.log;

    type Op =
      | { kind: 'log'; goalId: string; value: number; query: string; variables: Record<string, unknown> }
      | { kind: 'conflict' | 'missing' | 'complete' | 'rename' | 'badRename'; query: string; variables: Record<string, unknown> };
    const ops: Op[] = [];
    const logGoals = [habit, numeric, target];
    for (let i = 0; i < 36; i++) {
      const goalId = logGoals[i % 3];
      const value = i + 1;
      const input: Record<string, unknown> = { goalId, value, date: `2021-06-${String(10 + (i % 6)).padStart(2, '0')}` };
      if (i % 2 === 0) input.requestId = `ok-${i}`;
      ops.push({ kind: 'log', goalId, value, query: LOG_PROGRESS, variables: { input } });
    }
    for (let i = 0; i < 8; i++) {
      ops.push({ kind: 'conflict', query: LOG_PROGRESS, variables: { input: { goalId: habit, value: 100 + i, requestId: 'taken' } } });
    }
    for (let i = 0; i < 6; i++) {
      const missing = toGlobalId('Goal', 900_000 + i); // well-formed, but no such goal
      ops.push({ kind: 'missing', query: LOG_PROGRESS, variables: { input: { goalId: missing, value: 1000 } } });
    }
    for (const id of milestones) ops.push({ kind: 'complete', query: COMPLETE_MILESTONE, variables: { input: { id } } });
    for (const id of renamed.slice(0, 3)) {
      ops.push({ kind: 'rename', query: UPDATE_GOAL, variables: { input: { id, title: `renamed ${id}`, dueDate: '2021-12-31' } } });
    }
    for (const id of renamed.slice(3)) {
      // Fails inside the transaction, after the goal was read and changed in memory.
      ops.push({ kind: 'badRename', query: UPDATE_GOAL, variables: { input: { id, title: 'broken', dueDate: '2021-01-01' } } });
    }
    expect(ops).toHaveLength(60);

    const order = shuffled(ops, 2021);
    const results = await Promise.all(order.map((op) => t.gql(token, op.query, op.variables)));
    const done = order.map((op, i) => ({ op, res: results[i] as GraphQLResponse<any> }));

    // Each call answered as it should on its own.
    const expectedOutcome = {
      log: 'OK',
      conflict: 'CONFLICT',
      missing: 'NOT_FOUND',
      complete: 'OK',
      rename: 'OK',
      badRename: 'BAD_USER_INPUT',
    };
    const outcome = (res: GraphQLResponse) => (res.errors?.length ? res.errors[0].extensions?.code : 'OK');
    expect(done.map(({ op, res }) => [op.kind, outcome(res)])).toEqual(done.map(({ op }) => [op.kind, expectedOutcome[op.kind]]));
    const refused = done.filter(({ op }) => op.kind === 'badRename');
    expect(refused.map(({ res }) => res.errors?.[0].extensions?.field)).toEqual(['dueDate', 'dueDate']);
    const completions = done.filter(({ op }) => op.kind === 'complete');
    expect(completions.map(({ res }) => res.data?.completeMilestone.milestone.achievedOn)).toEqual(Array(5).fill('2021-06-15'));
    const renames = done.filter(({ op }) => op.kind === 'rename');
    expect(renames.map(({ res }) => res.data?.updateGoal.goal.title)).toEqual(
      renames.map(({ op }) => `renamed ${(op.variables.input as { id: string }).id}`),
    );

    const logged = done.flatMap(({ op, res }) =>
      op.kind === 'log'
        ? [
            {
              goalId: op.goalId,
              value: op.value,
              log: res.data.logProgress.log,
              status: res.data.logProgress.goal.status as string,
              goal: res.data.logProgress.goal.id,
            },
          ]
        : [],
    );
    // Each payload is the call's own log, on its own goal.
    expect(logged.map((l) => [l.log.value, l.goal])).toEqual(logged.map((l) => [l.value, l.goalId]));
    expect(logged).toHaveLength(36);
    const returnedIds = logged.map((l) => l.log.id);
    expect(new Set(returnedIds).size).toBe(36);

    // Each goal holds exactly the logs that succeeded for it (plus the one made before), with their values.
    for (const goalId of logGoals) {
      const mine = logged.filter((l) => l.goalId === goalId);
      const expectedIds = mine.map((l) => l.log.id);
      const expectedSum = mine.reduce((sum, l) => sum + l.value, 0);
      if (goalId === habit) {
        expectedIds.push(taken.id);
      }
      const state = await goalState(token, goalId);
      expect(state.logs.totalCount).toBe(expectedIds.length);
      expect(state.logs.edges.map((e: any) => e.node.id).sort()).toEqual([...expectedIds].sort());
      const sum = state.logs.edges.reduce((s: number, e: any) => s + (e.node.value as number), 0);
      expect(sum).toBe(expectedSum + (goalId === habit ? 1 : 0));
    }
    // The TARGET goal's total is exact, and it is ACHIEVED (3 + 6 + … + 36 = 234 ≥ 50).
    const targetState = await goalState(token, target);
    expect(targetState.progress.current).toBe(234);
    expect(targetState.status).toBe('ACHIEVED');
    // Each logProgress saw exactly the logs committed before it: in commit (id) order, the payload says
    // ACHIEVED exactly from the log whose running total first reaches 50.
    const numericId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
    let running = 0;
    for (const l of logged.filter((x) => x.goalId === target).sort((a, b) => numericId(a.log.id) - numericId(b.log.id))) {
      running += l.value;
      expect(l.status).toBe(running >= 50 ? 'ACHIEVED' : 'ACTIVE');
    }

    // Failed calls left nothing: no log anywhere but those counted above.
    const all = ok(await t.gql(token, '{ goals(first: 100) { totalCount edges { node { logs { totalCount } } } } }')).goals;
    expect(all.totalCount).toBe(9);
    expect(all.edges.reduce((n: number, e: any) => n + (e.node.logs.totalCount as number), 0)).toBe(37);
    const takenNow = ok(await t.gql(token, 'query N($id: ID!) { node(id: $id) { ... on ProgressLog { value } } }', { id: taken.id }));
    expect(takenNow.node.value).toBe(1);

    // Every milestone is reached, and exactly one completion (the last to commit) achieved the goal.
    const paperState = await goalState(token, paper);
    expect(paperState.milestones.map((m: any) => m.achievedOn)).toEqual(Array(5).fill('2021-06-15'));
    expect(paperState.status).toBe('ACHIEVED');
    const achievedBy = done.filter(({ op, res }) => op.kind === 'complete' && res.data?.completeMilestone.goal.status === 'ACHIEVED');
    expect(achievedBy).toHaveLength(1);

    // Renames took effect; the refused ones changed nothing.
    for (const id of renamed.slice(0, 3))
      await expect(goalState(token, id)).resolves.toMatchObject({ title: `renamed ${id}`, dueDate: '2021-12-31' });
    for (const [k, id] of renamed.entries()) {
      if (k < 3) continue;
      await expect(goalState(token, id)).resolves.toMatchObject({ title: `E${k}`, dueDate: null });
    }
  });

  it('saves one log for 10 concurrent retries of the same requestId and input', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'retry', kind: 'HABIT' });
    const input = { goalId, value: 3, requestId: 'same-everywhere' };
    const results = await Promise.all(Array.from({ length: 10 }, () => t.gql(token, LOG_PROGRESS, { input })));
    const ids = results.map((r) => ok(r).logProgress.log.id);
    expect(new Set(ids).size).toBe(1);
    await expect(goalState(token, goalId)).resolves.toMatchObject({ logs: { totalCount: 1, edges: [{ node: { id: ids[0], value: 3 } }] } });
  });

  it('lets exactly one of 10 concurrent calls with one requestId and different values win', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'race', kind: 'HABIT' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.gql(token, LOG_PROGRESS, { input: { goalId, value: i + 1, requestId: 'contested' } })),
    );
    const winners = results.filter((r) => !r.errors?.length);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.errors?.length)) expect(errorCode(r)).toBe('CONFLICT');
    const winner = winners[0].data.logProgress.log;
    await expect(goalState(token, goalId)).resolves.toMatchObject({
      logs: { totalCount: 1, edges: [{ node: { id: winner.id, value: winner.value } }] },
    });
  });
});

/** The read–write lock of SQLite, whatever database the rest of the suite runs on. */
describe('SQLite reads and writes', () => {
  let scratch: ScratchDatabase;
  let sqlite: TestApp;

  beforeAll(async () => {
    scratch = await scratchDatabase('sqlite');
    sqlite = await startTestApp({ now: NOW, databaseUrl: scratch.url });
    slowDownSqliteStatements(sqlite);
  });

  afterAll(async () => {
    await sqlite.close();
    await scratch.drop();
  });

  it('keeps each read consistent with itself while writes are in flight', async () => {
    const { token } = await sqlite.createUser();
    const goalId = await createGoal(sqlite, token, { title: 'busy', kind: 'HABIT' });
    for (let i = 0; i < 3; i++) ok(await sqlite.gql(token, LOG_PROGRESS, { input: { goalId, value: 1 } }));
    const READ = 'query R($id: ID!) { goal(id: $id) { logs(first: 100) { totalCount edges { node { id } } } } }';
    const lock = (sqlite.app.db as unknown as { lock: ReadWriteLock }).lock;
    // Right after the read has fetched the page's rows, a write arrives and waits for the lock: the count must
    // still be the rows' count, so the write may only land once the whole read is done.
    let write: Promise<unknown> | null = null;
    const runner: any = sqlite.app.db.dataSource.driver.createQueryRunner('master');
    const query = runner.query;
    runner.query = async (sql: string, ...rest: unknown[]) => {
      const result = await query(sql, ...rest);
      if (write === null && sql.includes('SELECT l.id AS id FROM progress_logs l WHERE l.goal_id')) {
        write = sqlite.gql(token, LOG_PROGRESS, { input: { goalId, value: 1 } });
        const deadline = Date.now() + 10_000;
        while (lock.queued === 0) {
          if (Date.now() > deadline) throw new Error('the write never reached the lock');
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      return result;
    };
    try {
      const logs = ok(await sqlite.gql(token, READ, { id: goalId })).goal.logs;
      expect(write).not.toBeNull();
      ok((await write!) as GraphQLResponse);
      expect({ totalCount: logs.totalCount, rows: logs.edges.length }).toEqual({ totalCount: 3, rows: 3 });
    } finally {
      runner.query = query;
    }
    await expect(sqlite.gql(token, READ, { id: goalId })).resolves.toMatchObject({ data: { goal: { logs: { totalCount: 4 } } } });
  });
});

describe('ReadWriteLock', () => {
  function gate(): { open: () => void; opened: Promise<void> } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  }

  /** Lets every pending promise job and timer callback run. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  function task(events: string[], name: string, until: Promise<void>) {
    return async () => {
      events.push(`${name} start`);
      await until;
      events.push(`${name} end`);
      return name;
    };
  }

  it('runs writers one at a time', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const g1 = gate();
    const g2 = gate();
    const w1 = lock.write(task(events, 'w1', g1.opened));
    const w2 = lock.write(task(events, 'w2', g2.opened));
    await settle();
    expect(events).toEqual(['w1 start']);
    expect(lock.queued).toBe(1);
    g2.open(); // w2 could finish at once, but it must not even start while w1 holds the lock
    await settle();
    expect(events).toEqual(['w1 start']);
    g1.open();
    await expect(Promise.all([w1, w2])).resolves.toEqual(['w1', 'w2']);
    expect(events).toEqual(['w1 start', 'w1 end', 'w2 start', 'w2 end']);
    expect(lock.queued).toBe(0);
  });

  it('lets readers share the lock, and a writer waits for all of them', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const g1 = gate();
    const g2 = gate();
    const gw = gate();
    const r1 = lock.read(task(events, 'r1', g1.opened));
    const r2 = lock.read(task(events, 'r2', g2.opened));
    const w = lock.write(task(events, 'w', gw.opened));
    gw.open();
    await settle();
    expect(events).toEqual(['r1 start', 'r2 start']);
    g2.open();
    await settle();
    expect(events).toEqual(['r1 start', 'r2 start', 'r2 end']); // r1 still reads: the writer waits
    g1.open();
    await expect(Promise.all([r1, r2, w])).resolves.toEqual(['r1', 'r2', 'w']);
    expect(events).toEqual(['r1 start', 'r2 start', 'r2 end', 'r1 end', 'w start', 'w end']);
  });

  it('makes new readers wait behind a waiting writer', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const gr1 = gate();
    const gw = gate();
    const gr2 = gate();
    const r1 = lock.read(task(events, 'r1', gr1.opened));
    const w = lock.write(task(events, 'w', gw.opened));
    const r2 = lock.read(task(events, 'r2', gr2.opened));
    gr2.open();
    await settle();
    // Only a reader holds the lock, yet r2 may not join it: the writer asked first.
    expect(events).toEqual(['r1 start']);
    expect(lock.queued).toBe(2);
    gr1.open();
    await settle();
    expect(events).toEqual(['r1 start', 'r1 end', 'w start']);
    gw.open();
    await expect(Promise.all([r1, w, r2])).resolves.toEqual(['r1', 'w', 'r2']);
    expect(events).toEqual(['r1 start', 'r1 end', 'w start', 'w end', 'r2 start', 'r2 end']);
  });

  it('wakes all readers queued behind a writer together, up to the next writer', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const gw1 = gate();
    const gr = gate();
    const gw2 = gate();
    const w1 = lock.write(task(events, 'w1', gw1.opened));
    const ra = lock.read(task(events, 'ra', gr.opened));
    const rb = lock.read(task(events, 'rb', gr.opened));
    const w2 = lock.write(task(events, 'w2', gw2.opened));
    const rc = lock.read(task(events, 'rc', Promise.resolve()));
    await settle();
    expect(events).toEqual(['w1 start']);
    gw1.open();
    await settle();
    expect(events).toEqual(['w1 start', 'w1 end', 'ra start', 'rb start']);
    gr.open();
    await settle();
    expect(events).toEqual(['w1 start', 'w1 end', 'ra start', 'rb start', 'ra end', 'rb end', 'w2 start']);
    gw2.open();
    await expect(Promise.all([w1, ra, rb, w2, rc])).resolves.toEqual(['w1', 'ra', 'rb', 'w2', 'rc']);
    expect(events.slice(-3)).toEqual(['w2 end', 'rc start', 'rc end']);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = new ReadWriteLock();
    await expect(lock.write(async () => Promise.reject(new Error('write failed')))).rejects.toThrow('write failed');
    await expect(lock.read(async () => Promise.reject(new Error('read failed')))).rejects.toThrow('read failed');
    await expect(lock.write(async () => 'next writer')).resolves.toBe('next writer');
    await expect(lock.read(async () => 'next reader')).resolves.toBe('next reader');
    expect(lock.queued).toBe(0);
  });
});
