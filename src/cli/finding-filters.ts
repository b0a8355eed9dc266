/**
 * The filters of `nhiscan findings`: --rule, --severity and --provider. An unknown value is
 * refused (exit 2) with the list of known ones, never read as "matches nothing": a misspelt
 * `--rule leaver-owner` must not print "No findings." and exit 0.
 */

import { registeredPluginIds } from '../../scanners/index.js';
import { RULE_IDS, type RuleId, SEVERITIES, type Severity } from '../core/model.js';
import { credentialProviders, type Db, type StoredFinding } from '../store/index.js';
import { knownValues, oneOf, severityAtLeast } from './options.js';

export interface FindingFilterFlags {
  /** Parsed by `parseRules`. */
  rule?: RuleId[];
  /** Parsed by `parseSeverity`. */
  severity?: Severity;
  provider?: string;
}

/** --rule: comma-separated rule ids, each a known one (checked while commander parses it). */
export function parseRules(value: string): RuleId[] {
  return knownValues(value, '--rule', 'rule', RULE_IDS) as RuleId[];
}

/** --severity: one of the severities (checked while commander parses it). */
export const parseSeverity = oneOf('--severity', SEVERITIES);

/**
 * Scanner types whose credentials carry a provider of their own: an inventory file names the system
 * of each row (`snowflake`, `vault`…), which is known once it is in the database.
 */
const NOT_A_PROVIDER = new Set(['inventory-file']);

/** The finding predicate --rule and --severity make. */
export function ruleAndSeverityFilter(flags: FindingFilterFlags): (finding: StoredFinding) => boolean {
  const { rule: rules, severity: minimum } = flags;
  return (finding) =>
    (!rules || rules.includes(finding.rule)) &&
    (minimum === undefined || severityAtLeast(finding.severity, minimum));
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
  const known = [
    ...new Set([
      ...registeredPluginIds().filter((id) => !NOT_A_PROVIDER.has(id)),
      ...credentialProviders(db),
    ]),
  ].sort();
  const wanted = knownValues(flags.provider.toLowerCase(), '--provider', 'provider', known);
  // A finding's provider is its credential uid's prefix (held to it by the plugin contract).
  const providers = new Set(wanted);
  return (finding) => finding.provider !== null && providers.has(finding.provider);
}
