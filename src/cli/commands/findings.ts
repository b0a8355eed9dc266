/**
 * `nhiscan findings`: list the current findings from the database, their day counts counted at the
 * latest finished scan's as-of (the day its rules were decided at), as reports count them.
 */
import type { Command } from 'commander';
import { RULE_IDS, SEVERITIES } from '../../core/model.js';
import { complianceLabel, FRAMEWORK_IDS } from '../../policy/compliance.js';
import { presentFinding } from '../../policy/day-counts.js';
import { findingCompliance } from '../../policy/finding-compliance.js';
import {
  credentialsOfConsoleUsers,
  latestFinishedRun,
  listFindings,
  type StoredFinding,
} from '../../store/index.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { existingDatabase } from '../database-path.js';
import {
  type FindingFilterFlags,
  parseRules,
  parseSeverity,
  providerFilter,
  ruleAndSeverityFilter,
} from '../finding-filters.js';
import { type FrameworkSelector, parseFrameworks, selectedItems } from '../framework-filter.js';
import type { CliIo } from '../io.js';
import { renderFindingsTable } from '../render-findings.js';

interface FindingsFlags extends FindingFilterFlags, DatabaseFlags {
  /** Parsed by `parseFrameworks`. */
  framework?: FrameworkSelector[];
  all?: boolean;
  json?: boolean;
}

export function registerFindingsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addDatabaseOptions(
    program
      .command('findings')
      .description('List current findings (open and suppressed; --all adds resolved ones).'),
  )
    .option('--rule <ids>', `comma-separated rule ids to show: ${RULE_IDS.join('|')}`, parseRules)
    .option(
      '--severity <level>',
      `show findings at or above this severity: ${SEVERITIES.join('|')}`,
      parseSeverity,
    )
    .option(
      '--provider <names>',
      "comma-separated providers to show (aws, azure, gcp, github, kubernetes, or an inventory file's system name)",
    )
    .option(
      '--framework <ids>',
      `comma-separated compliance frameworks or items to show: ${FRAMEWORK_IDS.join('|')}, or one item as owasp-nhi:NHI1 (docs/rules.md)`,
      parseFrameworks,
    )
    .option('--all', 'include resolved findings')
    .option('--json', 'print the findings as a JSON array')
    .addHelpText(
      'after',
      '\nAn unknown rule, severity, provider, framework or framework item is refused (exit 2) with the list of known ones.\nWith --framework the table adds the matching items; --json always carries every item of each finding, as framework:id labels.',
    )
    .action(async (flags: FindingsFlags) => {
      const ruleAndSeverity = ruleAndSeverityFilter(flags);
      const db = await existingDatabase(io, flags);
      try {
        const provider = providerFilter(db, flags);
        const run = latestFinishedRun(db);
        const asOf = run ? new Date(run.asOf) : io.now();
        const consoleUsers = credentialsOfConsoleUsers(db);
        const findings = listFindings(db, { includeResolved: flags.all })
          .filter((finding) => ruleAndSeverity(finding) && (!provider || provider(finding)))
          .map((finding) => {
            const compliance = findingCompliance({
              ...finding,
              humanUse: consoleUsers.has(finding.credentialUid),
            });
            return {
              finding: presentFinding(finding, asOf),
              compliance,
              shown: selectedItems(compliance, flags.framework),
            };
          })
          .filter((item) => flags.framework === undefined || item.shown.length > 0);
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(
                // Labels, as the JSON report carries them (`owasp-nhi:NHI1`; names in docs/rules.md).
                findings.map(({ finding, compliance }) => ({
                  ...withoutSuppressionKind(finding),
                  compliance: compliance.map(complianceLabel),
                })),
                null,
                2,
              )}\n`
            : renderFindingsTable(findings, { showItems: flags.framework !== undefined }),
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}

/** The JSON a finding is printed as: its suppression without the kind the store keeps. */
function withoutSuppressionKind(finding: StoredFinding): Record<string, unknown> {
  // `provider` is read from the credential uid for the compliance items; the uid is printed already.
  const { provider: _provider, ...printed } = finding;
  if (!finding.suppression) return printed;
  const { kind: _kind, ...suppression } = finding.suppression;
  return { ...printed, suppression };
}
