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
  previousYearLine: (year, logs, days, lc, dc) => `Compared with ${year} (${plural(logs, 'log', 'logs')} on ${plural(days, 'day', 'days')}): ${lc} logs, ${dc} active days`,
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
  whatHappened: (logs, days, total) => `What happened: ${plural(logs, 'log', 'logs')} on ${plural(days, 'day', 'days')}${total ? `, ${total} in all` : ''}.`,
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
