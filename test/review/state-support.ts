/**
 * Drives the review screen's reducer without ink, for test/review/state*.test.ts: keys as ink
 * reports them, a run of actions, and the review fixture's scanned database read once with
 * loadReviewData. Bob (a leaver) owns jk-1 and sf-1, each with a pending request (#1, #2); Ann owns
 * dd-1 (stale, over-age); dd-2 has no known owner (owner-unknown, over-age).
 */
import { loadReviewData, type ReviewData, type ReviewItem } from '../../src/review/data.js';
import {
  initialReviewState,
  type KeyPress,
  type ReviewAction,
  type ReviewState,
  reviewReducer,
} from '../../src/review/state.js';
import { openDatabase, scannedFixture } from './fixture.js';

export const key = (input: string, flags: Omit<KeyPress, 'input'> = {}): ReviewAction => ({
  type: 'key',
  press: { input, ...flags },
});
export const DOWN = key('', { downArrow: true });
export const UP = key('', { upArrow: true });
export const PAGE_DOWN = key('', { pageDown: true });
export const PAGE_UP = key('', { pageUp: true });
export const ENTER = key('\r', { return: true });
export const ESCAPE = key('', { escape: true, meta: true });
export const BACKSPACE = key('', { backspace: true });
export const TAB = key('\t', { tab: true });

export const run = (state: ReviewState, ...actions: ReviewAction[]) => actions.reduce(reviewReducer, state);
/** Typed one key at a time, as a person types. */
export const typed = (state: ReviewState, text: string) => run(state, ...[...text].map((char) => key(char)));

export interface StateFixture {
  remove(): void;
  data: ReviewData;
  /** The findings in list order: jk-1, sf-1, dd-1 stale, dd-1 over-age, dd-2 owner-unknown, dd-2 over-age. */
  items: ReviewItem[];
  /** The first state, as cy@acme.example on 80×24. */
  fresh: ReviewState;
  /** `fresh` with the data loaded. */
  loaded: ReviewState;
}

export async function stateFixture(): Promise<StateFixture> {
  const fixture = await scannedFixture();
  const db = openDatabase(fixture.dbPath);
  const data = loadReviewData(db);
  db.close();
  const fresh = initialReviewState({
    reviewer: 'cy@acme.example',
    readOnly: false,
    columns: 80,
    rows: 24,
  });
  return {
    remove: () => fixture.dir.remove(),
    data,
    items: data.groups.flatMap((group) => group.items),
    fresh,
    loaded: reviewReducer(fresh, { type: 'loaded', data }),
  };
}
