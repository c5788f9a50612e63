import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import { ProgressLogObject, toLogObject } from '../log/log.type';
import { WorkoutYearObject, toWorkoutYearObject } from './goal-types.type';
import { GoalYearSummaryObject, MonthSummaryObject, toGoalYearSummary } from './goal-year.type';
import type { YearReview, YearTotals } from './review.model';

export enum Locale {
  EN = 'EN',
  KO = 'KO',
}
registerEnumType(Locale, {
  name: 'Locale',
  description: 'Language of a generated report. User text (titles, notes, units) is shown as written, never translated.',
  valuesConfig: { EN: { description: 'English.' }, KO: { description: 'Korean (한국어).' } },
});

@ObjectType('DaySummary', { description: 'One day of the year with at least one log, for a heatmap.' })
export class DaySummaryObject {
  @Field(() => LocalDateScalar, { description: 'The local date.' })
  date!: string;

  @Field(() => Int, { description: 'Logs dated that day, over all goals.' })
  logCount!: number;

  @Field(() => Float, { description: 'Sum of their values (across units: a measure of activity, not of one quantity).' })
  total!: number;
}

@ObjectType('WeekdaySummary', { description: 'Logs of the year that fell on one day of the week.' })
export class WeekdaySummaryObject {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday.' })
  weekday!: number;

  @Field(() => Int, { description: 'Logs dated on that weekday.' })
  logCount!: number;

  @Field(() => Float, { description: 'Sum of their values.' })
  total!: number;
}

@ObjectType('YearTotals', { description: 'The headline numbers of one year.' })
export class YearTotalsObject {
  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => Int, { description: 'Logs dated in the year.' })
  logCount!: number;

  @Field(() => Int, { description: 'Days with at least one log.' })
  activeDays!: number;

  @Field(() => Int, { description: 'Goals that became achieved during the year.' })
  goalsAchieved!: number;

  @Field(() => Int, { description: 'Milestones reached during the year.' })
  milestonesAchieved!: number;
}

@ObjectType('YearStreak', { description: 'The longest habit streak of the year and whose it was.' })
export class YearStreakObject {
  @Field(() => GoalObject, { description: 'The habit.' })
  goal!: GoalObject;

  @Field(() => Int, { description: 'Length in days (see GoalYearSummary.longestStreak).' })
  days!: number;

  @Field(() => LocalDateScalar, { description: 'First day of the streak.' })
  start!: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the streak.' })
  end!: string;
}

@ObjectType('YearInReview', {
  description:
    "One year of the viewer's goals and logs. Logs are bucketed by their local date (the day in the viewer's calendar fixed when each was " +
    'written). A year still under way is covered up to today.',
})
export class YearInReviewObject {
  /** The computed review, for field resolvers (markdown). Not a GraphQL field. */
  model!: YearReview;

  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => String, { description: "The viewer's IANA time zone, which decided the local dates of new logs." })
  timeZone!: string;

  @Field(() => LocalDateScalar, { description: 'Last day covered: 31 December, or today while the year is under way.' })
  through!: string;

  @Field(() => Int, { description: 'Logs dated in the year.' })
  logCount!: number;

  @Field(() => Int, { description: 'Days of the year with at least one log.' })
  activeDays!: number;

  @Field(() => Int, { description: 'Goals that became achieved during the year.' })
  goalsAchieved!: number;

  @Field(() => Int, { description: 'Milestones reached during the year.' })
  milestonesAchieved!: number;

  /** Every goal of the year; answered by ReviewResolver.goals, up to its `first`. */
  goals!: GoalYearSummaryObject[];

  @Field(() => [DaySummaryObject], { description: 'The days with logs, oldest first (days without logs are left out).' })
  days!: DaySummaryObject[];

  @Field(() => [LocalDateScalar], { description: 'Days of the year on which at least one of these goals was paused, oldest first.' })
  pausedDays!: string[];

  @Field(() => [MonthSummaryObject], { description: 'All twelve months over all goals, January first.' })
  months!: MonthSummaryObject[];

  @Field(() => [WeekdaySummaryObject], { description: 'All seven weekdays over all goals, Monday first.' })
  weekdays!: WeekdaySummaryObject[];

  @Field(() => MonthSummaryObject, {
    nullable: true,
    description: 'The month with the most logs (the earlier on ties); null without logs.',
  })
  busiestMonth!: MonthSummaryObject | null;

  @Field(() => WeekdaySummaryObject, {
    nullable: true,
    description: 'The weekday with the most logs (the earlier in the week on ties); null without logs.',
  })
  busiestWeekday!: WeekdaySummaryObject | null;

  @Field(() => YearStreakObject, {
    nullable: true,
    description: 'The longest streak of any habit within the year; null when no habit had one.',
  })
  longestStreak!: YearStreakObject | null;

  @Field(() => YearTotalsObject, {
    nullable: true,
    description: 'The same totals for the year before, to compare with; null when the viewer had no goals or logs then.',
  })
  previousYear!: YearTotalsObject | null;

  @Field(() => [ProgressLogObject], { description: 'Notes of the year: logs with a note, newest first, at most 50.' })
  notes!: ProgressLogObject[];

  @Field(() => Int, { description: 'How many logs of the year have a note (notes lists at most 50 of them).' })
  noteCount!: number;

  @Field(() => WorkoutYearObject, {
    description: "The year's training over all workouts: sessions, minutes, volume, weekly volume and the personal records set.",
  })
  workouts!: WorkoutYearObject;
}

function toYearTotals(t: YearTotals): YearTotalsObject {
  return Object.assign(new YearTotalsObject(), t);
}

/** Shapes a computed review for GraphQL. */
export function toYearInReviewObject(r: YearReview): YearInReviewObject {
  const streak = r.longestStreak;
  return Object.assign(new YearInReviewObject(), {
    model: r,
    year: r.year,
    timeZone: r.timeZone,
    through: r.through,
    logCount: r.totals.logCount,
    activeDays: r.totals.activeDays,
    goalsAchieved: r.totals.goalsAchieved,
    milestonesAchieved: r.totals.milestonesAchieved,
    goals: r.goals.map(toGoalYearSummary),
    days: r.days.map((d) => Object.assign(new DaySummaryObject(), d)),
    pausedDays: r.pausedDays,
    months: r.months.map((m) => Object.assign(new MonthSummaryObject(), m)),
    weekdays: r.weekdays.map((w) => Object.assign(new WeekdaySummaryObject(), w)),
    busiestMonth: r.busiestMonth ? Object.assign(new MonthSummaryObject(), r.busiestMonth) : null,
    busiestWeekday: r.busiestWeekday ? Object.assign(new WeekdaySummaryObject(), r.busiestWeekday) : null,
    longestStreak:
      streak && streak.run.start && streak.run.end
        ? Object.assign(new YearStreakObject(), {
            goal: toGoalObject(streak.goal),
            days: streak.run.days,
            start: streak.run.start,
            end: streak.run.end,
          })
        : null,
    previousYear: r.previousYear ? toYearTotals(r.previousYear) : null,
    notes: r.notes.map(toLogObject),
    noteCount: r.noteCount,
    workouts: toWorkoutYearObject(r.workouts),
  });
}
