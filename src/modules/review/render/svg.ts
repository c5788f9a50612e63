import { heatmapLayout } from '../../../domain/heatmap';
import { epochDay, yearRange } from '../../../domain/year-review';
import type { GoalYear, YearReview } from '../review.model';
import { formatNumber, type Messages } from '../templates';
import { escapeHtml as esc } from './escape';

/**
 * The report's pictures as inline SVG: no scripts, no external resources, shaded through CSS classes so that
 * the print style sheet can restyle them. Every piece of text that reaches an element or attribute is escaped.
 */

const CELL = 11;
const STEP = 13;
const LEFT = 30;
const TOP = 16;

/**
 * The contribution-style heatmap: one <rect data-date> per day of the year, weeks as columns, Monday on top.
 * Classes: l0–l4 (activity), paused (some goal was paused that day), future (after the covered part of the year).
 */
export function heatmapSvg(r: YearReview, m: Messages): string {
  const layout = heatmapLayout(r.year, r.days, new Set(r.pausedDays), r.through);
  const width = LEFT + layout.columns * STEP;
  const height = TOP + 7 * STEP;
  const parts: string[] = [];
  for (const { month, column } of layout.monthColumns) {
    parts.push(`<text class="axis" x="${LEFT + column * STEP}" y="10">${esc(m.monthShort[month - 1])}</text>`);
  }
  for (const row of [0, 2, 4]) {
    parts.push(`<text class="axis" x="0" y="${TOP + row * STEP + CELL - 2}">${esc(m.weekdayShort[row])}</text>`);
  }
  for (const c of layout.cells) {
    const cls = [`l${c.level}`, c.paused ? 'paused' : '', c.future ? 'future' : ''].filter(Boolean).join(' ');
    const tip = m.dayTooltip(m.date(c.date), formatNumber(m, c.logCount), c.paused);
    parts.push(
      `<rect x="${LEFT + c.column * STEP}" y="${TOP + c.row * STEP}" width="${CELL}" height="${CELL}" rx="2" class="${cls}" ` +
        `data-date="${c.date}" data-count="${c.logCount}"><title>${esc(tip)}</title></rect>`,
    );
  }
  return (
    `<svg class="heatmap" role="img" aria-label="${esc(m.heatmapTitle)}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`
  );
}

/** The heatmap's legend: the five shades and the paused marking (no data-date, so not counted as days). */
export function legendSvg(m: Messages): string {
  const shades = [0, 1, 2, 3, 4]
    .map((l) => `<rect x="${40 + l * STEP}" y="2" width="${CELL}" height="${CELL}" rx="2" class="l${l}"/>`)
    .join('');
  return (
    `<svg class="legend" viewBox="0 0 260 16" width="260" height="16" xmlns="http://www.w3.org/2000/svg">` +
    `<text class="axis" x="0" y="11">${esc(m.heatmapLegendLess)}</text>${shades}` +
    `<text class="axis" x="${44 + 5 * STEP}" y="11">${esc(m.heatmapLegendMore)}</text>` +
    `<rect x="150" y="2" width="${CELL}" height="${CELL}" rx="2" class="l0 paused"/>` +
    `<text class="axis" x="166" y="11">${esc(m.heatmapPaused)}</text></svg>`
  );
}

/** A small bar chart of one goal's logs per month, all twelve months. */
export function monthBarsSvg(g: GoalYear, m: Messages): string {
  const max = Math.max(1, ...g.months.map((x) => x.logCount));
  const barW = 12;
  const gap = 4;
  const chartH = 40;
  const bars = g.months.map((x, i) => {
    const h = x.logCount === 0 ? 1 : Math.max(2, Math.round((x.logCount / max) * chartH));
    const tip = `${m.monthNames[i]}: ${formatNumber(m, x.logCount)}`;
    return (
      `<rect x="${i * (barW + gap)}" y="${chartH - h}" width="${barW}" height="${h}" class="${x.logCount === 0 ? 'bar empty' : 'bar'}">` +
      `<title>${esc(tip)}</title></rect>` +
      `<text class="axis" x="${i * (barW + gap) + barW / 2}" y="${chartH + 11}" text-anchor="middle">${esc(m.monthInitial[i])}</text>`
    );
  });
  const width = 12 * (barW + gap) - gap;
  return (
    `<svg class="months" role="img" aria-label="${esc(m.monthChartTitle)}" viewBox="0 0 ${width} ${chartH + 14}" ` +
    `width="${width}" height="${chartH + 14}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`
  );
}

/** The milestones reached in the year on a January–December line; numbers match the list under it. */
export function timelineSvg(r: YearReview, m: Messages, milestones: Array<{ date: string; title: string }>): string {
  const width = 720;
  const pad = 20;
  const { from } = yearRange(r.year);
  const yearDays = epochDay(yearRange(r.year).to) - epochDay(from) + 1;
  const x = (date: string) => pad + ((epochDay(date) - epochDay(from) + 0.5) / yearDays) * (width - 2 * pad);
  const parts = [`<line x1="${pad}" y1="30" x2="${width - pad}" y2="30" class="axis-line"/>`];
  for (let month = 1; month <= 12; month++) {
    const first = `${from.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
    parts.push(`<line x1="${x(first)}" y1="26" x2="${x(first)}" y2="34" class="axis-line"/>`);
    parts.push(`<text class="axis" x="${x(first)}" y="50">${esc(m.monthShort[month - 1])}</text>`);
  }
  milestones.forEach((ms, i) => {
    const cx = x(ms.date);
    const cy = i % 2 === 0 ? 14 : 8; // alternate heights so that neighbours do not cover each other
    parts.push(
      `<g class="milestone"><line x1="${cx}" y1="${cy}" x2="${cx}" y2="30" class="stem"/>` +
        `<circle cx="${cx}" cy="30" r="5"><title>${esc(`${m.date(ms.date)}: ${ms.title}`)}</title></circle>` +
        `<text class="num" x="${cx}" y="${cy - 1}" text-anchor="middle">${i + 1}</text></g>`,
    );
  });
  return `<svg class="timeline" role="img" aria-label="${esc(m.timelineTitle)}" viewBox="0 0 ${width} 56" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
