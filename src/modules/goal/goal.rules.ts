import { MAX_SUPPORTED_DATE, MIN_SUPPORTED_DATE, isSupportedDate } from '../../domain/calendar';
import { badInput } from '../../errors';
import type { GoalKindValue, TargetTypeValue } from './goal.entity';

/** The fields of a goal that rules constrain, after defaults are applied. */
export interface GoalShape {
  title: string;
  kind: GoalKindValue;
  description: string | null;
  unit: string | null;
  target: number | null;
  targetType: TargetTypeValue;
  frequencyTimes: number | null;
  frequencyPerDays: number | null;
  /** Habits: ISO weekdays (1 = Monday … 7 = Sunday) to do it on, or null for any day. */
  weekdays: number[] | null;
  startDate: string;
  dueDate: string | null;
  tags: string[];
}

const MAX_TAGS = 20;

/** Weekdays in ascending order without repeats; null stays null (any day). */
export function normalizeWeekdays(weekdays: readonly number[] | null | undefined): number[] | null {
  if (weekdays == null) return null;
  for (const d of weekdays) {
    if (!Number.isInteger(d) || d < 1 || d > 7)
      throw badInput('frequency.weekdays', `each weekday must be 1 (Monday) to 7 (Sunday), got ${d}`);
  }
  if (weekdays.length === 0) throw badInput('frequency.weekdays', 'must name at least one weekday, or be left out for any day');
  return [...new Set(weekdays)].sort((a, b) => a - b);
}

/** Trims and de-duplicates tags, keeping their first order. */
export function normalizeTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag.length === 0 || tag.length > 40) throw badInput('tags', `each tag must be 1–40 characters, got ${JSON.stringify(raw)}`);
    if (!seen.has(tag)) {
      seen.add(tag);
      out.push(tag);
    }
  }
  if (out.length > MAX_TAGS) throw badInput('tags', `at most ${MAX_TAGS} tags, got ${out.length}`);
  return out;
}

/** Largest target a goal may have (a log's value is bounded by the same amount). */
export const MAX_TARGET = 1e12;

/**
 * Checks a goal against the rules of its kind and throws BAD_USER_INPUT naming the first offending field.
 * Dates arrive already checked as real calendar dates by the LocalDate scalar.
 */

export function checkGoalShape(goal: GoalShape): void {
  if (goal.title.trim().length === 0) throw badInput('title', 'is required');
  if (goal.title.length > 200) throw badInput('title', `must be at most 200 characters, got ${goal.title.length}`);
  if (goal.description !== null && goal.description.length > 10_000) throw badInput('description', 'must be at most 10000 characters');
  if (goal.unit !== null && (goal.unit.trim().length === 0 || goal.unit.length > 40)) throw badInput('unit', 'must be 1–40 characters');
  if (goal.target !== null) {
    // Bounded like a log's value, so pace and progress derived from it stay finite.
    if (!Number.isFinite(goal.target) || goal.target <= 0 || goal.target > MAX_TARGET) {
      throw badInput('target', `must be a number greater than 0 and at most ${MAX_TARGET}, got ${goal.target}`);
    }
  }
  // The GraphQL scalar already checks dates; services are also called by the CLI, the demo and templates.
  for (const [field, date] of [
    ['startDate', goal.startDate],
    ['dueDate', goal.dueDate],
  ] as const) {
    if (date !== null && !isSupportedDate(date))
      throw badInput(field, `must be a date from ${MIN_SUPPORTED_DATE} to ${MAX_SUPPORTED_DATE}, got ${JSON.stringify(date)}`);
  }
  if (goal.dueDate !== null && goal.dueDate < goal.startDate) {
    throw badInput('dueDate', `must be on or after startDate (${goal.startDate}), got ${goal.dueDate}`);
  }
  switch (goal.kind) {
    case 'HABIT': {
      const times = goal.frequencyTimes;
      const perDays = goal.frequencyPerDays;
      if (times === null || perDays === null) throw badInput('frequency', 'is required for a habit');
      if (!Number.isInteger(times) || times < 1) throw badInput('frequency.times', `must be a whole number of at least 1, got ${times}`);
      if (!Number.isInteger(perDays) || perDays < times) {
        throw badInput('frequency.perDays', `must be a whole number of at least times (${times}), got ${perDays}`);
      }
      if (perDays > 365) throw badInput('frequency.perDays', `must be at most 365, got ${perDays}`);
      break;
    }
    case 'TARGET':
      if (goal.weekdays !== null) throw badInput('frequency.weekdays', 'applies to habits only');
      if (goal.target === null) throw badInput('target', 'is required for a TARGET goal');
      if (goal.frequencyTimes !== null) throw badInput('frequency', 'applies to habits only');
      break;
    case 'MILESTONES':
      if (goal.weekdays !== null) throw badInput('frequency.weekdays', 'applies to habits only');
      if (goal.target !== null) throw badInput('target', 'does not apply to a MILESTONES goal (its milestones are its target)');
      if (goal.frequencyTimes !== null) throw badInput('frequency', 'applies to habits only');
      break;
  }
}
