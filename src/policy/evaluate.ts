/**
 * Policy: every rule of the DESIGN table (but propagation-gap, raised by the revocation verifier)
 * applied to one credential and its owner resolution, at an as-of date.
 *
 * "Older than N days" means more than N whole UTC days. A credential whose expiresAt has passed
 * is expired whatever its status; inactive and expired credentials only ever get
 * expired-not-removed (and that only when expired). Privileged credentials have every finding
 * raised one level.
 */
import type { PolicySettings } from '../core/config-types.js';
import { daysBetween, toDate } from '../core/dates.js';
import type { Credential, Finding, OwnerResolution, Person, RuleId, Severity } from '../core/model.js';
import {
  daysSinceTransfer,
  daysUntilTermination,
  isContractorExpired,
  isLeaver,
  type PeopleDirectory,
} from '../core/people.js';
import { isGuess } from '../correlate/tiers.js';
import { unmatchedIdentities } from '../correlate/unmatched.js';
import { credentialLabel, ownerFacts } from './describe.js';
import { findingUid } from './finding-uid.js';
import { raiseSeverity } from './severity.js';

export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'leaver-owned': 'critical',
  'contractor-expired': 'high',
  'owner-not-in-hr': 'high',
  'owner-unknown': 'high',
  'mover-recertify': 'medium',
  stale: 'medium',
  'over-age': 'low',
  'expired-not-removed': 'low',
  'pending-leaver': 'info',
  'propagation-gap': 'critical',
};

function finding(
  rule: RuleId,
  credential: Credential,
  title: string,
  evidence: Record<string, unknown>,
): Finding {
  const base = RULE_SEVERITY[rule];
  const severity = credential.privileged ? raiseSeverity(base) : base;
  return {
    uid: findingUid(rule, credential.uid),
    rule,
    severity,
    credentialUid: credential.uid,
    title,
    evidence: credential.privileged
      ? { ...evidence, privileged: true, privilegedReasons: credential.privilegedReasons, baseSeverity: base }
      : evidence,
  };
}

/** Whether the credential is expired at as-of: by status, or because its expiry date has come. */
export function isExpired(credential: Credential, asOf: Date): boolean {
  return (
    credential.status === 'expired' ||
    (credential.expiresAt !== null && daysBetween(toDate(credential.expiresAt), asOf) >= 0)
  );
}

function ageInDays(date: string | null, asOf: Date): number | null {
  return date === null ? null : daysBetween(toDate(date), asOf);
}

export function evaluate(
  credential: Credential,
  resolution: OwnerResolution,
  people: PeopleDirectory,
  settings: PolicySettings,
  asOf: Date,
): Finding[] {
  const label = credentialLabel(credential);
  if (isExpired(credential, asOf)) {
    return [
      finding(
        'expired-not-removed',
        credential,
        `${label} expired${credential.expiresAt ? ` on ${credential.expiresAt}` : ''} but is still present`,
        {
          status: credential.status,
          expiresAt: credential.expiresAt,
        },
      ),
    ];
  }
  if (credential.status !== 'active') return [];

  const findings: Finding[] = [];
  const owner: Person | undefined =
    resolution.ownerEmployeeId !== null ? people.byEmployeeId(resolution.ownerEmployeeId) : undefined;
  const ownerEvidence = owner
    ? { owner: ownerFacts(owner), confidence: resolution.confidence, outcome: resolution.outcome }
    : undefined;
  const age = ageInDays(credential.createdAt, asOf);

  if (owner && isLeaver(owner, asOf)) {
    findings.push(
      finding(
        'leaver-owned',
        credential,
        `${label} is owned by leaver ${owner.name} (${owner.terminationDate ? `left ${owner.terminationDate}` : 'terminated'})`,
        {
          ...ownerEvidence,
          status: owner.status,
          terminationDate: owner.terminationDate,
        },
      ),
    );
  }
  if (owner && isContractorExpired(owner, asOf)) {
    findings.push(
      finding(
        'contractor-expired',
        credential,
        `${label} is owned by contractor ${owner.name}, whose contract ended ${owner.contractEndDate}`,
        {
          ...ownerEvidence,
          contractEndDate: owner.contractEndDate,
        },
      ),
    );
  }

  const inNewKeyGrace = age !== null && age <= settings.newKeyGraceDays;
  const signalsNamingSomeone = credential.ownerSignals.filter((signal) => signal.value.trim() !== '');
  if (!inNewKeyGrace) {
    const unmatched = unmatchedIdentities(resolution);
    if (unmatched.length > 0) {
      findings.push(
        finding(
          'owner-not-in-hr',
          credential,
          `${label} names owner ${unmatched.map((item) => item.signal.value).join(', ')}, who is not in HR`,
          {
            unmatched: unmatched.map((item) => ({
              kind: item.signal.kind,
              value: item.signal.value,
              source: item.signal.source,
            })),
            ...(ownerEvidence ? { resolvedOwner: ownerEvidence.owner } : {}),
          },
        ),
      );
    }
    const onlyFailedGuesses =
      signalsNamingSomeone.length > 0 &&
      owner === undefined &&
      signalsNamingSomeone.every((signal) => isGuess(signal.kind));
    if (signalsNamingSomeone.length === 0 || onlyFailedGuesses) {
      findings.push(
        finding('owner-unknown', credential, `${label} has no known owner`, {
          signals: credential.ownerSignals.length,
          ...(onlyFailedGuesses ? { note: 'only name-match guesses, none of which matched a person' } : {}),
          createdAt: credential.createdAt,
        }),
      );
    }
  }

  if (owner && credential.department) {
    const sinceTransfer = daysSinceTransfer(owner, asOf);
    if (
      sinceTransfer !== null &&
      sinceTransfer > settings.moverGraceDays &&
      credential.department.trim().toLowerCase() !== (owner.department ?? '').trim().toLowerCase()
    ) {
      findings.push(
        finding(
          'mover-recertify',
          credential,
          `${label} belongs to ${credential.department}, but its owner ${owner.name} moved to ${owner.department ?? 'another department'} on ${owner.transferDate}`,
          {
            ...ownerEvidence,
            credentialDepartment: credential.department,
            ownerDepartment: owner.department,
            previousDepartment: owner.previousDepartment,
            transferDate: owner.transferDate,
            daysSinceTransfer: sinceTransfer,
            moverGraceDays: settings.moverGraceDays,
          },
        ),
      );
    }
  }

  if (credential.lastUsedKnown) {
    if (credential.lastUsedAt !== null) {
      const idle = daysBetween(toDate(credential.lastUsedAt), asOf);
      if (idle > settings.staleAfterDays) {
        findings.push(
          finding('stale', credential, `${label} was last used ${idle} days ago (${credential.lastUsedAt})`, {
            lastUsedAt: credential.lastUsedAt,
            daysSinceLastUse: idle,
            staleAfterDays: settings.staleAfterDays,
          }),
        );
      }
    } else if (age !== null && age > settings.staleAfterDays) {
      findings.push(
        finding('stale', credential, `${label} has never been used since it was created ${age} days ago`, {
          lastUsedAt: null,
          neverUsed: true,
          createdAt: credential.createdAt,
          daysSinceCreation: age,
          staleAfterDays: settings.staleAfterDays,
        }),
      );
    }
  }

  if (age !== null && age > settings.maxKeyAgeDays) {
    findings.push(
      finding('over-age', credential, `${label} is ${age} days old (created ${credential.createdAt})`, {
        createdAt: credential.createdAt,
        ageDays: age,
        maxKeyAgeDays: settings.maxKeyAgeDays,
      }),
    );
  }

  if (owner) {
    const until = daysUntilTermination(owner, asOf);
    if (until !== null && until <= settings.pendingLeaverDays) {
      findings.push(
        finding(
          'pending-leaver',
          credential,
          `${label} is owned by ${owner.name}, who leaves on ${owner.terminationDate} (in ${until} days)`,
          {
            ...ownerEvidence,
            terminationDate: owner.terminationDate,
            daysUntilTermination: until,
            pendingLeaverDays: settings.pendingLeaverDays,
          },
        ),
      );
    }
  }
  return findings;
}

/** The finding the revocation verifier raises when a credential is still usable after a step reported done. */
export function propagationGapFinding(credential: Credential, evidence: Record<string, unknown>): Finding {
  return finding(
    'propagation-gap',
    credential,
    `${credentialLabel(credential)} is still usable after a revocation step reported success`,
    evidence,
  );
}
