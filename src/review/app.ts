/**
 * `nhiscan review`: a full-screen ink app over the store. Findings grouped by owner (leavers first),
 * filters, a details pane with the evidence a reviewer needs, approve / reject / suppress /
 * recertify with a reason, the queue, and a dry-run preview of execute. Written with createElement
 * (no JSX build step). Layout fits 80×24 and follows the terminal's size on resize; colours are
 * dropped under NO_COLOR; without actions (read-only) every change is refused with a message.
 */
import { Box, type Key, Text, useApp, useInput } from 'ink';
import React, { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { SEVERITIES } from '../core/model.js';
import { terminalSafe } from '../core/terminal-text.js';
import { isRecertifiable } from '../policy/recertification.js';
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewActions } from './actions.js';
import { filterChoices, filterGroups, type ReviewData, type ReviewFilters, type ReviewItem } from './data.js';
import { detailLines, queueDetailLines } from './details.js';
import type { HistoryLine } from './history.js';
import { helpFor, listHeightFor, previewHeightFor, STATUS_ROWS, type View } from './layout.js';
import { type Prompt, submitPrompt } from './prompts.js';
import { LOADING_FINDINGS, spinning } from './spinner.js';
import { useTerminalSize } from './terminal.js';
import { findingsView, line, previewLastTop, previewView, queueView, type Row } from './views.js';

const h = React.createElement;

export interface ReviewAppProps {
  load: () => ReviewData;
  history: (credentialUid: string) => HistoryLine[];
  /** Undefined in read-only mode. */
  actions: ReviewActions | undefined;
  preview: () => Promise<string[]>;
  reviewer: string;
  noColor: boolean;
}

function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const index = values.indexOf(current);
  return index + 1 < values.length ? values[index + 1] : undefined;
}

export function ReviewApp(props: ReviewAppProps): React.ReactElement {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [data, setData] = useState<ReviewData | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const [view, setView] = useState<View>('findings');
  const [filters, setFilters] = useState<ReviewFilters>({});
  // Cursors also live in refs, so a key that follows a move at once acts on the moved-to row.
  const [cursor, setCursorState] = useState(0);
  const [queueCursor, setQueueCursorState] = useState(0);
  const cursorRef = useRef(0);
  const queueCursorRef = useRef(0);
  const setCursor = (next: number | ((value: number) => number)) => {
    cursorRef.current = typeof next === 'function' ? next(cursorRef.current) : next;
    setCursorState(cursorRef.current);
  };
  const setQueueCursor = (next: number | ((value: number) => number)) => {
    queueCursorRef.current = typeof next === 'function' ? next(queueCursorRef.current) : next;
    setQueueCursorState(queueCursorRef.current);
  };
  // The prompt lives in a ref as well: keys can arrive faster than renders, and each one must see
  // the text the previous one typed.
  const [prompt, setPromptState] = useState<Prompt | undefined>();
  const promptRef = useRef<Prompt | undefined>(undefined);
  const setPrompt = (next: Prompt | undefined) => {
    promptRef.current = next;
    setPromptState(next);
  };
  const [message, setMessage] = useState<string>('');
  const [previewLines, setPreviewLines] = useState<string[] | undefined>();
  const [previewTop, setPreviewTop] = useState(0);
  const color = (name: string) => (props.noColor ? undefined : name);

  const reload = () => {
    try {
      setData(props.load());
    } catch (error) {
      setLoadError((error as Error).message);
    }
  };
  // Load once, after the first frame (the spinner) is on screen.
  const loadOnce = useRef(reload);
  useEffect(() => {
    const timer = setTimeout(() => loadOnce.current(), 0);
    return () => clearTimeout(timer);
  }, []);
  const planning = view === 'preview' && previewLines === undefined;
  useEffect(() => {
    if ((data || loadError) && !planning) return;
    const timer = setInterval(() => setTick((value) => value + 1), 80);
    return () => clearInterval(timer);
  }, [data, loadError, planning]);

  const groups = useMemo(() => (data ? filterGroups(data.groups, filters) : []), [data, filters]);
  const items = useMemo(() => groups.flatMap((group) => group.items), [groups]);
  const rows = useMemo<Row[]>(
    () =>
      groups.flatMap((group) => [
        { kind: 'group' as const, label: group.label, leaver: group.leaver, count: group.items.length },
        ...group.items.map((item) => ({ kind: 'item' as const, item })),
      ]),
    [groups],
  );
  const queue = useMemo(
    () =>
      [...(data?.requests ?? [])].sort((a, b) => {
        const open = (request: RevocationRequest) =>
          ['pending-approval', 'approved', 'in-progress', 'waiting-for-human'].includes(request.state)
            ? 0
            : 1;
        return open(a) - open(b) || a.id - b.id;
      }),
    [data],
  );
  // Audit history is read once per credential until the next reload, not on every key press.
  const historyCache = useRef<{ data: ReviewData | undefined; lines: Map<string, HistoryLine[]> }>({
    data: undefined,
    lines: new Map(),
  });
  const historyOf = (credentialUid: string) => {
    if (historyCache.current.data !== data) historyCache.current = { data, lines: new Map() };
    let lines = historyCache.current.lines.get(credentialUid);
    if (!lines) {
      lines = props.history(credentialUid);
      historyCache.current.lines.set(credentialUid, lines);
    }
    return lines;
  };
  const selected: ReviewItem | undefined = items[Math.min(cursor, items.length - 1)];
  const selectedRequest: RevocationRequest | undefined = queue[Math.min(queueCursor, queue.length - 1)];

  const refusedReadOnly = () => {
    setMessage('read-only: approve, reject, suppress and recertify are disabled (--read-only)');
    return true;
  };

  const startDecision = (kind: 'approve' | 'reject', request: RevocationRequest | undefined) => {
    if (!props.actions) return refusedReadOnly();
    if (!request) return setMessage('no revocation request for this credential');
    if (kind === 'approve' && request.state !== 'pending-approval')
      return setMessage(`request #${request.id} is ${request.state}: nothing to approve`);
    setPrompt({ kind, label: `Reason to ${kind} #${request.id}: `, value: '', request });
  };

  const startRecertify = (item: ReviewItem | undefined) => {
    if (!props.actions) return refusedReadOnly();
    if (!item) return;
    if (!isRecertifiable(item.finding.rule))
      return setMessage(`${item.finding.rule} cannot be recertified: a baseline entry (u) can accept it`);
    setPrompt({
      kind: 'recertify-reason',
      label: `Reason to recertify ${item.credential.uid}: `,
      value: '',
      item,
    });
  };

  const submit = (current: Prompt) =>
    submitPrompt(current, {
      actions: props.actions,
      reviewer: props.reviewer,
      setPrompt,
      setFilters,
      setCursor,
      setMessage,
      reload,
    });

  const runPreview = () => {
    setPreviewLines(undefined);
    setPreviewTop(0);
    props
      .preview()
      .then(setPreviewLines)
      .catch((error: unknown) => setPreviewLines([`preview failed: ${(error as Error).message}`]));
  };

  // Keys go to the handler of the latest committed render. ink binds useInput's handler in a passive
  // effect, which runs after the frame is on screen: a key typed right after the list appears would
  // otherwise reach the previous render's handler (still loading) and be lost.
  const onKey = useRef<(input: string, key: Key) => void>(() => {});
  useLayoutEffect(() => {
    onKey.current = handleKey;
  });
  useInput(useCallback((input: string, key: Key) => onKey.current(input, key), []));

  function handleKey(input: string, key: Key): void {
    const prompt = promptRef.current;
    if (prompt) {
      if (key.escape) {
        setPrompt(undefined);
        setMessage('cancelled');
      } else if (key.return) submit(prompt);
      else if (key.backspace || key.delete) setPrompt({ ...prompt, value: prompt.value.slice(0, -1) });
      else if (input && !key.ctrl && !key.meta) {
        // Pasted or fast-typed text can arrive in one chunk with its Enter: submit at the newline.
        const end = input.search(/[\r\n]/);
        if (end >= 0) submit({ ...prompt, value: prompt.value + input.slice(0, end) });
        else
          setPrompt({ ...prompt, value: prompt.value + [...input].filter((char) => char >= ' ').join('') });
      }
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) {
      exit();
      return;
    }
    if (key.tab || input === '1' || input === '2' || input === '3') {
      const next: View =
        input === '1'
          ? 'findings'
          : input === '2'
            ? 'queue'
            : input === '3'
              ? 'preview'
              : view === 'findings'
                ? 'queue'
                : view === 'queue'
                  ? 'preview'
                  : 'findings';
      setView(next);
      setMessage('');
      if (next === 'preview' && previewLines === undefined) runPreview();
      return;
    }
    if (!data) return;
    const page = listHeightFor(size.rows, view);
    if (view === 'findings') {
      if (key.upArrow || input === 'k') setCursor((value) => Math.max(0, value - 1));
      else if (key.downArrow || input === 'j') setCursor((value) => Math.min(items.length - 1, value + 1));
      else if (key.pageUp) setCursor((value) => Math.max(0, value - page));
      else if (key.pageDown) setCursor((value) => Math.min(items.length - 1, value + page));
      else if (input === 'g') setCursor(0);
      else if (input === 'G') setCursor(items.length - 1);
      else if (input === '/') setPrompt({ kind: 'search', label: 'Search: ', value: filters.text ?? '' });
      else if (input === 'o') setPrompt({ kind: 'owner', label: 'Owner: ', value: filters.owner ?? '' });
      else if (input === 'p' || input === 'r' || input === 's') {
        const choices = filterChoices(data.groups);
        setFilters((old) =>
          input === 'p'
            ? { ...old, provider: cycle(choices.providers, old.provider) }
            : input === 'r'
              ? { ...old, rule: cycle(choices.rules, old.rule) }
              : { ...old, severity: cycle([...SEVERITIES].reverse(), old.severity) },
        );
        setCursor(0);
      } else if (input === 'c') {
        setFilters({});
        setCursor(0);
      } else if (input === 'a' || input === 'x')
        startDecision(
          input === 'a' ? 'approve' : 'reject',
          items[Math.min(cursorRef.current, items.length - 1)]?.request,
        );
      else if (input === 'u') {
        if (!props.actions) refusedReadOnly();
        else if (items[cursorRef.current])
          setPrompt({
            kind: 'suppress-date',
            label: 'Suppress until (YYYY-MM-DD): ',
            value: '',
            item: items[cursorRef.current]!,
          });
      } else if (input === 'R') startRecertify(items[Math.min(cursorRef.current, items.length - 1)]);
    } else if (view === 'queue') {
      if (key.upArrow || input === 'k') setQueueCursor((value) => Math.max(0, value - 1));
      else if (key.downArrow || input === 'j')
        setQueueCursor((value) => Math.min(queue.length - 1, value + 1));
      else if (key.pageUp) setQueueCursor((value) => Math.max(0, value - page));
      else if (key.pageDown) setQueueCursor((value) => Math.min(queue.length - 1, value + page));
      else if (input === 'g') setQueueCursor(0);
      else if (input === 'G') setQueueCursor(queue.length - 1);
      else if (input === 'a' || input === 'x')
        startDecision(
          input === 'a' ? 'approve' : 'reject',
          queue[Math.min(queueCursorRef.current, queue.length - 1)],
        );
    } else {
      const height = previewHeightFor(size.rows);
      const last = previewLastTop(previewLines?.length ?? 0, height);
      if (key.upArrow || input === 'k') setPreviewTop((value) => Math.max(0, value - 1));
      else if (key.downArrow || input === 'j') setPreviewTop((value) => Math.min(last, value + 1));
      else if (key.pageUp) setPreviewTop((value) => Math.max(0, value - (height - 1)));
      else if (key.pageDown) setPreviewTop((value) => Math.min(last, value + (height - 1)));
      else if (input === 'g') setPreviewTop(0);
      else if (input === 'G') setPreviewTop(last);
      else if (input === 'R') runPreview();
    }
  }

  const width = Math.max(40, size.columns);
  const listHeight = listHeightFor(size.rows, view);
  if (loadError)
    return h(Box, { flexDirection: 'column' }, line(`nhiscan review: ${loadError}`, { color: color('red') }));
  if (!data) return h(Box, null, line(spinning(tick, LOADING_FINDINGS)));

  const activeFilters = [
    filters.provider && `provider=${filters.provider}`,
    filters.rule && `rule=${filters.rule}`,
    filters.severity && `severity≥${filters.severity}`,
    filters.owner && `owner~${filters.owner}`,
    filters.text && `"${filters.text}"`,
  ].filter(Boolean);
  const filterText = activeFilters.length > 0 ? `filters: ${activeFilters.join(' ')}` : 'unfiltered';
  const readOnly = props.actions === undefined;
  const heading =
    view === 'findings'
      ? `findings (${items.length})`
      : view === 'queue'
        ? `queue (${queue.length} requests)`
        : 'dry-run preview of queue execute';
  // The reviewer and read-only come before the filters: a long filter is what the width cuts.
  const title = `nhiscan review · ${heading} · as ${props.reviewer}${readOnly ? ' · read-only' : ''}${view === 'findings' ? ` · ${filterText}` : ''}`;
  const help = helpFor(view, readOnly);

  const body =
    view === 'findings'
      ? findingsView({
          rows,
          selected,
          details: selected ? detailLines(selected, historyOf(selected.credential.uid), data.asOf) : [''],
          listHeight,
          width,
          color,
        })
      : view === 'queue'
        ? queueView({
            queue,
            cursor: queueCursor,
            selected: selectedRequest,
            details: selectedRequest
              ? queueDetailLines(
                  selectedRequest,
                  data.people.find((person) => person.employeeId === selectedRequest.ownerEmployeeId),
                  historyOf(selectedRequest.credentialUid),
                )
              : [''],
            listHeight,
            width,
          })
        : previewView(
            previewLines ?? [spinning(tick, 'planning a dry run…')],
            previewTop,
            previewHeightFor(size.rows),
          );

  return h(
    Box,
    { flexDirection: 'column', width },
    line(title, { bold: true, color: color('cyan') }),
    ...body,
    h(
      Box,
      { key: 'status', flexDirection: 'column', height: STATUS_ROWS, overflow: 'hidden' },
      // A prompt wider than the screen shows its end: what is being typed stays in sight.
      prompt
        ? line(`${prompt.label}${prompt.value}_`, { color: color('yellow'), wrap: 'truncate-start' })
        : h(Text, { wrap: 'wrap' }, terminalSafe(message) || ' '),
    ),
    ...help.map((text, index) => line(text, { key: `help${index}`, dimColor: true })),
  );
}
