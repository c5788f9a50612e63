/**
 * Kaggle competition medals and Competitions tiers, from Kaggle's published progression rules
 * (https://www.kaggle.com/progression, read November 2025). Pure functions over plain values.
 */
import type { LocalDate } from './calendar';

/** Kaggle's competition kinds; only FEATURED and RESEARCH award medals. */
export type CompetitionKind = 'FEATURED' | 'RESEARCH' | 'PLAYGROUND' | 'COMMUNITY' | 'GETTING_STARTED';
/** A competition medal, or none. */
export type Medal = 'GOLD' | 'SILVER' | 'BRONZE' | 'NONE';
/** Competitions performance tiers, lowest first. */
export type KaggleTier = 'NOVICE' | 'CONTRIBUTOR' | 'EXPERT' | 'MASTER' | 'GRANDMASTER';

/** The tiers in ascending order. */
export const TIERS: readonly KaggleTier[] = ['NOVICE', 'CONTRIBUTOR', 'EXPERT', 'MASTER', 'GRANDMASTER'];

/** The last rank that earns a medal: `top` fixed places plus `perMille`/1000 of the teams, rounded down. */
interface Cutoff {
  top: number;
  perMille: number;
}

/**
 * Kaggle's competition medal table (source: https://www.kaggle.com/progression, "Competition Medals").
 * Percentages are rounded down, so 9 teams award no gold (10 % of 9 is 0.9). Kept in per-mille integers
 * so that no floating-point product (0.1 × 30 = 3.0000000000000004) can move a boundary.
 */
export const MEDAL_TABLE: ReadonlyArray<{ minTeams: number; gold: Cutoff; silver: Cutoff; bronze: Cutoff }> = [
  { minTeams: 1000, gold: { top: 10, perMille: 2 }, silver: { top: 0, perMille: 50 }, bronze: { top: 0, perMille: 100 } },
  { minTeams: 250, gold: { top: 10, perMille: 2 }, silver: { top: 50, perMille: 0 }, bronze: { top: 100, perMille: 0 } },
  { minTeams: 100, gold: { top: 10, perMille: 0 }, silver: { top: 0, perMille: 200 }, bronze: { top: 0, perMille: 400 } },
  { minTeams: 0, gold: { top: 0, perMille: 100 }, silver: { top: 0, perMille: 200 }, bronze: { top: 0, perMille: 400 } },
];

/** Competition kinds that award medals; Playground, Community and Getting Started award none. */
export function awardsMedals(kind: CompetitionKind): boolean {
  return kind === 'FEATURED' || kind === 'RESEARCH';
}

/** The last rank earning gold, silver and bronze in a medal-awarding competition of `teams` teams. */
export function medalCutoffs(teams: number): { gold: number; silver: number; bronze: number } {
  if (!Number.isInteger(teams) || teams < 1) throw new RangeError(`teams must be a whole number of at least 1, got ${teams}`);
  const row = MEDAL_TABLE.find((r) => teams >= r.minTeams)!;
  const last = (c: Cutoff) => Math.min(teams, c.top + Math.floor((teams * c.perMille) / 1000));
  return { gold: last(row.gold), silver: last(row.silver), bronze: last(row.bronze) };
}

/** The medal a team ranked `rank` of `teams` earns in a competition of `kind`. */
export function medalFor(kind: CompetitionKind, teams: number, rank: number): Medal {
  const cut = medalCutoffs(teams);
  if (!Number.isInteger(rank) || rank < 1 || rank > teams) throw new RangeError(`rank must be from 1 to ${teams}, got ${rank}`);
  if (!awardsMedals(kind)) return 'NONE';
  if (rank <= cut.gold) return 'GOLD';
  if (rank <= cut.silver) return 'SILVER';
  if (rank <= cut.bronze) return 'BRONZE';
  return 'NONE';
}

/** One competition result as the tier rules see it. */
export interface MedalResult {
  medal: Medal;
  teamSize: number;
  date?: LocalDate;
}

/** Medals by colour; `soloGold` counts the golds won by a team of one. */
export interface MedalCounts {
  gold: number;
  silver: number;
  bronze: number;
  soloGold: number;
}

/** Counts the medals of a list of results. */
export function countMedals(results: readonly MedalResult[]): MedalCounts {
  const counts: MedalCounts = { gold: 0, silver: 0, bronze: 0, soloGold: 0 };
  for (const r of results) {
    if (r.medal === 'GOLD') {
      counts.gold++;
      if (r.teamSize === 1) counts.soloGold++;
    } else if (r.medal === 'SILVER') counts.silver++;
    else if (r.medal === 'BRONZE') counts.bronze++;
  }
  return counts;
}

/** What is still needed for a tier. Each medal fills one requirement; a better medal may fill a lesser one. */
export interface MissingMedals {
  /** Golds still needed. */
  gold: number;
  /** Silver-or-better medals still needed beyond the golds above. */
  silver: number;
  /** Bronze-or-better medals still needed beyond the medals above. */
  bronze: number;
  /** Solo golds still needed; each also counts toward `gold`. */
  soloGold: number;
  /** Competition results still to log (Contributor needs one). */
  entries: number;
}

/**
 * What `counts` lacks for `tier`. Kaggle's rules, with every medal filling at most one requirement and a
 * better medal allowed to fill a lesser requirement ("golds count toward the silvers"):
 * - CONTRIBUTOR: one result logged (Kaggle also wants a completed profile, which hoego cannot see).
 * - EXPERT: 2 bronze-or-better medals.
 * - MASTER: 1 gold and 2 more silver-or-better medals (so 3 golds, or 2 golds and a silver, also qualify).
 * - GRANDMASTER: 5 golds, at least one of them won solo (team size 1).
 */
export function missingFor(tier: KaggleTier, counts: MedalCounts, entries: number): MissingMedals {
  const none: MissingMedals = { gold: 0, silver: 0, bronze: 0, soloGold: 0, entries: 0 };
  switch (tier) {
    case 'NOVICE':
      return none;
    case 'CONTRIBUTOR':
      return { ...none, entries: Math.max(0, 1 - entries) };
    case 'EXPERT':
      return { ...none, bronze: Math.max(0, 2 - counts.gold - counts.silver - counts.bronze) };
    case 'MASTER': {
      const spareGolds = Math.max(0, counts.gold - 1);
      return { ...none, gold: Math.max(0, 1 - counts.gold), silver: Math.max(0, 2 - counts.silver - spareGolds) };
    }
    case 'GRANDMASTER':
      return { ...none, gold: Math.max(0, 5 - counts.gold), soloGold: Math.max(0, 1 - counts.soloGold) };
  }
}

function meets(m: MissingMedals): boolean {
  return m.gold === 0 && m.silver === 0 && m.bronze === 0 && m.soloGold === 0 && m.entries === 0;
}

/** The highest tier whose requirements (see {@link missingFor}) `counts` meets. */
export function tierOf(counts: MedalCounts, entries: number): KaggleTier {
  let tier: KaggleTier = 'NOVICE';
  for (const t of TIERS) if (meets(missingFor(t, counts, entries))) tier = t;
  return tier;
}

/** Where a competitor stands: tier, the tier after it, and what that next tier still needs. */
export interface KaggleStanding {
  tier: KaggleTier;
  nextTier: KaggleTier | null;
  medals: MedalCounts;
  missing: MissingMedals | null;
  /** The missing medals in words, e.g. "1 gold medal"; null at the top tier. */
  summary: string | null;
}

/** The standing of a list of results (every result counts as an entry). */
export function kaggleStanding(results: readonly MedalResult[]): KaggleStanding {
  const medals = countMedals(results);
  const tier = tierOf(medals, results.length);
  const nextTier = TIERS[TIERS.indexOf(tier) + 1] ?? null;
  const missing = nextTier === null ? null : missingFor(nextTier, medals, results.length);
  return { tier, nextTier, medals, missing, summary: missing && describeMissing(missing) };
}

/** One line of what a tier still needs: `count` more medals of `medal` or better (NONE: results of any medal). */
export interface MedalCount {
  medal: Medal;
  count: number;
}

/**
 * What a tier still needs, as a list of medal counts, best medal first; medals not needed are left out (a tier
 * already met gives an empty list).
 * - GOLD: golds still needed. Grandmaster's "at least one gold won solo" is one of them: the count is the larger of
 *   the golds and the solo golds still needed, so five team golds and no solo one read GOLD 1 (the gold must be won
 *   solo; {@link MissingMedals.soloGold} says so).
 * - SILVER, BRONZE: silver-or-better and bronze-or-better medals still needed beyond the ones above.
 * - NONE: competition results of any medal still to log (Contributor needs one).
 */
export function missingMedalCounts(m: MissingMedals): MedalCount[] {
  const counts: MedalCount[] = [
    { medal: 'GOLD', count: Math.max(m.gold, m.soloGold) },
    { medal: 'SILVER', count: m.silver },
    { medal: 'BRONZE', count: m.bronze },
    { medal: 'NONE', count: m.entries },
  ];
  return counts.filter((c) => c.count > 0);
}

/** "1 gold medal", "2 bronze medals or better", "1 gold medal, won solo"… */
export function describeMissing(m: MissingMedals): string {
  const n = (count: number, what: string) => `${count} ${what} medal${count === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (m.entries > 0) parts.push(`${m.entries} competition result${m.entries === 1 ? '' : 's'}`);
  if (m.gold > 0 && m.soloGold > 0) parts.push(m.gold === 1 ? '1 gold medal, won solo' : `${n(m.gold, 'gold')}, at least one won solo`);
  else if (m.gold > 0) parts.push(n(m.gold, 'gold'));
  else if (m.soloGold > 0) parts.push(n(m.soloGold, 'solo gold'));
  if (m.silver > 0) parts.push(`${n(m.silver, 'silver')} or better`);
  if (m.bronze > 0) parts.push(`${n(m.bronze, 'bronze')} or better`);
  return parts.join(' and ');
}

/**
 * The day each tier was first reached, from dated results (results on the same day count together).
 * Tiers never reached are absent; NOVICE is absent too (it needs no day).
 */
export function tierDates(results: ReadonlyArray<MedalResult & { date: LocalDate }>): Partial<Record<KaggleTier, LocalDate>> {
  const sorted = [...results].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const reached: Partial<Record<KaggleTier, LocalDate>> = {};
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1].date === sorted[i].date) continue;
    const tier = tierOf(countMedals(sorted.slice(0, i + 1)), i + 1);
    for (const t of TIERS.slice(1, TIERS.indexOf(tier) + 1)) reached[t] ??= sorted[i].date;
  }
  return reached;
}
