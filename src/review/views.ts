/**
 * What the review screen draws below its title: the findings list grouped by owner, the queue, or
 * the dry-run preview, each with its details pane. Pure rendering: state and keys live in state.ts.
 */
import { Box, Text } from 'ink';
import React from 'react';
import type { Severity } from '../core/model.js';
import { terminalSafeLine } from '../core/terminal-text.js';
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewItem } from './data.js';
import { requestSummary } from './details.js';
import { previewLastTop } from './layout.js';
import type { Row } from './state.js';

const h = React.createElement;

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: 'red',
  high: 'redBright',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

/** A colour name, or nothing under NO_COLOR. */
export type Colour = (name: string) => string | undefined;

const DETAIL_ROWS = 9;

export function line(text: string, options: Record<string, unknown> = {}): React.ReactElement {
  return h(Text, { wrap: 'truncate', ...options }, terminalSafeLine(text));
}

function detailsPane(details: readonly string[], width: number): React.ReactElement[] {
  return [
    line('─'.repeat(width), { key: 'sep', dimColor: true }),
    h(
      Box,
      { key: 'details', flexDirection: 'column', height: DETAIL_ROWS },
      ...details.map((text, index) => line(text, { key: `d${index}` })),
    ),
  ];
}

/** The first row to show so that the cursor's row stays near the middle. */
function windowStart(cursorRow: number, total: number, height: number): number {
  return Math.max(0, Math.min(cursorRow - Math.floor(height / 2), total - height));
}

export function findingsView(input: {
  rows: readonly Row[];
  selected: ReviewItem | undefined;
  details: readonly string[];
  listHeight: number;
  width: number;
  color: Colour;
}): React.ReactElement[] {
  const { rows, selected, listHeight, color } = input;
  const start = windowStart(
    rows.findIndex((row) => row.kind === 'item' && row.item === selected),
    rows.length,
    listHeight,
  );
  const visible = rows.slice(start, start + listHeight);
  return [
    h(
      Box,
      { key: 'list', flexDirection: 'column', height: listHeight },
      ...(visible.length === 0 ? [line('No open findings match the filters.', { key: 'none' })] : []),
      ...visible.map((row, index) =>
        row.kind === 'group'
          ? line(`▸ ${row.label} (${row.count})`, {
              key: `g${start + index}`,
              bold: true,
              color: row.leaver ? color('red') : undefined,
            })
          : h(
              Text,
              { key: `i${start + index}`, wrap: 'truncate', inverse: row.item === selected },
              `${row.item === selected ? '›' : ' '} `,
              h(
                Text,
                { color: color(SEVERITY_COLOR[row.item.finding.severity]) },
                row.item.finding.severity.padEnd(8),
              ),
              terminalSafeLine(` ${row.item.finding.rule.padEnd(19)} ${row.item.credential.uid}`),
            ),
      ),
    ),
    ...detailsPane(input.details, input.width),
  ];
}

export function queueView(input: {
  queue: readonly RevocationRequest[];
  cursor: number;
  selected: RevocationRequest | undefined;
  details: readonly string[];
  listHeight: number;
  width: number;
}): React.ReactElement[] {
  const { queue, selected, listHeight } = input;
  const start = windowStart(input.cursor, queue.length, listHeight);
  return [
    h(
      Box,
      { key: 'queue', flexDirection: 'column', height: listHeight },
      ...(queue.length === 0 ? [line('The queue is empty.', { key: 'none' })] : []),
      ...queue
        .slice(start, start + listHeight)
        .map((request) =>
          line(
            `${request === selected ? '›' : ' '} #${String(request.id).padEnd(4)} ${requestSummary(request)}  ${request.credentialUid}`,
            { key: `q${request.id}`, inverse: request === selected },
          ),
        ),
    ),
    ...detailsPane(input.details, input.width),
  ];
}

/**
 * The dry-run preview from line `top`. A plan taller than the screen scrolls; its last row then
 * says which lines are shown.
 */
export function previewView(lines: readonly string[], top: number, height: number): React.ReactElement[] {
  const fits = lines.length <= height;
  const first = Math.min(top, previewLastTop(lines.length, height));
  const shown = fits ? lines : lines.slice(first, first + height - 1);
  return [
    h(
      Box,
      { key: 'preview', flexDirection: 'column', height },
      ...shown.map((text, index) => line(text, { key: `p${first + index}` })),
      ...(fits
        ? []
        : [
            line(`lines ${first + 1}–${first + shown.length} of ${lines.length} · ↑↓ scroll`, {
              key: 'more',
              dimColor: true,
            }),
          ]),
    ),
  ];
}
