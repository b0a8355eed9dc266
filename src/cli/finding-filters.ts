/**
 * The filters of `nhiscan findings`: --rule, --severity and --provider. An unknown value is
 * refused (exit 2) with the list of known ones, never read as "matches nothing": a misspelt
 * `--rule leaver-owner` must not print "No findings." and exit 0.
 */
import { InputError } from '../core/errors.js';
import { RULE_IDS, SEVERITIES, type Severity } from '../core/model.js';
import { registeredPluginIds } from '../core/registry.js';
import type { Db, StoredFinding } from '../store/index.js';
import { parseList, severityAtLeast } from './options.js';

export interface FindingFilterFlags {
  rule?: string;
  severity?: string;
  provider?: string;
}

/**
 * Scanner types whose credentials carry a provider of their own: an inventory file names the system
 * of each row (`snowflake`, `vault`…), which is known once it is in the database.
 */
const NOT_A_PROVIDER = new Set(['inventory-file']);

/** Checks --rule and --severity (no database needed); returns the finding predicate they make. */
export function ruleAndSeverityFilter(flags: FindingFilterFlags): (finding: StoredFinding) => boolean {
  const minimum = flags.severity;
  if (minimum !== undefined && !(SEVERITIES as readonly string[]).includes(minimum)) {
    throw new InputError(`expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(minimum)}`, {
      key: '--severity',
    });
  }
  const rules = flags.rule === undefined ? undefined : knownValues(flags.rule, '--rule', 'rule', RULE_IDS);
  return (finding) =>
    (!rules || rules.includes(finding.rule)) &&
    (minimum === undefined || severityAtLeast(finding.severity, minimum as Severity));
}

/**
 * Checks --provider against the scanners' providers and those of the credentials in the database;
 * returns the predicate (by the finding's credential), or undefined without the flag.
 */
export function providerFilter(
  db: Db,
  flags: FindingFilterFlags,
): ((finding: StoredFinding) => boolean) | undefined {
  if (flags.provider === undefined) return undefined;
  const stored = db.prepare('SELECT DISTINCT provider FROM credentials').pluck().all() as string[];
  const known = [
    ...new Set([...registeredPluginIds().filter((id) => !NOT_A_PROVIDER.has(id)), ...stored]),
  ].sort();
  const wanted = knownValues(flags.provider.toLowerCase(), '--provider', 'provider', known);
  const placeholders = wanted.map(() => '?').join(', ');
  const credentials = new Set(
    db
      .prepare(`SELECT uid FROM credentials WHERE provider IN (${placeholders})`)
      .pluck()
      .all(...wanted) as string[],
  );
  return (finding) => credentials.has(finding.credentialUid);
}

/** The comma-separated values of `flag`, each one of `known`; otherwise an InputError listing them. */
function knownValues(value: string, flag: string, noun: string, known: readonly string[]): string[] {
  const values = parseList(value);
  if (values.length === 0)
    throw new InputError(`expected at least one ${noun}: ${known.join(', ')}`, { key: flag });
  const unknown = values.filter((entry) => !known.includes(entry));
  if (unknown.length > 0) {
    const named = unknown.map((entry) => JSON.stringify(entry)).join(', ');
    throw new InputError(
      `unknown ${noun}${unknown.length === 1 ? '' : 's'} ${named}; expected one of ${known.join(', ')}`,
      { key: flag },
    );
  }
  return values;
}
