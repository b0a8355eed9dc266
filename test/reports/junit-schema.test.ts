import { describe, expect, it } from 'vitest';
import type { JsonReportFindingInput, JsonReportInput } from '../../reports/json/index.js';
import { MAX_LISTED, renderJunit } from '../../reports/junit/index.js';
import { fid, incompleteInput, input, T0, T1, uidOf } from './ci-fixture.js';
import { validateJunit } from './junit-xsd.js';

/** An open over-age finding of a privileged AWS key: NHI5, PR.AA-05 and CIS AWS 1.14 apply. */
const privileged: JsonReportFindingInput = {
  uid: fid('over-age', 'P'),
  rule: 'over-age',
  severity: 'medium',
  status: 'open',
  credentialUid: uidOf('P'),
  title: 'Access key P <admin> & "root" of aws/111122223333 is 400 days old',
  evidence: { privileged: true, ageDays: 400, note: ']]> \u0007' },
  firstSeenAt: T0,
  lastSeenAt: T1,
  suppression: null,
  resolvedAt: null,
  provider: 'aws',
};

/** A suppressed stale finding of an AWS key, its baseline reason full of markup. */
const suppressed: JsonReportFindingInput = {
  ...privileged,
  uid: fid('stale', 'S'),
  rule: 'stale',
  status: 'suppressed',
  credentialUid: uidOf('S'),
  title: 'Access key S of aws/111122223333 was last used 200 days ago',
  evidence: { daysSinceLastUse: 200 },
  suppression: { reason: 'kept <for> "audit" & ]]>', approvedBy: 'a&b', expires: '2027-02-01' },
};

/** Several rules, open, suppressed and resolved findings, a failed source, expired entries, markup. */
const rich: JsonReportInput = {
  ...incompleteInput,
  sources: [
    ...incompleteInput.sources,
    {
      name: 'stag<ing> & "x"',
      type: 'gcp',
      status: 'failed',
      credentials: 0,
      problems: [{ scope: 'project p-1', reason: 'PERMISSION_DENIED <403>\r\nretry & fail' }],
    },
  ],
  findings: [...input.findings, privileged, suppressed],
};

/** More findings than the report lists: the `more findings` case. */
function largeEstate(): JsonReportInput {
  const findings = Array.from({ length: MAX_LISTED + 3 }, (_, index) => ({
    ...input.findings[2]!,
    uid: `nhi-${String(index).padStart(24, '0')}`,
    credentialUid: uidOf(`K${String(index).padStart(6, '0')}`),
  }));
  return { ...rich, findings: [...rich.findings, ...findings] };
}

const VALID = { valid: true, errors: [] };

describe('JUnit report against the Jenkins xUnit plugin junit-10.xsd', () => {
  it('is valid for the small fixture, a rich one, an incomplete scan and --since-last', async () => {
    expect(await validateJunit(renderJunit(input))).toEqual(VALID);
    expect(await validateJunit(renderJunit(incompleteInput))).toEqual(VALID);
    expect(await validateJunit(renderJunit(rich))).toEqual(VALID);
    expect(await validateJunit(renderJunit(rich, { sinceLast: { previousCompleteRunId: 2 } }))).toEqual(
      VALID,
    );
    expect(await validateJunit(renderJunit({ ...input, findings: [], expiredBaselineEntries: [] }))).toEqual(
      VALID,
    );
  });

  it('is valid when the findings are cut at the cap, with a `more findings` case per rule cut short', async () => {
    const xml = renderJunit(largeEstate());
    // Most severe first: the medium stale findings fill the list, over-age (medium, low) comes after.
    expect(xml.match(/<testcase classname="nhiscan\.[a-z-]+" name="more findings" time="0">/g)).toEqual([
      '<testcase classname="nhiscan.stale" name="more findings" time="0">',
      '<testcase classname="nhiscan.over-age" name="more findings" time="0">',
    ]);
    expect(await validateJunit(xml)).toEqual(VALID);
  });

  it('rejects the old `skipped` attribute on <testsuites> (the check is not vacuous)', async () => {
    const xml = renderJunit(input);
    const root = '<testsuites name="nhiscan" tests="19" failures="5" errors="0" time="0">';
    expect(xml.split('\n')[1]).toBe(root);
    const old = xml.replace(root, root.replace(' time=', ' skipped="1" time='));
    expect(await validateJunit(old)).toEqual({
      valid: false,
      errors: [
        "junit.xml:2: Schemas validity error : Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed.",
      ],
    });
  });

  it("carries each finding's compliance items in its failure or skipped text", () => {
    const xml = renderJunit(rich);
    const block = (name: string) => {
      const start = xml.indexOf(`name="${name}"`);
      const end = xml.indexOf('</testcase>', start) + '</testcase>'.length;
      return xml.slice(xml.lastIndexOf('\n', start) + 1, end);
    };
    expect(block(uidOf('P'))).toBe(
      [
        `    <testcase classname="nhiscan.over-age" name="${uidOf('P')}" time="0">`,
        '      <failure message="Access key P &lt;admin&gt; &amp; &quot;root&quot; of aws/111122223333 is 400 days old" type="medium">Access key P &lt;admin&gt; &amp; "root" of aws/111122223333 is 400 days old',
        '',
        'rule: over-age (Credential older than the maximum key age)',
        'severity: medium',
        `finding: ${fid('over-age', 'P')}`,
        `credential: ${uidOf('P')}`,
        `first seen: ${T0}`,
        'what to do: Rotate the credential: create a new one, move its users over, delete the old one.',
        'compliance:',
        '  owasp-nhi:NHI5 Overprivileged NHI',
        '  owasp-nhi:NHI7 Long-Lived Secrets',
        '  nist-csf:PR.AA-01 Identities and credentials for authorized users, services, and hardware are managed by the organization',
        '  nist-csf:PR.AA-05 Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
        '  cis-aws:1.14 Ensure access keys are rotated every 90 days or less',
        'evidence:',
        '{',
        '  "privileged": true,',
        '  "ageDays": 400,',
        '  "note": "]]&gt; \\u0007"',
        '}</failure>',
        '    </testcase>',
      ].join('\n'),
    );
    expect(block(uidOf('S'))).toBe(
      [
        `    <testcase classname="nhiscan.stale" name="${uidOf('S')}" time="0">`,
        '      <skipped message="suppressed by the baseline until 2027-02-01: kept &lt;for&gt; &quot;audit&quot; &amp; ]]&gt; (approved by a&amp;b)">suppressed by the baseline until 2027-02-01: kept &lt;for&gt; "audit" &amp; ]]&gt; (approved by a&amp;b)',
        '',
        'compliance:',
        '  owasp-nhi:NHI1 Improper Offboarding',
        '  nist-csf:PR.AA-01 Identities and credentials for authorized users, services, and hardware are managed by the organization',
        '  cis-controls:5.3 Disable Dormant Accounts',
        '  cis-aws:1.12 Ensure credentials unused for 45 days or greater are disabled</skipped>',
        '    </testcase>',
      ].join('\n'),
    );
  });
});
