/**
 * Policy: every rule of docs/rules.md (but propagation-gap, raised by the revocation verifier)
 * applied to one credential and its owner resolution, at an as-of date.
 *
 * "Older than N days" means more than N whole UTC days. A credential whose expiresAt has passed
 * is expired whatever its status; inactive and expired credentials only ever get
 * expired-not-removed (and that only when expired). Privileged credentials have every finding
 * raised one level. Findings come out in rules-table order (docs/rules.md, as RULE_IDS). See README.md.
 *
 * The as-of decides which rules fire; it is never written into a finding. Titles and evidence hold
 * the dates their day counts derive from, as placeholders (./day-counts.ts): a finding is stored
 * day-free and counted when it is shown (`presentFinding`).
 */
import type { PolicySettings } from '../core/config-types.js';
import { daysSince } from '../core/dates.js';
import type { Credential, Finding, OwnerResolution, Person } from '../core/model.js';
import {
  daysSinceTransfer,
  daysUntilTermination,
  isContractorExpired,
  isLeaver,
  type PeopleDirectory,
} from '../core/people.js';
import { isGuess } from '../correlate/tiers.js';
import { unmatchedIdentities } from '../correlate/unmatched.js';
import { AS_OF_PLACEHOLDER, daysSincePlaceholder, daysUntilPlaceholder } from './day-counts.js';
import { credentialLabel, ownerFacts } from './describe.js';
import { finding, ownerEvidence } from './finding.js';
import { findingUid } from './finding-uid.js';
import { personAccountFindings, sharedSecretFindings } from './leaver-reach.js';
import { RULES } from './rules.js';

/** Whether the credential is expired at as-of: by status, or because its expiry date has come. */
export function isExpired(credential: Credential, asOf: Date): boolean {
  return (
    credential.status === 'expired' ||
    (credential.expiresAt !== null && daysSince(credential.expiresAt, asOf) >= 0)
  );
}

function ageInDays(date: string | null, asOf: Date): number | null {
  return date === null ? null : daysSince(date, asOf);
}

/** No signal names an identity, or the only ones that do are name-match guesses that matched nobody. */
function hasNoOwnerSignal(credential: Credential, owner: Person | undefined): boolean {
  if (owner) return false;
  for (const signal of credential.ownerSignals) {
    if (signal.value.trim() !== '' && !isGuess(signal.kind)) return false;
  }
  return true;
}

// Titles and evidence are built only inside a rule that fires: most credentials have no finding, and
// evaluate allocates nothing else per credential (no closures: they are costly under tsx).
export function evaluate(
  credential: Credential,
  resolution: OwnerResolution,
  people: PeopleDirectory,
  settings: PolicySettings,
  asOf: Date,
): Finding[] {
  if (credential.nature === 'person-account') {
    const owner =
      resolution.ownerEmployeeId !== null ? people.byEmployeeId(resolution.ownerEmployeeId) : undefined;
    return personAccountFindings(credential, resolution, owner, asOf);
  }
  if (isExpired(credential, asOf)) {
    return [
      finding(
        'expired-not-removed',
        credential,
        `${credentialLabel(credential)} expired${credential.expiresAt ? ` on ${credential.expiresAt}` : ''} but is still present`,
        {
          status: credential.status,
          expiresAt: credential.expiresAt,
          daysSinceExpiry: credential.expiresAt ? daysSincePlaceholder(credential.expiresAt) : null,
          asOf: AS_OF_PLACEHOLDER,
        },
      ),
    ];
  }
  if (credential.status !== 'active') return [];

  const findings: Finding[] = [];
  const owner: Person | undefined =
    resolution.ownerEmployeeId !== null ? people.byEmployeeId(resolution.ownerEmployeeId) : undefined;
  const age = ageInDays(credential.createdAt, asOf);

  if (owner && isLeaver(owner, asOf)) {
    // A departed owner (src/hr/departed.ts) is a leaver because the HR export stopped listing them.
    const departed = owner.departedOn ? `removed from the HR export on ${owner.departedOn}` : undefined;
    const terminated =
      owner.terminationDate && owner.terminationDate !== owner.departedOn
        ? `terminated ${owner.terminationDate}`
        : departed
          ? undefined
          : 'terminated';
    findings.push(
      finding(
        'leaver-owned',
        credential,
        `${credentialLabel(credential)} is owned by leaver ${owner.name} (${[terminated, departed].filter(Boolean).join('; ')})`,
        {
          ...ownerEvidence(owner, resolution),
          status: owner.status,
          terminationDate: owner.terminationDate,
          ...(departed ? { departedOn: owner.departedOn, departure: departed } : {}),
          asOf: AS_OF_PLACEHOLDER,
        },
      ),
    );
  }
  if (owner && isContractorExpired(owner, asOf)) {
    findings.push(
      finding(
        'contractor-expired',
        credential,
        `${credentialLabel(credential)} is owned by contractor ${owner.name}, whose contract ended ${owner.contractEndDate}`,
        {
          ...ownerEvidence(owner, resolution),
          contractEndDate: owner.contractEndDate,
          asOf: AS_OF_PLACEHOLDER,
        },
      ),
    );
  }

  findings.push(...sharedSecretFindings(credential, resolution, people, asOf));

  // Owner tagging lags creation: no ownership finding for a key created newKeyGraceDays ago or less.
  // An unknown creation date gets no grace. A shared secret belongs to a repository, not a person.
  const inNewKeyGrace = age !== null && age <= settings.newKeyGraceDays;
  if (!inNewKeyGrace && credential.nature !== 'shared-secret') {
    const createdAgo = credential.createdAt ? daysSincePlaceholder(credential.createdAt) : null;
    const unmatched = unmatchedIdentities(resolution);
    if (unmatched.length > 0) {
      findings.push(
        finding(
          'owner-not-in-hr',
          credential,
          `${credentialLabel(credential)} names owner ${unmatched.map((item) => item.signal.value).join(', ')}, who is not in HR`,
          {
            unmatched: unmatched.map((item) => ({
              kind: item.signal.kind,
              value: item.signal.value,
              source: item.signal.source,
            })),
            ...(owner ? { resolvedOwner: ownerFacts(owner) } : {}),
            createdAt: credential.createdAt,
            ageDays: createdAgo,
            newKeyGraceDays: settings.newKeyGraceDays,
          },
        ),
      );
    } else if (hasNoOwnerSignal(credential, owner)) {
      const guesses = credential.ownerSignals.filter((signal) => signal.value.trim() !== '');
      findings.push(
        finding('owner-unknown', credential, `${credentialLabel(credential)} has no known owner`, {
          signals: credential.ownerSignals.length,
          ...(guesses.length > 0
            ? {
                note: 'only name-match guesses, none of which matched a person',
                guesses: guesses.map((signal) => ({
                  kind: signal.kind,
                  value: signal.value,
                  source: signal.source,
                })),
              }
            : {}),
          createdAt: credential.createdAt,
          ageDays: createdAgo,
          newKeyGraceDays: settings.newKeyGraceDays,
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
          `${credentialLabel(credential)} belongs to ${credential.department}, but its owner ${owner.name} moved to ${owner.department ?? 'another department'} on ${owner.transferDate}`,
          {
            ...ownerEvidence(owner, resolution),
            credentialDepartment: credential.department,
            ownerDepartment: owner.department,
            previousDepartment: owner.previousDepartment,
            transferDate: owner.transferDate,
            // sinceTransfer is not null, so neither is the transfer date.
            daysSinceTransfer: daysSincePlaceholder(owner.transferDate!),
            moverGraceDays: settings.moverGraceDays,
            asOf: AS_OF_PLACEHOLDER,
          },
        ),
      );
    }
  }

  // Unknown last use is not "never used": no stale finding without a known answer.
  if (credential.lastUsedKnown) {
    if (credential.lastUsedAt !== null) {
      const idle = daysSince(credential.lastUsedAt, asOf);
      if (idle > settings.staleAfterDays) {
        const ago = daysSincePlaceholder(credential.lastUsedAt);
        findings.push(
          finding(
            'stale',
            credential,
            `${credentialLabel(credential)} was last used ${ago} days ago (${credential.lastUsedAt})`,
            {
              lastUsedAt: credential.lastUsedAt,
              daysSinceLastUse: ago,
              staleAfterDays: settings.staleAfterDays,
              asOf: AS_OF_PLACEHOLDER,
            },
          ),
        );
      }
    } else if (credential.createdAt !== null && age !== null && age > settings.staleAfterDays) {
      const ago = daysSincePlaceholder(credential.createdAt);
      findings.push(
        finding(
          'stale',
          credential,
          `${credentialLabel(credential)} has never been used since it was created ${ago} days ago`,
          {
            lastUsedAt: null,
            neverUsed: true,
            createdAt: credential.createdAt,
            daysSinceCreation: ago,
            staleAfterDays: settings.staleAfterDays,
            asOf: AS_OF_PLACEHOLDER,
          },
        ),
      );
    }
  }

  // A secret's age is its value's: from when it was last set (valueSetAt), else its creation.
  const valueAge = credential.valueSetAt ? ageInDays(credential.valueSetAt, asOf) : age;
  if (valueAge !== null && valueAge > settings.maxKeyAgeDays && credential.nature !== 'grant') {
    // valueAge is not null, so neither is the date it counts from.
    const old = daysSincePlaceholder((credential.valueSetAt ?? credential.createdAt)!);
    const since = credential.valueSetAt
      ? `value last set ${credential.valueSetAt}`
      : `created ${credential.createdAt}`;
    findings.push(
      finding('over-age', credential, `${credentialLabel(credential)} is ${old} days old (${since})`, {
        createdAt: credential.createdAt,
        ...(credential.valueSetAt ? { valueSetAt: credential.valueSetAt } : {}),
        ageDays: old,
        maxKeyAgeDays: settings.maxKeyAgeDays,
        asOf: AS_OF_PLACEHOLDER,
      }),
    );
  }

  if (owner) {
    const until = daysUntilTermination(owner, asOf);
    if (until !== null && until <= settings.pendingLeaverDays) {
      // until is not null, so neither is the termination date.
      const inDays = daysUntilPlaceholder(owner.terminationDate!);
      findings.push(
        finding(
          'pending-leaver',
          credential,
          `${credentialLabel(credential)} is owned by ${owner.name}, who leaves on ${owner.terminationDate} (in ${inDays} days)`,
          {
            ...ownerEvidence(owner, resolution),
            terminationDate: owner.terminationDate,
            daysUntilTermination: inDays,
            pendingLeaverDays: settings.pendingLeaverDays,
            asOf: AS_OF_PLACEHOLDER,
          },
        ),
      );
    }
  }
  return findings;
}

/**
 * The finding the revocation verifier raises when a credential is still usable after a step
 * reported done. Takes the credential (for a readable title and the privileged evidence) or just
 * its uid; critical either way.
 */
export function propagationGapFinding(
  credential: Credential | string,
  evidence: Record<string, unknown>,
): Finding {
  if (typeof credential !== 'string') {
    return finding(
      'propagation-gap',
      credential,
      `${credentialLabel(credential)} is still usable after a revocation step reported success`,
      evidence,
    );
  }
  return {
    uid: findingUid('propagation-gap', credential),
    rule: 'propagation-gap',
    severity: RULES['propagation-gap'].severity,
    credentialUid: credential,
    title: `Credential ${credential} is still usable after a revocation step reported success`,
    evidence,
  };
}
