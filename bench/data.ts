/**
 * Bench data: a heavy user (20 goals of every kind, one log per goal per day for ten years ≈ 73k logs) and a few
 * other users in the same database, so that every query has to filter by user. Goals and milestones go through
 * the services; the logs are bulk-inserted in chunked multi-row INSERTs, one transaction per chunk group, which
 * is what makes ten years load in seconds.
 */
import type { NewGoal } from '../src/modules/goal/goal.service';
import { ProgressLogEntity } from '../src/modules/log/progress-log.entity';
import type { App } from '../src/app';
import { Random } from '../src/demo/random';
import { datesBetween } from '../src/domain/year-review';

/** Rows per INSERT: 12 columns × 800 rows stays under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 800;
/** INSERTs per transaction. */
const CHUNKS_PER_TRANSACTION = 25;

export interface BenchShape {
  goals: number;
  firstYear: number;
  years: number;
  otherUsers: number;
  otherGoals: number;
}

/** The mix of goals, repeated to the wanted count: habits of each rule, targets both ways, milestone goals. */
const MIX: Array<Omit<NewGoal, 'title'>> = [
  { kind: 'HABIT', unit: 'min' },
  { kind: 'HABIT', frequency: { times: 3, perDays: 7 } },
  { kind: 'HABIT', unit: 'pages', target: 20 },
  { kind: 'TARGET', unit: 'km', target: 50_000 },
  { kind: 'TARGET', unit: 'coffees', target: 20_000, targetType: 'AT_MOST' },
  { kind: 'MILESTONES', unit: 'hours' },
];

/** Creates one user with `goals` goals and a log per goal per day over the years; returns the user's token. */
export async function buildUser(
  app: App,
  handle: string,
  goals: number,
  shape: BenchShape,
  seed: number,
): Promise<{ token: string; logs: number }> {
  const rng = new Random(seed);
  const user = await app.services.users.create({ handle, timeZone: 'Asia/Seoul' });
  const { secret } = await app.services.tokens.create(user.id, 'bench', ['read', 'write']);
  const from = `${shape.firstYear}-01-01`;
  const to = `${shape.firstYear + shape.years - 1}-12-31`;
  const goalIds: number[] = [];
  for (let i = 0; i < goals; i++) {
    const spec = MIX[i % MIX.length];
    const goal = await app.services.goals.create(user, { title: `${handle} goal ${i + 1}`, startDate: from, ...spec });
    goalIds.push(goal.id);
    if (spec.kind === 'MILESTONES') {
      const added = [];
      for (let s = 1; s <= 5; s++) added.push(await app.services.milestones.add(user, { goalId: goal.id, title: `Stage ${s}` }));
      // One stage reached per year from the first: some in the reviewed year, some before.
      for (const [s, m] of added.slice(0, 3).entries()) {
        await app.services.milestones.complete(user, m.id, { achievedOn: `${shape.firstYear + shape.years - 3 + s}-0${s + 3}-15` });
      }
    }
  }
  await app.services.pauses.pauseAll(user, {
    from: `${shape.firstYear + shape.years - 1}-08-01`,
    to: `${shape.firstYear + shape.years - 1}-08-10`,
    reason: 'holiday',
  });

  const dates = datesBetween(from, to);
  const now = new Date();
  let batch: Array<Partial<ProgressLogEntity>> = [];
  let logs = 0;
  const flush = async () => {
    const rows = batch;
    batch = [];
    await app.db.write(async (em) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await em
          .createQueryBuilder()
          .insert()
          .into(ProgressLogEntity)
          .values(rows.slice(i, i + CHUNK))
          .updateEntity(false)
          .execute();
      }
    });
  };
  for (const goalId of goalIds) {
    for (const date of dates) {
      batch.push({
        userId: user.id,
        goalId,
        value: rng.int(1, 60),
        note: rng.chance(0.03) ? `note on ${date}` : null,
        occurredAt: new Date(`${date}T03:00:00Z`), // noon in Seoul
        date,
        requestId: null,
        requestHash: null,
        createdAt: now,
        updatedAt: now,
      });
      logs += 1;
      if (batch.length >= CHUNK * CHUNKS_PER_TRANSACTION) await flush();
    }
  }
  if (batch.length > 0) await flush();
  return { token: secret, logs };
}
