/**
 * The report's only style sheet, inlined into the page: system fonts (nothing to download), a green activity
 * scale, paused days outlined in blue, and a print style that keeps cards whole and drops the backgrounds.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #fff; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 0 0 4px; }
.draft { color: var(--muted); margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.tile b { display: block; font-size: 24px; }
.tile span { color: var(--muted); font-size: 13px; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; overflow-x: auto; }
.goals { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.goal { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px; }
.goal .kind { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
.goal ul { margin: 8px 0 0; padding-left: 18px; font-size: 14px; }
.badge { display: table; border-radius: 999px; padding: 2px 10px; font-size: 13px; margin: 4px 0 8px; background: #eef1f4; }
.badge.achieved { background: #dafbe1; color: #116329; }
.badge.open { background: #fff8c5; color: #7d4e00; }
.badge.paused { background: #ddf4ff; color: #0a3069; }
svg text { font: 10px system-ui, sans-serif; fill: var(--muted); }
svg.heatmap { display: block; width: 100%; height: auto; }
.l0 { fill: #ebedf0; } .l1 { fill: #9be9a8; } .l2 { fill: #40c463; } .l3 { fill: #30a14e; } .l4 { fill: #216e39; }
rect.paused { stroke: #218bff; stroke-width: 1.5; stroke-dasharray: 2 1; }
rect.future { opacity: .35; }
.bar { fill: #30a14e; } .bar.empty { fill: #d1d9e0; }
svg.months { display: block; margin: 2px 0 4px; }
svg.timeline { width: 100%; height: auto; }
.axis-line, .stem { stroke: #8c959f; stroke-width: 1; }
.milestone circle { fill: #8250df; }
.milestone .num { fill: #8250df; font-weight: 600; }
ol.milestones, ul.notes { padding-left: 22px; }
.notes .when { color: var(--muted); }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .tile, .panel, .goal { border-color: #999; break-inside: avoid; }
  .goals { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; }
  svg.heatmap { width: 100%; }
  rect, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 12mm; }
}
`;
