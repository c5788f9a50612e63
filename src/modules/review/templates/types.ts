import type { LocalDate } from '../../../domain/calendar';
import type { KaggleTier, MissingMedals } from '../../../domain/kaggle';
import type { TrendWord } from '../../../domain/rating';
import type { StandingStatus } from '../../../domain/standing';

/** The report languages. */
export type ReportLocale = 'EN' | 'KO';

/** A goal's kind and rule, as the templates describe it. */
export interface KindFacts {
  kind: 'HABIT' | 'TARGET' | 'MILESTONES';
  times: number | null;
  perDays: number | null;
  target: number | null;
  targetType: 'AT_LEAST' | 'AT_MOST';
  unit: string | null;
}

/**
 * Every word of the year-in-review reports, per language. Sentences that carry numbers are functions, so each
 * language can order and inflect them its own way; user text (titles, units, notes) arrives already escaped
 * for the output format and is never translated.
 */
export interface Messages {
  /** BCP 47 tag for number formatting and the HTML lang attribute. */
  lang: string;
  monthNames: readonly string[];
  monthShort: readonly string[];
  /** One or two characters per month, for narrow chart labels. */
  monthInitial: readonly string[];
  weekdayNames: readonly string[];
  weekdayShort: readonly string[];
  /** '12 March 2020' / '2020년 3월 12일'. */
  date(d: LocalDate): string;
  /** '12 Mar' / '3월 12일'. */
  shortDate(d: LocalDate): string;
  /** A span of days, e.g. '3 Feb – 19 Mar'. */
  span(start: LocalDate, end: LocalDate): string;

  title(year: number): string;
  draftNote(year: number, timeZone: string, through: LocalDate | null): string;
  atAGlance: string;
  logsOnDays(logs: string, days: string): string;
  previousYearLine(year: number, logs: string, days: string, logChange: string, dayChange: string): string;
  firstYear: string;
  achievedLine(goals: string, milestones: string): string;
  busiestMonth(month: string, logs: string): string;
  busiestWeekday(weekday: string, logs: string): string;
  longestStreak(goal: string, days: string, span: string): string;
  noLogs: string;

  goalsHeading: string;
  noGoals: string;
  kind(facts: KindFacts): string;
  status(s: StandingStatus): string;
  startToEnd(start: string, end: string): string;
  whatHappened(logs: string, days: string, total: string | null): string;
  nothingLogged: string;
  monthsLine: string;
  streakLine(days: string, span: string | null): string;
  dayRunLine(days: string, span: string | null): string;
  scoreLine(percent: string): string;
  comparedWith(year: number, logChange: string, dayChange: string, totalChange: string | null): string;
  newThisYear: string;
  milestonesReached: string;
  achievedOn(date: string): string;
  achievedEarlier: string;
  amountToGo(amount: string): string;
  allowanceLeft(amount: string): string;
  nextMilestone(title: string, open: number, all: number): string;
  keepGoing: string;
  outcome: string;
  progressAtEnd(current: string, target: string | null, percent: string | null): string;

  /** 'Competitions Expert'. */
  kaggleTier(tier: KaggleTier): string;
  /** The year's medals on the goal, e.g. '3 silver and 1 bronze'; counts are small whole numbers. */
  kaggleMedals(medals: { gold: number; silver: number; bronze: number }): string;
  /** What the next tier still needs, e.g. '1 gold medal to Master'. */
  kaggleMissing(missing: MissingMedals, next: KaggleTier): string;
  kaggleLine(tier: string, medals: string, missing: string | null): string;
  /** Tiers first reached in the year, each with its short date. */
  kaggleTiersReached(reached: Array<{ tier: KaggleTier; date: string }>): string;

  /** Ladder levels reached in the year (exercise names escaped, with short dates), where it stood at the end and what is next. */
  ladderLine(reached: Array<{ exercise: string; date: string }>, atEnd: string | null, next: string | null): string;
  ladderVolume(sessions: string, sets: string, reps: string | null, holdSeconds: string | null): string;

  pipelineTarget(venue: string | null, deadline: string): string;
  /** One completed stage: `daysLate` is null for a stage without a plan, '0' when on time. */
  stageDone(stage: string, date: string, daysLate: string | null): string;
  stagesLine(done: string[]): string;
  /** The stage next at the end of the year; `daysLate` null when not behind its plan. */
  nextStage(stage: string, planned: string | null, daysLate: string | null): string;
  allStagesDone: string;

  trendWord(t: TrendWord): string;
  ratingLine(count: string, average: string | null, trend: string | null, slope: string | null): string;
  monthlyRatings: string;

  trainingLine(sessions: string, minutes: string | null, sets: string, reps: string | null, holdSeconds: string | null): string;
  busiestWeek(weekStart: string, sessions: string, sets: string): string;
  recordsHeading: string;
  recordHold(seconds: string, date: string): string;
  recordReps(reps: string, date: string): string;
  recordWeight(kg: string, date: string): string;

  notesHeading: string;
  notesMore(shown: number, all: number): string;
  questionsHeading: string;
  questions: readonly string[];

  heatmapTitle: string;
  heatmapLegendLess: string;
  heatmapLegendMore: string;
  heatmapPaused: string;
  dayTooltip(date: string, logs: string, paused: boolean): string;
  monthChartTitle: string;
  timelineTitle: string;
  noMilestones: string;
}
