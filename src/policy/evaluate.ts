/**
 * Policy: every rule of docs/rules.md (but propagation-gap, raised by the revocation verifier)
 * applied to one credential and its owner resolution, at an as-of date.
 *
 * "Older than N days" means more than N whole UTC days. A credential whose expiresAt has passed
 * is expired whatever its status; inactive and expired credentials only ever get
 * expired-not-removed (and that only when expired). Privileged credentials have every finding
 * raised one level. Findings come out in rules-table order (docs/rules.md, as RULE_IDS). See README.md.
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
import { credentialLabel, ownerFacts } from './describe.js';
import { asOfDay, finding, ownerEvidence } from './finding.js';
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
    const since = ageInDays(credential.expiresAt, asOf);
    return [
      finding(
        'expired-not-removed',
        credential,
        `${credentialLabel(credential)} expired${credential.expiresAt ? ` on ${credential.expiresAt}` : ''} but is still present`,
        {
          status: credential.status,
          expiresAt: credential.expiresAt,
          daysSinceExpiry: since,
          asOf: asOfDay(asOf),
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
          asOf: asOfDay(asOf),
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
        { ...ownerEvidence(owner, resolution), contractEndDate: owner.contractEndDate, asOf: asOfDay(asOf) },
      ),
    );
  }

  findings.push(...sharedSecretFindings(credential, resolution, people, asOf));

  // Owner tagging lags creation: no ownership finding for a key created newKeyGraceDays ago or less.
  // An unknown creation date gets no grace. A shared secret belongs to a repository, not a person.
  const inNewKeyGrace = age !== null && age <= settings.newKeyGraceDays;
  if (!inNewKeyGrace && credential.nature !== 'shared-secret') {
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
            ageDays: age,
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
          ageDays: age,
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
            daysSinceTransfer: sinceTransfer,
            moverGraceDays: settings.moverGraceDays,
            asOf: asOfDay(asOf),
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
        findings.push(
          finding(
            'stale',
            credential,
            `${credentialLabel(credential)} was last used ${idle} days ago (${credential.lastUsedAt})`,
            {
              lastUsedAt: credential.lastUsedAt,
              daysSinceLastUse: idle,
              staleAfterDays: settings.staleAfterDays,
              asOf: asOfDay(asOf),
            },
          ),
        );
      }
    } else if (age !== null && age > settings.staleAfterDays) {
      findings.push(
        finding(
          'stale',
          credential,
          `${credentialLabel(credential)} has never been used since it was created ${age} days ago`,
          {
            lastUsedAt: null,
            neverUsed: true,
            createdAt: credential.createdAt,
            daysSinceCreation: age,
            staleAfterDays: settings.staleAfterDays,
            asOf: asOfDay(asOf),
          },
        ),
      );
    }
  }

  // A secret's age is its value's: from when it was last set (valueSetAt), else its creation.
  const valueAge = credential.valueSetAt ? ageInDays(credential.valueSetAt, asOf) : age;
  if (valueAge !== null && valueAge > settings.maxKeyAgeDays && credential.nature !== 'grant') {
    const since = credential.valueSetAt
      ? `value last set ${credential.valueSetAt}`
      : `created ${credential.createdAt}`;
    findings.push(
      finding('over-age', credential, `${credentialLabel(credential)} is ${valueAge} days old (${since})`, {
        createdAt: credential.createdAt,
        ...(credential.valueSetAt ? { valueSetAt: credential.valueSetAt } : {}),
        ageDays: valueAge,
        maxKeyAgeDays: settings.maxKeyAgeDays,
        asOf: asOfDay(asOf),
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
          `${credentialLabel(credential)} is owned by ${owner.name}, who leaves on ${owner.terminationDate} (in ${until} days)`,
          {
            ...ownerEvidence(owner, resolution),
            terminationDate: owner.terminationDate,
            daysUntilTermination: until,
            pendingLeaverDays: settings.pendingLeaverDays,
            asOf: asOfDay(asOf),
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
