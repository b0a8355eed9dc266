/**
 * A finding as an OCSF 1.8.0 finding event: IAM Analysis Finding (class 2008, the default) or, for
 * consumers whose OCSF version predates that class, Detection Finding (class 2004).
 * docs/formats.md has the field table.
 */
import type { FindingStatus } from '../../src/core/model.js';
import { RULES } from '../../src/policy/rules.js';
import {
  complianceFacts,
  complianceLabels,
  credentialFacts,
  epochMillis,
  eventEvidence,
  findingIso,
  findingTime,
  ownerFacts,
  suppressionFacts,
} from '../events.js';
import type { ReportCredential, ReportFinding, ReportScan } from '../json/types.js';
import {
  credentialResource,
  OCSF_SEVERITY,
  OCSF_VERSION,
  ocsfProduct,
  ownerConfidence,
  principalUser,
  programmaticCredential,
} from './objects.js';

export type OcsfFindingClass = 'iam-analysis' | 'detection';

const FINDINGS_CATEGORY_UID = 2;

const CLASSES: Readonly<Record<OcsfFindingClass, { uid: number; name: string }>> = {
  'iam-analysis': { uid: 2008, name: 'IAM Analysis Finding' },
  detection: { uid: 2004, name: 'Detection Finding' },
};

/** status_id of the Finding classes: open 1 New, suppressed 3 Suppressed, resolved 4 Resolved. */
export const OCSF_FINDING_STATUS: Readonly<Record<FindingStatus, { id: number; caption: string }>> = {
  open: { id: 1, caption: 'New' },
  suppressed: { id: 3, caption: 'Suppressed' },
  resolved: { id: 4, caption: 'Resolved' },
};

/** activity_id: resolved → 3 Close; raised in this scan (first seen = last seen) → 1 Create; else 2 Update. */
function findingActivity(finding: ReportFinding): { id: number; name: string } {
  if (finding.status === 'resolved') return { id: 3, name: 'Close' };
  if (finding.firstSeenAt === finding.lastSeenAt) return { id: 1, name: 'Create' };
  return { id: 2, name: 'Update' };
}

export interface OcsfFindingContext {
  productVersion: string;
  scan: ReportScan;
  findingClass: OcsfFindingClass;
}

function statusDetail(finding: ReportFinding): string | undefined {
  if (finding.suppression) {
    const { reason, approvedBy, expires } = finding.suppression;
    return `suppressed by the baseline until ${expires}, approved by ${approvedBy}: ${reason}`;
  }
  if (finding.status === 'resolved') return 'the condition no longer holds';
  return undefined;
}

/** Pure: one finding (and its credential, when reported) to one OCSF finding event. */
export function ocsfFinding(
  finding: ReportFinding,
  credential: ReportCredential | undefined,
  context: OcsfFindingContext,
  /** Its event id (`findingEventId('ocsf', finding)`), computed once by the caller. */
  id: string,
): Record<string, unknown> {
  const findingClass = CLASSES[context.findingClass];
  const activity = findingActivity(finding);
  const severity = OCSF_SEVERITY[finding.severity];
  const status = OCSF_FINDING_STATUS[finding.status];
  const rule = RULES[finding.rule];
  const detail = statusDetail(finding);
  const user = principalUser(credential, finding.credentialUid);
  const firstSeen = epochMillis(finding.firstSeenAt);
  const lastSeen = epochMillis(finding.lastSeenAt);
  const evidence = eventEvidence(finding.evidence);
  const labels = complianceLabels(finding);
  // Neither finding class allows OCSF's compliance object (Compliance Finding, 2003, does):
  // the items are unmapped, their labels metadata.labels.
  const facts = {
    rule: finding.rule,
    severity: finding.severity,
    evidence,
    compliance: complianceFacts(finding),
    owner: ownerFacts(credential),
    credential: credentialFacts(credential, finding.credentialUid),
    ...suppressionFacts(finding),
    scan: { run_id: context.scan.runId, as_of: context.scan.asOf, status: context.scan.status },
  };
  const classSpecific =
    context.findingClass === 'iam-analysis'
      ? {
          user,
          identity_activity_metrics: {
            programmatic_credentials: credential ? [programmaticCredential(credential)] : [],
          },
        }
      : {
          is_alert: finding.status === 'open',
          evidences: [
            {
              uid: finding.uid,
              name: finding.rule,
              user,
              data: { evidence, owner: facts.owner },
            },
          ],
        };
  return {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: findingClass.uid,
    class_name: findingClass.name,
    type_uid: findingClass.uid * 100 + activity.id,
    type_name: `${findingClass.name}: ${activity.name}`,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: status.id,
    status: status.caption,
    ...(detail ? { status_detail: detail } : {}),
    time: findingTime(finding),
    timezone_offset: 0,
    start_time: firstSeen,
    end_time: lastSeen,
    message: finding.title,
    ...ownerConfidence(credential),
    metadata: {
      version: OCSF_VERSION,
      product: ocsfProduct(context.productVersion),
      uid: id,
      log_name: 'findings',
      ...(labels.length > 0 ? { labels } : {}),
      event_code: finding.rule,
      original_time: findingIso(finding),
      correlation_uid: finding.credentialUid,
    },
    finding_info: {
      uid: finding.uid,
      title: finding.title,
      desc: rule.description,
      types: [finding.rule],
      analytic: { uid: finding.rule, name: finding.rule, type_id: 1, type: 'Rule', desc: rule.description },
      created_time: firstSeen,
      first_seen_time: firstSeen,
      last_seen_time: lastSeen,
      ...(finding.resolvedAt ? { modified_time: epochMillis(finding.resolvedAt) } : {}),
      ...(credential ? { data_sources: [credential.source] } : {}),
    },
    remediation: { desc: rule.remediation },
    resources: [credentialResource(credential, finding.credentialUid)],
    ...classSpecific,
    unmapped: facts,
  };
}
