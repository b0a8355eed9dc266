/**
 * The page's one stylesheet, inlined in a `<style>` element (the page loads nothing). Severity
 * has a colour and always its word; print rules drop the navigation, keep colours, open every
 * finding's evidence and let nothing overflow or clip (long ids wrap anywhere).
 */
export const STYLES = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --bad: #a4161a; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 16px; }
footer { margin-top: 48px; padding-bottom: 32px; border-top: 1px solid var(--line); color: var(--muted); }
h1 { font-size: 1.7rem; margin: 8px 0; }
h2 { margin-top: 40px; padding-bottom: 4px; border-bottom: 1px solid var(--line); font-size: 1.35rem; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
a { color: #0550ae; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; border: 2px solid var(--fg); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { min-width: 170px; padding: 12px 16px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
.card-alert { border: 2px solid var(--bad); }
.card-number { display: block; font-size: 2rem; font-weight: 700; line-height: 1.2; }
.card-label { display: block; color: var(--muted); }
.card-list { list-style: none; padding: 0; margin: 6px 0 0; }
.sev { display: inline-block; min-width: 4.6em; padding: 0 6px; border-radius: 4px; font-size: .8rem; font-weight: 700; text-align: center; color: #fff; }
.sev-critical { background: #a4161a; }
.sev-high { background: #c2410c; }
.sev-medium { background: #fde68a; color: #4d3600; border: 1px solid #8a6100; }
.sev-low { background: #1d4ed8; }
.sev-info { background: #57606a; }
.state { font-weight: 600; }
.state-good { color: var(--good); }
.state-bad { color: var(--bad); }
.tag { padding: 0 4px; border: 1px solid var(--muted); border-radius: 3px; font-size: .75rem; }
.reason { color: var(--muted); font-size: .85rem; }
.warning { margin: 12px 0; padding: 8px 12px; border: 2px solid var(--bad); border-radius: 6px; background: #fff5f5; }
.note { color: var(--muted); }
.more { font-style: italic; }
.url { overflow-wrap: anywhere; }
table { width: 100%; margin: 12px 0; border-collapse: collapse; }
caption { padding: 4px 0; text-align: left; font-weight: 600; }
th, td { padding: 4px 8px; border: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: var(--soft); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code, time { white-space: nowrap; }
code.uid { white-space: normal; overflow-wrap: anywhere; }
ul.problems, ol.steps { margin: 0; padding-left: 1.2em; }
ul.inline { display: flex; flex-wrap: wrap; gap: 2px 12px; margin: 0; padding: 0; list-style: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
details.finding { margin: 6px 0; border: 1px solid var(--line); border-radius: 6px; }
details.finding > summary { padding: 6px 10px; cursor: pointer; }
details.finding[open] > summary { border-bottom: 1px solid var(--line); background: var(--soft); }
.finding-body { padding: 0 12px 12px; }
.evidence-label { margin: 8px 0 2px; font-weight: 600; }
pre.evidence { margin: 0; padding: 8px; border-radius: 4px; background: var(--soft); white-space: pre-wrap; overflow-wrap: anywhere; }
.chart-row { display: flex; flex-wrap: wrap; gap: 24px; }
.chart-row > div { flex: 1 1 460px; min-width: 0; }
figure.chart { margin: 8px 0; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font: 14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg.chart .chart-value { font-weight: 700; }
svg.chart .chart-note { fill: var(--muted); }
svg.chart .chart-axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .span-closed { stroke: var(--fg); stroke-width: 3; }
svg.chart .span-open { stroke: var(--bad); stroke-width: 3; stroke-dasharray: 6 4; }
svg.chart .mark-created { fill: #fff; stroke: var(--fg); stroke-width: 2; }
svg.chart .mark-approved { fill: #2f6f8f; stroke: var(--fg); }
svg.chart .mark-planned { fill: #fff; stroke: #c2410c; stroke-width: 2; }
svg.chart .mark-disabled { fill: var(--fg); }
svg.chart .mark-verified { fill: var(--good); stroke: var(--fg); }
@media print {
  nav, .skip { display: none; }
  body { font-size: 10.5pt; }
  header, main, footer { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  tr, figure, .card, .facts { break-inside: avoid; }
  details.finding { break-inside: avoid; }
  th, td, code { white-space: normal; overflow-wrap: anywhere; }
  details::details-content { content-visibility: visible; display: block; }
  details.finding > summary { background: var(--soft); }
}
`;
