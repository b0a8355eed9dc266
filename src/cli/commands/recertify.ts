/**
 * `nhiscan recertify CREDENTIAL --by WHO --reason TEXT [--until DATE] [--rule R…]`: the owner keeps
 * a credential. Records who, why and until when (with an audit record); from the next scan the
 * credential's findings of those rules are suppressed until that date, then they open again.
 */
import type { Command } from 'commander';
import { daysBetween, isoDay, parseIsoDate } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import type { RuleId } from '../../core/model.js';
import { RECERTIFIABLE_RULES } from '../../policy/recertification.js';
import { credentialByUid, recordRecertification } from '../../store/index.js';
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

/** Without --until, a recertification holds for this many days (one stale/over-age cycle). */
export const DEFAULT_RECERTIFICATION_DAYS = 90;
const MAX_RECERTIFICATION_DAYS = 365;

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
      if (!flags.reason.trim()) throw new InputError('must not be empty', { key: '--reason' });
      const rules = (flags.rule ?? [...RECERTIFIABLE_RULES]) as RuleId[];
      const unknown = rules.filter((rule) => !RECERTIFIABLE_RULES.includes(rule));
      if (unknown.length > 0) {
        throw new InputError(
          `cannot recertify ${unknown.map((rule) => JSON.stringify(rule)).join(', ')}: expected one of ${RECERTIFIABLE_RULES.join(', ')}`,
          { key: '--rule' },
        );
      }
      const today = isoDay(io.now());
      const until =
        flags.until ?? isoDay(new Date(io.now().getTime() + DEFAULT_RECERTIFICATION_DAYS * 86_400_000));
      const untilDate = /^\d{4}-\d{2}-\d{2}$/.test(until) ? parseIsoDate(until) : undefined;
      if (!untilDate) {
        throw new InputError(`expected a date such as 2027-03-31, got ${JSON.stringify(until)}`, {
          key: '--until',
        });
      }
      const days = daysBetween(io.now(), untilDate);
      if (days <= 0 || days > MAX_RECERTIFICATION_DAYS) {
        throw new InputError(
          `expected a date after today (${today}) and at most ${MAX_RECERTIFICATION_DAYS} days ahead, got ${until}`,
          { key: '--until' },
        );
      }
      const by = resolveActor(io, flags.by);
      const db = await existingDatabase(io, flags);
      try {
        if (!credentialByUid(db, credentialUid)) {
          throw new InputError(`no credential ${JSON.stringify(credentialUid)} in the inventory`, {
            key: 'credential',
          });
        }
        const recorded = recordRecertification(db, {
          credentialUid,
          rules,
          by,
          reason: flags.reason.trim(),
          until,
          recordedAt: io.now().toISOString(),
        });
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(recorded, null, 2)}\n`
            : `recertified ${credentialUid} by ${by} until ${until} (${rules.join(', ')}): takes effect at the next scan\n`,
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}
