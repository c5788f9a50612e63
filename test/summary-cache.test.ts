import { createApp, type App } from '../src/app';
import { FixedClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { addDays } from '../src/domain/calendar';
import { Random } from '../src/demo/random';
import { scratchDatabase, type ScratchDatabase } from './db';
import { gqlOn, ok } from './helpers';

/**
 * Summaries kept between requests answer exactly what a recomputation from the whole history answers. Two
 * servers with caches (`a`, `b`) and one without (`fresh`, SUMMARY_CACHE_MB=0) share one database and one clock;
 * random writes go through either cached server or straight to the database (a log moved between goals, as an
 * import would, or a goal renamed), goals are created and renamed, milestones added and reached, the clock crosses midnights and the owner changes
 * zone and day start, and after every step the three must agree on every derived field of every goal, on its first
 * and last pages of logs (kept beside the summary under the same revision) and on the pages of the goal list (kept
 * under the owner's revision).
 */

const DERIVED = /* GraphQL */ `
  query Derived($from: LocalDate!, $to: LocalDate!) {
    goals(first: 20) {
      totalCount
      edges {
        node {
          id
          title
          status
          progress {
            current
            target
            percent
          }
          streak {
            current
            longest
            longestStart
            longestEnd
          }
          score
          scoreHistory(from: $from, to: $to) {
            date
            score
          }
          pace {
            expectedToDate
            actual
            onTrack
            daysAhead
            neededPerDay
            projectedCompletion
          }
          attention
          milestones {
            id
            title
            achievedOn
          }
          logs(first: 3) {
            totalCount
            pageInfo {
              hasNextPage
              hasPreviousPage
              endCursor
            }
            edges {
              cursor
              node {
                id
                date
                value
                note
              }
            }
          }
          oldest: logs(last: 2) {
            edges {
              node {
                id
                date
                value
              }
            }
          }
        }
      }
    }
    second: goals(first: 2, orderBy: { field: TITLE }) {
      pageInfo {
        endCursor
      }
      edges {
        node {
          id
          title
        }
      }
    }
    attention: goals(first: 20, needsAttention: true) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } goal { streak { current } score progress { current } } } }`;
const UPDATE_LOG = `mutation($i: UpdateProgressLogInput!) { updateProgressLog(input: $i) { log { id } } }`;
const DELETE_LOG = `mutation($i: DeleteProgressLogInput!) { deleteProgressLog(input: $i) { deletedId } }`;
const PAUSE = `mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }`;
const PAUSE_ALL = `mutation($i: PauseAllInput!) { pauseAll(input: $i) { pauses { id } } }`;
const DELETE_PAUSE = `mutation($i: DeletePauseInput!) { deletePause(input: $i) { deletedId } }`;
const UPDATE_GOAL = `mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id streak { current } score progress { current } } } }`;
const UPDATE_VIEWER = `mutation($i: UpdateViewerInput!) { updateViewer(input: $i) { viewer { timeZone } } }`;
const CREATE_GOAL = `mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }`;
const ADD_MILESTONE = `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }`;
const COMPLETE_MILESTONE = `mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }`;

const GOALS: Array<Record<string, unknown>> = [
  { kind: 'HABIT' },
  { kind: 'HABIT', frequency: { times: 3, perDays: 7 } },
  { kind: 'HABIT', unit: 'min', target: 30 },
  { kind: 'HABIT', unit: 'cups', target: 2, targetType: 'AT_MOST', frequency: { times: 1, perDays: 3 } },
  { kind: 'TARGET', unit: 'km', target: 200, dueDate: '2021-12-31' },
  { kind: 'TARGET', unit: 'coffees', target: 40, targetType: 'AT_MOST', dueDate: '2021-08-31' },
  { kind: 'MILESTONES' },
];

interface World {
  db: ScratchDatabase;
  clock: FixedClock;
  a: App;
  b: App;
  fresh: App;
  token: string;
  userId: number;
}

async function start(): Promise<World> {
  const db = await scratchDatabase();
  const clock = new FixedClock(new Date('2021-06-15T12:00:00Z'));
  const app = (summaryCacheMb: string) =>
    createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        LOG_LEVEL: 'silent',
        SUMMARY_CACHE_MB: summaryCacheMb,
        // Hundreds of requests under a clock that stands still: one rate-limit window would hold them all.
        RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
        RATE_LIMIT_COST_PER_MINUTE: '0',
      }),
      { clock },
    );
  const a = await app('32');
  const b = await app('32');
  const fresh = await app('0');
  const user = await a.services.users.create({ handle: 'prop', timeZone: 'Asia/Seoul' });
  const { secret } = await a.services.tokens.create(user.id, 'test', ['read', 'write']);
  return { db, clock, a, b, fresh, token: secret, userId: user.id };
}

async function stop(w: World): Promise<void> {
  await w.a.close();
  await w.b.close();
  await w.fresh.close();
  await w.db.drop();
}

/** The viewer's local today, as the server sees it. */
async function today(w: World): Promise<string> {
  const user = (await w.a.services.users.list()).find((u) => u.id === w.userId)!;
  return w.a.services.goals.today(user);
}

async function run(seed: number, steps: number): Promise<{ compared: number; hits: number; pageHits: number; listHits: number }> {
  const w = await start();
  try {
    const rng = new Random(seed);
    const gql = (app: App, query: string, variables: Record<string, unknown>) => gqlOn(app, w.token, query, variables);
    const goalIds: string[] = [];
    for (const [i, g] of GOALS.entries()) {
      // Half the goals start late, so that many logs are backfilled from before their start.
      const startDate = i % 2 === 1 ? '2021-06-10' : '2021-05-01';
      const data = ok(await gql(w.a, CREATE_GOAL, { i: { title: `goal ${i}`, startDate, ...g } }));
      goalIds.push(data.createGoal.goal.id as string);
    }
    const logIds: string[] = [];
    const pauseIds: string[] = [];
    const milestoneIds: string[] = [];
    let compared = 0;

    for (let step = 0; step < steps; step++) {
      const writer = rng.chance(0.5) ? w.a : w.b;
      const now = await today(w);
      const anyDay = () => addDays(now, -rng.int(0, 45));
      const op = rng.int(0, 99);
      if (op < 40) {
        const value = rng.chance(0.2) ? rng.int(1, 9) / 2 : rng.int(1, 40);
        const res = ok(await gql(writer, LOG, { i: { goalId: rng.pick(goalIds), value, date: anyDay() } }));
        logIds.push(res.logProgress.log.id as string);
      } else if (op < 50 && logIds.length > 0) {
        const i: Record<string, unknown> = { id: rng.pick(logIds) };
        const edit = rng.int(0, 2);
        if (edit === 0) i.value = rng.int(0, 40);
        else if (edit === 1) i.date = anyDay();
        else i.note = `note ${step}`;
        ok(await gql(writer, UPDATE_LOG, { i }));
      } else if (op < 57 && logIds.length > 0) {
        const id = logIds.splice(rng.int(0, logIds.length - 1), 1)[0];
        ok(await gql(writer, DELETE_LOG, { i: { id } }));
      } else if (op < 62 && logIds.length > 0) {
        // Writes that no service makes, straight in the database: a log moved to another goal, or a goal renamed.
        const numeric = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);
        const goalId = numeric(rng.pick(goalIds));
        const [sql, params] = rng.chance(0.5)
          ? ['UPDATE progress_logs SET goal_id = $1 WHERE id = $2', [goalId, numeric(rng.pick(logIds))]]
          : ['UPDATE goals SET title = $1 WHERE id = $2', [`renamed ${step}`, goalId]];
        await w.a.db.write((em) => em.query(sql.replace(/\$(\d)/g, w.a.db.dialect === 'postgres' ? '$$$1' : '?'), params));
      } else if (op < 70) {
        const from = anyDay();
        const res = ok(await gql(writer, PAUSE, { i: { goalId: rng.pick(goalIds), from, to: addDays(from, rng.int(0, 6)) } }));
        pauseIds.push(res.pauseGoal.pause.id as string);
      } else if (op < 73) {
        const from = anyDay();
        const res = ok(await gql(writer, PAUSE_ALL, { i: { from, to: addDays(from, rng.int(0, 3)) } }));
        pauseIds.push(...res.pauseAll.pauses.map((p: { id: string }) => p.id));
      } else if (op < 78 && pauseIds.length > 0) {
        const id = pauseIds.splice(rng.int(0, pauseIds.length - 1), 1)[0];
        ok(await gql(writer, DELETE_PAUSE, { i: { id } }));
      } else if (op < 84) {
        const id = rng.pick(goalIds);
        const change = rng.pick([
          { startDate: addDays('2021-05-01', rng.int(-20, 30)) },
          { target: rng.int(1, 60) },
          { dueDate: addDays(now, rng.int(-5, 90)) },
          { frequency: { times: rng.int(1, 3), perDays: rng.int(3, 7) } },
          { title: `${rng.pick(['Apple', 'banana', 'Cherry'])} ${step}` },
        ]);
        const res = await gql(writer, UPDATE_GOAL, { i: { id, ...change } });
        // A change a goal's kind does not allow (a due date on a habit…) is refused and changes nothing.
        if (res.errors && res.errors[0].extensions?.code !== 'BAD_USER_INPUT') ok(res);
      } else if (op < 85) {
        if (milestoneIds.length > 0 && rng.chance(0.5)) {
          const id = milestoneIds.splice(rng.int(0, milestoneIds.length - 1), 1)[0];
          ok(await gql(writer, COMPLETE_MILESTONE, { i: { id, achievedOn: anyDay() } }));
        } else {
          const res = ok(await gql(writer, ADD_MILESTONE, { i: { goalId: rng.pick(goalIds), title: `step ${step}` } }));
          milestoneIds.push(res.addMilestone.milestone.id as string);
        }
      } else if (op < 87) {
        const data = ok(await gql(writer, CREATE_GOAL, { i: { title: `new ${step}`, kind: 'HABIT', startDate: anyDay() } }));
        goalIds.push(data.createGoal.goal.id as string);
      } else if (op < 92) {
        w.clock.set(new Date(w.clock.now().getTime() + rng.int(1, 30) * 3_600_000));
      } else {
        const change = rng.chance(0.5)
          ? { dayStartsAt: rng.pick(['00:00', '04:00', '23:30']) }
          : { timeZone: rng.pick(['Asia/Seoul', 'America/New_York', 'Pacific/Kiritimati']) };
        ok(await gql(writer, UPDATE_VIEWER, { i: change }));
      }

      const day = await today(w);
      const vars = { from: addDays(day, -50), to: day };
      const [fromA, fromB, fromScratch] = [
        ok(await gql(w.a, DERIVED, vars)),
        ok(await gql(w.b, DERIVED, vars)),
        ok(await gql(w.fresh, DERIVED, vars)),
      ];
      expect({ step, answer: fromA }).toEqual({ step, answer: fromScratch });
      expect({ step, answer: fromB }).toEqual({ step, answer: fromScratch });
      compared++;
    }
    const [sa, sb] = [w.a.services.analytics.cacheStats(), w.b.services.analytics.cacheStats()];
    return { compared, hits: sa.hits + sb.hits, pageHits: sa.pageHits + sb.pageHits, listHits: sa.userHits + sb.userHits };
  } finally {
    await stop(w);
  }
}

describe('goal summaries kept between requests', () => {
  it("answer a mutation's payload with the goal as written, not as the server last summarised it", async () => {
    const w = await start();
    try {
      const gql = (query: string, variables: Record<string, unknown>) => gqlOn(w.a, w.token, query, variables);
      const goalId = ok(await gql(CREATE_GOAL, { i: { title: 'daily', kind: 'HABIT', startDate: '2021-06-01' } })).createGoal.goal.id;
      const read = `query($id: ID!) { goal(id: $id) { streak { current } score progress { current } } }`;
      for (const date of ['2021-06-13', '2021-06-14']) ok(await gql(LOG, { i: { goalId, value: 1, date } }));
      // Summarised (and kept) with two days logged…
      expect(ok(await gql(read, { id: goalId })).goal.streak.current).toBe(2);
      // …then today is logged: the payload reads the goal after the write.
      const payload = ok(await gql(LOG, { i: { goalId, value: 1, date: '2021-06-15' } })).logProgress.goal;
      expect(payload.streak.current).toBe(3);
      expect(payload.progress.current).toBe(1);
      expect(ok(await gql(read, { id: goalId })).goal).toEqual({
        streak: payload.streak,
        score: payload.score,
        progress: payload.progress,
      });
      // A goal edit does the same: a target of 2 a day, with 1 logged a day, leaves nothing kept.
      const edited = ok(await gql(UPDATE_GOAL, { i: { id: goalId, target: 2 } })).updateGoal.goal;
      expect(edited.streak.current).toBe(0);
    } finally {
      await stop(w);
    }
  });

  it.each([1, 2, 3])(
    'equal a recomputation from the whole history over random writes, pauses, edits and days (seed %i)',
    async (seed) => {
      const { compared, hits, pageHits, listHits } = await run(seed, 45);
      expect(compared).toBe(45);
      // The cached servers did answer from their caches: the comparison is not between two recomputations.
      expect(hits).toBeGreaterThan(100);
      expect(pageHits).toBeGreaterThan(100);
      // Each step reads both lists on both servers after one write: the second server's read after a write by the
      // first, and every read after a step that wrote nothing a list shows, can come from a kept page.
      expect(listHits).toBeGreaterThan(10);
    },
    120_000,
  );
});
