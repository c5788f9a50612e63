import { normalizeExercise } from '../../domain/ladder';
import { badInput } from '../../errors';

const MAX_SETS = 200;

/** A set as the client gives it: reps, a hold in seconds, or both. */
export interface SetInput {
  exercise: string;
  reps?: number | null;
  holdSeconds?: number | null;
  /** Negative for assistance (a band). */
  addedWeightKg?: number | null;
  rpe?: number | null;
}

/** A set after checking, ready to store. */
export interface CheckedSet {
  exercise: string;
  reps: number | null;
  holdSeconds: number | null;
  /** Added weight in kg (the input's addedWeightKg; stored in weight_kg). */
  weightKg: number | null;
  rpe: number | null;
}

function inRange(field: string, value: number | null | undefined, min: number, max: number, integer: boolean): number | null {
  if (value == null) return null;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw badInput(field, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Checks the scalar fields of a workout; null where the input has none. */
export function checkWorkoutFields(input: { durationMinutes?: number | null; feeling?: number | null; note?: string | null }): {
  durationMinutes: number | null;
  feeling: number | null;
  note: string | null;
} {
  const note = input.note ?? null;
  if (note !== null && note.length > 10_000) throw badInput('note', `must be at most 10000 characters, got ${note.length}`);
  return {
    durationMinutes: inRange('durationMinutes', input.durationMinutes, 1, 1440, true),
    feeling: inRange('feeling', input.feeling, 1, 5, true),
    note,
  };
}

/** Checks sets and normalises exercise names; errors name the set, e.g. `sets[2].holdSeconds`. */
export function checkSets(sets: readonly SetInput[]): CheckedSet[] {
  if (sets.length > MAX_SETS) throw badInput('sets', `at most ${MAX_SETS} sets per workout, got ${sets.length}`);
  return sets.map((s, i) => {
    const at = `sets[${i}]`;
    const exercise = normalizeExercise(s.exercise);
    if (exercise.length === 0 || exercise.length > 100)
      throw badInput(`${at}.exercise`, `must be 1–100 characters, got ${JSON.stringify(s.exercise)}`);
    const reps = inRange(`${at}.reps`, s.reps, 0, 10_000, true);
    const holdSeconds = inRange(`${at}.holdSeconds`, s.holdSeconds, 0, 36_000, false);
    if (reps === null && holdSeconds === null) throw badInput(`${at}.reps`, 'give reps, holdSeconds or both');
    return {
      exercise,
      reps,
      holdSeconds,
      weightKg: inRange(`${at}.addedWeightKg`, s.addedWeightKg, -500, 1000, false),
      rpe: inRange(`${at}.rpe`, s.rpe, 1, 10, false),
    };
  });
}
