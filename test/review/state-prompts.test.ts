/**
 * The review screen's prompts through its reducer, without ink: search and owner filters typed,
 * cancelled and pasted; approve, reject, suppress and recertify asked, refused when empty or
 * read-only, and queued as effects to record; the status line after each result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewData, ReviewItem } from '../../src/review/data.js';
import { READ_ONLY_MESSAGE } from '../../src/review/prompts.js';
import { initialReviewState, type ReviewState, reviewReducer, screenTitle } from '../../src/review/state.js';
import {
  BACKSPACE,
  DOWN,
  ENTER,
  ESCAPE,
  key,
  run,
  type StateFixture,
  stateFixture,
  typed,
} from './state-support.js';

let fixture: StateFixture;
let data: ReviewData;
let jk1: ReviewItem, sf1: ReviewItem, dd1Stale: ReviewItem, dd1OverAge: ReviewItem;
let loaded: ReviewState;

beforeAll(async () => {
  fixture = await stateFixture();
  ({ data, loaded } = fixture);
  [jk1, sf1, dd1Stale, dd1OverAge] = [
    fixture.items[0]!,
    fixture.items[1]!,
    fixture.items[2]!,
    fixture.items[3]!,
  ];
});
afterAll(() => fixture.remove());

describe('the review prompts', () => {
  it('types a search into its prompt, and Enter sets the filter', () => {
    const open = run(loaded, DOWN, key('/'));
    expect(open).toEqual({ ...loaded, cursor: 1, prompt: { kind: 'search', label: 'Search: ', value: '' } });
    const typing = run(typed(open, 'dd-1x'), BACKSPACE);
    expect(typing).toEqual({ ...open, prompt: { kind: 'search', label: 'Search: ', value: 'dd-1' } });
    // In a prompt, q, j and g are text, not keys.
    expect(typed(open, 'qjg').prompt?.value).toBe('qjg');
    const searched = run(typing, ENTER);
    expect(searched).toEqual({ ...loaded, filters: { text: 'dd-1' } });
    expect(screenTitle(searched)).toBe(
      'nhiscan review · findings (2) · as cy@acme.example · filters: "dd-1"',
    );
    // The prompt opens with the current search; an empty one clears it.
    expect(run(searched, key('/'))).toEqual({
      ...searched,
      prompt: { kind: 'search', label: 'Search: ', value: 'dd-1' },
    });
    expect(run(searched, key('/'), BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, ENTER)).toEqual({
      ...loaded,
      filters: { text: undefined },
    });
    expect(run(loaded, key('o'), key('ann'), ENTER)).toEqual({ ...loaded, filters: { owner: 'ann' } });
  });

  it('cancels a prompt with Esc, submits pasted text at its newline, and drops control characters', () => {
    const open = run(loaded, key('o'), key('an'));
    expect(run(open, ESCAPE)).toEqual({ ...loaded, message: 'cancelled' });
    expect(run(open, key('n\rignored'))).toEqual({ ...loaded, filters: { owner: 'ann' } });
    expect(run(open, key('n\u0007!')).prompt?.value).toBe('ann!');
    expect(run(open, key('x', { ctrl: true }), key('y', { meta: true }))).toEqual(open);
  });

  it('asks for a reason to approve, refuses an empty one, and queues the decision to record', () => {
    const open = run(loaded, key('a'));
    expect(open).toEqual({
      ...loaded,
      prompt: { kind: 'approve', label: 'Reason to approve #1: ', value: '', request: jk1.request },
    });
    expect(run(open, ENTER)).toEqual({
      ...loaded,
      message: 'a reason is required to approve; nothing recorded',
    });
    expect(run(typed(open, ' ok '), ENTER)).toEqual({
      ...loaded,
      effects: [{ kind: 'approve', request: jk1.request, reason: 'ok' }],
    });
    expect(run(loaded, DOWN, key('x'), key('no'), ENTER)).toEqual({
      ...loaded,
      cursor: 1,
      effects: [{ kind: 'reject', request: sf1.request, reason: 'no' }],
    });
    expect(run(loaded, DOWN, DOWN, key('a'))).toEqual({
      ...loaded,
      cursor: 2,
      message: 'no revocation request for this credential',
    });
  });

  it('says a decided request is reloaded, and shows a refusal', () => {
    const queued = run(loaded, key('a'), key('ok'), ENTER);
    const taken = reviewReducer(queued, { type: 'effects-taken', count: 1 });
    expect(taken).toEqual(loaded);
    const approved = { ...jk1.request!, state: 'approved' as const };
    expect(reviewReducer(taken, { type: 'decided', decision: 'approve', request: approved })).toEqual({
      ...loaded,
      message: 'approved #1 as cy@acme.example: approved · approvals 0/1 · leaver-owned',
      effects: [{ kind: 'load' }],
    });
    expect(reviewReducer(taken, { type: 'decided', decision: 'reject', request: approved }).message).toBe(
      'rejected #1 as cy@acme.example',
    );
    expect(reviewReducer(taken, { type: 'refused', reason: 'a leaver decides nothing' })).toEqual({
      ...loaded,
      message: 'refused: a leaver decides nothing',
    });
    // Effects queued meanwhile stay for the next pass.
    expect(
      reviewReducer(
        { ...loaded, effects: [{ kind: 'quit' }, { kind: 'load' }] },
        { type: 'effects-taken', count: 1 },
      ),
    ).toEqual({ ...loaded, effects: [{ kind: 'load' }] });
    const empty = reviewReducer(loaded, { type: 'loaded', data: { ...data, groups: [] } });
    expect(run(empty, key('a'))).toEqual({ ...empty, message: 'no revocation request for this credential' });
  });

  it('asks for a date, then a reason, to suppress, and refuses a bad date', () => {
    const open = run(loaded, DOWN, DOWN, DOWN, key('u'));
    expect(open.prompt).toEqual({
      kind: 'suppress-date',
      label: 'Suppress until (YYYY-MM-DD): ',
      value: '',
      item: dd1OverAge,
    });
    expect(run(open, key('2027-13-01'), ENTER)).toEqual({
      ...open,
      prompt: undefined,
      message: 'expected a date such as 2027-03-31, got "2027-13-01"; nothing recorded',
    });
    const reason = run(open, key('2027-03-31'), ENTER);
    expect(reason).toEqual({
      ...open,
      prompt: {
        kind: 'suppress-reason',
        label: 'Reason to accept until 2027-03-31: ',
        value: '',
        item: dd1OverAge,
        expires: '2027-03-31',
      },
    });
    expect(run(reason, ENTER)).toEqual({
      ...open,
      prompt: undefined,
      message: 'a reason is required to suppress; nothing recorded',
    });
    const queued = run(reason, key('rotating'), ENTER);
    expect(queued).toEqual({
      ...open,
      prompt: undefined,
      effects: [{ kind: 'suppress', item: dd1OverAge, reason: 'rotating', expires: '2027-03-31' }],
    });
    expect(
      reviewReducer(loaded, {
        type: 'suppressed',
        rule: 'over-age',
        expires: '2027-03-31',
        file: '/x/.b.yaml',
      }),
    ).toEqual({ ...loaded, message: 'suppressed over-age until 2027-03-31: added to .b.yaml' });
  });

  it('asks for a reason, then a date, to recertify, and refuses a rule that cannot be', () => {
    expect(run(loaded, key('R'))).toEqual({
      ...loaded,
      message: 'leaver-owned cannot be recertified: a baseline entry (u) can accept it',
    });
    const open = run(loaded, DOWN, DOWN, key('R'));
    expect(open.prompt).toEqual({
      kind: 'recertify-reason',
      label: 'Reason to recertify datadog:acme:api-key:dd-1: ',
      value: '',
      item: dd1Stale,
    });
    expect(run(open, ENTER).message).toBe('a reason is required to recertify; nothing recorded');
    const until = run(open, key('kept'), ENTER);
    expect(until.prompt).toEqual({
      kind: 'recertify-until',
      label: 'Keep stale until (YYYY-MM-DD, empty = 90 days): ',
      value: '',
      item: dd1Stale,
      reason: 'kept',
    });
    expect(run(until, ENTER).effects).toEqual([
      { kind: 'recertify', item: dd1Stale, reason: 'kept', until: undefined },
    ]);
    expect(run(until, key('2027-01-15'), ENTER)).toEqual({
      ...loaded,
      cursor: 2,
      effects: [{ kind: 'recertify', item: dd1Stale, reason: 'kept', until: '2027-01-15' }],
    });
    expect(
      reviewReducer(loaded, {
        type: 'recertified',
        rule: 'stale',
        until: '2027-01-15',
        credentialUid: 'datadog:acme:api-key:dd-1',
      }).message,
    ).toBe('recertified stale until 2027-01-15 (applies at the next scan): datadog:acme:api-key:dd-1');
    expect(reviewReducer(loaded, { type: 'not-recorded', problem: 'expected a later date' }).message).toBe(
      'expected a later date; nothing recorded',
    );
  });

  it('refuses every change when read-only, and opens no prompt', () => {
    const readOnly = reviewReducer(
      initialReviewState({ reviewer: 'cy@acme.example', readOnly: true, columns: 80, rows: 24 }),
      { type: 'loaded', data },
    );
    expect(screenTitle(readOnly)).toBe(
      'nhiscan review · findings (6) · as cy@acme.example · read-only · unfiltered',
    );
    for (const action of ['a', 'x', 'u', 'R'])
      expect(run(readOnly, DOWN, DOWN, key(action))).toEqual({
        ...readOnly,
        cursor: 2,
        message: READ_ONLY_MESSAGE,
      });
    for (const action of ['a', 'x'])
      expect(run(readOnly, key('2'), key(action))).toEqual({
        ...readOnly,
        view: 'queue',
        message: READ_ONLY_MESSAGE,
      });
  });
});
