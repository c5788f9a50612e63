import { scratchDatabase } from './db';
import { startTestApp, type TestApp } from './helpers';
import { SCENARIO_QUERIES, writeScenario } from './scenario';

/**
 * The same writes through the API to SQLite and to PostgreSQL give the same answers to every query: instants,
 * local dates, decimals, JSON tags and booleans round-trip identically. Runs under `npm run test:pg` only,
 * since it needs both databases.
 */
describe('SQLite and PostgreSQL answer alike', () => {
  let sqlite: TestApp;
  let postgres: TestApp;

  beforeAll(async () => {
    const [a, b] = await Promise.all([scratchDatabase('sqlite'), scratchDatabase('postgres')]);
    sqlite = await startTestApp({ databaseUrl: a.url });
    postgres = await startTestApp({ databaseUrl: b.url });
    // startTestApp leaves databases it was given to their owner: drop them when the apps close.
    const closeA = sqlite.close.bind(sqlite);
    const closeB = postgres.close.bind(postgres);
    sqlite.close = () => closeA().then(() => a.drop());
    postgres.close = () => closeB().then(() => b.drop());
  });
  afterAll(() => Promise.all([sqlite.close(), postgres.close()]));

  it('stores the same scenario with the same ids and returns identical JSON for every query', async () => {
    const [userA, userB] = [await sqlite.createUser({ handle: 'jun' }), await postgres.createUser({ handle: 'jun' })];
    const [idsA, idsB] = await Promise.all([writeScenario(sqlite, userA.token), writeScenario(postgres, userB.token)]);
    expect(idsB).toEqual(idsA);
    expect(sqlite.app.db.dialect).toBe('sqlite');
    expect(postgres.app.db.dialect).toBe('postgres');
    for (const query of SCENARIO_QUERIES) {
      const [a, b] = await Promise.all([sqlite.gql(userA.token, query), postgres.gql(userB.token, query)]);
      expect(a.errors).toBeUndefined();
      // Token-dependent fields aside (none are queried), the answers must match byte for byte.
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });

  it('rejects the same bad inputs with the same errors', async () => {
    const [userA, userB] = [await sqlite.createUser({ handle: 'ana' }), await postgres.createUser({ handle: 'ana' })];
    const bad = [
      'mutation { createGoal(input: { title: " ", kind: HABIT }) { goal { id } } }',
      'mutation { createGoal(input: { title: "x", kind: TARGET, target: 5, startDate: "2021-05-02", dueDate: "2021-05-01" }) { goal { id } } }',
      'mutation { logProgress(input: { goalId: "R29hbDo5OTk5", value: 1 }) { log { id } } }',
    ];
    for (const query of bad) {
      const [a, b] = await Promise.all([sqlite.gql(userA.token, query), postgres.gql(userB.token, query)]);
      expect(a.errors).toBeDefined();
      expect(b).toEqual(a);
    }
  });
});
