import type { LocalDate } from '../../domain/calendar';
import type { PersonalRecord } from '../../domain/ladder';
import { ratingTrend } from '../../domain/rating';
import type { GoalEntity } from '../goal/goal.entity';
import type { KaggleYear } from '../kaggle/kaggle.service';
import type { PipelineYear } from '../pipeline/pipeline.service';
import type { ReflectionYear } from '../reflection/reflection.service';
import { KAGGLE_TEMPLATES, REFLECTION_TEMPLATES } from '../template/templates';
import type { SkillYear } from '../workout/skill.service';
import type { WorkoutYear } from '../workout/workout.service';
import type { GoalYear, WorkoutsOfYear, YearRecord } from './review.model';

/**
 * The goal types' part of the year in review: what the Kaggle, workout, skill, pipeline and reflection services
 * say about the year (each asked once per review, for all goals at once), handed out to the goals they belong to.
 */

/** The goal-type services' answers for one user and year. */
export interface GoalTypeRows {
  kaggle: KaggleYear;
  workouts: WorkoutYear;
  skills: SkillYear[];
  pipelines: PipelineYear[];
  reflections: ReflectionYear[];
}

/** The sections of one goal's year that depend on its type. */
export type GoalTypeSections = Pick<GoalYear, 'kaggle' | 'skill' | 'pipeline' | 'reflection'>;

/** Indexes the rows by goal once, and returns the function that gives each goal its sections. */
export function goalTypeSections(rows: GoalTypeRows, year: number): (goal: GoalEntity) => GoalTypeSections {
  const skills = new Map(rows.skills.map((s) => [s.goalId, s]));
  const pipelines = new Map(rows.pipelines.map((p) => [p.goalId, p]));
  const reflections = new Map(rows.reflections.map((r) => [r.goalId, r]));
  const kaggleGoals = new Map(rows.kaggle.goals.map((g) => [g.goalId, g]));
  const k = rows.kaggle;
  return (goal) => {
    const typed = (keys: ReadonlySet<string>) => goal.template !== null && keys.has(goal.template);
    const skill = skills.get(goal.id);
    const pipeline = pipelines.get(goal.id);
    const reflection = reflections.get(goal.id);
    const own = kaggleGoals.get(goal.id);
    return {
      kaggle: typed(KAGGLE_TEMPLATES)
        ? {
            results: own?.results ?? 0,
            medals: own?.medals ?? { gold: 0, silver: 0, bronze: 0, soloGold: 0 },
            tierAtStart: k.tierAtStart,
            tierAtEnd: k.tierAtEnd,
            tiersReached: k.tiersReached,
            nextTier: k.nextTier,
            missing: k.missing,
          }
        : null,
      skill: skill
        ? {
            levelAtStart: skill.levelAtStart,
            levelAtEnd: skill.levelAtEnd,
            levelsReached: skill.levelsReached,
            nextLevel: skill.nextLevel,
            volume: skill.volume,
          }
        : null,
      pipeline: pipeline
        ? { venue: pipeline.venue, deadline: pipeline.deadline, stagesCompleted: pipeline.stagesCompleted, nextStage: pipeline.nextStage }
        : null,
      reflection: reflection
        ? {
            months: reflection.months,
            slope: reflection.slope,
            direction: reflection.direction,
            ratedLogs: reflection.ratedLogs,
            averageRating: reflection.averageRating,
          }
        : typed(REFLECTION_TEMPLATES)
          ? { ...ratingTrend([], { today: `${year}-12-31`, months: 12 }), ratedLogs: 0, averageRating: null }
          : null,
    };
  };
}

/** A record standing at the end of the year with only the values set from `from` on; null when none was. */
function setDuring(r: PersonalRecord, from: LocalDate): YearRecord | null {
  const keep = (on: LocalDate | null) => on !== null && on >= from;
  const out: YearRecord = {
    exercise: r.exercise,
    maxHoldSeconds: keep(r.maxHoldOn) ? r.maxHoldSeconds : null,
    maxHoldOn: keep(r.maxHoldOn) ? r.maxHoldOn : null,
    maxReps: keep(r.maxRepsOn) ? r.maxReps : null,
    maxRepsOn: keep(r.maxRepsOn) ? r.maxRepsOn : null,
    maxWeightKg: keep(r.maxWeightOn) ? r.maxWeightKg : null,
    maxWeightOn: keep(r.maxWeightOn) ? r.maxWeightOn : null,
  };
  return out.maxHoldOn || out.maxRepsOn || out.maxWeightOn ? out : null;
}

/** The year's training: the service's totals and weeks, and the personal records set during the year. */
export function workoutsOfYear(w: WorkoutYear, from: LocalDate): WorkoutsOfYear {
  return {
    sessions: w.sessions,
    minutes: w.minutes,
    sets: w.sets,
    reps: w.reps,
    holdSeconds: w.holdSeconds,
    weeks: w.weeks,
    personalRecords: w.personalRecords.flatMap((r) => setDuring(r, from) ?? []),
  };
}
