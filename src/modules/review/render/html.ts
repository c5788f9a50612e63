import { toGlobalId } from '../../../graphql/relay';
import type { GoalYear, YearReview } from '../review.model';
import { formatNumber, messagesFor, type Messages, type ReportLocale } from '../templates';
import { escapeHtml as esc } from './escape';
import { REPORT_CSS } from './style';
import { heatmapSvg, legendSvg, monthBarsSvg, timelineSvg } from './svg';
import { busiestWeekOf, busiestWeekText, recordTexts, trainingText, typedLines } from './typed-view';
import { changeText, kindFacts, outcomeText, progressText, scoreText, streakText, totalText } from './view';

/** The headline numbers as tiles. */
function tiles(r: YearReview, m: Messages): string {
  const n = (x: number) => formatNumber(m, x);
  const t = r.totals;
  const items: Array<[string, string]> = [
    [n(t.logCount), m.logsOnDays(n(t.logCount), n(t.activeDays))],
    [n(t.goalsAchieved), m.achievedLine(n(t.goalsAchieved), n(t.milestonesAchieved))],
  ];
  if (r.busiestMonth)
    items.push([
      m.monthNames[r.busiestMonth.month - 1],
      m.busiestMonth(m.monthNames[r.busiestMonth.month - 1], n(r.busiestMonth.logCount)),
    ]);
  if (r.busiestWeekday)
    items.push([
      m.weekdayNames[r.busiestWeekday.weekday - 1],
      m.busiestWeekday(m.weekdayNames[r.busiestWeekday.weekday - 1], n(r.busiestWeekday.logCount)),
    ]);
  const s = r.longestStreak;
  if (s && s.run.start && s.run.end)
    items.push([n(s.run.days), m.longestStreak(esc(s.goal.title), n(s.run.days), m.span(s.run.start, s.run.end))]);
  const training = trainingText(m, r.workouts);
  if (training) items.push([n(r.workouts.sessions), training]);
  const week = busiestWeekText(m, r.workouts);
  if (week) items.push([m.shortDate(busiestWeekOf(r.workouts)!.weekStart), week]);
  return `<div class="tiles">${items.map(([big, small]) => `<div class="tile"><b>${esc(big)}</b><span>${small}</span></div>`).join('')}</div>`;
}

/** The outcome badge's class: achieved, paused or still open. */
function badgeClass(g: GoalYear): string {
  if (g.achievedOn || g.end.status === 'ACHIEVED') return 'achieved';
  if (g.end.status === 'PAUSED') return 'paused';
  return 'open';
}

/** One goal's card: its rule, how its status moved, its outcome, its months as bars and its numbers. */
function goalCard(r: YearReview, g: GoalYear, m: Messages): string {
  const n = (x: number) => formatNumber(m, x);
  const lines = [
    g.totals.logCount === 0 ? m.nothingLogged : m.whatHappened(n(g.totals.logCount), n(g.totals.activeDays), totalText(m, g, esc)),
    streakText(m, g),
    scoreText(m, g),
    progressText(m, g),
    changeText(m, g, r.year, r.from, esc),
    g.milestonesAchieved.length === 0 || g.pipeline
      ? null
      : `${m.milestonesReached}: ${g.milestonesAchieved.map((ms) => `${esc(ms.title)} (${m.shortDate(ms.achievedOn!)})`).join(', ')}`,
    ...typedLines(m, g, esc),
  ].filter((l): l is string => l !== null);
  return (
    `<article class="goal" data-goal="${toGlobalId('Goal', g.goal.id)}"><h3>${esc(g.goal.title)}</h3>` +
    `<p class="kind">${m.kind(kindFacts(g, esc))} · ${m.startToEnd(m.status(g.start.status), m.status(g.end.status))}</p>` +
    `<span class="badge ${badgeClass(g)}">${outcomeText(m, g, esc)}</span>` +
    monthBarsSvg(g, m) +
    `<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></article>`
  );
}

/** The milestones reached in the year, oldest first, on a timeline and as a numbered list. */
function timeline(r: YearReview, m: Messages): string {
  const reached = r.goals
    .flatMap((g) => g.milestonesAchieved.map((ms) => ({ date: ms.achievedOn!, title: ms.title, goal: g.goal.title })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (reached.length === 0) return `<p>${m.noMilestones}</p>`;
  const list = reached
    .map((ms) => `<li><span class="when">${m.shortDate(ms.date)}</span> · ${esc(ms.title)} — ${esc(ms.goal)}</li>`)
    .join('');
  return `<div class="panel">${timelineSvg(r, m, reached)}<ol class="milestones">${list}</ol></div>`;
}

/** The personal records set in the year; empty without any. */
function records(r: YearReview, m: Messages): string {
  const lines = recordTexts(m, r.workouts, esc);
  if (lines.length === 0) return '';
  return `<h2>${m.recordsHeading}</h2><div class="panel"><ul class="records">${lines.map((l) => `<li>${l}</li>`).join('')}</ul></div>`;
}

/** The notes of the year, newest first. */
function notes(r: YearReview, m: Messages): string {
  if (r.notes.length === 0) return '';
  const titles = new Map(r.goals.map((g) => [g.goal.id, g.goal.title]));
  const more = r.noteCount > r.notes.length ? `<p class="draft">${m.notesMore(r.notes.length, r.noteCount)}</p>` : '';
  const items = r.notes
    .map((l) => `<li><span class="when">${m.shortDate(l.date)} · ${esc(titles.get(l.goalId) ?? '')}</span>: ${esc(l.note ?? '')}</li>`)
    .join('');
  return `<h2>${m.notesHeading}</h2>${more}<ul class="notes">${items}</ul>`;
}

/**
 * The year in review as one self-contained HTML page for looking at: headline tiles, the heatmap of every day,
 * a card per goal with its month bars, outcome and what its type adds, milestones on a timeline, the year's
 * personal records, and the notes. Inline <style>
 * only, no scripts or external resources, so it works offline and under a `default-src 'none'` policy.
 */
export function renderHtml(r: YearReview, locale: ReportLocale): string {
  const m = messagesFor(locale);
  const through = r.through < r.to ? r.through : null;
  const goals = r.goals.length === 0 ? `<p>${m.noGoals}</p>` : `<div class="goals">${r.goals.map((g) => goalCard(r, g, m)).join('')}</div>`;
  return [
    '<!doctype html>',
    `<html lang="${m.lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(m.title(r.year))}</title><style>${REPORT_CSS}</style></head><body><main>`,
    `<header><h1>${esc(m.title(r.year))}</h1><p class="draft">${m.draftNote(r.year, esc(r.timeZone), through)}</p></header>`,
    tiles(r, m),
    `<h2>${m.heatmapTitle}</h2><div class="panel">${heatmapSvg(r, m)}${legendSvg(m)}</div>`,
    `<h2>${m.goalsHeading}</h2>${goals}`,
    `<h2>${m.timelineTitle}</h2>${timeline(r, m)}`,
    records(r, m),
    notes(r, m),
    '</main></body></html>',
  ].join('\n');
}
