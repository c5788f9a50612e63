/**
 * Paper and project pipelines: a plan date for each stage of a MILESTONES goal, which stage is current,
 * whether it is late, and the next deadline. Pure functions over local dates.
 *
 * The plan spreads the stages up to and including the submission stage evenly from the goal's start to the
 * submission deadline: stage k of s is planned at start + round(k/s · span), so the submission stage falls on
 * the deadline itself. Stages after it (decision, camera-ready) cannot happen before the deadline, so they are
 * spread the same way from the deadline to the end date (the venue's camera-ready deadline or conference
 * start); without an end date they have no plan and are never late.
 */
import { type LocalDate, addDays, daysBetween } from './calendar';

/** What the plan needs to know. */
export interface PlanInput {
  startDate: LocalDate;
  /** The submission deadline; null leaves every stage without a plan. */
  deadline: LocalDate | null;
  /** Where the stages after the submission stage end; null leaves them without a plan. */
  endDate: LocalDate | null;
  stageCount: number;
  /** 1-based position of the stage that is due on the deadline; the last stage when null or too large. */
  submissionStage: number | null;
}

/** Evenly spaced dates after `from`: the k-th of n at from + round(k/n · span), the n-th on `to`. */
function spread(from: LocalDate, to: LocalDate, n: number): LocalDate[] {
  const span = Math.max(0, daysBetween(from, to));
  return Array.from({ length: n }, (_, i) => addDays(from, Math.round(((i + 1) * span) / n)));
}

/** The planned date of each stage, in stage order (see the module comment). */
export function planStageDates(input: PlanInput): Array<LocalDate | null> {
  const n = input.stageCount;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`stageCount must be a whole number, got ${n}`);
  if (n === 0) return [];
  if (input.deadline === null) return new Array<LocalDate | null>(n).fill(null);
  const s = Math.min(n, Math.max(1, input.submissionStage ?? n));
  const start = input.startDate <= input.deadline ? input.startDate : input.deadline;
  const before = spread(start, input.deadline, s);
  const afterCount = n - s;
  const after: Array<LocalDate | null> =
    input.endDate === null ? new Array<LocalDate | null>(afterCount).fill(null) : spread(input.deadline, input.endDate, afterCount);
  return [...before, ...after];
}

/** One stage as stored: its 1-based position and the day it was completed, if it was. */
export interface StageFact {
  position: number;
  achievedOn: LocalDate | null;
}

/** A stage against its plan. */
export interface StageStatus {
  plannedDate: LocalDate | null;
  /** Open: today is after the planned date. Done: it was completed after the planned date. */
  late: boolean;
  /** Days past the planned date (today for open stages, the completion day for done ones); 0 when on time. */
  daysLate: number;
}

/** Each stage's status, in the given order. */
export function stageStatuses(stages: readonly StageFact[], planned: ReadonlyArray<LocalDate | null>, today: LocalDate): StageStatus[] {
  return stages.map((stage, i) => {
    const plannedDate = planned[i] ?? null;
    if (plannedDate === null) return { plannedDate, late: false, daysLate: 0 };
    const daysLate = Math.max(0, daysBetween(plannedDate, stage.achievedOn ?? today));
    return { plannedDate, late: daysLate > 0, daysLate };
  });
}

/** Index of the current stage: the first one not completed; null when all are done (or there are none). */
export function currentStageIndex(stages: readonly StageFact[]): number | null {
  const i = stages.findIndex((s) => s.achievedOn === null);
  return i < 0 ? null : i;
}

/** A dated deadline with a label (SUBMISSION, CAMERA_READY…). */
export interface Deadline<L extends string = string> {
  label: L;
  date: LocalDate;
}

/** The earliest deadline on or after today, with the whole days left until it (0 on the day); null when all passed. */
export function nextDeadline<L extends string>(
  deadlines: ReadonlyArray<Deadline<L> | null>,
  today: LocalDate,
): (Deadline<L> & { daysLeft: number }) | null {
  let best: Deadline<L> | null = null;
  for (const d of deadlines) if (d && d.date >= today && (best === null || d.date < best.date)) best = d;
  return best && { ...best, daysLeft: daysBetween(today, best.date) };
}
