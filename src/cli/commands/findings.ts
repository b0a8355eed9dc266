/** `nhiscan findings`: list the current findings from the database. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { SEVERITIES, type Severity } from '../../core/model.js';
import { listFindings } from '../../store/index.js';
import { existingDatabase } from '../database-path.js';
import type { CliIo } from '../io.js';
import { parseList, severityAtLeast } from '../options.js';
import { renderFindingsTable } from '../render-findings.js';

interface FindingsFlags {
  db?: string;
  config?: string;
  rule?: string;
  severity?: string;
  all?: boolean;
  json?: boolean;
}

export function registerFindingsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('findings')
    .description('List current findings (open and suppressed; --all adds resolved ones).')
    .option('--db <file>', 'database file (default: the config key db)')
    .option('--config <file>', 'config file naming the database (default: ./nhiscan.yaml)')
    .option('--rule <ids>', 'comma-separated rule ids to show')
    .option('--severity <level>', 'show findings at or above this severity')
    .option('--all', 'include resolved findings')
    .option('--json', 'print the findings as a JSON array')
    .action(async (flags: FindingsFlags) => {
      const minimum = flags.severity;
      if (minimum !== undefined && !(SEVERITIES as readonly string[]).includes(minimum)) {
        throw new InputError(`expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(minimum)}`, {
          key: '--severity',
        });
      }
      const rules = flags.rule ? parseList(flags.rule) : undefined;
      const db = await existingDatabase(io, flags);
      try {
        const findings = listFindings(db, { includeResolved: flags.all }).filter(
          (finding) =>
            (!rules || rules.includes(finding.rule)) &&
            (minimum === undefined || severityAtLeast(finding.severity, minimum as Severity)),
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
