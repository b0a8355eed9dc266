/** `nhiscan baseline add`: accept a finding (or all findings of a credential) until an expiry date. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseIsoDate } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { addBaselineEntry } from '../../policy/baseline.js';
import type { CliIo } from '../io.js';

interface BaselineAddFlags {
  finding?: string;
  credential?: string;
  reason: string;
  by: string;
  expires: string;
  file: string;
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
    .option('--file <file>', 'baseline file', '.nhiscan-baseline.yaml')
    .action((flags: BaselineAddFlags) => {
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
      const file = resolve(io.cwd, flags.file);
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
