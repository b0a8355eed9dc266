/**
 * `nhiscan queue release ID` and `nhiscan queue cancel ID`: a person decides about a request a scan
 * held (its owner no longer resolves in HR, or the queue was frozen). Release lets the executor take
 * its steps again, and later scans do not hold it again; cancel ends it (nothing done is undone).
 * The person is resolved like every decider (src/governance/actor.ts) and may not be a candidate
 * owner of the credential; a refusal is a `decision.refused` record. Added to the `queue` command
 * that commands/queue.ts defines.
 */
import type { Command } from 'commander';
import { resolveDecider } from '../../governance/actor.js';
import { governanceContext } from '../../governance/context.js';
import { governed } from '../../governance/governed.js';
import { nonOwnerDecider } from '../../governance/separation.js';
import { cancelHeld, releaseHeld } from '../../queue/holds.js';
import { getRequest } from '../../queue/store.js';
import { acceptanceOf } from '../acceptance.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { governanceSettings } from '../governance.js';
import type { CliIo } from '../io.js';
import { renderRequest } from '../render-queue.js';
import { signedDecisionAttestation, signedDecisionOptions } from '../signed-decision.js';
import { requestIdArgument } from './queue-decide.js';

interface HoldFlags extends DatabaseFlags {
  signature?: string;
  printDecision?: boolean;
  by?: string;
  reason?: string;
  json?: boolean;
}

export function registerQueueHoldCommands(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const queue = program.commands.find((command) => command.name() === 'queue');
  if (!queue) return;
  const verbs = [
    {
      name: 'release',
      description:
        'Release a held request: the executor takes its steps again, and scans do not hold it again.',
      act: releaseHeld,
    },
    {
      name: 'cancel',
      description: 'Cancel a held request (any state; steps already done stay done).',
      act: cancelHeld,
    },
  ] as const;
  for (const verb of verbs) {
    const command = addDatabaseOptions(
      queue.command(verb.name).addArgument(requestIdArgument()).description(verb.description),
    )
      .option('--by <who>', 'who decides: one current person in HR (recorded in the audit log)')
      .option('--reason <text>', 'why (recorded in the audit log)')
      .option('--json', 'print the request as JSON');
    signedDecisionOptions(command).action(async (requestId: number, flags: HoldFlags) => {
      const given = acceptanceOf(`queue ${verb.name}`, flags.by, flags.reason);
      const settings = await governanceSettings(io, flags);
      const db = await existingDatabase(io, flags);
      try {
        const now = io.now();
        const context = governanceContext(db, settings, now);
        const attestation = signedDecisionAttestation(io, db, {
          settings,
          governance: context,
          flags: { ...flags, ...given },
          decision: verb.name,
          target: `request:${requestId}`,
          now,
        });
        if (attestation === 'printed') return setExit(EXIT.clean);
        const request = governed(
          db,
          { by: given.by, now: now.toISOString() },
          verb.name,
          `request:${requestId}`,
          () => {
            const existing = getRequest(db, requestId);
            const actor = existing
              ? nonOwnerDecider(
                  db,
                  given.by,
                  context,
                  { uid: existing.credentialUid, ownerEmployeeIds: [existing.ownerEmployeeId] },
                  `${verb.name} its request ${requestId}`,
                )
              : resolveDecider(given.by, context);
            return verb.act(db, {
              requestId,
              by: actor.id,
              reason: given.reason,
              now: now.toISOString(),
              ...(attestation ? { payload: attestation } : {}),
            });
          },
        );
        io.stdout.write(flags.json ? `${JSON.stringify(request, null, 2)}\n` : renderRequest(request));
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });
  }
}
