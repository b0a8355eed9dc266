/**
 * A timeline chart, drawn as inline SVG: one row per subject, from its day 0 (a termination) to
 * its end (the disable, or the report's as-of while nothing is disabled), with a marker per event.
 * Events differ by shape (and a legend names the shapes), a row still open is dashed, and each
 * row's outcome is printed in words at its right; the description repeats every row in words.
 */
import { clip, type Html, html } from './escape.js';
import { svgChart } from './svg-frame.js';

export type TimelineEventKind = 'created' | 'approved' | 'planned' | 'disabled' | 'verified';

export interface TimelineRow {
  label: string;
  /** The day the row ends on (days after day 0). */
  end: number;
  /** Whether the row ended (something was disabled) or is still running to the as-of day. */
  closed: boolean;
  events: readonly { kind: TimelineEventKind; day: number }[];
  /** The outcome in a few words, printed at the right ("disabled after 12 d"). */
  outcome: string;
  /** The whole row in words, for the chart's description. */
  description: string;
}

const MARKERS: Readonly<Record<TimelineEventKind, { name: string; shape: (x: number, y: number) => Html }>> =
  {
    created: {
      name: 'request created',
      shape: (x, y) => html`<circle cx="${x}" cy="${y}" r="5" class="mark-created"/>`,
    },
    approved: {
      name: 'approved',
      shape: (x, y) => html`<rect x="${x - 5}" y="${y - 5}" width="10" height="10" class="mark-approved"/>`,
    },
    planned: {
      name: 'disable planned (dry run)',
      shape: (x, y) =>
        html`<path d="M${x - 6} ${y + 5}L${x} ${y - 6}L${x + 6} ${y + 5}Z" class="mark-planned"/>`,
    },
    disabled: {
      name: 'disabled',
      shape: (x, y) =>
        html`<path d="M${x - 6} ${y - 5}L${x + 6} ${y - 5}L${x} ${y + 6}Z" class="mark-disabled"/>`,
    },
    verified: {
      name: 'verified',
      shape: (x, y) =>
        html`<path d="M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z" class="mark-verified"/>`,
    },
  };
const KINDS = Object.keys(MARKERS) as TimelineEventKind[];

const WIDTH = 960;
const LABEL_WIDTH = 180;
const OUTCOME_WIDTH = 330;
const LEGEND = 34;
const ROW = 30;
const AXIS = 30;
/** Markers on the same pixel are spread apart by this much so each stays visible. */
const SPREAD = 9;

function legend(): Html {
  let x = 8;
  return html`<g class="chart-legend">${KINDS.map((kind) => {
    const item = html`${MARKERS[kind].shape(x + 6, 14)}<text x="${x + 16}" y="${18}" class="chart-label">${MARKERS[kind].name}</text>`;
    x += 34 + MARKERS[kind].name.length * 8;
    return item;
  })}</g>`;
}

export function timelineChart(options: {
  id: string;
  title: string;
  /** What day 0 is, for the axis ("termination"). */
  origin: string;
  rows: readonly TimelineRow[];
}): Html {
  const { rows } = options;
  const lastDay = Math.max(1, ...rows.flatMap((row) => [row.end, ...row.events.map((event) => event.day)]));
  const plotLeft = LABEL_WIDTH;
  const plotWidth = WIDTH - LABEL_WIDTH - OUTCOME_WIDTH;
  const x = (day: number) => Math.round(plotLeft + (Math.max(0, day) / lastDay) * plotWidth);
  const height = LEGEND + Math.max(1, rows.length) * ROW + AXIS;
  const axisY = LEGEND + Math.max(1, rows.length) * ROW + 6;
  const body = rows.map((row, index) => {
    const y = LEGEND + index * ROW + ROW / 2;
    const taken: number[] = [];
    const marks = [...row.events]
      .sort((a, b) => a.day - b.day || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind))
      .map((event) => {
        let at = x(event.day);
        while (taken.some((other) => Math.abs(other - at) < SPREAD)) at += SPREAD;
        taken.push(at);
        return MARKERS[event.kind].shape(at, y);
      });
    return html`<g><text x="${LABEL_WIDTH - 10}" y="${y + 4}" text-anchor="end" class="chart-label">${clip(row.label, 24)}</text><line x1="${x(0)}" y1="${y}" x2="${x(row.end)}" y2="${y}" class="${row.closed ? 'span-closed' : 'span-open'}"/><line x1="${x(0)}" y1="${y - 8}" x2="${x(0)}" y2="${y + 8}" class="chart-axis"/>${marks}<text x="${WIDTH - OUTCOME_WIDTH + 14}" y="${y + 4}" class="chart-value">${clip(row.outcome, 42)}</text></g>`;
  });
  const ticks = [0, Math.round(lastDay / 2), lastDay].map(
    (day) =>
      html`<line x1="${x(day)}" y1="${axisY}" x2="${x(day)}" y2="${axisY + 5}" class="chart-axis"/><text x="${x(day)}" y="${axisY + 18}" text-anchor="middle" class="chart-label">${day === 0 ? options.origin : `day ${day}`}</text>`,
  );
  return svgChart({
    id: options.id,
    title: options.title,
    description: rows.length === 0 ? 'Nobody to show.' : rows.map((row) => row.description).join(' '),
    width: WIDTH,
    height,
    tones: [],
    body: html`${legend()}${body}<line x1="${x(0)}" y1="${axisY}" x2="${x(lastDay)}" y2="${axisY}" class="chart-axis"/>${ticks}`,
  });
}
