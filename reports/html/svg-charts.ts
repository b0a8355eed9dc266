/**
 * The page's two bar charts, drawn as inline SVG: a horizontal bar chart (a count per category)
 * and a histogram (a count per ordered bucket). Every bar has its label and its number printed as
 * text, and the chart's description lists them all, so neither colour nor the drawing is needed
 * to read it. A chart with no bars (or only zeros) still says so in words.
 */
import { clip, count, type Html, html } from './escape.js';
import { svgChart, type Tone, toneColor, toneFill } from './svg-frame.js';

export interface ChartBar {
  label: string;
  value: number;
  tone: Tone;
}

export interface BarChartOptions {
  /** Unique in the page. */
  id: string;
  title: string;
  /** What is counted, capitalised and plural: the description reads "Open findings: critical 50; high 27." */
  unit: string;
  bars: readonly ChartBar[];
}

const WIDTH = 600;
const LABEL_WIDTH = 200;
const VALUE_ROOM = 80;
const ROW = 26;
const BAR = 16;
const LABEL_CHARACTERS = 22;

function describe(bars: readonly ChartBar[], unit: string): string {
  if (bars.length === 0) return `${unit}: none.`;
  return `${unit}: ${bars.map((bar) => `${bar.label} ${count(bar.value)}`).join('; ')}.`;
}

function barWidth(value: number, max: number, room: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((value / max) * room));
}

/** One horizontal bar per category, in the order given, each labelled with its name and number. */
export function barChart(options: BarChartOptions): Html {
  const { bars } = options;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const room = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const rows = Math.max(1, bars.length);
  const height = rows * ROW + 12;
  const body =
    bars.length === 0
      ? html`<text x="${LABEL_WIDTH}" y="${ROW / 2 + 10}" class="chart-note">none</text>`
      : bars.map((bar, index) => {
          const top = 6 + index * ROW;
          const width = barWidth(bar.value, max, room);
          const middle = top + ROW / 2;
          return html`<g><text x="${LABEL_WIDTH - 8}" y="${middle + 4}" text-anchor="end" class="chart-label">${clip(bar.label, LABEL_CHARACTERS)}</text><rect x="${LABEL_WIDTH}" y="${middle - BAR / 2}" width="${width}" height="${BAR}" fill="${toneFill(options.id, bar.tone)}" stroke="${toneColor(bar.tone)}"/><text x="${LABEL_WIDTH + width + 6}" y="${middle + 4}" class="chart-value">${count(bar.value)}</text></g>`;
        });
  return svgChart({
    id: options.id,
    title: options.title,
    description: describe(bars, options.unit),
    width: WIDTH,
    height,
    tones: bars.map((bar) => bar.tone),
    body,
  });
}

const HISTOGRAM_HEIGHT = 230;
const TOP_ROOM = 26;
const BOTTOM_ROOM = 40;
const SIDE = 16;

/** One column per bucket, in bucket order, each with its count above and its bucket below. */
export function histogram(options: BarChartOptions): Html {
  const { bars } = options;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - 2 * SIDE) / Math.max(1, bars.length);
  const columnWidth = Math.round(slot * 0.62);
  const plotHeight = HISTOGRAM_HEIGHT - TOP_ROOM - BOTTOM_ROOM;
  const baseline = HISTOGRAM_HEIGHT - BOTTOM_ROOM;
  const columns = bars.map((bar, index) => {
    const height = barWidth(bar.value, max, plotHeight);
    const center = Math.round(SIDE + slot * index + slot / 2);
    const left = Math.round(center - columnWidth / 2);
    return html`<g><rect x="${left}" y="${baseline - height}" width="${columnWidth}" height="${height}" fill="${toneFill(options.id, bar.tone)}" stroke="${toneColor(bar.tone)}"/><text x="${center}" y="${baseline - height - 6}" text-anchor="middle" class="chart-value">${count(bar.value)}</text><text x="${center}" y="${baseline + 18}" text-anchor="middle" class="chart-label">${clip(bar.label, 18)}</text></g>`;
  });
  return svgChart({
    id: options.id,
    title: options.title,
    description: describe(bars, options.unit),
    width: WIDTH,
    height: HISTOGRAM_HEIGHT,
    tones: bars.map((bar) => bar.tone),
    body: html`<line x1="${SIDE}" y1="${baseline}" x2="${WIDTH - SIDE}" y2="${baseline}" class="chart-axis"/>${columns}`,
  });
}
