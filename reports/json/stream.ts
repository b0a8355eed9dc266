/**
 * The JSON report written as it is made, for an inventory too large to hold: the same bytes as
 * `renderJsonReport` (two-space JSON, trailing newline), with the credentials and the findings
 * walked twice from the caller (once for the summary, once for the document) instead of held in
 * arrays. Only the people and one credential or finding at a time are in memory. The head is
 * rendered by JSON.stringify and closed by hand; each credential and finding is rendered on its own
 * and indented to its depth, which JSON.stringify's output allows: its strings hold no raw newline.
 * A walk out of report order is refused, never written in another order.
 */
import {
  CredentialTally,
  compare,
  compareFindings,
  FindingTally,
  type JsonReportCredentialInput,
  type JsonReportInput,
  peopleByEmployeeId,
  reportBaseline,
  reportCredential,
  reportFindings,
  reportHead,
} from './build.js';
import type { ReportFinding } from './types.js';

export interface JsonReportStreamInput extends Omit<JsonReportInput, 'credentials' | 'findings'> {
  /** A fresh walk of the credentials to report, in uid order (code-unit order, as the report sorts). */
  credentials: () => Iterable<JsonReportCredentialInput>;
  /** A fresh walk of the findings as reported, in report order (`compareFindings`). */
  findings: () => Iterable<ReportFinding>;
}

/** The walk of held findings for a stream: `reportFindings` of them, walked as often as asked. */
export function heldFindings(input: Pick<JsonReportInput, 'findings'>): () => Iterable<ReportFinding> {
  const findings = reportFindings(input);
  return () => findings;
}

/** Passes the walk on, refusing an item that does not come after the one before it. */
function* inOrder<T>(
  items: Iterable<T>,
  order: (a: T, b: T) => number,
  name: (item: T) => string,
): Generator<T> {
  let previous: T | undefined;
  for (const item of items) {
    if (previous !== undefined && order(previous, item) >= 0)
      throw new Error(`the report's walk is out of order: ${name(item)} came after ${name(previous)}`);
    previous = item;
    yield item;
  }
}

/** Text is yielded in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/** An element of a top-level array, as JSON.stringify(document, null, 2) indents it. */
function element(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', '\n    ');
}

/** A top-level array's text after its key, piece by piece. */
function* arrayText(key: string, items: Iterable<unknown>): Generator<string> {
  let first = true;
  for (const item of items) {
    yield `${first ? `,\n  "${key}": [\n    ` : ',\n    '}${element(item)}`;
    first = false;
  }
  yield first ? `,\n  "${key}": []` : '\n  ]';
}

/** The report's text, in chunks: concatenated, exactly `renderJsonReport` of the same input. */
export function* jsonReportChunks(input: JsonReportStreamInput): Generator<string> {
  const peopleById = peopleByEmployeeId(input);
  const tally = new CredentialTally(peopleById, new Date(input.run.asOf));
  for (const item of input.credentials()) tally.add(item);
  const findingTally = new FindingTally();
  for (const finding of input.findings()) findingTally.add(finding);
  const credentials = (function* () {
    const walk = inOrder(
      input.credentials(),
      (a, b) => compare(a.credential.uid, b.credential.uid),
      (item) => `credential ${item.credential.uid}`,
    );
    for (const item of walk) yield reportCredential(item, peopleById);
  })();
  // Opened only once the credentials are written: a walk may hold the store's connection (a cursor).
  const findings = (function* () {
    yield* inOrder(input.findings(), compareFindings, (finding) => `finding ${finding.uid}`);
  })();
  const baseline = reportBaseline(input);
  const pieces = [
    [JSON.stringify(reportHead(input, tally, findingTally), null, 2).slice(0, -2)], // without its closing "\n}"
    arrayText('credentials', credentials),
    arrayText('findings', findings),
    baseline ? [`,\n  "baseline": ${JSON.stringify(baseline, null, 2).replaceAll('\n', '\n  ')}`] : [],
    ['\n}\n'],
  ];
  let buffer = '';
  for (const part of pieces) {
    for (const piece of part) {
      buffer += piece;
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = '';
      }
    }
  }
  yield buffer;
}
