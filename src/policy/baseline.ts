/**
 * The baseline (`.nhiscan-baseline.yaml`): accepted findings, each with a reason, an approver and
 * an expiry date. An entry suppresses until its `expires` date; on that date and after, it stops
 * suppressing and is reported as expired, so an exception can never become permanent by neglect.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { z } from 'zod';
import { parseYamlFile, yamlToData } from '../config/yaml-document.js';
import { type FieldRule, stringProblem, yamlStringProblems } from '../config/yaml-hygiene.js';
import { formatKeyPath, type KeyPath, lineOfPath } from '../config/yaml-locations.js';
import { daysUntil, parseIsoDate } from '../core/dates.js';
import { InputError, InputErrors } from '../core/errors.js';
import type { EvaluatedFinding, Finding } from '../core/model.js';

/** The longest reason an exception may give: a reason, not a document. */
export const MAX_REASON_LENGTH = 500;
/** The longest approver: an email, alias, employee id or name. */
export const MAX_APPROVER_LENGTH = 200;

const entrySchema = z
  .strictObject({
    finding: z.string({ error: 'expected a finding uid' }).trim().min(1, 'expected a finding uid').optional(),
    credential: z
      .string({ error: 'expected a credential uid' })
      .trim()
      .min(1, 'expected a credential uid')
      .optional(),
    reason: z
      .string({ error: 'expected a reason' })
      .trim()
      .min(1, 'expected a non-empty reason')
      .max(MAX_REASON_LENGTH, `expected a reason of at most ${MAX_REASON_LENGTH} characters`),
    approvedBy: z
      .string({ error: 'expected who approved it' })
      .trim()
      .min(1, 'expected who approved it')
      .max(
        MAX_APPROVER_LENGTH,
        `expected who approved it: an email, alias, employee id or name of at most ${MAX_APPROVER_LENGTH} characters`,
      ),
    expires: z
      .union([z.string(), z.date()], { error: 'expected an ISO 8601 expiry date such as 2027-03-31' })
      .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()))
      .refine((value) => parseIsoDate(value) !== null, 'expected an ISO 8601 expiry date such as 2027-03-31'),
  })
  .refine((entry) => (entry.finding === undefined) !== (entry.credential === undefined), {
    message: 'expected exactly one of finding (a finding uid) or credential (a credential uid)',
  });

/** `entries:` with nothing under it (a freshly started file) is an empty list. */
const baselineSchema = z.strictObject(
  {
    entries: z
      .array(entrySchema, { error: 'expected a list of entries' })
      .nullish()
      .transform((entries) => entries ?? []),
  },
  { error: 'expected a mapping with an entries: list' },
);

export type BaselineEntry = z.infer<typeof entrySchema>;

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
  /**
   * Why an entry cannot suppress a finding of this credential (its approver is nobody in HR, a
   * leaver, or an owner of the credential), or undefined when it can. Set by the scan
   * (src/governance/baseline-approvers.ts); without it every active entry suppresses.
   */
  approverProblem?: (entry: BaselineEntry, credentialUid: string) => string | undefined;
}

/** A baseline entry that matched a finding but may not suppress it, and why. */
export interface InvalidBaselineEntry {
  entry: BaselineEntry;
  credentialUid: string;
  problem: string;
}

/** How each string of the file is held: uids as identifiers, the approver as a name, the reason as text. */
function baselineRule(path: KeyPath): FieldRule {
  const field = path.length === 3 && path[0] === 'entries' ? path[2] : undefined;
  if (field === 'reason') return { kind: 'text', limit: MAX_REASON_LENGTH };
  if (field === 'approvedBy') return { kind: 'name', limit: MAX_APPROVER_LENGTH };
  if (field === 'finding' || field === 'credential' || field === 'expires') return { kind: 'id' };
  return { kind: 'text' };
}

export function parseBaseline(text: string, file: string): Baseline {
  const yaml = parseYamlFile(text, file);
  // Every string (secrets, NUL bytes, lengths) before the schema.
  const refused = yamlStringProblems(yaml, baselineRule);
  if (refused.length > 0) throw new InputErrors(refused);
  const raw = yamlToData(yaml) ?? { entries: [] };
  const { document, lineCounter } = yaml;
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputErrors(
      parsed.error.issues.map((issue) => {
        const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
        const fullPath = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key ${issue.keys.join(', ')}; expected finding or credential, reason, approvedBy, expires`
            : issue.message;
        return new InputError(message, {
          file,
          line: lineOfPath(document, lineCounter, fullPath),
          key: formatKeyPath(fullPath) || undefined,
        });
      }),
    );
  }
  return { file, entries: parsed.data.entries };
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'baseline file not found' : `cannot read baseline file (${code})`,
      { file },
    );
  }
  return parseBaseline(text, file);
}

/** Active while as-of is before the expiry date. */
export function isEntryActive(entry: BaselineEntry, asOf: Date): boolean {
  return daysUntil(asOf, entry.expires) > 0;
}

export interface BaselineOutcome {
  findings: EvaluatedFinding[];
  /**
   * Every entry whose expiry date has come (whether or not it still matches a finding), in file
   * order: it no longer suppresses anything and is reported so someone renews or removes it.
   */
  expiredEntries: BaselineEntry[];
  /** Entries that matched a finding here but were refused (approvedBy not eligible). */
  invalidEntries: InvalidBaselineEntry[];
}

export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline | undefined,
  asOf: Date,
): BaselineOutcome {
  const matcher = baselineMatcher(baseline, asOf);
  return {
    findings: matcher.apply(findings),
    expiredEntries: matcher.expiredEntries,
    invalidEntries: matcher.invalidEntries(),
  };
}

/** The baseline indexed once for a run, applied page by page to the run's findings. */
export function baselineMatcher(
  baseline: Baseline | undefined,
  asOf: Date,
): {
  apply(findings: readonly Finding[]): EvaluatedFinding[];
  expiredEntries: BaselineEntry[];
  /** Entries refused so far, one per entry and credential, in the order they were met. */
  invalidEntries(): InvalidBaselineEntry[];
} {
  const byFinding = new Map<string, BaselineEntry>();
  const byCredential = new Map<string, BaselineEntry>();
  const expired = new Set<BaselineEntry>();
  const invalid = new Map<string, InvalidBaselineEntry>();
  const problemOf = baseline?.approverProblem;
  /** The entry, if it may suppress this credential's finding; refusals are remembered. */
  const eligible = (entry: BaselineEntry | undefined, credentialUid: string) => {
    if (!entry || !problemOf) return entry;
    const problem = problemOf(entry, credentialUid);
    if (problem === undefined) return entry;
    const key = `${baseline!.entries.indexOf(entry)} ${credentialUid}`;
    if (!invalid.has(key)) invalid.set(key, { entry, credentialUid, problem });
    return undefined;
  };
  for (const entry of baseline?.entries ?? []) {
    if (!isEntryActive(entry, asOf)) {
      expired.add(entry);
      continue;
    }
    if (entry.finding) byFinding.set(entry.finding, entry);
    if (entry.credential) byCredential.set(entry.credential, entry);
  }
  return {
    expiredEntries: [...expired],
    invalidEntries: () => [...invalid.values()],
    apply: (findings) =>
      // Built field by field: a scan passes every finding of the estate through here, and an
      // object literal is much cheaper than a spread.
      findings.map((finding): EvaluatedFinding => {
        const entry =
          byFinding.size === 0 && byCredential.size === 0
            ? undefined
            : eligible(
                byFinding.get(finding.uid) ?? byCredential.get(finding.credentialUid),
                finding.credentialUid,
              );
        return {
          uid: finding.uid,
          rule: finding.rule,
          severity: finding.severity,
          credentialUid: finding.credentialUid,
          title: finding.title,
          evidence: finding.evidence,
          status: entry ? 'suppressed' : 'open',
          suppression: entry
            ? { reason: entry.reason, approvedBy: entry.approvedBy, expires: entry.expires, kind: 'baseline' }
            : null,
        };
      }),
  };
}

/**
 * Appends an entry, keeping the rest of the file (comments, order, other entries) as it was.
 * The entry is validated like a parsed one; the file is replaced atomically with its mode kept.
 */
export function addBaselineEntry(file: string, entry: BaselineEntry): void {
  const checked = entrySchema.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new InputError(`new entry: ${issue.message}`, {
      file,
      key: issue.path.map(String).join('.') || undefined,
    });
  }
  for (const [field, value] of Object.entries(checked.data)) {
    const found =
      typeof value === 'string' ? stringProblem(value, baselineRule(['entries', 0, field])) : null;
    if (found) throw new InputError(`new entry: this value ${found.problem}`, { file, key: field });
  }
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  parseBaseline(text, file); // refuse to append to a file that is already invalid
  let document = parseDocument(text);
  if (!isMap(document.contents)) document = parseDocument(`${text.trimEnd()}\nentries: []\n`.trimStart());
  let entries = document.get('entries', true);
  if (!isSeq(entries)) {
    entries = new YAMLSeq();
    document.set('entries', entries);
  }
  (entries as YAMLSeq).flow = false;
  (entries as YAMLSeq).add(document.createNode(checked.data));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, document.toString(), {
    mode: existsSync(file) ? statSync(file).mode & 0o777 : 0o644,
  });
  renameSync(temporary, file);
}
