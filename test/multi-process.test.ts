import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { createServices } from '../src/services';
import { systemClock } from '../src/clock';
import { scratchDatabase, TEST_DIALECT, type ScratchDatabase } from './db';
import { httpGql, startServerProcesses, type ServerProcess } from './processes';

/**
 * Two server processes on one database, started at the same moment on a new database: the way hoego runs behind
 * a load balancer on PostgreSQL (under `npm run test:pg`). Under `npm test` the same checks run on one SQLite file
 * shared by two processes.
 */
describe(`two server processes on one ${TEST_DIALECT} database`, () => {
  let scratch: ScratchDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    [a, b] = await startServerProcesses([{ DATABASE_URL: scratch.url }, { DATABASE_URL: scratch.url }]);
    // A user made the way an operator would, through the services on the same database.
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database);
    try {
      const services = createServices(db, systemClock);
      const user = await services.users.create({ handle: 'jun', timeZone: 'Asia/Seoul' });
      token = (await services.tokens.create(user.id, 'test', ['read', 'write'])).secret;
    } finally {
      await db.close();
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await scratch?.drop();
  });

  it('ran the migrations once although both servers started together, and both are ready', async () => {
    const db = await Database.open(loadConfig({ DATABASE_URL: scratch.url, NODE_ENV: 'test' }).database);
    try {
      const rows: Array<{ name: string }> = await db.read((em) => em.query('SELECT name FROM migrations'));
      expect(rows.map((r) => r.name).sort()).toEqual(db.dataSource.migrations.map((m) => m.name!).sort());
    } finally {
      await db.close();
    }
    for (const server of [a, b]) {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ready', database: { reachable: true, pendingMigrations: [] } });
    }
  });

  it('retries a logProgress against the other server and gets the same log', async () => {
    const created = await httpGql(a.url, token, 'mutation { createGoal(input: { title: "Planche", kind: HABIT }) { goal { id } } }');
    const goalId = created.data.createGoal.goal.id;
    const mutation = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id value } } }';
    const input = { goalId, value: 30, date: '2021-06-01', requestId: 'phone-7f3a' };
    const first = await httpGql(a.url, token, mutation, { i: input });
    const retry = await httpGql(b.url, token, mutation, { i: input });
    expect(retry.data.logProgress.log.id).toBe(first.data.logProgress.log.id);
    const conflict = await httpGql(b.url, token, mutation, { i: { ...input, value: 31 } });
    expect(conflict.errors[0].extensions.code).toBe('CONFLICT');
    const count = await httpGql(b.url, token, 'query($id: ID!) { goal(id: $id) { logs { totalCount } } }', { id: goalId });
    expect(count.data.goal.logs.totalCount).toBe(1);
  });

  it('sends the same requestId to both servers at once and saves it once', async () => {
    const created = await httpGql(
      a.url,
      token,
      'mutation { createGoal(input: { title: "Words", kind: TARGET, target: 1000 }) { goal { id } } }',
    );
    const goalId = created.data.createGoal.goal.id;
    const mutation = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }';
    const input = { goalId, value: 5, requestId: 'script-run-42' };
    const results = await Promise.all([a, b, a, b].map((s) => httpGql(s.url, token, mutation, { i: input })));
    const ids = new Set(results.map((r) => r.data.logProgress.log.id));
    expect(ids.size).toBe(1);
    const count = await httpGql(a.url, token, 'query($id: ID!) { goal(id: $id) { logs { totalCount } progress { current } } }', {
      id: goalId,
    });
    expect(count.data.goal).toEqual({ logs: { totalCount: 1 }, progress: { current: 5 } });
  });

  it('loses nothing and double-counts nothing under parallel writes from both servers', async () => {
    const created = await httpGql(
      a.url,
      token,
      'mutation { createGoal(input: { title: "Gold medal points", kind: TARGET, target: 50 }) { goal { id } } }',
    );
    const goalId = created.data.createGoal.goal.id;
    const mutation = 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } goal { status } } }';
    const calls = Array.from({ length: 60 }, (_, i) =>
      httpGql((i % 2 ? a : b).url, token, mutation, { i: { goalId, value: 1.5, requestId: `burst-${i}` } }),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(new Set(results.map((r) => r.data.logProgress.log.id)).size).toBe(60);
    const goal = await httpGql(b.url, token, 'query($id: ID!) { goal(id: $id) { status progress { current } logs { totalCount } } }', {
      id: goalId,
    });
    expect(goal.data.goal).toEqual({ status: 'ACHIEVED', progress: { current: 90 }, logs: { totalCount: 60 } });
  });

  it('achieves a target reached by workouts logged on both servers at once', async () => {
    for (let round = 0; round < 3; round++) {
      const created = await httpGql(
        a.url,
        token,
        'mutation { createGoal(input: { title: "Two sessions", kind: TARGET, target: 2 }) { goal { id } } }',
      );
      const goalId = created.data.createGoal.goal.id;
      const mutation = 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }';
      const input = { goalId, durationMinutes: 20, sets: [{ exercise: 'planche lean', holdSeconds: 20 }] };
      const results = await Promise.all([a, b].map((s) => httpGql(s.url, token, mutation, { i: input })));
      expect(results.filter((r) => r.errors)).toEqual([]);
      const goal = await httpGql(b.url, token, 'query($id: ID!) { goal(id: $id) { status progress { current } } }', { id: goalId });
      expect(goal.data.goal).toEqual({ status: 'ACHIEVED', progress: { current: 2 } });
    }
  });

  it('appends milestones from both servers with distinct positions and achieves the goal once all are done', async () => {
    const created = await httpGql(a.url, token, 'mutation { createGoal(input: { title: "SR paper", kind: MILESTONES }) { goal { id } } }');
    const goalId = created.data.createGoal.goal.id;
    const add = 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id position } } }';
    const stages = ['idea', 'experiments', 'draft', 'submitted', 'decision', 'camera-ready'];
    const added = await Promise.all(stages.map((title, i) => httpGql((i % 2 ? a : b).url, token, add, { i: { goalId, title } })));
    expect(added.map((r) => r.data.addMilestone.milestone.position).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const complete = 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { goal { status } } }';
    await Promise.all(
      added.map((r, i) =>
        httpGql((i % 2 ? b : a).url, token, complete, { i: { id: r.data.addMilestone.milestone.id, achievedOn: '2021-06-01' } }),
      ),
    );
    const goal = await httpGql(a.url, token, 'query($id: ID!) { goal(id: $id) { status progress { current target } } }', { id: goalId });
    expect(goal.data.goal).toEqual({ status: 'ACHIEVED', progress: { current: 6, target: 6 } });
  });

  it('refuses a token on one server right after the other revoked it', async () => {
    const made = await httpGql(
      a.url,
      token,
      'mutation { createApiToken(input: { name: "laptop", scopes: [READ] }) { token apiToken { id } } }',
    );
    const { token: laptop, apiToken } = made.data.createApiToken;
    expect((await httpGql(b.url, laptop, '{ viewer { handle } }')).data.viewer.handle).toBe('jun');
    await httpGql(a.url, token, 'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { revokedAt } } }', {
      i: { id: apiToken.id },
    });
    expect((await httpGql(b.url, laptop, '{ viewer { handle } }')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('stops both servers cleanly on SIGTERM', async () => {
    const [codeA, codeB] = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    expect([codeA, codeB]).toEqual([0, 0]);
  });
});
