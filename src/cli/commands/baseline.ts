/** `nhiscan baseline add`: accept a finding (or all findings of a credential) until an expiry date. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { parseIsoDate } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { addBaselineEntry } from '../../policy/baseline.js';
import { baselineFile } from '../baseline-file.js';
import type { CliIo } from '../io.js';

interface BaselineAddFlags {
  finding?: string;
  credential?: string;
  reason: string;
  by: string;
  expires: string;
  file?: string;
  config?: string;
}

export function registerBaselineCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const baseline = program
    .command('baseline')
    .description('Manage the baseline of accepted findings (.nhiscan-baseline.yaml).');
  baseline
    .command('add')
    .description('Suppress a finding, or every finding of a credential, until an expiry date.')
    .option('--finding <uid>', 'finding uid to suppress')
    .option('--credential <uid>', 'credential uid whose findings to suppress')
    .requiredOption('--reason <text>', 'why this is accepted')
    .requiredOption('--by <who>', 'who approved it')
    .requiredOption('--expires <date>', 'ISO date on which the entry stops suppressing')
    .option(
      '--file <file>',
      'baseline file (default: the config key baseline, else ./.nhiscan-baseline.yaml, which scan applies)',
    )
    .option(
      '--config <file>',
      'config whose baseline key names the file (default ./nhiscan.yaml when present)',
    )
    .action(async (flags: BaselineAddFlags) => {
      if (Boolean(flags.finding) === Boolean(flags.credential)) {
        throw new InputError('give exactly one of --finding UID or --credential UID', { key: '--finding' });
      }
      if (!parseIsoDate(flags.expires)) {
        throw new InputError(
          `expected an ISO 8601 date such as 2027-03-31, got ${JSON.stringify(flags.expires)}`,
          {
            key: '--expires',
          },
        );
      }
      if (!flags.reason.trim() || !flags.by.trim()) {
        throw new InputError('--reason and --by must not be empty', {
          key: flags.reason.trim() ? '--by' : '--reason',
        });
      }
      const configFile = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
      const config =
        !flags.file && (flags.config || existsSync(configFile)) ? await loadConfig(configFile) : undefined;
      const file = baselineFile(io, flags.file, config);
      addBaselineEntry(file, {
        ...(flags.finding ? { finding: flags.finding } : { credential: flags.credential! }),
        reason: flags.reason,
        approvedBy: flags.by,
        expires: flags.expires,
      });
      io.stdout.write(`added to ${file}: ${flags.finding ?? flags.credential} until ${flags.expires}\n`);
      setExit(0);
    });
}
