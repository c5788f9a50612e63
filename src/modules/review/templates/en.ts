import type { KaggleTier, MissingMedals } from '../../../domain/kaggle';
import type { TrendWord } from '../../../domain/rating';
import type { StandingStatus } from '../../../domain/standing';
import type { KindFacts, Messages } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const STATUS: Record<StandingStatus, string> = {
  NOT_STARTED: 'not started',
  ACTIVE: 'in progress',
  PAUSED: 'paused',
  ACHIEVED: 'achieved',
  ABANDONED: 'abandoned',
  ARCHIVED: 'archived',
};

const TIERS: Record<KaggleTier, string> = {
  NOVICE: 'Novice',
  CONTRIBUTOR: 'Contributor',
  EXPERT: 'Expert',
  MASTER: 'Master',
  GRANDMASTER: 'Grandmaster',
};
const TRENDS: Record<TrendWord, string> = { IMPROVING: 'improving', STEADY: 'steady', DECLINING: 'declining' };

const parts = (d: string) => ({ y: Number(d.slice(0, 4)), m: Number(d.slice(5, 7)), d: Number(d.slice(8, 10)) });
const plural = (n: string, one: string, many: string) => `${n} ${n === '1' ? one : many}`;
const short = (d: string) => `${parts(d).d} ${MONTHS[parts(d).m - 1].slice(0, 3)}`;

function rule(times: number, perDays: number): string {
  if (perDays === 1) return 'every day';
  if (times === 1) return `once every ${perDays} days`;
  return `${times} times every ${perDays} days`;
}

function kind(f: KindFacts): string {
  const unit = f.unit ? ` ${f.unit}` : '';
  switch (f.kind) {
    case 'HABIT': {
      const every = rule(f.times ?? 1, f.perDays ?? 1);
      if (f.target === null) return `Habit · ${every}`;
      const per = (f.perDays ?? 1) === 1 ? 'a day' : `every ${f.perDays} days`;
      return `Habit · ${f.targetType === 'AT_LEAST' ? 'at least' : 'at most'} ${f.target}${unit} ${per}`;
    }
    case 'TARGET':
      return f.targetType === 'AT_LEAST' ? `Target · reach ${f.target}${unit}` : `Target · stay at or under ${f.target}${unit}`;
    case 'MILESTONES':
      return 'Milestones';
  }
}

/** A list as one reads it: 'a', 'a and b', 'a, b and c'. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function medals(m: { gold: number; silver: number; bronze: number }): string {
  const won = (['gold', 'silver', 'bronze'] as const).filter((c) => m[c] > 0).map((c) => `${m[c]} ${c}`);
  return won.length === 0 ? 'no medal this year' : list(won);
}

/** What a tier still needs, as Kaggle words it: '1 gold medal', '2 bronze medals or better'… */
function missing(m: MissingMedals, next: KaggleTier): string {
  const n = (count: number, what: string) => `${count} ${what} medal${count === 1 ? '' : 's'}`;
  const needs: string[] = [];
  if (m.entries > 0) needs.push(plural(String(m.entries), 'competition result', 'competition results'));
  if (m.gold > 0 && m.soloGold > 0) needs.push(m.gold === 1 ? '1 gold medal (won solo)' : `${n(m.gold, 'gold')} (one of them solo)`);
  else if (m.gold > 0) needs.push(n(m.gold, 'gold'));
  else if (m.soloGold > 0) needs.push(n(m.soloGold, 'solo gold'));
  if (m.silver > 0) needs.push(`${n(m.silver, 'silver')} or better`);
  if (m.bronze > 0) needs.push(`${n(m.bronze, 'bronze')} or better`);
  return `${list(needs)} to ${TIERS[next]}`;
}

/** English. */
export const en: Messages = {
  lang: 'en',
  monthNames: MONTHS,
  monthShort: MONTHS.map((m) => m.slice(0, 3)),
  monthInitial: MONTHS.map((m) => m.slice(0, 1)),
  weekdayNames: WEEKDAYS,
  weekdayShort: WEEKDAYS.map((w) => w.slice(0, 3)),
  date: (d) => `${parts(d).d} ${MONTHS[parts(d).m - 1]} ${parts(d).y}`,
  shortDate: short,
  span: (a, b) => (a === b ? short(a) : `${short(a)} – ${short(b)}`),

  title: (year) => `${year}: a year in review`,
  draftNote: (year, zone, through) =>
    `A first draft, put together by hoego from what you logged in ${year} (days as lived in ${zone})` +
    `${through ? `, up to ${short(through)}` : ''}. Rewrite it in your own words.`,
  atAGlance: 'The year at a glance',
  logsOnDays: (logs, days) => `${plural(logs, 'log', 'logs')} on ${plural(days, 'day', 'days')}`,
  previousYearLine: (year, logs, days, lc, dc) =>
    `Compared with ${year} (${plural(logs, 'log', 'logs')} on ${plural(days, 'day', 'days')}): ${lc} logs, ${dc} active days`,
  firstYear: 'No earlier year to compare with: this is the first one in hoego.',
  achievedLine: (goals, milestones) => `Goals achieved: ${goals} · milestones reached: ${milestones}`,
  busiestMonth: (month, logs) => `Busiest month: ${month} (${plural(logs, 'log', 'logs')})`,
  busiestWeekday: (weekday, logs) => `Busiest weekday: ${weekday} (${plural(logs, 'log', 'logs')})`,
  longestStreak: (goal, days, span) => `Longest streak: ${goal}, ${plural(days, 'day', 'days')} in a row (${span})`,
  noLogs: 'Nothing was logged this year.',

  goalsHeading: 'Goal by goal',
  noGoals: 'No goals were open this year.',
  kind,
  status: (s) => STATUS[s],
  startToEnd: (start, end) => `${start} at the start of the year → ${end} at the end`,
  whatHappened: (logs, days, total) =>
    `What happened: ${plural(logs, 'log', 'logs')} on ${plural(days, 'day', 'days')}${total ? `, ${total} in all` : ''}.`,
  nothingLogged: 'What happened: nothing logged this year.',
  monthsLine: 'Logs per month',
  streakLine: (days, span) => `Longest streak: ${plural(days, 'day', 'days')}${span ? ` (${span})` : ''}.`,
  dayRunLine: (days, span) => `Most days in a row with a log: ${days}${span ? ` (${span})` : ''}.`,
  scoreLine: (percent) => `Habit strength at the end of the year: ${percent}.`,
  comparedWith: (year, lc, dc, tc) => `Compared with ${year}: ${lc} logs, ${dc} active days${tc ? `, ${tc} in total` : ''}.`,
  newThisYear: 'New this year: nothing to compare with.',
  milestonesReached: 'Milestones reached',
  achievedOn: (date) => `Achieved on ${date}.`,
  achievedEarlier: 'Achieved before this year.',
  amountToGo: (amount) => `${amount} to go.`,
  allowanceLeft: (amount) => `${amount} of the allowance left.`,
  nextMilestone: (title, open, all) => `Next milestone: ${title} (${open} of ${all} still open).`,
  keepGoing: 'Still going.',
  outcome: 'Where it stands',
  progressAtEnd: (current, target, percent) => `Progress: ${current}${target ? ` of ${target}` : ''}${percent ? ` (${percent})` : ''}.`,

  kaggleTier: (tier) => (tier === 'NOVICE' ? 'Novice' : `Competitions ${TIERS[tier]}`),
  kaggleMedals: medals,
  kaggleMissing: missing,
  kaggleLine: (tier, won, needs) => `Kaggle: ${tier}, ${won}${needs ? `; ${needs}` : ''}.`,
  kaggleTiersReached: (reached) => `Tiers reached this year: ${list(reached.map((r) => `${TIERS[r.tier]} on ${r.date}`))}.`,

  ladderLine: (reached, atEnd, next) => {
    const then = next ? `; next: ${next}` : '; the top of the ladder';
    if (reached.length > 0) return `Ladder: reached ${list(reached.map((r) => `${r.exercise} (${r.date})`))}${then}.`;
    return atEnd ? `Ladder: still at ${atEnd}${then}.` : `Ladder: no level reached yet${then}.`;
  },
  ladderVolume: (sessions, sets, reps, holds) =>
    `Training on the ladder: ${plural(sessions, 'session', 'sessions')}, ${plural(sets, 'set', 'sets')}${reps ? `, ${reps} reps` : ''}${holds ? `, ${holds} s of holds` : ''}.`,

  pipelineTarget: (venue, deadline) => (venue ? `Aimed at ${venue}, submission deadline ${deadline}.` : `Planned toward ${deadline}.`),
  stageDone: (stage, date, late) =>
    `${stage} done ${date}${late === null ? '' : late === '0' ? ', on time' : `, ${plural(late, 'day', 'days')} late`}`,
  stagesLine: (done) => (done.length === 0 ? 'Stages: none completed this year.' : `Stages: ${done.join('; ')}.`),
  nextStage: (stage, planned, late) =>
    `Next: ${stage}${planned ? `, planned for ${planned}` : ''}${late ? ` (${plural(late, 'day', 'days')} behind)` : ''}.`,
  allStagesDone: 'Every stage is done.',

  trendWord: (t) => TRENDS[t],
  ratingLine: (count, average, trend, slope) =>
    count === '0'
      ? 'Ratings: none this year.'
      : `Ratings: average ${average} over ${plural(count, 'rated log', 'rated logs')}${trend ? `, ${trend}${slope ? ` (${slope} a month)` : ''}` : ''}.`,
  monthlyRatings: 'Average rating per month',

  trainingLine: (sessions, minutes, sets, reps, holds) =>
    `Training: ${plural(sessions, 'session', 'sessions')}${minutes ? `, ${minutes} minutes` : ''}, ${plural(sets, 'set', 'sets')}` +
    `${reps ? `, ${reps} reps` : ''}${holds ? `, ${holds} s of holds` : ''}`,
  busiestWeek: (weekStart, sessions, sets) =>
    `Busiest training week: the week of ${weekStart} (${plural(sessions, 'session', 'sessions')}, ${plural(sets, 'set', 'sets')})`,
  recordsHeading: 'Personal records set this year',
  recordHold: (seconds, date) => `${seconds} s hold (${date})`,
  recordReps: (reps, date) => `${plural(reps, 'rep', 'reps')} (${date})`,
  recordWeight: (kg, date) => `${kg} kg (${date})`,

  notesHeading: 'Notes of the year',
  notesMore: (shown, all) => `The ${shown} newest of ${all} notes.`,
  questionsHeading: 'Questions to finish the draft',
  questions: [
    'Which result are you proudest of, and what made it possible?',
    'What kept slipping, and what got in its way?',
    'When did you rest well, and when did you run on empty?',
    'What will you do differently next year, and who can help?',
  ],

  heatmapTitle: 'Every day of the year',
  heatmapLegendLess: 'Less',
  heatmapLegendMore: 'More',
  heatmapPaused: 'Paused',
  dayTooltip: (date, logs, paused) => `${date}: ${plural(logs, 'log', 'logs')}${paused ? ' · paused' : ''}`,
  monthChartTitle: 'Logs per month',
  timelineTitle: 'Milestones through the year',
  noMilestones: 'No milestones reached this year.',
};
