import { In, type EntityManager } from 'typeorm';
import { UserLock, lockForUser } from '../../db/advisory-lock';
import { highestLevelReached } from '../../domain/ladder';
import type { Outbox } from '../event/outbox';
import { LadderLevelEntity, criterionOf } from './ladder-level.entity';
import { loadSessions } from './workout.loaders';

/** The user's ladders that include one of `exercises`, each with the highest level its sessions reach now. */
export interface LadderStanding {
  levels: Map<number, LadderLevelEntity[]>;
  reached: Map<number, number | null>;
}

/**
 * Where the user's ladders touching `exercises` stand, read through `em` (a write transaction's): one statement
 * when no ladder uses them, three otherwise (and, on PostgreSQL, the user's ladder lock until the transaction ends).
 */
export async function ladderStanding(em: EntityManager, userId: number, exercises: readonly string[]): Promise<LadderStanding | null> {
  if (exercises.length === 0) return null;
  const touched = await em.find(LadderLevelEntity, { where: { userId, exercise: In([...new Set(exercises)]) }, select: { goalId: true } });
  if (touched.length === 0) return null;
  // Two workouts of one user must not both miss (or both record) the level they reach together.
  await lockForUser(em, UserLock.LADDER_LEVEL, userId);
  const rows = await em.find(LadderLevelEntity, {
    where: { userId, goalId: In([...new Set(touched.map((l) => l.goalId))]) },
    order: { goalId: 'ASC', position: 'ASC' },
  });
  const levels = new Map<number, LadderLevelEntity[]>();
  for (const l of rows) levels.set(l.goalId, [...(levels.get(l.goalId) ?? []), l]);
  return { levels, reached: await reachedNow(em, userId, levels) };
}

async function reachedNow(
  em: EntityManager,
  userId: number,
  levels: Map<number, LadderLevelEntity[]>,
): Promise<Map<number, number | null>> {
  const exercises = [...levels.values()].flatMap((ls) => ls.map((l) => l.exercise));
  const sessions = await loadSessions(em, userId, { exercises });
  const reached = new Map<number, number | null>();
  for (const [goalId, ladder] of levels) {
    const mine = new Set(ladder.map((l) => l.exercise));
    const relevant = sessions.map((s) => ({ ...s, sets: s.sets.filter((set) => mine.has(set.exercise)) }));
    reached.set(
      goalId,
      highestLevelReached(
        ladder.map((l) => ({ exercise: l.exercise, criterion: criterionOf(l) })),
        relevant,
      ),
    );
  }
  return reached;
}

/**
 * After a workout's sets changed: records LADDER_LEVEL_REACHED for each ladder whose highest reached level is now
 * above what it was in `before`. Once per crossing: a re-save that reaches nothing new records nothing, and a
 * change or deletion that drops a ladder below a level records nothing either (reaching it again records it again).
 */
export async function recordLevelsReached(
  em: EntityManager,
  outbox: Outbox,
  userId: number,
  workoutId: number,
  before: LadderStanding | null,
): Promise<void> {
  if (before === null) return;
  const after = await reachedNow(em, userId, before.levels);
  for (const [goalId, index] of after) {
    const previous = before.reached.get(goalId) ?? null;
    if (index === null || (previous !== null && index <= previous)) continue;
    const level = before.levels.get(goalId)![index];
    outbox.add(em, userId, [
      {
        type: 'LADDER_LEVEL_REACHED',
        goalId,
        data: {
          ladder: {
            position: level.position,
            exercise: level.exercise,
            previousPosition: previous === null ? null : previous + 1,
            workoutId,
          },
        },
      },
    ]);
  }
}
