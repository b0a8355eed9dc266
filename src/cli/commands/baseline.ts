/** `nhiscan baseline add`: accept a finding (or all findings of a credential) until an expiry date. */
import type { Command } from 'commander';
import { parseIsoDate } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { governanceContext } from '../../governance/context.js';
import { addGovernedBaselineEntry } from '../../governance/exceptions.js';
import { resolveActor } from '../actor.js';
import { baselineFile } from '../baseline-file.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfigIfPresent, existingDatabase } from '../database-path.js';
import type { CliIo } from '../io.js';
import { signedDecisionAttestation, signedDecisionOptions } from '../signed-decision.js';

interface BaselineAddFlags extends DatabaseFlags {
  finding?: string;
  credential?: string;
  reason: string;
  by?: string;
  expires: string;
  file?: string;
  signature?: string;
  printDecision?: boolean;
}

/** --expires: an ISO 8601 date, kept as given. */
function parseExpires(value: string): string {
  if (!parseIsoDate(value)) {
    throw new InputError(`expected an ISO 8601 date such as 2027-03-31, got ${JSON.stringify(value)}`, {
      key: '--expires',
    });
  }
  return value;
}

function parseReason(value: string): string {
  if (!value.trim()) throw new InputError('must not be empty', { key: '--reason' });
  return value;
}

export function registerBaselineCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const baseline = program
    .command('baseline')
    .description('Manage the baseline of accepted findings (.nhiscan-baseline.yaml).');
  const add = baseline
    .command('add')
    .description(
      'Suppress a finding, or every finding of a credential, until an expiry date (never by a candidate owner).',
    )
    .option('--finding <uid>', 'finding uid to suppress')
    .option('--credential <uid>', 'credential uid whose findings to suppress')
    .requiredOption('--reason <text>', 'why this is accepted (at most 500 characters)', parseReason)
    .option(
      '--by <who>',
      'who approves it: one current HR person, not an owner (default: NHISCAN_USER, then git config user.email)',
    )
    .requiredOption(
      '--expires <date>',
      'ISO date on which the entry stops suppressing; at most governance.maxExceptionDays (365) ahead',
      parseExpires,
    )
    .option(
      '--file <file>',
      'baseline file (default: the config key baseline, else ./.nhiscan-baseline.yaml, which scan applies)',
    );
  addDatabaseOptions(add, {
    config: 'its baseline key names the file',
    db: 'its HR and inventory judge who may decide, its audit log records it',
  });
  signedDecisionOptions(add)
    .addHelpText(
      'after',
      `
The entry is an audit record (baseline.added) with who, why and until when. Nobody
exempts a credential they may own. A hand-edited entry is honoured only when its
approvedBy is such a person: the scan reports any other as invalid.
Exit codes: 0 added; 2 refused or bad input (a refusal is a decision.refused audit record).`,
    )
    .action(async (flags: BaselineAddFlags) => {
      if (Boolean(flags.finding) === Boolean(flags.credential)) {
        throw new InputError('give exactly one of --finding UID or --credential UID', { key: '--finding' });
      }
      const by = resolveActor(io, flags.by);
      const config = await commandConfigIfPresent(io, flags);
      const file = baselineFile(io, flags.file, config);
      const db = await existingDatabase(io, flags);
      try {
        const now = io.now();
        const governance = governanceContext(db, config?.governance, now);
        const target = flags.finding ? `finding:${flags.finding}` : flags.credential!;
        const attestation = signedDecisionAttestation(io, db, {
          settings: governance.settings,
          governance,
          flags: { ...flags, by },
          decision: 'baseline-add',
          target,
          now,
          fields: { expires: flags.expires },
        });
        if (attestation === 'printed') return setExit(0);
        const entry = addGovernedBaselineEntry(
          db,
          {
            finding: flags.finding,
            credential: flags.credential,
            reason: flags.reason,
            expires: flags.expires,
            file,
          },
          { by, now, governance, ...(attestation ? { attestation } : {}) },
        );
        io.stdout.write(
          `added to ${file}: ${flags.finding ?? flags.credential} until ${entry.expires}, approved by ${entry.approvedBy}\n`,
        );
      } finally {
        db.close();
      }
      setExit(0);
    });
}
