/**
 * The governance a command runs under: the `governance` block of the config in use (--config, else
 * ./nhiscan.yaml when present; defaults without one), and the acting person resolved against the
 * database's HR view, with a refusal recorded before it is reported.
 */
import type { GovernanceSettings } from '../config/schema.js';
import { type ActorPurpose, type GovernedActor, resolveGovernedActor } from '../governance/actor.js';
import { DEFAULT_GOVERNANCE, governanceContext } from '../governance/context.js';
import { isDecisionRefused, recordRefusal } from '../governance/refusal.js';
import type { Db } from '../store/open.js';
import { commandConfigIfPresent } from './database-path.js';
import type { CliIo } from './io.js';

export async function governanceSettings(
  io: CliIo,
  flags: { config?: string; db?: string },
): Promise<GovernanceSettings> {
  return (await commandConfigIfPresent(io, flags))?.governance ?? DEFAULT_GOVERNANCE;
}

/** The actor of a command that is not itself a decision (execute, verify), refused and recorded as one. */
export function governedActor(
  db: Db,
  given: string,
  options: {
    settings: GovernanceSettings;
    purpose: ActorPurpose;
    decision: string;
    target: string | null;
    now: Date;
    flag?: string;
  },
): GovernedActor {
  const context = governanceContext(db, options.settings, options.now);
  try {
    return resolveGovernedActor(given, context, options.purpose, options.flag);
  } catch (error) {
    if (isDecisionRefused(error)) {
      recordRefusal(db, {
        time: options.now.toISOString(),
        given,
        decision: options.decision,
        target: options.target,
        error,
      });
    }
    throw error;
  }
}
