/** `nhiscan findings`: list the current findings from the database. */
import type { Command } from 'commander';
import { RULE_IDS, SEVERITIES } from '../../core/model.js';
import { listFindings } from '../../store/index.js';
import { existingDatabase } from '../database-path.js';
import { type FindingFilterFlags, providerFilter, ruleAndSeverityFilter } from '../finding-filters.js';
import type { CliIo } from '../io.js';
import { renderFindingsTable } from '../render-findings.js';

interface FindingsFlags extends FindingFilterFlags {
  db?: string;
  config?: string;
  all?: boolean;
  json?: boolean;
}

export function registerFindingsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('findings')
    .description('List current findings (open and suppressed; --all adds resolved ones).')
    .option('--db <file>', 'database file (default: the config key db)')
    .option('--config <file>', 'config file naming the database (default: ./nhiscan.yaml)')
    .option('--rule <ids>', `comma-separated rule ids to show: ${RULE_IDS.join('|')}`)
    .option('--severity <level>', `show findings at or above this severity: ${SEVERITIES.join('|')}`)
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
        const findings = listFindings(db, { includeResolved: flags.all }).filter(
          (finding) => ruleAndSeverity(finding) && (!provider || provider(finding)),
        );
        io.stdout.write(
          flags.json ? `${JSON.stringify(findings, null, 2)}\n` : renderFindingsTable(findings),
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}
