/**
 * What a reviewer can do from the screen. Every action is the very code the CLI runs (queue
 * decide, baseline add, recertify), so the same rules and the same audit records apply: the
 * reviewer resolves to one current HR person, never a candidate owner, and a refusal is a
 * `decision.refused` record. No second path.
 */
import type { GovernanceSettings } from '../config/schema.js';
import type { Recertification, RuleId } from '../core/model.js';
import { governanceContext } from '../governance/context.js';
import { addGovernedBaselineEntry, recertifyGoverned } from '../governance/exceptions.js';
import { approveRequest, type RevocationRequest, rejectRequest } from '../queue/index.js';
import type { Db } from '../store/index.js';

export interface ReviewActions {
  approve(request: RevocationRequest, reason: string): RevocationRequest;
  reject(request: RevocationRequest, reason: string): RevocationRequest;
  /** Writes a baseline entry for the finding until `expires` (YYYY-MM-DD); returns the file written. */
  suppress(findingUid: string, reason: string, expires: string): string;
  /**
   * Recertifies the credential for `rule` as the reviewer, until `until` (YYYY-MM-DD; undefined =
   * the CLI's default). Bad input throws the CLI's InputError and records nothing.
   */
  recertify(credentialUid: string, rule: RuleId, reason: string, until: string | undefined): Recertification;
}

export function reviewActions(options: {
  db: Db;
  reviewer: string;
  governance?: GovernanceSettings;
  baselineFile: string;
  now: () => Date;
}): ReviewActions {
  const made = () => {
    const now = options.now();
    return { by: options.reviewer, now, governance: governanceContext(options.db, options.governance, now) };
  };
  const input = (request: RevocationRequest, reason: string) => {
    const { by, now, governance } = made();
    return { requestId: request.id, by, reason, now: now.toISOString(), governance };
  };
  return {
    approve: (request, reason) => approveRequest(options.db, input(request, reason)),
    reject: (request, reason) => rejectRequest(options.db, input(request, reason)),
    suppress: (findingUid, reason, expires) => {
      addGovernedBaselineEntry(
        options.db,
        { finding: findingUid, reason, expires, file: options.baselineFile },
        made(),
      );
      return options.baselineFile;
    },
    recertify: (credentialUid, rule, reason, until) =>
      recertifyGoverned(options.db, { credentialUid, rules: [rule], reason, until }, made()),
  };
}
