/**
 * `nhiscan recertify CREDENTIAL --by WHO --reason TEXT [--until DATE] [--rule R…]`: the owner keeps
 * a credential. Records who, why and until when (with an audit record); from the next scan the
 * credential's findings of those rules are suppressed until that date, then they open again.
 * Checks and recording are policy/recertify-credential.ts, which the review screen runs as well.
 */
import type { Command } from 'commander';
import { RECERTIFIABLE_RULES } from '../../policy/recertification.js';
import {
  checkRecertification,
  DEFAULT_RECERTIFICATION_DAYS,
  MAX_RECERTIFICATION_DAYS,
  recertifyCredential,
} from '../../policy/recertify-credential.js';
import { resolveActor } from '../actor.js';
import { existingDatabase } from '../database-path.js';
import type { CliIo } from '../io.js';

interface RecertifyFlags {
  by?: string;
  reason: string;
  until?: string;
  rule?: string[];
  db?: string;
  config?: string;
  json?: boolean;
}

export function registerRecertifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('recertify')
    .description(
      'Keep a credential: suppress its findings of the given rules until a date, with who and why.',
    )
    .argument('<credential>', 'credential uid (as in the report), e.g. aws:111111111111:access-key:AKIA…')
    .requiredOption('--reason <text>', 'why it is kept')
    .option('--by <who>', 'who recertifies (default: NHISCAN_USER, then git config user.email)')
    .option(
      '--until <date>',
      `the date it no longer holds (default: ${DEFAULT_RECERTIFICATION_DAYS} days from today; at most ${MAX_RECERTIFICATION_DAYS})`,
    )
    .option('--rule <rule...>', `the rules it answers (default: all of ${RECERTIFIABLE_RULES.join(', ')})`)
    .option('--db <file>', 'the nhiscan database (default: from nhiscan.yaml)')
    .option('--config <file>', 'nhiscan.yaml')
    .option('--json', 'print the recorded recertification as JSON')
    .addHelpText(
      'after',
      "\nA leaver's credential cannot be recertified by its owner: an exception needs a baseline entry (nhiscan baseline add).",
    )
    .action(async (credentialUid: string, flags: RecertifyFlags) => {
      const checked = checkRecertification({
        credentialUid,
        rules: flags.rule,
        reason: flags.reason,
        until: flags.until,
        now: io.now(),
      });
      const by = resolveActor(io, flags.by);
      const db = await existingDatabase(io, flags);
      try {
        const recorded = recertifyCredential(db, checked, { by, now: io.now() });
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(recorded, null, 2)}\n`
            : `recertified ${credentialUid} by ${by} until ${recorded.until} (${recorded.rules.join(', ')}): takes effect at the next scan\n`,
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}
