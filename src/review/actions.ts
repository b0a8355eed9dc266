/**
 * What a reviewer can do from the screen. Every action is the very code the CLI runs (queue
 * decide, baseline add, recertify), so the same rules and the same audit records apply: no second
 * path.
 */
import type { Person, RuleId } from '../core/model.js';
import { addBaselineEntry } from '../policy/baseline.js';
import { checkRecertification, recertifyCredential } from '../policy/recertify-credential.js';
import { approveRequest, type RevocationRequest, rejectRequest } from '../queue/index.js';
import type { Db, Recertification } from '../store/index.js';

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
  people: readonly Person[];
  baselineFile: string;
  now: () => Date;
}): ReviewActions {
  const ownerOf = (request: RevocationRequest) =>
    request.ownerEmployeeId
      ? options.people.find((person) => person.employeeId === request.ownerEmployeeId)
      : undefined;
  const input = (request: RevocationRequest, reason: string) => ({
    requestId: request.id,
    by: options.reviewer,
    reason,
    now: options.now().toISOString(),
    owner: ownerOf(request),
  });
  return {
    approve: (request, reason) => approveRequest(options.db, input(request, reason)),
    reject: (request, reason) => rejectRequest(options.db, input(request, reason)),
    suppress: (findingUid, reason, expires) => {
      addBaselineEntry(options.baselineFile, {
        finding: findingUid,
        reason,
        approvedBy: options.reviewer,
        expires,
      });
      return options.baselineFile;
    },
    recertify: (credentialUid, rule, reason, until) => {
      const now = options.now();
      const checked = checkRecertification({ credentialUid, rules: [rule], reason, until, now });
      return recertifyCredential(options.db, checked, { by: options.reviewer, now });
    },
  };
}
