/**
 * Skill ladders and training records: which level of an ordered ladder of exercises (planche lean → … → full
 * planche) a person has reached, how far their best recent sets are from the next level, personal records
 * and weekly volume. Pure functions over plain workout sessions.
 *
 * Weights are signed: positive kilograms are added load, negative kilograms are assistance (a band, a
 * counterweight). So "more is better" holds for every column, and a record assistance of −5 kg beats −10 kg.
 */
import { DateTime } from 'luxon';
import { type LocalDate, addDays } from './calendar';

/** One set as the ladder maths sees it. Null means "not measured" (a hold has no reps). */
export interface SetRecord {
  exercise: string;
  reps: number | null;
  holdSeconds: number | null;
  weightKg: number | null;
}

/** The sets of one workout, on its local date. */
export interface Session {
  date: LocalDate;
  sets: SetRecord[];
}

/**
 * What advances a level: at least `sets` sets in one session, each meeting every given minimum
 * (reps, hold seconds, weight — an unweighted set counts as 0 kg).
 */
export interface Criterion {
  sets: number;
  reps: number | null;
  holdSeconds: number | null;
  weightKg: number | null;
}

/** One rung of a ladder. */
export interface Level {
  exercise: string;
  criterion: Criterion;
}

/** How far the best recent session is from a level's criterion. */
export interface Gap {
  /** Most sets meeting the criterion in one recent session. */
  bestSessionSets: number;
  bestReps: number | null;
  bestHoldSeconds: number | null;
  bestWeightKg: number | null;
  missingSets: number;
  /** Null where the criterion sets no minimum. */
  missingReps: number | null;
  missingHoldSeconds: number | null;
  missingWeightKg: number | null;
  /** 0–1: the best recent session's share of the criterion (1 = met). */
  progress: number;
}

/** Where a person stands on a ladder. */
export interface LadderStatus {
  /** For each level, the first day its criterion was met; null if never. */
  reachedOn: Array<LocalDate | null>;
  /** Index of the highest level whose criterion has been met; null when none has. */
  current: number | null;
  /** Index of the level after `current` (the first level when none is met); null at the top. */
  next: number | null;
  /** The next level's gap over the recent window; null at the top. */
  gap: Gap | null;
  /**
   * The longest hold in the recent window of the next level's exercise, or of the current level's at the top;
   * null when there is none.
   */
  bestHoldSeconds: number | null;
}

/** Exercise names are compared trimmed, with inner whitespace collapsed and lower-cased ("Tuck  Planche" = "tuck planche"). */
export function normalizeExercise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** True when one set meets every minimum of the criterion. */
export function setMeets(set: SetRecord, c: Criterion): boolean {
  return setShare(set, c) >= 1;
}

/** 0–1: how much of the criterion one set achieves; reps and holds count in proportion, weight is met or not. */
function setShare(set: SetRecord, c: Criterion): number {
  let share = 1;
  if (c.reps !== null) share = Math.min(share, Math.min(1, (set.reps ?? 0) / c.reps));
  if (c.holdSeconds !== null) share = Math.min(share, Math.min(1, (set.holdSeconds ?? 0) / c.holdSeconds));
  if (c.weightKg !== null && (set.weightKg ?? 0) < c.weightKg) share = 0;
  return Math.max(0, share);
}

/** 0–1 for one session: the mean share of its best `sets` sets of the exercise (missing sets count 0). */
function sessionShare(sets: SetRecord[], c: Criterion): number {
  const shares = sets.map((s) => setShare(s, c)).sort((a, b) => b - a);
  let sum = 0;
  for (let i = 0; i < c.sets; i++) sum += shares[i] ?? 0;
  return sum / c.sets;
}

function setsOf(session: Session, exercise: string): SetRecord[] {
  const key = normalizeExercise(exercise);
  return session.sets.filter((s) => normalizeExercise(s.exercise) === key);
}

/**
 * A criterion in words, e.g. "3 × 10 s holds" or "2 × 5 reps, +20 kg"; a negative weight
 * reads as assistance ("at most 10 kg assistance").
 */
export function describeCriterion(c: Criterion): string {
  // "3 × 10 s holds", "3 × 8 reps", "3 × 5 reps with 3 s holds, at most 10 kg assistance": sets × what each must reach.
  const each =
    c.reps !== null && c.holdSeconds !== null
      ? `${c.reps} reps with ${c.holdSeconds} s holds`
      : c.reps !== null
        ? `${c.reps} reps`
        : `${c.holdSeconds} s holds`;
  const weight = c.weightKg === null ? '' : c.weightKg >= 0 ? `, +${c.weightKg} kg` : `, at most ${-c.weightKg} kg assistance`;
  return `${c.sets} × ${each}${weight}`;
}

/** The longest hold in seconds among the sets of `exercise` in `sessions` (compared normalised); null when none has a hold. */
export function bestHoldSeconds(exercise: string, sessions: readonly Session[]): number | null {
  let best: number | null = null;
  for (const session of sessions) {
    for (const s of setsOf(session, exercise)) if (s.holdSeconds !== null && (best === null || s.holdSeconds > best)) best = s.holdSeconds;
  }
  return best;
}

/** The first day a session met the level's criterion, or null. */
export function levelReachedOn(level: Level, sessions: readonly Session[]): LocalDate | null {
  let first: LocalDate | null = null;
  for (const session of sessions) {
    const qualifying = setsOf(session, level.exercise).filter((s) => setMeets(s, level.criterion)).length;
    if (qualifying >= level.criterion.sets && (first === null || session.date < first)) first = session.date;
  }
  return first;
}

/** Index of the highest level whose criterion some session has met (lower ones need not be); null when none. */
export function highestLevelReached(levels: readonly Level[], sessions: readonly Session[]): number | null {
  for (let i = levels.length - 1; i >= 0; i--) if (levelReachedOn(levels[i], sessions) !== null) return i;
  return null;
}

/** The gap between the criterion and the best of `sessions` (callers pass only the recent ones). */
export function gapTo(level: Level, sessions: readonly Session[]): Gap {
  const c = level.criterion;
  let bestSessionSets = 0;
  let progress = 0;
  const best = { reps: null as number | null, holdSeconds: null as number | null, weightKg: null as number | null };
  const max = (a: number | null, b: number | null) => (b === null ? a : a === null ? b : Math.max(a, b));
  for (const session of sessions) {
    const sets = setsOf(session, level.exercise);
    bestSessionSets = Math.max(bestSessionSets, sets.filter((s) => setMeets(s, c)).length);
    progress = Math.max(progress, sessionShare(sets, c));
    for (const s of sets) {
      best.reps = max(best.reps, s.reps);
      best.holdSeconds = max(best.holdSeconds, s.holdSeconds);
      best.weightKg = max(best.weightKg, s.weightKg ?? 0);
    }
  }
  const short = (need: number | null, have: number | null) => (need === null ? null : Math.max(0, need - (have ?? 0)));
  return {
    bestSessionSets,
    bestReps: best.reps,
    bestHoldSeconds: best.holdSeconds,
    bestWeightKg: best.weightKg,
    missingSets: Math.max(0, c.sets - bestSessionSets),
    missingReps: short(c.reps, best.reps),
    missingHoldSeconds: short(c.holdSeconds, best.holdSeconds),
    missingWeightKg: c.weightKg === null ? null : Math.max(0, c.weightKg - (best.weightKg ?? 0)),
    progress: Math.min(1, progress),
  };
}

/**
 * The ladder status on `today`. The current level is the highest whose criterion has ever been met (lower
 * levels are not required: someone may skip a rung). The gap to the next level looks at sessions of the
 * last `recentDays` days up to today.
 */
export function ladderStatus(
  levels: readonly Level[],
  sessions: readonly Session[],
  opts: { today: LocalDate; recentDays: number },
): LadderStatus {
  const past = sessions.filter((s) => s.date <= opts.today);
  const reachedOn = levels.map((level) => levelReachedOn(level, past));
  let current: number | null = null;
  for (let i = 0; i < reachedOn.length; i++) if (reachedOn[i] !== null) current = i;
  const nextIndex = current === null ? 0 : current + 1;
  const next = nextIndex < levels.length ? nextIndex : null;
  const since = addDays(opts.today, -(opts.recentDays - 1));
  const recent = past.filter((s) => s.date >= since);
  const focus = next ?? current;
  return {
    reachedOn,
    current,
    next,
    gap: next === null ? null : gapTo(levels[next], recent),
    bestHoldSeconds: focus === null ? null : bestHoldSeconds(levels[focus].exercise, recent),
  };
}

/** Best values of one exercise, each with the day it was set (the first day, on ties). */
export interface PersonalRecord {
  exercise: string;
  maxHoldSeconds: number | null;
  maxHoldOn: LocalDate | null;
  maxReps: number | null;
  maxRepsOn: LocalDate | null;
  maxWeightKg: number | null;
  maxWeightOn: LocalDate | null;
  totalSets: number;
}

/** Personal records per exercise (normalised names), in the order of `exercises`, or of first appearance. */
export function personalRecords(sessions: readonly Session[], exercises?: readonly string[]): PersonalRecord[] {
  const ordered = [...sessions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const byExercise = new Map<string, PersonalRecord>();
  for (const name of exercises ?? []) byExercise.set(normalizeExercise(name), emptyRecord(normalizeExercise(name)));
  for (const session of ordered) {
    for (const set of session.sets) {
      const key = normalizeExercise(set.exercise);
      if (exercises && !byExercise.has(key)) continue;
      const pr = byExercise.get(key) ?? emptyRecord(key);
      byExercise.set(key, pr);
      pr.totalSets++;
      if (set.holdSeconds !== null && (pr.maxHoldSeconds === null || set.holdSeconds > pr.maxHoldSeconds)) {
        pr.maxHoldSeconds = set.holdSeconds;
        pr.maxHoldOn = session.date;
      }
      if (set.reps !== null && (pr.maxReps === null || set.reps > pr.maxReps)) {
        pr.maxReps = set.reps;
        pr.maxRepsOn = session.date;
      }
      if (set.weightKg !== null && (pr.maxWeightKg === null || set.weightKg > pr.maxWeightKg)) {
        pr.maxWeightKg = set.weightKg;
        pr.maxWeightOn = session.date;
      }
    }
  }
  return [...byExercise.values()];
}

function emptyRecord(exercise: string): PersonalRecord {
  return {
    exercise,
    maxHoldSeconds: null,
    maxHoldOn: null,
    maxReps: null,
    maxRepsOn: null,
    maxWeightKg: null,
    maxWeightOn: null,
    totalSets: 0,
  };
}

/** The ISO week of a date: its label ("2021-W01") and its Monday. */
export function isoWeekOf(date: LocalDate): { week: string; start: LocalDate } {
  const dt = DateTime.fromISO(date, { zone: 'utc' });
  if (!dt.isValid) throw new RangeError(`Invalid local date: ${JSON.stringify(date)}`);
  return { week: `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`, start: addDays(date, 1 - dt.weekday) };
}

/** Training volume of one ISO week. */
export interface WeekVolume {
  week: string;
  weekStart: LocalDate;
  sessions: number;
  sets: number;
  reps: number;
  holdSeconds: number;
}

/**
 * Volume per ISO week for the `weeks` weeks ending with the week of `today` (oldest first, empty weeks
 * included). Only sets of `exercises` count when given; a session counts when it has at least one counted set
 * (or, without an exercise filter, always).
 */
export function weeklyVolume(
  sessions: readonly Session[],
  opts: { today: LocalDate; weeks: number; exercises?: readonly string[] },
): WeekVolume[] {
  const lastStart = isoWeekOf(opts.today).start;
  const out: WeekVolume[] = [];
  for (let i = opts.weeks - 1; i >= 0; i--) {
    const weekStart = addDays(lastStart, -7 * i);
    out.push({ week: isoWeekOf(weekStart).week, weekStart, sessions: 0, sets: 0, reps: 0, holdSeconds: 0 });
  }
  const byStart = new Map(out.map((w) => [w.weekStart, w]));
  const keys = opts.exercises ? new Set(opts.exercises.map(normalizeExercise)) : null;
  for (const session of sessions) {
    const week = byStart.get(isoWeekOf(session.date).start);
    if (!week || session.date > opts.today) continue;
    const sets = keys ? session.sets.filter((s) => keys.has(normalizeExercise(s.exercise))) : session.sets;
    if (keys && sets.length === 0) continue;
    week.sessions++;
    week.sets += sets.length;
    for (const s of sets) {
      week.reps += s.reps ?? 0;
      week.holdSeconds += s.holdSeconds ?? 0;
    }
  }
  return out;
}
