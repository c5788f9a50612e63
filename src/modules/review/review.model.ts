import type { LocalDate } from '../../domain/calendar';
import type { Progress } from '../../domain/progress';
import type { StandingStatus } from '../../domain/standing';
import type { KaggleTier, MedalCounts, MissingMedals } from '../../domain/kaggle';
import type { PersonalRecord, WeekVolume } from '../../domain/ladder';
import type { RatingTrend } from '../../domain/rating';
import type { DayRow, DayRun, MonthTotals, PeriodTotals, WeekdayTotals } from '../../domain/year-review';
import type { GoalEntity } from '../goal/goal.entity';
import type { ProgressLogEntity } from '../log/progress-log.entity';
import type { MilestoneEntity } from '../milestone/milestone.entity';
import type { StageView } from '../pipeline/pipeline.service';
import type { VenueEntity } from '../pipeline/venue.entity';
import type { LevelView } from '../workout/skill.service';

/**
 * The year in review as plain data: what the service computes once, and what the GraphQL types, the Markdown
 * and the HTML report are all rendered from.
 */

/** Where a goal stood at the end of one day. */
export interface Standing {
  date: LocalDate;
  status: StandingStatus;
  progress: Progress;
  /** TARGET goals: amount still to go (AT_LEAST) or allowance left (AT_MOST); null for other kinds. */
  remaining: number | null;
}

/**
 * A Kaggle goal's year. The tier is the person's (all their Kaggle goals' results count toward it); the results
 * and medals are this goal's, dated in the year.
 */
export interface KaggleGoalYear {
  results: number;
  medals: MedalCounts;
  tierAtStart: KaggleTier;
  tierAtEnd: KaggleTier;
  tiersReached: Array<{ tier: KaggleTier; reachedOn: LocalDate }>;
  nextTier: KaggleTier | null;
  /** What nextTier still needed at the end of the year. */
  missing: MissingMedals | null;
}

/** A skill goal's year on its ladder (see SkillService.yearInReview). */
export interface SkillGoalYear {
  levelAtStart: LevelView | null;
  levelAtEnd: LevelView | null;
  levelsReached: LevelView[];
  nextLevel: LevelView | null;
  volume: { sessions: number; sets: number; reps: number; holdSeconds: number };
}

/** A pipeline's year (see PipelineService.yearInReview). */
export interface PipelineGoalYear {
  venue: VenueEntity | null;
  deadline: LocalDate | null;
  stagesCompleted: StageView[];
  nextStage: StageView | null;
}

/** A rated goal's year: the twelve months' average ratings and their trend, the count and the average. */
export interface ReflectionGoalYear extends RatingTrend {
  ratedLogs: number;
  averageRating: number | null;
}

/** A personal record standing at the end of the year, with only the values set during it (the others null). */
export type YearRecord = Omit<PersonalRecord, 'totalSets'>;

/** The year's training over all workouts. */
export interface WorkoutsOfYear {
  sessions: number;
  minutes: number;
  sets: number;
  reps: number;
  holdSeconds: number;
  /** ISO weeks whose Monday is in the year, oldest first. */
  weeks: WeekVolume[];
  /** Records set during the year, in order of first appearance of the exercise. */
  personalRecords: YearRecord[];
}

/** One goal's year. */
export interface GoalYear {
  goal: GoalEntity;
  totals: PeriodTotals;
  previous: PeriodTotals;
  /** totals − previous. */
  change: PeriodTotals;
  months: MonthTotals[];
  /** Habits: the habit's own streak rule (computeStreak); other goals: consecutive days with a log. */
  longestStreak: DayRun;
  /** The day within the year the goal became achieved; null when it was not achieved that year. */
  achievedOn: LocalDate | null;
  milestonesAchieved: MilestoneEntity[];
  /** Milestones still open at the end of the year (or today), in order. */
  openMilestones: MilestoneEntity[];
  /** Standing at the end of the day before 1 January. */
  start: Standing;
  /** Standing at the end of 31 December (or of today, during the current year). */
  end: Standing;
  /** Habits: habit strength at the end of the year (see scoreLookbackDays); null for other kinds. */
  scoreAtEnd: number | null;
  /** Kaggle goals (template KAGGLE_COMPETITIONS); null for others. */
  kaggle: KaggleGoalYear | null;
  /** Goals with a skill ladder; null for others. */
  skill: SkillGoalYear | null;
  /** Pipelines (MILESTONES goals planned toward a venue or due date); null for others. */
  pipeline: PipelineGoalYear | null;
  /** Goals with ratings in the year, and reflection goals (REFLECTION, REST_DAYS) even without; null for others. */
  reflection: ReflectionGoalYear | null;
}

/** Totals of one whole year. */
export interface YearTotals {
  year: number;
  logCount: number;
  activeDays: number;
  goalsAchieved: number;
  milestonesAchieved: number;
}

/** The longest habit streak of the year and whose it was. */
export interface YearStreak {
  goal: GoalEntity;
  run: DayRun;
}

/** Everything the review of one year shows. */
export interface YearReview {
  year: number;
  timeZone: string;
  from: LocalDate;
  to: LocalDate;
  /** Last day the review covers: 31 December, or today during the current year (before `from` for a future year). */
  through: LocalDate;
  totals: YearTotals;
  /** The year before; null when the viewer had no goals, logs or milestones in it. */
  previousYear: YearTotals | null;
  goals: GoalYear[];
  /** Days with at least one log, oldest first. */
  days: DayRow[];
  /** Days of the year on which at least one goal was paused, oldest first. */
  pausedDays: LocalDate[];
  months: MonthTotals[];
  weekdays: WeekdayTotals[];
  busiestMonth: MonthTotals | null;
  busiestWeekday: WeekdayTotals | null;
  longestStreak: YearStreak | null;
  /** Logs with a note, newest first, at most NOTES_CAP. */
  notes: ProgressLogEntity[];
  /** How many logs of the year have a note in all. */
  noteCount: number;
  workouts: WorkoutsOfYear;
}

/** Most notes a review lists. */
export const NOTES_CAP = 50;
