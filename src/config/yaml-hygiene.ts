/**
 * Every string in a YAML file the user wrote (nhiscan.yaml, a baseline), keys included, checked
 * before the schema sees it (src/core/input-limits.ts): no secret material (a literal token where
 * `env:NAME` belongs, a token inside a reason), no NUL byte, no lone surrogate, no control
 * character but tabs and line breaks (none in an identifier), no password in a URL, a length
 * limit. Refusals name the file, line and key path, never the value; the schema's own messages,
 * which may quote a value, only ever see strings that passed.
 *
 * Aliases are not followed: an anchored value is checked once, where it is written.
 */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { InputError } from '../core/errors.js';
import {
  checkField,
  controlCharacterProblem,
  FIELD_LIMITS,
  type FieldKind,
  headOf,
  lengthProblem,
} from '../core/input-limits.js';
import { formatKeyPath, type KeyPath } from './yaml-locations.js';

/** How the string at a key path is held: its kind, and a lower length limit where it has one. */
export interface FieldRule {
  kind: FieldKind;
  limit?: number;
  /**
   * The value is a file path: each of its segments is checked for secret material on its own. A
   * word of a token alphabet may hold `/` (base64 does), so a whole path such as
   * `/tmp/nhiscan-test-2VTHAV/okta-ca.pem` would read as one long random word; its segments do not.
   */
  path?: true;
}

/** The longest text of several lines (a notice template's body); each line is held to its rule. */
export const MAX_TEXT_BLOCK_LENGTH = 16_384;

/** `scheme://user:password@host`: a password written into a URL. */
const URL_PASSWORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@\s:]*:[^/?#@\s]+@/;

const URL_PASSWORD_PROBLEM =
  'holds a URL with a password in it (not shown); nhiscan never stores secret material: remove it from the URL (a key that takes a secret takes env:NAME), and rotate it, as it has been exposed';

export interface Problem {
  problem: string;
  /** Which line of the value, for a value of several lines. */
  lineIndex?: number;
}

/** A path's problem: each segment (split at `/` and `\\`) checked as a field, then its length. */
function pathProblem(value: string, rule: FieldRule): string | null {
  const limit = rule.limit ?? FIELD_LIMITS[rule.kind];
  for (const segment of headOf(value, limit).split(/[\\/]/)) {
    const problem = checkField(segment, rule.kind, rule.limit);
    if (problem) return problem;
  }
  return value.length > limit ? lengthProblem(value.length, limit) : null;
}

/** What is wrong with one string held to this rule, never containing it; null when nothing is. */
export function stringProblem(value: string, rule: FieldRule): Problem | null {
  // An identifier is one line: its line breaks are control characters.
  if (rule.kind === 'id' || !/[\r\n]/.test(value)) {
    const problem =
      (rule.path ? pathProblem(value, rule) : checkField(value, rule.kind, rule.limit)) ??
      controlCharacterProblem(value, { lineBreaks: rule.kind !== 'id' }) ??
      (URL_PASSWORD.test(value) ? URL_PASSWORD_PROBLEM : null);
    return problem ? { problem } : null;
  }
  // Several lines (a template body, a pasted key): each line is held to the rule, the whole to
  // MAX_TEXT_BLOCK_LENGTH, and only that much of it is read.
  const lines = headOf(value, MAX_TEXT_BLOCK_LENGTH).split('\n');
  for (const [lineIndex, line] of lines.entries()) {
    const text = line.replace(/\r$/, '');
    const problem =
      checkField(text, rule.kind, rule.limit) ?? controlCharacterProblem(text, { lineBreaks: true });
    if (problem) return { problem, lineIndex };
  }
  return value.length > MAX_TEXT_BLOCK_LENGTH
    ? { problem: lengthProblem(value.length, MAX_TEXT_BLOCK_LENGTH) }
    : null;
}

/**
 * Every problem with the document's strings, in document order. `ruleAt` says how the value at
 * a key path is held; keys are identifiers.
 */
export function yamlStringProblems(
  yaml: { file: string; document: Document; lineCounter: LineCounter },
  ruleAt: (path: KeyPath) => FieldRule,
): InputError[] {
  const errors: InputError[] = [];
  const lineOf = (node: Node, lineIndex = 0): number | undefined => {
    const offset = node.range?.[0];
    if (offset === undefined) return undefined;
    // A literal block (`|`) keeps its lines: line i of the value is i lines below the `|`.
    const extra = isScalar(node) && node.type === 'BLOCK_LITERAL' ? lineIndex + 1 : 0;
    return yaml.lineCounter.linePos(offset).line + extra;
  };
  const report = (node: Node, path: KeyPath, what: string, found: Problem) =>
    errors.push(
      new InputError(`${what} ${found.problem}`, {
        file: yaml.file,
        line: lineOf(node, found.lineIndex),
        key: formatKeyPath(path) || undefined,
      }),
    );
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      if (typeof node.value !== 'string') return;
      const found = stringProblem(node.value, ruleAt(path));
      if (found) report(node, path, 'this value', found);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'string') {
          const found = stringProblem(key.value, { kind: 'id' });
          if (found) {
            report(key, path, 'a key name here', found);
            continue;
          }
        } else if (!isScalar(key)) {
          walk(key, path);
        }
        walk(pair.value, [...path, isScalar(key) ? String(key.value) : '?']);
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) walk(item, [...path, index]);
    }
  };
  walk(yaml.document.contents, []);
  return errors;
}
