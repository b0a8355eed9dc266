/**
 * The review screen's state as a pure reducer: `reviewReducer(state, action)` returns the next
 * state, and the selectors below derive what is drawn (the filtered list, the sorted queue, the
 * selected row, heights for the terminal's size). Keys are actions too, read against the current
 * state, so a key that follows another at once sees what the first one did. Nothing here touches
 * the store or the terminal: what must happen outside (reload, record a decision, plan a dry run,
 * quit) is queued in `effects`, which app.ts performs and answers with result actions.
 */
import { SEVERITIES } from '../core/model.js';
import type { RevocationRequest } from '../queue/index.js';
import { filterChoices, filterGroups, type ReviewData, type ReviewFilters, type ReviewItem } from './data.js';
import { listHeightFor, previewHeightFor, previewLastTop, type View } from './layout.js';
import {
  decidedMessage,
  decisionPrompt,
  filterPrompt,
  type Prompt,
  recertifiedMessage,
  recertifyPrompt,
  type Submission,
  submitPrompt,
  suppressedMessage,
  suppressPrompt,
} from './prompts.js';

/** Something for app.ts to do outside the reducer; a submission is a change to record. */
export type Effect = { kind: 'load' } | { kind: 'preview' } | { kind: 'quit' } | Submission;

/** A key as ink reports it, in the fields the screen reads (no ink here: tests build these by hand). */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export interface ReviewState {
  reviewer: string;
  /** No actions: every change is refused with a message. */
  readOnly: boolean;
  size: { columns: number; rows: number };
  /** Undefined until the first load (the spinner shows meanwhile). */
  data: ReviewData | undefined;
  loadError: string | undefined;
  view: View;
  filters: ReviewFilters;
  /** Index into the filtered findings (`visibleItems`). */
  cursor: number;
  /** Index into `sortedQueue`. */
  queueCursor: number;
  prompt: Prompt | undefined;
  /** The status line under the view when no prompt is open. */
  message: string;
  /** The dry-run plan; undefined while it is planned (or before it first is). */
  previewLines: string[] | undefined;
  previewTop: number;
  /** The spinner's frame. */
  tick: number;
  /** Waiting for app.ts, oldest first. */
  effects: readonly Effect[];
}

export type ReviewAction =
  | { type: 'key'; press: KeyPress }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'tick' }
  | { type: 'loaded'; data: ReviewData }
  | { type: 'load-failed'; error: string }
  | { type: 'previewed'; lines: string[] }
  | { type: 'preview-failed'; error: string }
  /** app.ts took the first `count` effects to perform. */
  | { type: 'effects-taken'; count: number }
  | { type: 'decided'; decision: 'approve' | 'reject'; request: RevocationRequest }
  | { type: 'suppressed'; rule: string; expires: string; file: string }
  | { type: 'recertified'; rule: string; until: string; credentialUid: string }
  /** The store or queue refused a change (its reason, as the status line shows it). */
  | { type: 'refused'; reason: string }
  /** Bad input to a change, caught by the code that records it: nothing was recorded. */
  | { type: 'not-recorded'; problem: string };

/** A line of the findings list: an owner's heading or one finding. */
export type Row =
  | { kind: 'group'; label: string; leaver: boolean; count: number }
  | { kind: 'item'; item: ReviewItem };

const NO_EFFECTS: readonly Effect[] = [];

export function initialReviewState(input: {
  reviewer: string;
  readOnly: boolean;
  columns: number;
  rows: number;
}): ReviewState {
  return {
    reviewer: input.reviewer,
    readOnly: input.readOnly,
    size: { columns: input.columns, rows: input.rows },
    data: undefined,
    loadError: undefined,
    view: 'findings',
    filters: {},
    cursor: 0,
    queueCursor: 0,
    prompt: undefined,
    message: '',
    previewLines: undefined,
    previewTop: 0,
    tick: 0,
    effects: NO_EFFECTS,
  };
}

/** Remembers the last result: the selectors run on every key and every frame, the data changes rarely. */
function lastOf<K extends unknown[], R>(compute: (...keys: K) => R): (...keys: K) => R {
  let last: { keys: K; value: R } | undefined;
  return (...keys) => {
    const same = last?.keys.every((key, index) => key === keys[index]);
    if (!last || !same) last = { keys, value: compute(...keys) };
    return last.value;
  };
}

const filtered = lastOf((data: ReviewData | undefined, filters: ReviewFilters) =>
  data ? filterGroups(data.groups, filters) : [],
);
const itemsOf = lastOf((data: ReviewData | undefined, filters: ReviewFilters) =>
  filtered(data, filters).flatMap((group) => group.items),
);
const rowsOf = lastOf((data: ReviewData | undefined, filters: ReviewFilters) =>
  filtered(data, filters).flatMap((group): Row[] => [
    { kind: 'group', label: group.label, leaver: group.leaver, count: group.items.length },
    ...group.items.map((item) => ({ kind: 'item' as const, item })),
  ]),
);
const OPEN_STATES = ['pending-approval', 'approved', 'in-progress', 'waiting-for-human'];
const queueOf = lastOf((data: ReviewData | undefined) =>
  [...(data?.requests ?? [])].sort((a, b) => {
    const open = (request: RevocationRequest) => (OPEN_STATES.includes(request.state) ? 0 : 1);
    return open(a) - open(b) || a.id - b.id;
  }),
);

/** The findings that pass the filters, in list order. */
export const visibleItems = (state: ReviewState): ReviewItem[] => itemsOf(state.data, state.filters);
/** The findings list: each owner's heading, then their findings. */
export const listRows = (state: ReviewState): Row[] => rowsOf(state.data, state.filters);
/** The requests, open ones first, then by id. */
export const sortedQueue = (state: ReviewState): RevocationRequest[] => queueOf(state.data);

export function selectedItem(state: ReviewState): ReviewItem | undefined {
  const items = visibleItems(state);
  return items[Math.min(state.cursor, items.length - 1)];
}

export function selectedRequest(state: ReviewState): RevocationRequest | undefined {
  const queue = sortedQueue(state);
  return queue[Math.min(state.queueCursor, queue.length - 1)];
}

export const listHeight = (state: ReviewState): number => listHeightFor(state.size.rows, state.view);
export const previewHeight = (state: ReviewState): number => previewHeightFor(state.size.rows);
export const screenWidth = (state: ReviewState): number => Math.max(40, state.size.columns);

/** The spinner turns while the findings load and while a dry run is planned. */
export const spinnerTurning = (state: ReviewState): boolean =>
  !(state.data || state.loadError) || (state.view === 'preview' && state.previewLines === undefined);

/** The title line. The reviewer and read-only come before the filters: a long filter is what the width cuts. */
export function screenTitle(state: ReviewState): string {
  const { filters, view } = state;
  const active = [
    filters.provider && `provider=${filters.provider}`,
    filters.rule && `rule=${filters.rule}`,
    filters.severity && `severity≥${filters.severity}`,
    filters.owner && `owner~${filters.owner}`,
    filters.text && `"${filters.text}"`,
  ].filter(Boolean);
  const filterText = active.length > 0 ? `filters: ${active.join(' ')}` : 'unfiltered';
  const heading =
    view === 'findings'
      ? `findings (${visibleItems(state).length})`
      : view === 'queue'
        ? `queue (${sortedQueue(state).length} requests)`
        : 'dry-run preview of queue execute';
  return `nhiscan review · ${heading} · as ${state.reviewer}${state.readOnly ? ' · read-only' : ''}${view === 'findings' ? ` · ${filterText}` : ''}`;
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'key':
      return onKey(state, action.press);
    case 'resize':
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    case 'tick':
      return { ...state, tick: state.tick + 1 };
    case 'loaded':
      return { ...state, data: action.data };
    case 'load-failed':
      return { ...state, loadError: action.error };
    case 'previewed':
      return { ...state, previewLines: action.lines };
    case 'preview-failed':
      return { ...state, previewLines: [`preview failed: ${action.error}`] };
    case 'effects-taken':
      return {
        ...state,
        effects: state.effects.length > action.count ? state.effects.slice(action.count) : NO_EFFECTS,
      };
    case 'decided':
      // A decision changes the request: read the data again.
      return withEffect(
        { ...state, message: decidedMessage(action.decision, action.request, state.reviewer) },
        { kind: 'load' },
      );
    case 'suppressed':
      return { ...state, message: suppressedMessage(action.rule, action.expires, action.file) };
    case 'recertified':
      return { ...state, message: recertifiedMessage(action.rule, action.until, action.credentialUid) };
    case 'refused':
      return { ...state, message: `refused: ${action.reason}` };
    case 'not-recorded':
      return { ...state, message: `${action.problem}; nothing recorded` };
  }
}

function withEffect(state: ReviewState, effect: Effect): ReviewState {
  return { ...state, effects: [...state.effects, effect] };
}

function onKey(state: ReviewState, press: KeyPress): ReviewState {
  if (state.prompt) return promptKey(state, state.prompt, press);
  if (press.input === 'q' || (press.ctrl && press.input === 'c')) return withEffect(state, { kind: 'quit' });
  const view = viewAfter(state.view, press);
  if (view) {
    const switched = { ...state, view, message: '' };
    return view === 'preview' && state.previewLines === undefined ? planPreview(switched) : switched;
  }
  if (!state.data) return state;
  if (state.view === 'findings') return findingsKey(state, press, state.data);
  if (state.view === 'queue') return queueKey(state, press);
  return previewKey(state, press);
}

const NEXT_VIEW: Record<View, View> = { findings: 'queue', queue: 'preview', preview: 'findings' };

/** `1` `2` `3` pick a view, Tab goes to the next. */
function viewAfter(view: View, press: KeyPress): View | undefined {
  if (press.input === '1') return 'findings';
  if (press.input === '2') return 'queue';
  if (press.input === '3') return 'preview';
  return press.tab ? NEXT_VIEW[view] : undefined;
}

function planPreview(state: ReviewState): ReviewState {
  return withEffect({ ...state, previewLines: undefined, previewTop: 0 }, { kind: 'preview' });
}

/** A cursor over `count` rows after a movement key (↑↓ j k, a page, g first, G last); undefined for other keys. */
function moved(value: number, press: KeyPress, count: number, page: number): number | undefined {
  if (press.upArrow || press.input === 'k') return Math.max(0, value - 1);
  if (press.downArrow || press.input === 'j') return Math.min(count - 1, value + 1);
  if (press.pageUp) return Math.max(0, value - page);
  if (press.pageDown) return Math.min(count - 1, value + page);
  if (press.input === 'g') return 0;
  if (press.input === 'G') return count - 1;
  return undefined;
}

/** A prompt, or the message that says why none opened (read-only, nothing to act on). */
function opened(state: ReviewState, next: Prompt | string | undefined): ReviewState {
  if (next === undefined) return state;
  return typeof next === 'string' ? { ...state, message: next } : { ...state, prompt: next };
}

function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const index = values.indexOf(current);
  return index + 1 < values.length ? values[index + 1] : undefined;
}

function findingsKey(state: ReviewState, press: KeyPress, data: ReviewData): ReviewState {
  const items = visibleItems(state);
  const cursor = moved(state.cursor, press, items.length, listHeight(state));
  if (cursor !== undefined) return { ...state, cursor };
  const { input } = press;
  const { filters, readOnly } = state;
  if (input === '/' || input === 'o')
    return { ...state, prompt: filterPrompt(input === '/' ? 'search' : 'owner', filters) };
  if (input === 'p' || input === 'r' || input === 's') {
    const choices = filterChoices(data.groups);
    const next =
      input === 'p'
        ? { ...filters, provider: cycle(choices.providers, filters.provider) }
        : input === 'r'
          ? { ...filters, rule: cycle(choices.rules, filters.rule) }
          : { ...filters, severity: cycle([...SEVERITIES].reverse(), filters.severity) };
    return { ...state, filters: next, cursor: 0 };
  }
  if (input === 'c') return { ...state, filters: {}, cursor: 0 };
  if (input === 'a' || input === 'x')
    return opened(
      state,
      decisionPrompt(input === 'a' ? 'approve' : 'reject', selectedItem(state)?.request, readOnly),
    );
  // Suppress takes the row under the cursor as it is, without clamping it to the list.
  if (input === 'u') return opened(state, suppressPrompt(items[state.cursor], readOnly));
  if (input === 'R') return opened(state, recertifyPrompt(selectedItem(state), readOnly));
  return state;
}

function queueKey(state: ReviewState, press: KeyPress): ReviewState {
  const queueCursor = moved(state.queueCursor, press, sortedQueue(state).length, listHeight(state));
  if (queueCursor !== undefined) return { ...state, queueCursor };
  if (press.input === 'a' || press.input === 'x')
    return opened(
      state,
      decisionPrompt(press.input === 'a' ? 'approve' : 'reject', selectedRequest(state), state.readOnly),
    );
  return state;
}

function previewKey(state: ReviewState, press: KeyPress): ReviewState {
  const height = previewHeight(state);
  const last = previewLastTop(state.previewLines?.length ?? 0, height);
  const previewTop = moved(state.previewTop, press, last + 1, height - 1);
  if (previewTop !== undefined) return { ...state, previewTop };
  return press.input === 'R' ? planPreview(state) : state;
}

/** A prompt takes every key: Esc cancels, Enter submits, Backspace erases, text is typed. */
function promptKey(state: ReviewState, prompt: Prompt, press: KeyPress): ReviewState {
  if (press.escape) return { ...state, prompt: undefined, message: 'cancelled' };
  if (press.return) return submitted(state, prompt);
  if (press.backspace || press.delete)
    return { ...state, prompt: { ...prompt, value: prompt.value.slice(0, -1) } };
  if (!press.input || press.ctrl || press.meta) return state;
  // Pasted or fast-typed text can arrive in one chunk with its Enter: submit at the newline.
  const end = press.input.search(/[\r\n]/);
  if (end >= 0) return submitted(state, { ...prompt, value: prompt.value + press.input.slice(0, end) });
  const typed = [...press.input].filter((char) => char >= ' ').join('');
  return { ...state, prompt: { ...prompt, value: prompt.value + typed } };
}

function submitted(state: ReviewState, prompt: Prompt): ReviewState {
  const outcome = submitPrompt(prompt);
  const closed = { ...state, prompt: undefined };
  switch (outcome.kind) {
    case 'filter':
      return { ...closed, filters: { ...state.filters, [outcome.filter]: outcome.value }, cursor: 0 };
    case 'message':
      return { ...closed, message: outcome.text };
    case 'prompt':
      return { ...state, prompt: outcome.prompt };
    case 'record':
      return withEffect(closed, outcome.submission);
  }
}
