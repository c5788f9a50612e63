/**
 * Generated planche training for the demo: daily-ish workouts from mid-2019 to the end of 2021 that climb the
 * SKILL_LADDER_PLANCHE ladder. Each phase trains one level, with holds that grow from a first attempt to a little
 * past the level's criterion by the phase's end, so the level is reached around then; the level before is kept
 * up with two easy holds, and push-ups add reps. Plain data, deterministic for a given generator.
 */
import { epochDay } from '../domain/year-review';
import type { Random } from './random';

/** One generated set. */
export interface DemoSet {
  exercise: string;
  reps?: number;
  holdSeconds?: number;
}

/** One generated workout. */
export interface DemoWorkout {
  date: string;
  hour: number;
  durationMinutes: number;
  feeling: number;
  sets: DemoSet[];
}

/** The phases: the level trained, the last day of its phase, and the working hold at its start and end (seconds). */
const PHASES = [
  { exercise: 'planche lean', until: '2019-09-20', hold: [12, 31], keep: 32 },
  { exercise: 'tuck planche', until: '2020-03-15', hold: [3, 11], keep: 12 },
  { exercise: 'advanced tuck planche', until: '2020-11-10', hold: [2, 11], keep: 12 },
  { exercise: 'straddle planche', until: '2021-10-20', hold: [1, 11], keep: 11 },
  { exercise: 'half lay planche', until: '2022-12-31', hold: [1, 8], keep: 8 },
] as const;

export const TRAINING_FROM = '2019-07-01';
const TRAINING_TO = '2021-12-31';

/** How often a day has a workout, by year. */
function chanceOn(date: string): number {
  return date < '2020-01-01' ? 0.75 : date < '2021-01-01' ? 0.93 : 0.88;
}

/** The workout of `date`, or null when that day had none; call once per day, in order, with one generator. */
export function plancheWorkout(rng: Random, date: string): DemoWorkout | null {
  if (date < TRAINING_FROM || date > TRAINING_TO || !rng.chance(chanceOn(date))) return null;
  const index = PHASES.findIndex((p) => date <= p.until);
  const phase = PHASES[index];
  const phaseFrom = index === 0 ? TRAINING_FROM : PHASES[index - 1].until;
  const share = (epochDay(date) - epochDay(phaseFrom)) / (epochDay(phase.until) - epochDay(phaseFrom));
  const base = phase.hold[0] + (phase.hold[1] - phase.hold[0]) * share;
  const sets: DemoSet[] = [];
  if (index > 0) {
    const before = PHASES[index - 1];
    for (let i = 0; i < 2; i++) sets.push({ exercise: before.exercise, holdSeconds: before.keep + rng.int(0, 4) });
  }
  for (let i = 0; i < 3; i++) sets.push({ exercise: phase.exercise, holdSeconds: Math.max(1, Math.round(base + rng.int(-2, 1))) });
  const whole = (epochDay(date) - epochDay(TRAINING_FROM)) / (epochDay(TRAINING_TO) - epochDay(TRAINING_FROM));
  for (let i = 0; i < 3; i++) sets.push({ exercise: 'push-ups', reps: Math.round(12 + 18 * whole) + rng.int(-3, 3) });
  return { date, hour: rng.pick([7, 21]), durationMinutes: rng.int(4, 12) * 5, feeling: rng.int(3, 5), sets };
}
