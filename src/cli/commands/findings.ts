/**
 * `nhiscan findings`: list the current findings from the database, their day counts counted at the
 * latest finished scan's as-of (the day its rules were decided at), as reports count them.
 */
import type { Command } from 'commander';
import { RULE_IDS, SEVERITIES } from '../../core/model.js';
import { presentFinding } from '../../policy/day-counts.js';
import { latestFinishedRun, listFindings, type StoredFinding } from '../../store/index.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { existingDatabase } from '../database-path.js';
import {
  type FindingFilterFlags,
  parseRules,
  parseSeverity,
  providerFilter,
  ruleAndSeverityFilter,
} from '../finding-filters.js';
import type { CliIo } from '../io.js';
import { renderFindingsTable } from '../render-findings.js';

interface FindingsFlags extends FindingFilterFlags, DatabaseFlags {
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
      "comma-separated providers to show (aws, azure, gcp, github, or an inventory file's system name)",
    )
    .option('--all', 'include resolved findings')
    .option('--json', 'print the findings as a JSON array')
    .addHelpText(
      'after',
      '\nAn unknown rule, severity or provider is refused (exit 2) with the list of known ones.',
    )
    .action(async (flags: FindingsFlags) => {
      const ruleAndSeverity = ruleAndSeverityFilter(flags);
      const db = await existingDatabase(io, flags);
      try {
        const provider = providerFilter(db, flags);
        const run = latestFinishedRun(db);
        const asOf = run ? new Date(run.asOf) : io.now();
        const findings = listFindings(db, { includeResolved: flags.all })
          .filter((finding) => ruleAndSeverity(finding) && (!provider || provider(finding)))
          .map((finding) => presentFinding(finding, asOf));
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(findings.map(withoutSuppressionKind), null, 2)}\n`
            : renderFindingsTable(findings),
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}

/** The JSON a finding is printed as: its suppression without the kind the store keeps. */
function withoutSuppressionKind(finding: StoredFinding): unknown {
  if (!finding.suppression) return finding;
  const { kind: _kind, ...suppression } = finding.suppression;
  return { ...finding, suppression };
}
