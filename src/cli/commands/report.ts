/** `nhiscan report`: render the current state of the database in a report format. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadReportFormat, reportFormatIds } from '../../../reports/index.js';
import { InputError } from '../../core/errors.js';
import { existingDatabase } from '../database-path.js';
import type { CliIo } from '../io.js';
import { collectReportInput } from '../report-data.js';

interface ReportFlags {
  format: string;
  out?: string;
  db?: string;
  config?: string;
}

export function registerReportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write a report of the latest scan: credentials, owners with their evidence, and findings.')
    .requiredOption('--format <format>', `report format: ${reportFormatIds().join('|')}`)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--db <file>', 'database file (default: the config key db)')
    .option('--config <file>', 'config file naming the database (default: ./nhiscan.yaml)')
    .action(async (flags: ReportFlags) => {
      const format = await loadReportFormat(flags.format);
      if (!format) {
        throw new InputError(
          `expected one of ${reportFormatIds().join(', ')}, got ${JSON.stringify(flags.format)}`,
          { key: '--format' },
        );
      }
      const db = await existingDatabase(io, flags);
      let text: string;
      try {
        text = format.render(collectReportInput(db, { generatedAt: io.now() }), {});
      } finally {
        db.close();
      }
      if (flags.out) writeFileSync(resolve(io.cwd, flags.out), text, { mode: 0o600 });
      else io.stdout.write(text);
      setExit(0);
    });
}
