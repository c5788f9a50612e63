import type { GoalYear, YearReview } from '../review.model';
import { formatNumber, messagesFor, type Messages, type ReportLocale } from '../templates';
import { escapeMarkdown as esc } from './escape';
import { busiestWeekText, recordTexts, trainingText, typedLines } from './typed-view';
import { changeText, kindFacts, outcomeText, progressText, scoreText, streakText, totalText } from './view';

/** The "at a glance" list: totals, the comparison with last year, the busiest month and weekday, the best streak. */
function glance(r: YearReview, m: Messages): string[] {
  const n = (x: number) => formatNumber(m, x);
  const signed = (x: number) => formatNumber(m, x, { signed: true });
  const t = r.totals;
  const out = [t.logCount === 0 ? m.noLogs : m.logsOnDays(n(t.logCount), n(t.activeDays))];
  const p = r.previousYear;
  out.push(
    p
      ? m.previousYearLine(p.year, n(p.logCount), n(p.activeDays), signed(t.logCount - p.logCount), signed(t.activeDays - p.activeDays))
      : m.firstYear,
  );
  out.push(m.achievedLine(n(t.goalsAchieved), n(t.milestonesAchieved)));
  if (r.busiestMonth) out.push(m.busiestMonth(m.monthNames[r.busiestMonth.month - 1], n(r.busiestMonth.logCount)));
  if (r.busiestWeekday) out.push(m.busiestWeekday(m.weekdayNames[r.busiestWeekday.weekday - 1], n(r.busiestWeekday.logCount)));
  const s = r.longestStreak;
  if (s && s.run.start && s.run.end) out.push(m.longestStreak(esc(s.goal.title), n(s.run.days), m.span(s.run.start, s.run.end)));
  for (const line of [trainingText(m, r.workouts), busiestWeekText(m, r.workouts)]) if (line) out.push(line);
  return out.map((line) => `- ${line}`);
}

/** One goal's section: what happened, the numbers, the milestones, the comparison, and what remains. */
function goalSection(r: YearReview, g: GoalYear, m: Messages): string[] {
  const n = (x: number) => formatNumber(m, x);
  const out = [
    `### ${esc(g.goal.title)}`,
    '',
    `*${m.kind(kindFacts(g, esc))} · ${m.startToEnd(m.status(g.start.status), m.status(g.end.status))}*`,
    '',
  ];
  const facts: string[] = [];
  facts.push(
    g.totals.logCount === 0 ? m.nothingLogged : m.whatHappened(n(g.totals.logCount), n(g.totals.activeDays), totalText(m, g, esc)),
  );
  if (g.totals.logCount > 0)
    facts.push(`${m.monthsLine}: ${g.months.map((x) => `${m.monthShort[x.month - 1]} ${n(x.logCount)}`).join(' · ')}`);
  for (const line of [streakText(m, g), scoreText(m, g), changeText(m, g, r.year, r.from, esc)]) if (line) facts.push(line);
  facts.push(...typedLines(m, g, esc));
  out.push(...facts.map((f) => `- ${f}`));
  // A pipeline's stages line already lists them, with their lateness.
  if (g.milestonesAchieved.length > 0 && !g.pipeline) {
    out.push(`- ${m.milestonesReached}:`);
    for (const ms of g.milestonesAchieved) out.push(`  - ${m.shortDate(ms.achievedOn!)}: ${esc(ms.title)}`);
  }
  const progress = progressText(m, g);
  out.push(`- **${m.outcome}:** ${outcomeText(m, g, esc)}${progress ? ` ${progress}` : ''}`, '');
  return out;
}

/**
 * The year in review as a Markdown draft retrospective in the given language: the year at a glance, each goal
 * in turn (with what its type adds), the personal records of the year, its notes and questions to finish it with. User text is escaped, never translated.
 */
export function renderMarkdown(r: YearReview, locale: ReportLocale): string {
  const m = messagesFor(locale);
  const through = r.through < r.to ? r.through : null;
  const out = [
    `# ${m.title(r.year)}`,
    '',
    `_${m.draftNote(r.year, esc(r.timeZone), through)}_`,
    '',
    `## ${m.atAGlance}`,
    '',
    ...glance(r, m),
    '',
  ];

  out.push(`## ${m.goalsHeading}`, '');
  if (r.goals.length === 0) out.push(m.noGoals, '');
  for (const g of r.goals) out.push(...goalSection(r, g, m));

  const records = recordTexts(m, r.workouts, esc);
  if (records.length > 0) out.push(`## ${m.recordsHeading}`, '', ...records.map((line) => `- ${line}`), '');

  if (r.notes.length > 0) {
    const titles = new Map(r.goals.map((g) => [g.goal.id, g.goal.title]));
    out.push(`## ${m.notesHeading}`, '');
    if (r.noteCount > r.notes.length) out.push(`_${m.notesMore(r.notes.length, r.noteCount)}_`, '');
    for (const log of r.notes) out.push(`- ${m.shortDate(log.date)} · ${esc(titles.get(log.goalId) ?? '')}: ${esc(log.note ?? '')}`);
    out.push('');
  }

  out.push(`## ${m.questionsHeading}`, '', ...m.questions.map((q) => `- ${q}`), '');
  return out.join('\n');
}
