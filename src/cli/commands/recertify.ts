/**
 * `nhiscan recertify CREDENTIAL --by WHO --reason TEXT [--until DATE] [--rule R…]`: the owner keeps
 * a credential. Records who, why and until when (with an audit record); from the next scan the
 * credential's findings of those rules are suppressed until that date, then they open again.
 * Checks and recording are policy/recertify-credential.ts, which the review screen runs as well.
 */
import type { Command } from 'commander';
import { governanceContext } from '../../governance/context.js';
import { recertifyGoverned } from '../../governance/exceptions.js';
import { DEFAULT_RECERTIFICATION_DAYS } from '../../policy/recertify-credential.js';
import { RECERTIFIABLE_ORDER } from '../../policy/rules.js';
import { resolveActor } from '../actor.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { existingDatabase } from '../database-path.js';
import { governanceSettings } from '../governance.js';
import type { CliIo } from '../io.js';
import { signedDecisionAttestation, signedDecisionOptions } from '../signed-decision.js';

interface RecertifyFlags extends DatabaseFlags {
  by?: string;
  reason: string;
  until?: string;
  rule?: string[];
  json?: boolean;
  signature?: string;
  printDecision?: boolean;
}

export function registerRecertifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('recertify')
    .description(
      'Keep a credential: suppress its findings of the given rules until a date, with who and why (never by a candidate owner).',
    )
    .argument('<credential>', 'credential uid (as in the report), e.g. aws:111111111111:access-key:AKIA…')
    .requiredOption('--reason <text>', 'why it is kept')
    .option(
      '--by <who>',
      'who recertifies: one current HR person, not an owner (default: NHISCAN_USER, then git config user.email)',
    )
    .option(
      '--until <date>',
      `the date it no longer holds (default: ${DEFAULT_RECERTIFICATION_DAYS} days from today; at most governance.maxExceptionDays, 365 by default)`,
    )
    .option('--rule <rule...>', `the rules it answers (default: all of ${RECERTIFIABLE_ORDER.join(', ')})`);
  addDatabaseOptions(command).option('--json', 'print the recorded recertification as JSON');
  signedDecisionOptions(command)
    .addHelpText(
      'after',
      `
Nobody recertifies a credential they may own (any person its owner signals name).
leaver-owned and contractor-expired are never recertified: a contract is renewed in
HR, a leaver's credential is revoked or excepted in the baseline by someone else.
Exit codes: 0 recorded; 2 refused or bad input (a refusal is a decision.refused audit record).`,
    )
    .action(async (credentialUid: string, flags: RecertifyFlags) => {
      const by = resolveActor(io, flags.by);
      const settings = await governanceSettings(io, flags);
      const db = await existingDatabase(io, flags);
      try {
        const now = io.now();
        const governance = governanceContext(db, settings, now);
        const attestation = signedDecisionAttestation(io, db, {
          settings,
          governance,
          flags: { ...flags, by },
          decision: 'recertify',
          target: credentialUid,
          now,
          fields: { rules: (flags.rule ?? RECERTIFIABLE_ORDER).join(','), until: flags.until ?? '' },
        });
        if (attestation === 'printed') return setExit(0);
        const recorded = recertifyGoverned(
          db,
          { credentialUid, rules: flags.rule, reason: flags.reason, until: flags.until },
          { by, now, governance, ...(attestation ? { attestation } : {}) },
        );
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(recorded, null, 2)}\n`
            : `recertified ${credentialUid} by ${recorded.by} until ${recorded.until} (${recorded.rules.join(', ')}): takes effect at the next scan\n`,
        );
        setExit(0);
      } finally {
        db.close();
      }
    });
}
