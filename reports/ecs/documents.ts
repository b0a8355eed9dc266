/**
 * Findings, credentials and revocations as Elastic Common Schema (ECS 8.17) documents. The
 * identity holding the credential is `user` (for revocations, `user.target`, ECS's place for the
 * account an IAM change acts on); what ECS has no field for lives under the custom `nhiscan.*`
 * namespace, its keys snake_case at every depth (reports/events.ts); reports/ecs/index-template.json
 * maps every field a document can carry. docs/formats.md has the mapping table.
 */
import type { Severity } from '../../src/core/model.js';
import type { OcsfAccountChange } from '../../src/core/ocsf.js';
import { ruleReferenceUrl } from '../../src/policy/finding-compliance.js';
import { RULES } from '../../src/policy/rules.js';
import {
  actionEventId,
  complianceFacts,
  complianceLabels,
  credentialFacts,
  epochMillis,
  eventEvidence,
  findingTime,
  ownerFacts,
  snakeKeys,
  suppressionFacts,
} from '../events.js';
import type { ReportCredential, ReportFinding, ReportScan } from '../json/types.js';

export const ECS_VERSION = '8.17.0';

/** event.severity: the same numbers as OCSF severity_id (info 1 … critical 5). */
export const ECS_SEVERITY: Readonly<Record<Severity, number>> = {
  info: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** ECS cloud.provider values for the providers that are clouds (GitHub and inventory files are not). */
const CLOUD_PROVIDERS = new Set(['aws', 'gcp', 'azure']);

export interface EcsContext {
  productVersion: string;
  scan: ReportScan;
}

type Document = Record<string, unknown>;

function observer(version: string) {
  return { vendor: 'nhiscan', product: 'nhiscan', version, type: 'scanner' };
}

/** The identity holding the credential: ECS user fields (or the credential's uid when unknown). */
function principal(credential: ReportCredential | undefined, credentialUid: string) {
  if (!credential) return { id: credentialUid, name: credentialUid };
  return {
    id: credential.principal?.uid ?? credential.uid,
    name: credential.principal?.name ?? credential.principal?.uid ?? credential.uid,
    domain: credential.account,
  };
}

function cloud(credential: ReportCredential | undefined) {
  if (!credential || !CLOUD_PROVIDERS.has(credential.provider)) return {};
  return { cloud: { provider: credential.provider, account: { id: credential.account } } };
}

/** related.user: every user identifier in the document, for pivoting (principal, owner). */
function relatedUsers(credential: ReportCredential | undefined, credentialUid: string): string[] {
  const user = principal(credential, credentialUid);
  const values = [user.name, user.id, credential?.owner.email, credential?.owner.employeeId];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}

/**
 * rule.reference: the public page of the rule's first OWASP NHI Top 10 item (a page describing this
 * type of alert, as ECS allows; SARIF's helpUri is the same), or nothing when the rule maps to none.
 */
function ruleReference(rule: ReportFinding['rule']) {
  const url = ruleReferenceUrl(rule);
  return url ? { reference: url } : {};
}

function scanFields(scan: ReportScan) {
  return { run_id: scan.runId, as_of: scan.asOf, status: scan.status };
}

/** A finding as an alert: event.kind alert, category iam, type user + info; `tags` its compliance labels. */
export function ecsFinding(
  finding: ReportFinding,
  credential: ReportCredential | undefined,
  context: EcsContext & { id: string },
): Document {
  const rule = RULES[finding.rule];
  return {
    '@timestamp': new Date(findingTime(finding)).toISOString(),
    ecs: { version: ECS_VERSION },
    message: finding.title,
    tags: complianceLabels(finding),
    event: {
      id: context.id,
      kind: 'alert',
      category: ['iam'],
      type: ['user', 'info'],
      severity: ECS_SEVERITY[finding.severity],
      start: finding.firstSeenAt,
      end: finding.lastSeenAt,
      reason: rule.description,
      module: 'nhiscan',
      dataset: 'nhiscan.finding',
      provider: 'nhiscan',
    },
    rule: {
      id: finding.rule,
      name: finding.rule,
      description: rule.description,
      category: 'non-human identity',
      ruleset: 'nhiscan',
      ...ruleReference(finding.rule),
    },
    user: principal(credential, finding.credentialUid),
    related: { user: relatedUsers(credential, finding.credentialUid) },
    ...cloud(credential),
    observer: observer(context.productVersion),
    nhiscan: {
      finding: {
        uid: finding.uid,
        rule: finding.rule,
        severity: finding.severity,
        status: finding.status,
        title: finding.title,
        evidence: eventEvidence(finding.evidence),
        first_seen_at: finding.firstSeenAt,
        last_seen_at: finding.lastSeenAt,
        ...(finding.resolvedAt ? { resolved_at: finding.resolvedAt } : {}),
        ...suppressionFacts(finding),
        remediation: rule.remediation,
      },
      compliance: complianceFacts(finding),
      credential: credentialFacts(credential, finding.credentialUid),
      owner: ownerFacts(credential),
      scan: scanFields(context.scan),
    },
  };
}

/** A credential of the inventory as an asset document: event.kind asset, category iam, type user + info. */
export function ecsAsset(credential: ReportCredential, context: EcsContext & { id: string }): Document {
  return {
    '@timestamp': new Date(epochMillis(credential.lastSeenAt)).toISOString(),
    ecs: { version: ECS_VERSION },
    message: `${credential.kind} ${credential.externalId} of ${credential.provider}/${credential.account}: ${credential.status}, ${credential.state}`,
    event: {
      id: context.id,
      kind: 'asset',
      category: ['iam'],
      type: ['user', 'info'],
      module: 'nhiscan',
      dataset: 'nhiscan.inventory',
      provider: 'nhiscan',
    },
    user: principal(credential, credential.uid),
    related: { user: relatedUsers(credential, credential.uid) },
    ...cloud(credential),
    observer: observer(context.productVersion),
    nhiscan: {
      credential: credentialFacts(credential, credential.uid),
      owner: ownerFacts(credential),
      scan: scanFields(context.scan),
    },
  };
}

/**
 * A revocation the queue carried out (an Account Change event of the audit export) as an IAM
 * event: kind event, type user + deletion (delete) or user + change (disable, revoke), outcome
 * success or failure. `user` is who acted when a person did (a confirmed manual task); the account
 * acted on is `user.target`. Its id is derived from the audit record's hash (`audit_hash`), which
 * is the OCSF event's id.
 */
export function ecsAction(change: OcsfAccountChange): Document {
  const failed = change.status_id === 2;
  const unmapped = change.unmapped;
  const target = change.user;
  const step = typeof unmapped.step === 'string' ? unmapped.step : change.activity_name.toLowerCase();
  return {
    '@timestamp': new Date(change.time).toISOString(),
    ecs: { version: ECS_VERSION },
    message: change.message,
    event: {
      id: actionEventId('ecs', change.metadata.uid),
      kind: 'event',
      category: ['iam'],
      type: ['user', change.activity_id === 6 ? 'deletion' : 'change'],
      action: step,
      outcome: failed ? 'failure' : 'success',
      sequence: change.metadata.sequence,
      ...(typeof unmapped.reason === 'string' ? { reason: unmapped.reason } : {}),
      module: 'nhiscan',
      dataset: 'nhiscan.audit',
      provider: 'nhiscan',
    },
    ...(change.actor.user
      ? { user: { name: change.actor.user.name, target: ecsTarget(target) } }
      : { user: { target: ecsTarget(target) } }),
    related: {
      user: [
        ...new Set(
          [change.actor.user?.name, target.name, target.uid].filter(
            (value): value is string => typeof value === 'string' && value !== '',
          ),
        ),
      ],
    },
    ...(failed && change.status_detail ? { error: { message: change.status_detail } } : {}),
    ...(target.account && CLOUD_PROVIDERS.has(String(unmapped.provider))
      ? { cloud: { provider: String(unmapped.provider), account: { id: target.account.uid } } }
      : {}),
    observer: observer(change.metadata.product.version),
    nhiscan: {
      action: {
        audit_seq: change.metadata.sequence,
        audit_hash: change.metadata.uid,
        audit_action: change.metadata.event_code,
        ...(change.status_code ? { outcome: change.status_code } : {}),
        ...unmappedFields(unmapped),
      },
    },
  };
}

function ecsTarget(user: OcsfAccountChange['user']) {
  return {
    ...(user.uid ? { id: user.uid } : {}),
    ...(user.name ? { name: user.name } : {}),
    ...(user.account ? { domain: user.account.uid } : {}),
  };
}

/** The audit export's unmapped facts (snake_case), minus what the ECS document already carries elsewhere. */
function unmappedFields(unmapped: Record<string, unknown>): Record<string, unknown> {
  const { audit_action: _action, outcome: _outcome, reason: _reason, ...rest } = unmapped;
  return snakeKeys(rest) as Record<string, unknown>;
}
