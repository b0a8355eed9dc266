/**
 * The review screen's reducer without ink: each key or result is an action, and each test states
 * the exact state that follows: loading, navigation, resize, filters, the queue, view switching
 * and the dry-run preview. Prompts are in state-prompts.test.ts; the data in ./state-support.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewData, ReviewItem } from '../../src/review/data.js';
import {
  listHeight,
  listRows,
  previewHeight,
  type ReviewState,
  reviewReducer,
  screenTitle,
  selectedItem,
  selectedRequest,
  sortedQueue,
  spinnerTurning,
  visibleItems,
} from '../../src/review/state.js';
import {
  DOWN,
  key,
  PAGE_DOWN,
  PAGE_UP,
  run,
  type StateFixture,
  stateFixture,
  TAB,
  UP,
} from './state-support.js';

let fixture: StateFixture;
let data: ReviewData;
let jk1: ReviewItem, sf1: ReviewItem, dd1Stale: ReviewItem, dd1OverAge: ReviewItem;
let fresh: ReviewState;
let loaded: ReviewState;

beforeAll(async () => {
  fixture = await stateFixture();
  ({ data, fresh, loaded } = fixture);
  [jk1, sf1, dd1Stale, dd1OverAge] = [
    fixture.items[0]!,
    fixture.items[1]!,
    fixture.items[2]!,
    fixture.items[3]!,
  ];
});
afterAll(() => fixture.remove());

describe('the review state', () => {
  it('starts on the findings, unfiltered, loading, with nothing queued', () => {
    expect(fresh).toEqual({
      reviewer: 'cy@acme.example',
      readOnly: false,
      size: { columns: 80, rows: 24 },
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
      effects: [],
    });
    expect(spinnerTurning(fresh)).toBe(true);
    expect(run(fresh, { type: 'tick' }, { type: 'tick' })).toEqual({ ...fresh, tick: 2 });
    expect(visibleItems(fresh)).toEqual([]);
    expect(selectedItem(fresh)).toBeUndefined();
  });

  it('holds the data once loaded, or the error when reading fails', () => {
    expect(loaded).toEqual({ ...fresh, data });
    expect(spinnerTurning(loaded)).toBe(false);
    expect(reviewReducer(fresh, { type: 'load-failed', error: 'no scan' })).toEqual({
      ...fresh,
      loadError: 'no scan',
    });
    expect(
      listRows(loaded).map((row) => (row.kind === 'group' ? row.label : `  ${row.item.credential.uid}`)),
    ).toEqual([
      'Bob Baker <bob@acme.example> — leaver, left 2026-10-01',
      '  jenkins:ci:api-token:jk-1',
      '  snowflake:prod:key-pair:sf-1',
      'Ann Archer <ann@acme.example>',
      '  datadog:acme:api-key:dd-1',
      '  datadog:acme:api-key:dd-1',
      'No known owner',
      '  datadog:acme:api-key:dd-2',
      '  datadog:acme:api-key:dd-2',
    ]);
    expect([dd1Stale.finding.rule, dd1OverAge.finding.rule]).toEqual(['stale', 'over-age']);
    expect(selectedItem(loaded)).toBe(jk1);
    expect(screenTitle(loaded)).toBe('nhiscan review · findings (6) · as cy@acme.example · unfiltered');
  });

  it('ignores list keys until the data is in, but switches views and quits', () => {
    expect(run(fresh, DOWN, key('j'), key('p'), key('a'))).toBe(fresh);
    expect(reviewReducer(fresh, TAB)).toEqual({ ...fresh, view: 'queue' });
    expect(reviewReducer(fresh, key('q'))).toEqual({ ...fresh, effects: [{ kind: 'quit' }] });
    expect(reviewReducer(fresh, key('c', { ctrl: true }))).toEqual({ ...fresh, effects: [{ kind: 'quit' }] });
  });

  it('moves through the findings, clamped to the list, a page at a time by the list height', () => {
    expect(run(loaded, DOWN)).toEqual({ ...loaded, cursor: 1 });
    expect(selectedItem(run(loaded, DOWN))).toBe(sf1);
    expect(run(loaded, key('j'), key('j'), key('k'))).toEqual({ ...loaded, cursor: 1 });
    expect(run(loaded, UP, key('k'))).toEqual(loaded);
    expect(run(loaded, key('G'))).toEqual({ ...loaded, cursor: 5 });
    expect(run(loaded, key('G'), DOWN)).toEqual({ ...loaded, cursor: 5 });
    expect(run(loaded, key('G'), key('g'))).toEqual({ ...loaded, cursor: 0 });
    // 24 rows: a list of 8, so a page down from the top stops at the last of the 6 findings.
    expect(listHeight(loaded)).toBe(8);
    expect(run(loaded, PAGE_DOWN)).toEqual({ ...loaded, cursor: 5 });
    expect(run(loaded, key('G'), PAGE_UP)).toEqual({ ...loaded, cursor: 0 });
  });

  it('follows a resize: the list height, and so the page, come from the new size', () => {
    const small = reviewReducer(loaded, { type: 'resize', columns: 60, rows: 12 });
    expect(small).toEqual({ ...loaded, size: { columns: 60, rows: 12 } });
    expect(listHeight(small)).toBe(3);
    expect(run(small, PAGE_DOWN)).toEqual({ ...small, cursor: 3 });
    expect(run(small, PAGE_DOWN, PAGE_DOWN, PAGE_UP)).toEqual({ ...small, cursor: 2 });
    const tall = reviewReducer(loaded, { type: 'resize', columns: 120, rows: 30 });
    expect(listHeight(tall)).toBe(14);
    expect(previewHeight(tall)).toBe(25);
    expect(listHeight(reviewReducer(tall, TAB))).toBe(15);
  });

  it('cycles the provider, rule and severity filters, back to none, each time from the first finding', () => {
    const moved = run(loaded, DOWN, DOWN);
    expect(run(moved, key('p'))).toEqual({ ...moved, filters: { provider: 'datadog' }, cursor: 0 });
    expect(run(moved, key('p'), key('p'), key('p'))).toEqual({
      ...moved,
      filters: { provider: 'snowflake' },
      cursor: 0,
    });
    expect(run(moved, key('p'), key('p'), key('p'), key('p'))).toEqual({
      ...moved,
      filters: { provider: undefined },
      cursor: 0,
    });
    const rules = run(moved, key('r'), key('r'));
    expect(rules).toEqual({ ...moved, filters: { rule: 'over-age' }, cursor: 0 });
    expect(visibleItems(rules).map((item) => item.credential.uid)).toEqual([
      'datadog:acme:api-key:dd-1',
      'datadog:acme:api-key:dd-2',
    ]);
    const severe = run(loaded, key('s'), key('s'), key('p'));
    expect(severe).toEqual({ ...loaded, filters: { severity: 'high', provider: 'datadog' } });
    expect(visibleItems(severe).map((item) => item.finding.rule)).toEqual(['owner-unknown']);
    expect(screenTitle(severe)).toBe(
      'nhiscan review · findings (1) · as cy@acme.example · filters: provider=datadog severity≥high',
    );
    expect(run(severe, DOWN, key('c'))).toEqual(loaded);
  });

  it('lists the queue open requests first, moves through it, and decides on the selected request', () => {
    const [first, second] = [...data.requests].sort((a, b) => a.id - b.id);
    const closed = { ...first!, state: 'rejected' as const };
    const withClosed = reviewReducer(loaded, {
      type: 'loaded',
      data: { ...data, requests: [closed, second!] },
    });
    expect(sortedQueue(withClosed).map((request) => request.id)).toEqual([2, 1]);
    const queue = run(loaded, key('2'));
    expect(queue).toEqual({ ...loaded, view: 'queue' });
    expect(screenTitle(queue)).toBe('nhiscan review · queue (2 requests) · as cy@acme.example');
    expect(run(queue, DOWN, DOWN)).toEqual({ ...queue, queueCursor: 1 });
    expect(run(queue, key('G'), key('k'), UP)).toEqual(queue);
    expect(selectedRequest(run(queue, key('j')))?.id).toBe(2);
    expect(run(queue, key('j'), key('a')).prompt).toEqual({
      kind: 'approve',
      label: 'Reason to approve #2: ',
      value: '',
      request: second,
    });
    expect(run(withClosed, key('2'), key('j'), key('a')).message).toBe(
      'request #1 is rejected: nothing to approve',
    );
    expect(run(withClosed, key('2'), key('j'), key('x')).prompt?.label).toBe('Reason to reject #1: ');
  });

  it('switches views with Tab and 1 2 3, clears the message, and plans the dry run once', () => {
    const told = { ...loaded, message: 'cancelled' };
    expect(run(told, TAB)).toEqual({ ...loaded, view: 'queue' });
    const planning = run(told, TAB, TAB);
    expect(planning).toEqual({ ...loaded, view: 'preview', effects: [{ kind: 'preview' }] });
    expect(spinnerTurning(planning)).toBe(true);
    expect(screenTitle(planning)).toBe(
      'nhiscan review · dry-run preview of queue execute · as cy@acme.example',
    );
    const planned = run(
      planning,
      { type: 'effects-taken', count: 1 },
      { type: 'previewed', lines: ['a', 'b'] },
    );
    expect(planned).toEqual({ ...loaded, view: 'preview', previewLines: ['a', 'b'] });
    expect(spinnerTurning(planned)).toBe(false);
    expect(run(planned, TAB)).toEqual({ ...planned, view: 'findings' });
    expect(run(planned, key('1'), key('3'))).toEqual(planned);
    expect(run(loaded, key('3'), key('1'))).toEqual({ ...loaded, effects: [{ kind: 'preview' }] });
    expect(reviewReducer(planning, { type: 'preview-failed', error: 'boom' }).previewLines).toEqual([
      'preview failed: boom',
    ]);
  });

  it('scrolls a long plan to its last line, a page at a time, and R plans it again', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `plan line ${index + 1}`);
    const plan = run(loaded, key('3'), { type: 'effects-taken', count: 1 }, { type: 'previewed', lines });
    // 24 rows: 19 for the plan, 18 of its lines and which they are; the last top is line 13.
    expect(previewHeight(plan)).toBe(19);
    expect(run(plan, DOWN, key('j'))).toEqual({ ...plan, previewTop: 2 });
    expect(run(plan, key('G'))).toEqual({ ...plan, previewTop: 12 });
    expect(run(plan, key('G'), DOWN, key('k'))).toEqual({ ...plan, previewTop: 11 });
    expect(run(plan, PAGE_DOWN)).toEqual({ ...plan, previewTop: 12 });
    expect(run(plan, key('G'), PAGE_UP)).toEqual(plan);
    expect(run(plan, key('G'), key('g'))).toEqual(plan);
    expect(run(plan, key('G'), key('R'))).toEqual({
      ...plan,
      previewLines: undefined,
      effects: [{ kind: 'preview' }],
    });
    const short = run(
      loaded,
      key('3'),
      { type: 'effects-taken', count: 1 },
      { type: 'previewed', lines: ['one'] },
    );
    expect(run(short, DOWN, key('G'))).toEqual(short);
  });
});
