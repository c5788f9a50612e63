import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject, ProgressObject, toGoalObject } from '../goal/goal.type';
import { MilestoneObject, toMilestoneObject } from '../milestone/milestone.type';
import {
  KaggleYearObject,
  PipelineYearObject,
  ReflectionYearObject,
  SkillYearObject,
  toKaggleYearObject,
  toPipelineYearObject,
  toReflectionYearObject,
  toSkillYearObject,
} from './goal-types.type';
import type { GoalYear, Standing } from './review.model';

export enum StandingStatus {
  NOT_STARTED = 'NOT_STARTED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ACHIEVED = 'ACHIEVED',
  ABANDONED = 'ABANDONED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(StandingStatus, {
  name: 'StandingStatus',
  description:
    'Where a goal stood at the end of a given day, derived from what hoego dates (start date, logs, milestones, pauses, achievedOn). ' +
    "ABANDONED, ARCHIVED and a PAUSED status set by hand carry no date, so they count from the goal's last change.",
  valuesConfig: {
    NOT_STARTED: { description: "The day was before the goal's start date." },
    ACTIVE: { description: 'Open and being worked on.' },
    PAUSED: { description: 'A pause covered the day, or the goal was set to PAUSED by then.' },
    ACHIEVED: { description: 'Achieved by then: its achievedOn, its logs reaching the target, or all its milestones reached.' },
    ABANDONED: { description: 'Given up by then.' },
    ARCHIVED: { description: 'Archived by then.' },
  },
});

@ObjectType('GoalStanding', { description: "A goal's status and progress at the end of one day." })
export class GoalStandingObject {
  @Field(() => LocalDateScalar, {
    description: 'The day: 31 December of the previous year for the start, 31 December (or today) for the end.',
  })
  date!: string;

  @Field(() => StandingStatus, { description: 'Status at the end of that day.' })
  status!: StandingStatus;

  @Field(() => ProgressObject, {
    description:
      'Progress at the end of that day, measured as Goal.progress measures it: logs dated up to then, the habit window ending then, milestones reached by then.',
  })
  progress!: ProgressObject;

  @Field(() => Float, {
    nullable: true,
    description: 'TARGET goals: amount still to go (AT_LEAST) or allowance left (AT_MOST); null for other kinds.',
  })
  remaining!: number | null;
}

@ObjectType('GoalYearTotals', { description: "A goal's log count, value total and active days over a year." })
export class GoalYearTotalsObject {
  @Field(() => Int, { description: 'Logs.' })
  logCount!: number;

  @Field(() => Float, { description: "Sum of the logs' values." })
  total!: number;

  @Field(() => Int, { description: 'Days with at least one log.' })
  activeDays!: number;
}

@ObjectType('MonthSummary', { description: "Logs in one month of the year, bucketed by each log's local date." })
export class MonthSummaryObject {
  @Field(() => Int, { description: 'Month, 1 (January) to 12 (December).' })
  month!: number;

  @Field(() => Int, { description: 'Logs dated in the month.' })
  logCount!: number;

  @Field(() => Float, { description: 'Sum of their values.' })
  total!: number;

  @Field(() => Int, { description: 'Days of the month with at least one log.' })
  activeDays!: number;
}

@ObjectType('GoalYearSummary', {
  description: "One goal's year: what was logged, its streak, milestones, standing at both ends and the change since last year.",
})
export class GoalYearSummaryObject {
  @Field(() => GoalObject, { description: 'The goal.' })
  goal!: GoalObject;

  @Field(() => Int, { description: 'Logs dated in the year.' })
  logCount!: number;

  @Field(() => Float, { description: 'Sum of their values.' })
  total!: number;

  @Field(() => Int, { description: 'Days of the year with at least one log of this goal.' })
  activeDays!: number;

  @Field(() => Int, {
    description:
      "Longest streak within the year, in days. Habits: the habit's own streak rule (as Goal.streak) applied to the year's days only, so a run " +
      'that began in December counts from 1 January. Other goals: most consecutive days with a log. Paused days are bridged.',
  })
  longestStreak!: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day of the longest streak; null without one.' })
  longestStreakStart!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the longest streak; null without one.' })
  longestStreakEnd!: string | null;

  @Field(() => Boolean, {
    description: 'True when the goal became achieved during the year (it was not achieved at the start and was by the end).',
  })
  achieved!: boolean;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The day within the year it became achieved (for a target, the day its logs first reached it); null when achieved is false.',
  })
  achievedOn!: string | null;

  @Field(() => [MonthSummaryObject], { description: 'All twelve months, January first.' })
  months!: MonthSummaryObject[];

  @Field(() => [MilestoneObject], { description: 'Milestones reached during the year, in the order they were reached.' })
  milestonesAchieved!: MilestoneObject[];

  @Field(() => [MilestoneObject], { description: 'Milestones still open at the end of the year (or today), in order.' })
  openMilestones!: MilestoneObject[];

  @Field(() => GoalStandingObject, {
    description: "Standing at the start of the year: at the end of 31 December of the year before, so before any of this year's logs.",
  })
  start!: GoalStandingObject;

  @Field(() => GoalStandingObject, {
    description: 'Standing at the end of the year: at the end of 31 December, or of today while the year is under way.',
  })
  end!: GoalStandingObject;

  @Field(() => Float, {
    nullable: true,
    description:
      "Habits: habit strength (0–1) at the end of the year, by Loop's formula as Goal.score, from the days that still weigh on it " +
      '(eight half-lives, at most a year: within 0.4% of the full history for daily and weekly habits); null for other kinds.',
  })
  scoreAtEnd!: number | null;

  @Field(() => GoalYearTotalsObject, { description: 'The same totals over the previous year.' })
  previousYear!: GoalYearTotalsObject;

  @Field(() => GoalYearTotalsObject, { description: 'This year minus the previous year, field by field.' })
  change!: GoalYearTotalsObject;

  @Field(() => KaggleYearObject, {
    nullable: true,
    description:
      "Kaggle goals (template KAGGLE_COMPETITIONS): the year's medals, the tier at both ends and what the next tier needed; null for other goals.",
  })
  kaggle!: KaggleYearObject | null;

  @Field(() => SkillYearObject, {
    nullable: true,
    description: 'Goals with a skill ladder: levels reached in the year and its training; null for other goals.',
  })
  skill!: SkillYearObject | null;

  @Field(() => PipelineYearObject, {
    nullable: true,
    description: 'Pipelines: stages completed in the year against their plan, and the next one; null for other goals.',
  })
  pipeline!: PipelineYearObject | null;

  @Field(() => ReflectionYearObject, {
    nullable: true,
    description:
      'Goals with rated logs in the year, and reflection goals (REFLECTION, REST_DAYS) even without: monthly averages and their trend; null otherwise.',
  })
  reflection!: ReflectionYearObject | null;
}

function toStanding(s: Standing): GoalStandingObject {
  return Object.assign(new GoalStandingObject(), {
    date: s.date,
    status: s.status as StandingStatus,
    progress: Object.assign(new ProgressObject(), s.progress),
    remaining: s.remaining,
  });
}

/** Shapes one goal's year for GraphQL. */
export function toGoalYearSummary(g: GoalYear): GoalYearSummaryObject {
  return Object.assign(new GoalYearSummaryObject(), {
    goal: toGoalObject(g.goal),
    logCount: g.totals.logCount,
    total: g.totals.total,
    activeDays: g.totals.activeDays,
    longestStreak: g.longestStreak.days,
    longestStreakStart: g.longestStreak.start,
    longestStreakEnd: g.longestStreak.end,
    achieved: g.achievedOn !== null,
    achievedOn: g.achievedOn,
    months: g.months.map((m) => Object.assign(new MonthSummaryObject(), m)),
    milestonesAchieved: g.milestonesAchieved.map(toMilestoneObject),
    openMilestones: g.openMilestones.map(toMilestoneObject),
    start: toStanding(g.start),
    end: toStanding(g.end),
    scoreAtEnd: g.scoreAtEnd,
    previousYear: Object.assign(new GoalYearTotalsObject(), g.previous),
    change: Object.assign(new GoalYearTotalsObject(), g.change),
    kaggle: toKaggleYearObject(g.kaggle),
    skill: toSkillYearObject(g.skill),
    pipeline: toPipelineYearObject(g.pipeline),
    reflection: toReflectionYearObject(g.reflection),
  });
}
