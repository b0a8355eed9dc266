/**
 * The whole review screen for one state: the title, the view (./views.ts) with its details pane,
 * the status line (the open prompt, or the last message) and the key help. Pure rendering; the
 * audit history comes from `historyOf`, which app.ts reads once per credential and load.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { terminalSafe } from '../core/terminal-text.js';
import { detailLines, queueDetailLines } from './details.js';
import type { HistoryLine } from './history.js';
import { helpFor, STATUS_ROWS } from './layout.js';
import { LOADING_FINDINGS, spinning } from './spinner.js';
import {
  listHeight,
  listRows,
  previewHeight,
  type ReviewState,
  screenTitle,
  screenWidth,
  selectedItem,
  selectedRequest,
  sortedQueue,
} from './state.js';
import { type Colour, findingsView, line, previewView, queueView } from './views.js';

const h = React.createElement;

export function reviewScreen(
  state: ReviewState,
  input: { color: Colour; historyOf: (credentialUid: string) => HistoryLine[] },
): React.ReactElement {
  const { data, view, prompt } = state;
  const { color, historyOf } = input;
  if (state.loadError)
    return h(
      Box,
      { flexDirection: 'column' },
      line(`nhiscan review: ${state.loadError}`, { color: color('red') }),
    );
  if (!data) return h(Box, null, line(spinning(state.tick, LOADING_FINDINGS)));

  const width = screenWidth(state);
  const selected = selectedItem(state);
  const request = selectedRequest(state);
  const body =
    view === 'findings'
      ? findingsView({
          rows: listRows(state),
          selected,
          details: selected ? detailLines(selected, historyOf(selected.credential.uid), data.asOf) : [''],
          listHeight: listHeight(state),
          width,
          color,
        })
      : view === 'queue'
        ? queueView({
            queue: sortedQueue(state),
            cursor: state.queueCursor,
            selected: request,
            details: request
              ? queueDetailLines(
                  request,
                  data.people.find((person) => person.employeeId === request.ownerEmployeeId),
                  historyOf(request.credentialUid),
                )
              : [''],
            listHeight: listHeight(state),
            width,
          })
        : previewView(
            state.previewLines ?? [spinning(state.tick, 'planning a dry run…')],
            state.previewTop,
            previewHeight(state),
          );

  return h(
    Box,
    { flexDirection: 'column', width },
    line(screenTitle(state), { bold: true, color: color('cyan') }),
    ...body,
    h(
      Box,
      { key: 'status', flexDirection: 'column', height: STATUS_ROWS, overflow: 'hidden' },
      // A prompt wider than the screen shows its end: what is being typed stays in sight.
      prompt
        ? line(`${prompt.label}${prompt.value}_`, { color: color('yellow'), wrap: 'truncate-start' })
        : h(Text, { wrap: 'wrap' }, terminalSafe(state.message) || ' '),
    ),
    ...helpFor(view, state.readOnly).map((text, index) =>
      line(text, { key: `help${index}`, dimColor: true }),
    ),
  );
}
