import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import type { Session } from '../../domain/ladder';
import { LadderLevelEntity } from './ladder-level.entity';
import { WorkoutEntity, WorkoutSetEntity } from './workout.entity';

/** A session with the workout it came from. */
export type WorkoutSession = Session & { workoutId: number };

/**
 * The user's workouts as sessions (date and sets), oldest first, in one statement: only sets of `exercises`
 * when given (normalised names), only days within from..to when given. Workouts without a matching set are absent.
 */
export async function loadSessions(
  em: EntityManager,
  userId: number,
  opts: { exercises?: readonly string[]; from?: string; to?: string },
): Promise<WorkoutSession[]> {
  if (opts.exercises && opts.exercises.length === 0) return [];
  const qb = em
    .createQueryBuilder(WorkoutSetEntity, 's')
    .innerJoin(WorkoutEntity, 'w', 'w.id = s.workout_id')
    .select('w.id', 'workoutId')
    .addSelect('w.date', 'date')
    .addSelect('s.exercise', 'exercise')
    .addSelect('s.reps', 'reps')
    .addSelect('s.hold_seconds', 'holdSeconds')
    .addSelect('s.weight_kg', 'weightKg')
    .where('s.user_id = :userId AND w.user_id = :userId', { userId });
  if (opts.exercises) qb.andWhere('s.exercise IN (:...exercises)', { exercises: [...new Set(opts.exercises)] });
  if (opts.from) qb.andWhere('w.date >= :from', { from: opts.from });
  if (opts.to) qb.andWhere('w.date <= :to', { to: opts.to });
  const rows: Array<{
    workoutId: number | string;
    date: string;
    exercise: string;
    reps: unknown;
    holdSeconds: unknown;
    weightKg: unknown;
  }> = await qb.orderBy('w.date', 'ASC').addOrderBy('w.id', 'ASC').addOrderBy('s.position', 'ASC').getRawMany();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const sessions = new Map<number, WorkoutSession>();
  for (const r of rows) {
    const id = Number(r.workoutId);
    let session = sessions.get(id);
    if (!session) sessions.set(id, (session = { workoutId: id, date: r.date, sets: [] }));
    session.sets.push({ exercise: r.exercise, reps: num(r.reps), holdSeconds: num(r.holdSeconds), weightKg: num(r.weightKg) });
  }
  return [...sessions.values()];
}

/** Sets of each workout in order, in key order. */
export async function setsByWorkout(db: Database, userId: number, workoutIds: readonly number[]): Promise<WorkoutSetEntity[][]> {
  const rows = await db.read((em) =>
    em.find(WorkoutSetEntity, { where: { userId, workoutId: In([...workoutIds]) }, order: { workoutId: 'ASC', position: 'ASC' } }),
  );
  const byWorkout = new Map<number, WorkoutSetEntity[]>();
  for (const s of rows) byWorkout.set(s.workoutId, [...(byWorkout.get(s.workoutId) ?? []), s]);
  return workoutIds.map((id) => byWorkout.get(id) ?? []);
}

/** Ladder levels of each goal, easiest first, in key order. */
export async function ladderByGoal(db: Database, userId: number, goalIds: readonly number[]): Promise<LadderLevelEntity[][]> {
  const rows = await db.read((em) =>
    em.find(LadderLevelEntity, { where: { userId, goalId: In([...goalIds]) }, order: { goalId: 'ASC', position: 'ASC' } }),
  );
  const byGoal = new Map<number, LadderLevelEntity[]>();
  for (const l of rows) byGoal.set(l.goalId, [...(byGoal.get(l.goalId) ?? []), l]);
  return goalIds.map((id) => byGoal.get(id) ?? []);
}

/** For each ladder (the levels of one goal), the user's sessions restricted to its exercises, in one statement for all. */
export async function sessionsByLadder(
  db: Database,
  userId: number,
  ladders: ReadonlyArray<readonly LadderLevelEntity[]>,
): Promise<WorkoutSession[][]> {
  const exercises = [...new Set(ladders.flatMap((levels) => levels.map((l) => l.exercise)))];
  const all = await db.read((em) => loadSessions(em, userId, { exercises }));
  return ladders.map((levels) => {
    const mine = new Set(levels.map((l) => l.exercise));
    return all.flatMap((s) => {
      const sets = s.sets.filter((set) => mine.has(set.exercise));
      return sets.length === 0 ? [] : [{ ...s, sets }];
    });
  });
}
