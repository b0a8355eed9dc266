/**
 * A person's acknowledgement on the command line: `--by WHO --reason TEXT`, as `scan
 * --accept-hr-change`, `scan --accept-source-change`, `queue release` and `queue cancel` take it.
 * Both are required and non-empty; the value of neither is echoed in an error. `--by` must resolve
 * to one current HR person (src/governance/actor.ts): a refusal is exit 2 and a `decision.refused`
 * record, and the acknowledgement is recorded under the person's HR email.
 */
import type { GovernanceSettings } from '../config/schema.js';
import { InputError } from '../core/errors.js';
import type { Acceptance } from '../scan/queue-freeze.js';
import type { Db } from '../store/open.js';
import { governedActor } from './governance.js';

export function acceptanceOf(flag: string, by: string | undefined, reason: string | undefined): Acceptance {
  if (!by?.trim() || !reason?.trim())
    throw new InputError(`${flag} needs --by WHO and --reason TEXT (recorded in the audit log)`, {
      key: flag,
    });
  return { by: by.trim(), reason: reason.trim() };
}

/**
 * The acknowledgement with `by` resolved to the acting person (their HR email), and its signature
 * checked like any decision's (`attestation` undefined when none is needed).
 */
export function resolvedAcceptance(
  db: Db,
  acceptance: Acceptance,
  options: {
    settings: GovernanceSettings;
    decision: string;
    target: string | null;
    now: Date;
    attestation?: Record<string, unknown>;
  },
): Acceptance {
  const actor = governedActor(db, acceptance.by, { ...options, purpose: 'decide' });
  return {
    by: actor.id,
    reason: acceptance.reason,
    ...(options.attestation ? { attestation: options.attestation } : {}),
  };
}
