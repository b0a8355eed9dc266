/**
 * `queue approve|reject|confirm ID --by WHO --reason TEXT`: a person's decision on a request. The
 * actor resolves to one HR person (src/governance/actor.ts) who is not a candidate owner of the
 * credential; a refusal exits 2 and is a `decision.refused` audit record.
 */
import { Argument, type Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { governanceContext } from '../../governance/context.js';
import { approveRequest, confirmManualStep, rejectRequest } from '../../queue/index.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { governanceSettings } from '../governance.js';
import type { CliIo } from '../io.js';
import { renderRequest } from '../render-queue.js';
import { signedDecisionAttestation, signedDecisionOptions } from '../signed-decision.js';

interface DecisionFlags extends DatabaseFlags {
  by: string;
  reason: string;
  signature?: string;
  printDecision?: boolean;
  json?: boolean;
}

export function parseId(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InputError(`expected a request number such as 12, got ${JSON.stringify(value)}`, { key: 'ID' });
  return Number(value);
}

/** The `<id>` of a queue verb, parsed to a request number while commander parses argv. */
export function requestIdArgument(): Argument {
  return new Argument('<id>').argParser(parseId);
}

const DECISIONS = {
  approve: {
    run: approveRequest,
    description:
      'Approve a request. Privileged requests need revocation.privilegedApprovals distinct people; never a candidate owner of the credential, never the requester.',
  },
  reject: {
    run: rejectRequest,
    description:
      'Reject a request that has not started; it is not proposed again until its finding is raised anew. Never by a candidate owner.',
  },
  confirm: {
    run: confirmManualStep,
    description:
      'Confirm that a manual task (e.g. an inventory-file credential) was done by hand. Never by a candidate owner.',
  },
} as const;

export function registerDecisionCommands(queue: Command, io: CliIo, setExit: (code: number) => void): void {
  for (const [name, { run, description }] of Object.entries(DECISIONS)) {
    const command = addDatabaseOptions(
      queue.command(name).addArgument(requestIdArgument()).description(description),
    )
      .requiredOption(
        '--by <who>',
        'who decides: an HR email, alias, employee id or name naming one current person',
      )
      .requiredOption('--reason <text>', 'why (recorded in the audit log)')
      .option('--json', 'print the request as JSON');
    signedDecisionOptions(command)
      .addHelpText(
        'after',
        `
Exit codes: 0 recorded; 2 refused or bad input (nothing changed; a refusal is a
decision.refused audit record). Who may decide: docs/queue.md#who-may-decide.`,
      )
      .action(async (requestId: number, flags: DecisionFlags) => {
        const settings = await governanceSettings(io, flags);
        const db = await existingDatabase(io, flags);
        try {
          const now = io.now();
          const governance = governanceContext(db, settings, now);
          const attestation = signedDecisionAttestation(io, db, {
            settings,
            governance,
            flags,
            decision: name,
            target: `request:${requestId}`,
            now,
          });
          if (attestation === 'printed') return setExit(EXIT.clean);
          const request = run(db, {
            requestId,
            by: flags.by,
            reason: flags.reason,
            now: now.toISOString(),
            governance,
            ...(attestation ? { attestation } : {}),
          });
          io.stdout.write(flags.json ? `${JSON.stringify(request, null, 2)}\n` : renderRequest(request));
        } finally {
          db.close();
        }
        setExit(EXIT.clean);
      });
  }
}
