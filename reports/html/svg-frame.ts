/**
 * What every chart of the page shares: the `<svg role="img">` frame with its text alternative
 * (`<title>` names it, `<desc>` gives every number), and the fills. A fill is a colour and a
 * pattern, so two bars never differ by colour alone; the numbers are printed beside the bars too.
 * Pattern ids are prefixed by the chart id, which is unique in the page.
 */
import type { Severity } from '../../src/core/model.js';
import { Html, type HtmlValue, html } from './escape.js';

export type Tone = Severity | 'neutral' | 'never' | 'unknown';

interface ToneStyle {
  /** Bar colour. */
  color: string;
  /** What is drawn over it in white, as SVG markup in a 8×8 tile (empty: solid). */
  overlay: string;
}

const STRIPE = (angle: number, width: number) =>
  `<rect width="${width}" height="8" fill="#fff" fill-opacity="0.6" transform="rotate(${angle} 4 4)"/>`;

const TONES: Readonly<Record<Tone, ToneStyle>> = {
  critical: { color: '#a4161a', overlay: '' },
  high: { color: '#c2410c', overlay: STRIPE(45, 2) },
  medium: {
    color: '#8a6100',
    overlay: `${STRIPE(45, 1.5)}${STRIPE(-45, 1.5)}`,
  },
  low: {
    color: '#1d4ed8',
    overlay: '<circle cx="4" cy="4" r="1.6" fill="#fff" fill-opacity="0.7"/>',
  },
  info: {
    color: '#57606a',
    overlay: '<rect y="3" width="8" height="1.5" fill="#fff" fill-opacity="0.6"/>',
  },
  neutral: { color: '#2f6f8f', overlay: '' },
  never: {
    color: '#6e5494',
    overlay: '<rect x="3" width="1.5" height="8" fill="#fff" fill-opacity="0.6"/>',
  },
  unknown: {
    color: '#8c959f',
    overlay: STRIPE(-45, 2),
  },
};

export function toneColor(tone: Tone): string {
  return TONES[tone].color;
}

/** The `fill` value of a shape in tone `tone` of chart `chartId` (a pattern, or the colour when solid). */
export function toneFill(chartId: string, tone: Tone): string {
  return TONES[tone].overlay ? `url(#${chartId}-${tone})` : TONES[tone].color;
}

function patternDefs(chartId: string, tones: readonly Tone[]): Html {
  const patterned = [...new Set(tones)].filter((tone) => TONES[tone].overlay);
  if (patterned.length === 0) return html``;
  return html`<defs>${patterned.map(
    (tone) =>
      html`<pattern id="${`${chartId}-${tone}`}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${TONES[tone].color}"/>${rawSvg(TONES[tone].overlay)}</pattern>`,
  )}</defs>`;
}

/** SVG markup written in this file (never data): passed through as it is. */
function rawSvg(markup: string): Html {
  return new Html(markup);
}

export interface ChartFrame {
  /** Unique in the page; prefixes the ids of the title, the description and the patterns. */
  id: string;
  /** The chart's name: its accessible name. */
  title: string;
  /** Every number the chart shows, in words: its accessible description. */
  description: string;
  width: number;
  height: number;
  /** Fills the body uses (their patterns are defined once per chart). */
  tones: readonly Tone[];
  body: HtmlValue;
}

export function svgChart(frame: ChartFrame): Html {
  const titleId = `${frame.id}-title`;
  const descId = `${frame.id}-desc`;
  return html`<figure class="chart"><svg class="chart" id="${frame.id}" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" xmlns="http://www.w3.org/2000/svg"><title id="${titleId}">${frame.title}</title><desc id="${descId}">${frame.description}</desc>${patternDefs(frame.id, frame.tones)}${frame.body}</svg></figure>`;
}
