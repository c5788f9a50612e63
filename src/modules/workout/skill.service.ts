import { In, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { addDays } from '../../domain/calendar';
import {
  type Criterion,
  type Gap,
  type Level,
  type PersonalRecord,
  type WeekVolume,
  ladderStatus,
  levelReachedOn,
  normalizeExercise,
  personalRecords,
  weeklyVolume,
} from '../../domain/ladder';
import { badInput, notFound } from '../../errors';
import type { FeatureLoaders } from '../../loaders';
import { toGlobalId } from '../../ids';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { UserEntity } from '../user/user.entity';
import { LadderLevelEntity, criterionOf } from './ladder-level.entity';
import { loadSessions } from './workout.loaders';

/** Sessions of this many days up to today count as "recent" for the gap to the next level. */
export const RECENT_DAYS = 28;
const MAX_LEVELS = 30;

/** A level and the first day its criterion was met. */
export interface LevelView {
  entity: LadderLevelEntity;
  reachedOn: string | null;
}

/** A skill goal's standing, as the resolver shapes it. */
export interface SkillView {
  levels: LevelView[];
  current: LevelView | null;
  next: LevelView | null;
  gap: (Gap & { since: string }) | null;
  /** Longest recent hold of the next level's exercise (the current level's at the top); null without one. */
  bestHoldSeconds: number | null;
  records: PersonalRecord[];
  weeks: WeekVolume[];
}

/** A ladder level first reached in a given year, for the year in review. */
export interface LevelReached {
  goalId: number;
  goalTitle: string;
  position: number;
  exercise: string;
  reachedOn: string;
}

/** A skill goal's year, for the year in review. Levels carry the first day their criterion was met, if by the year's end. */
export interface SkillYear {
  goalId: number;
  goalTitle: string;
  /** The whole ladder, easiest first. */
  levels: LevelView[];
  /** Highest level reached before 1 January; null when none was. */
  levelAtStart: LevelView | null;
  /** Highest level reached by 31 December; null when none was. */
  levelAtEnd: LevelView | null;
  /** Levels first reached during the year, by date. */
  levelsReached: LevelView[];
  /** The level after levelAtEnd (the first when none was reached); null at the top. */
  nextLevel: LevelView | null;
  /** Training of the ladder's exercises during the year: sessions with at least one such set, and their volume. */
  volume: { sessions: number; sets: number; reps: number; holdSeconds: number };
}

/** What advances a ladder level: sets of reps, of holds, or both, with optional added weight (negative: assistance). */
export interface CriterionInput {
  sets: number;
  reps?: number | null;
  holdSeconds?: number | null;
  addedWeightKg?: number | null;
}

/** Skill ladders: the ordered levels of a goal, their criteria, and where the viewer's workouts put them. */
export class SkillService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
  ) {}

  /** Replaces the criterion of one of the user's ladder levels. */
  async setCriterion(user: UserEntity, id: number, input: CriterionInput): Promise<{ level: LadderLevelEntity; goal: GoalEntity }> {
    const criterion = checkCriterion(input, 'criterion');
    return this.db.write(async (em) => {
      const level = await em.findOneBy(LadderLevelEntity, { id, userId: user.id });
      if (!level) throw notFound('ladder level', toGlobalId('LadderLevel', id));
      Object.assign(level, columnsOf(criterion), { updatedAt: this.clock.now() });
      await em.save(level);
      return { level, goal: await this.goals.getIn(em, user.id, level.goalId) };
    });
  }

  /** Gives one of the user's goals a ladder, replacing the levels it had. */
  async setLadder(
    user: UserEntity,
    goalId: number,
    input: ReadonlyArray<{ exercise: string; criterion: CriterionInput }>,
  ): Promise<GoalEntity> {
    const levels = checkLevels(input);
    return this.db.write(async (em) => {
      const goal = await this.goals.getIn(em, user.id, goalId);
      await em.delete(LadderLevelEntity, { goalId: goal.id, userId: user.id });
      await this.insertLadder(em, user.id, goal.id, levels);
      return goal;
    });
  }

  /** Inserts `levels` as the ladder of a goal, inside the caller's transaction (templates use this). */
  async insertLadder(em: EntityManager, userId: number, goalId: number, levels: readonly Level[]): Promise<void> {
    const now = this.clock.now();
    if (levels.length === 0) return;
    await em.insert(
      LadderLevelEntity,
      levels.map((l, i) => ({
        userId,
        goalId,
        position: i + 1,
        exercise: normalizeExercise(l.exercise),
        ...columnsOf(l.criterion),
        createdAt: now,
        updatedAt: now,
      })),
    );
  }

  /** The standing of a goal with a ladder; null for goals without one. `weeks` ISO weeks of volume, up to this week. */
  async progress(
    user: UserEntity,
    goal: GoalEntity,
    loaders: { features: Pick<FeatureLoaders, 'ladder' | 'skillSessions'> },
    weeks: number,
  ): Promise<SkillView | null> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 53) throw badInput('weeks', `must be a whole number from 1 to 53, got ${weeks}`);
    const entities = await loaders.features.ladder.load(goal.id);
    if (entities.length === 0) return null;
    const sessions = await loaders.features.skillSessions.load(goal.id);
    const today = this.goals.today(user);
    const status = ladderStatus(entities.map(levelOf), sessions, { today, recentDays: RECENT_DAYS });
    const levels = entities.map((entity, i) => ({ entity, reachedOn: status.reachedOn[i] }));
    const exercises = [...new Set(entities.map((l) => l.exercise))];
    return {
      levels,
      current: status.current === null ? null : levels[status.current],
      next: status.next === null ? null : levels[status.next],
      gap: status.gap && { ...status.gap, since: addDays(today, -(RECENT_DAYS - 1)) },
      bestHoldSeconds: status.bestHoldSeconds,
      records: personalRecords(
        sessions.filter((s) => s.date <= today),
        exercises,
      ),
      weeks: weeklyVolume(sessions, { today, weeks, exercises }),
    };
  }

  /** One of the user's levels with the day it was reached, or null (for node(id:)). */
  async findLevel(user: UserEntity, id: number): Promise<LevelView | null> {
    return this.db.read(async (em) => {
      const entity = await em.findOneBy(LadderLevelEntity, { id, userId: user.id });
      if (!entity) return null;
      const sessions = await loadSessions(em, user.id, { exercises: [entity.exercise], to: this.goals.today(user) });
      return { entity, reachedOn: levelReachedOn(levelOf(entity), sessions) };
    });
  }

  /**
   * For the year in review: every goal of the user's with a ladder, in goal order, with the levels it stood at on
   * both ends of `year`, the levels first reached during it and the year's training of its exercises. Three
   * statements whatever the number of goals.
   */
  async yearInReview(userId: number, year: number): Promise<SkillYear[]> {
    const [from, to] = [`${year}-01-01`, `${year}-12-31`];
    const { levels, goals, sessions } = await this.db.read(async (em) => {
      const all = await em.find(LadderLevelEntity, { where: { userId }, order: { goalId: 'ASC', position: 'ASC' } });
      const owners =
        all.length === 0
          ? []
          : await em.find(GoalEntity, { where: { userId, id: In([...new Set(all.map((l) => l.goalId))]) }, order: { id: 'ASC' } });
      return { levels: all, goals: owners, sessions: await loadSessions(em, userId, { exercises: all.map((l) => l.exercise), to }) };
    });
    const inYear = sessions.filter((s) => s.date >= from);
    return goals.map((goal) => {
      const ladder: LevelView[] = levels
        .filter((l) => l.goalId === goal.id)
        .map((entity) => ({ entity, reachedOn: levelReachedOn(levelOf(entity), sessions) }));
      const highest = (by: string) =>
        ladder.reduce<LevelView | null>((top, l) => (l.reachedOn !== null && l.reachedOn <= by ? l : top), null);
      const levelAtEnd = highest(to);
      const exercises = new Set(ladder.map((l) => l.entity.exercise));
      const volume = { sessions: 0, sets: 0, reps: 0, holdSeconds: 0 };
      for (const s of inYear) {
        const sets = s.sets.filter((set) => exercises.has(set.exercise));
        if (sets.length === 0) continue;
        volume.sessions++;
        volume.sets += sets.length;
        for (const set of sets) {
          volume.reps += set.reps ?? 0;
          volume.holdSeconds += set.holdSeconds ?? 0;
        }
      }
      return {
        goalId: goal.id,
        goalTitle: goal.title,
        levels: ladder,
        levelAtStart: highest(`${year - 1}-12-31`),
        levelAtEnd,
        levelsReached: ladder
          .filter((l) => l.reachedOn !== null && l.reachedOn >= from)
          .sort((a, b) => (a.reachedOn! < b.reachedOn! ? -1 : a.reachedOn! > b.reachedOn! ? 1 : a.entity.position - b.entity.position)),
        nextLevel: ladder[levelAtEnd === null ? 0 : ladder.indexOf(levelAtEnd) + 1] ?? null,
        volume,
      };
    });
  }

  /** For the year in review: the ladder levels of all the user's goals whose criterion was first met in `year`, by date. */
  async levelsReachedIn(userId: number, year: number): Promise<LevelReached[]> {
    const reached = (await this.yearInReview(userId, year)).flatMap((g) =>
      g.levelsReached.map((l) => ({
        goalId: g.goalId,
        goalTitle: g.goalTitle,
        position: l.entity.position,
        exercise: l.entity.exercise,
        reachedOn: l.reachedOn!,
      })),
    );
    return reached.sort((a, b) =>
      a.reachedOn < b.reachedOn ? -1 : a.reachedOn > b.reachedOn ? 1 : a.goalId - b.goalId || a.position - b.position,
    );
  }
}

function levelOf(l: LadderLevelEntity): Level {
  return { exercise: l.exercise, criterion: criterionOf(l) };
}

function columnsOf(c: Criterion) {
  return { criterionSets: c.sets, criterionReps: c.reps, criterionHoldSeconds: c.holdSeconds, criterionWeightKg: c.weightKg };
}

/** Checks a criterion; errors name `${at}.sets` and so on. */
export function checkCriterion(input: CriterionInput, at: string): Criterion {
  const { sets } = input;
  if (!Number.isInteger(sets) || sets < 1 || sets > 20) throw badInput(`${at}.sets`, `must be a whole number from 1 to 20, got ${sets}`);
  const reps = input.reps ?? null;
  if (reps !== null && (!Number.isInteger(reps) || reps < 1 || reps > 1000))
    throw badInput(`${at}.reps`, `must be a whole number from 1 to 1000, got ${reps}`);
  const holdSeconds = input.holdSeconds ?? null;
  if (holdSeconds !== null && (!Number.isFinite(holdSeconds) || holdSeconds <= 0 || holdSeconds > 3600)) {
    throw badInput(`${at}.holdSeconds`, `must be above 0 and at most 3600, got ${holdSeconds}`);
  }
  if (reps === null && holdSeconds === null) throw badInput(`${at}.reps`, 'give reps, holdSeconds or both');
  const weightKg = input.addedWeightKg ?? null;
  if (weightKg !== null && (!Number.isFinite(weightKg) || weightKg < -500 || weightKg > 1000))
    throw badInput(`${at}.addedWeightKg`, `must be from −500 to 1000, got ${weightKg}`);
  return { sets, reps, holdSeconds, weightKg };
}

function checkLevels(levels: ReadonlyArray<{ exercise: string; criterion: CriterionInput }>): Level[] {
  if (levels.length === 0 || levels.length > MAX_LEVELS) throw badInput('levels', `give 1–${MAX_LEVELS} levels, got ${levels.length}`);
  const seen = new Set<string>();
  return levels.map((l, i) => {
    const exercise = normalizeExercise(l.exercise);
    if (exercise.length === 0 || exercise.length > 100)
      throw badInput(`levels[${i}].exercise`, `must be 1–100 characters, got ${JSON.stringify(l.exercise)}`);
    if (seen.has(exercise)) throw badInput(`levels[${i}].exercise`, `${JSON.stringify(exercise)} is already an earlier level`);
    seen.add(exercise);
    return { exercise, criterion: checkCriterion(l.criterion, `levels[${i}].criterion`) };
  });
}
