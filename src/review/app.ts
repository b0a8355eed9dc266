/**
 * `nhiscan review`: a full-screen ink app over the store. Findings grouped by owner (leavers first),
 * filters, a details pane with the evidence a reviewer needs, approve / reject / suppress /
 * recertify with a reason, the queue, and a dry-run preview of execute. Written with createElement
 * (no JSX build step). Layout fits 80×24 and follows the terminal's size on resize; colours are
 * dropped under NO_COLOR; without actions (read-only) every change is refused with a message.
 *
 * This file is the ink wiring only: the state and what each key does are the pure reducer in
 * ./state.ts, the frame is ./screen.ts, and the effects the reducer queues (load, record through
 * ReviewActions, plan the dry run, quit) are performed by ./effects.ts.
 */
import { type Key, useApp, useInput, useStdout } from 'ink';
import type React from 'react';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { ReviewActions } from './actions.js';
import type { ReviewData } from './data.js';
import { type EffectContext, performEffect } from './effects.js';
import type { HistoryLine } from './history.js';
import { reviewScreen } from './screen.js';
import { initialReviewState, reviewReducer, spinnerTurning } from './state.js';
import { type TerminalSize, terminalSize, useTerminalResize } from './terminal.js';

export interface ReviewAppProps {
  load: () => ReviewData;
  history: (credentialUid: string) => HistoryLine[];
  /** Undefined in read-only mode. */
  actions: ReviewActions | undefined;
  preview: () => Promise<string[]>;
  reviewer: string;
  noColor: boolean;
}

/** Audit history is read once per credential until the next reload, not on every key press. */
function useHistory(
  history: ReviewAppProps['history'],
  data: ReviewData | undefined,
): (credentialUid: string) => HistoryLine[] {
  const cache = useRef<{ data: ReviewData | undefined; lines: Map<string, HistoryLine[]> }>({
    data: undefined,
    lines: new Map(),
  });
  return (credentialUid) => {
    if (cache.current.data !== data) cache.current = { data, lines: new Map() };
    let lines = cache.current.lines.get(credentialUid);
    if (!lines) {
      lines = history(credentialUid);
      cache.current.lines.set(credentialUid, lines);
    }
    return lines;
  };
}

export function ReviewApp(props: ReviewAppProps): React.ReactElement {
  const { load, actions, preview } = props;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [state, dispatch] = useReducer(reviewReducer, undefined, () =>
    initialReviewState({
      reviewer: props.reviewer,
      readOnly: actions === undefined,
      ...terminalSize(stdout),
    }),
  );

  // Each key goes to the reducer, which reads it against the state the previous key left: keys that
  // arrive faster than frames are drawn act on what is current, not on what was last drawn.
  useInput(useCallback((input: string, key: Key) => dispatch({ type: 'key', press: { ...key, input } }), []));
  useTerminalResize(useCallback((size: TerminalSize) => dispatch({ type: 'resize', ...size }), []));

  // Effects run as the frame that queued them is committed, before the next key is read.
  useLayoutEffect(() => {
    if (state.effects.length === 0) return;
    dispatch({ type: 'effects-taken', count: state.effects.length });
    const context: EffectContext = { load, actions, preview, exit, dispatch };
    for (const effect of state.effects) performEffect(effect, context);
  }, [state.effects, load, actions, preview, exit]);

  // Load once, after the first frame (the spinner) is on screen.
  const firstLoad = useRef<EffectContext>({ load, actions, preview, exit, dispatch });
  useEffect(() => {
    const timer = setTimeout(() => performEffect({ kind: 'load' }, firstLoad.current), 0);
    return () => clearTimeout(timer);
  }, []);

  const turning = spinnerTurning(state);
  useEffect(() => {
    if (!turning) return;
    const timer = setInterval(() => dispatch({ type: 'tick' }), 80);
    return () => clearInterval(timer);
  }, [turning]);

  const historyOf = useHistory(props.history, state.data);
  const color = (name: string) => (props.noColor ? undefined : name);
  return reviewScreen(state, { color, historyOf });
}
