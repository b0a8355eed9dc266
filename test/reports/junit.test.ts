import { describe, expect, it } from 'vitest';
import type { JsonReportInput } from '../../reports/json/index.js';
import { renderJunit } from '../../reports/junit/index.js';
import { xmlAttribute, xmlText } from '../../reports/junit/xml.js';
import { RULE_IDS } from '../../src/core/model.js';
import { xmlProblem } from '../support/xml-well-formed.js';
import { fid, incompleteInput, input, T0, T1, uidOf } from './ci-fixture.js';

const passing = (rule: string, text: string) => [
  `  <testsuite name="nhiscan.${rule}" tests="1" failures="0" errors="0" skipped="0" time="0">`,
  `    <testcase classname="nhiscan.${rule}" name="all other credentials" time="0">`,
  `      <system-out>${text}</system-out>`,
  '    </testcase>',
  '  </testsuite>',
];
const others = (rule: string, count: number) =>
  [
    `    <testcase classname="nhiscan.${rule}" name="all other credentials" time="0">`,
    `      <system-out>${count} of 4 live credentials were evaluated against ${rule} and pass it.</system-out>`,
    '    </testcase>',
  ].join('\n');
const clean = (rule: string) =>
  passing(rule, `4 of 4 live credentials were evaluated against ${rule} and pass it.`);
const ownerA = 'owner: Bob Leaver &lt;e1@acme.example&gt; (E1, resolved, confidence 0.95)';
const PR_AA_01 =
  'nist-csf:PR.AA-01 Identities and credentials for authorized users, services, and hardware are managed by the organization';
const PR_AA_05 =
  'nist-csf:PR.AA-05 Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties';

describe('JUnit report', () => {
  it('is exactly this document for the small fixture', () => {
    const expected = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="nhiscan" tests="19" failures="5" errors="0" time="0">',
      '  <testsuite name="nhiscan.sources" tests="1" failures="0" errors="0" skipped="0" time="0">',
      '    <properties>',
      '      <property name="nhiscan.version" value="0.1.0"/>',
      '      <property name="scan.runId" value="3"/>',
      '      <property name="scan.asOf" value="2026-11-26T00:00:00.000Z"/>',
      '      <property name="scan.status" value="complete"/>',
      '      <property name="hr.source" value="hr.csv"/>',
      '      <property name="hr.people" value="2"/>',
      '    </properties>',
      '    <testcase classname="nhiscan.sources" name="prod (aws)" time="0">',
      '      <system-out>4 credentials read</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="nhiscan.leaver-owned" tests="2" failures="1" errors="0" skipped="0" time="0">',
      `    <testcase classname="nhiscan.leaver-owned" name="${uidOf('A')}" time="0">`,
      '      <failure message="Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01)" type="critical">Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01)',
      '',
      'rule: leaver-owned (Live credential owned by a leaver)',
      'severity: critical',
      `finding: ${fid('leaver-owned', 'A')}`,
      `credential: ${uidOf('A')}`,
      ownerA,
      `first seen: ${T0}`,
      'what to do: Disable the credential now and delete it after the hand-over window, unless a new owner takes it over (nhiscan queue).',
      'compliance:',
      '  owasp-nhi:NHI1 Improper Offboarding',
      '  nist-csf:GV.RR-04 Cybersecurity is included in human resources practices',
      `  ${PR_AA_01}`,
      `  ${PR_AA_05}`,
      '  cis-controls:6.2 Establish an Access Revoking Process',
      'evidence:',
      '{',
      '  "owner": {',
      '    "employeeId": "E1"',
      '  },',
      '  "terminationDate": "2026-10-01"',
      '}</failure>',
      '    </testcase>',
      others('leaver-owned', 3),
      '  </testsuite>',
      ...clean('contractor-expired'),
      ...clean('leaver-access-remains'),
      ...clean('leaver-shared-secret'),
      ...clean('owner-not-in-hr'),
      '  <testsuite name="nhiscan.owner-unknown" tests="2" failures="1" errors="0" skipped="0" time="0">',
      `    <testcase classname="nhiscan.owner-unknown" name="${uidOf('B')}" time="0">`,
      '      <failure message="Access key B &lt;svc&gt; &amp; &quot;ops&quot; | *x* [y](z)\uFFFD of aws/111122223333 has no owner" type="high">Access key B &lt;svc&gt; &amp; "ops" | *x* [y](z)\uFFFD of aws/111122223333 has no owner',
      '',
      'rule: owner-unknown (Credential has no owner)',
      'severity: high',
      `finding: ${fid('owner-unknown', 'B')}`,
      `credential: ${uidOf('B')}`,
      `first seen: ${T1}`,
      'what to do: Tag or declare an owner for the credential, or revoke it if nobody claims it.',
      'compliance:',
      '  owasp-nhi:NHI1 Improper Offboarding',
      `  ${PR_AA_01}`,
      '  cis-controls:5.5 Establish and Maintain an Inventory of Service Accounts',
      'evidence:',
      '{',
      '  "note": "line one\\nline &lt;two&gt;"',
      '}</failure>',
      '    </testcase>',
      others('owner-unknown', 3),
      '  </testsuite>',
      ...clean('mover-recertify'),
      '  <testsuite name="nhiscan.stale" tests="2" failures="1" errors="0" skipped="0" time="0">',
      `    <testcase classname="nhiscan.stale" name="${uidOf('A')}" time="0">`,
      '      <failure message="Access key A of aws/111122223333 was last used 120 days ago" type="medium">Access key A of aws/111122223333 was last used 120 days ago',
      '',
      'rule: stale (Credential unused for too long)',
      'severity: medium',
      `finding: ${fid('stale', 'A')}`,
      `credential: ${uidOf('A')}`,
      ownerA,
      `first seen: ${T0}`,
      `baseline: baseline entry for ${fid('stale', 'A')} expired on 2026-11-01 (break-glass key; approved by ann) and no longer suppresses`,
      'what to do: Delete the unused credential; if it is still needed, record why in the baseline.',
      'compliance:',
      '  owasp-nhi:NHI1 Improper Offboarding',
      `  ${PR_AA_01}`,
      '  cis-controls:5.3 Disable Dormant Accounts',
      'evidence:',
      '{',
      '  "daysSinceLastUse": 120,',
      '  "staleAfterDays": 90',
      '}</failure>',
      '    </testcase>',
      others('stale', 3),
      '  </testsuite>',
      '  <testsuite name="nhiscan.over-age" tests="2" failures="0" errors="0" skipped="1" time="0">',
      `    <testcase classname="nhiscan.over-age" name="${uidOf('C')}" time="0">`,
      '      <skipped message="suppressed by the baseline until 2027-01-31: rotation scheduled (approved by sec-lead)">suppressed by the baseline until 2027-01-31: rotation scheduled (approved by sec-lead)',
      '',
      'compliance:',
      '  owasp-nhi:NHI7 Long-Lived Secrets',
      `  ${PR_AA_01}</skipped>`,
      '    </testcase>',
      others('over-age', 3),
      '  </testsuite>',
      ...clean('expired-not-removed'),
      ...clean('pending-leaver'),
      ...clean('propagation-gap'),
      '  <testsuite name="nhiscan.baseline" tests="2" failures="2" errors="0" skipped="0" time="0">',
      `    <testcase classname="nhiscan.baseline" name="${uidOf('Z')}" time="0">`,
      `      <failure message="baseline entry expired on 2026-10-01; it no longer suppresses" type="baseline-entry-expired">The baseline entry for ${uidOf('Z')} expired on 2026-10-01 (legacy; approved by bo) and no longer suppresses. Renew it (nhiscan baseline add) or remove it.</failure>`,
      '    </testcase>',
      `    <testcase classname="nhiscan.baseline" name="${fid('stale', 'A')}" time="0">`,
      `      <failure message="baseline entry expired on 2026-11-01; it no longer suppresses" type="baseline-entry-expired">The baseline entry for ${fid('stale', 'A')} expired on 2026-11-01 (break-glass key; approved by ann) and no longer suppresses. Renew it (nhiscan baseline add) or remove it.</failure>`,
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
    const xml = renderJunit(input);
    expect(xml).toBe(expected);
    expect(xmlProblem(xml)).toBeNull();
  });

  it('errors on a source that could not be read fully (never a pass)', () => {
    const xml = renderJunit(incompleteInput);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain(
      ['  <testsuite name="nhiscan.sources" tests="2" failures="0" errors="1" skipped="0" time="0">'].join(
        '\n',
      ),
    );
    expect(xml).toContain(
      [
        '    <testcase classname="nhiscan.sources" name="staging (aws)" time="0">',
        '      <error message="staging is partial: the scan is incomplete (exit 3)" type="partial">0 credentials read; could not read:',
        'account 222233334444: AccessDenied</error>',
        '    </testcase>',
      ].join('\n'),
    );
    expect(xml).toMatch(/^<testsuites name="nhiscan" tests="20" failures="5" errors="1" time="0">$/m);
  });

  it('has one suite per rule, in rule-table order, each with exactly one passing case', () => {
    const xml = renderJunit(input);
    const suites = [...xml.matchAll(/<testsuite name="nhiscan\.([a-z-]+)"/g)].map((match) => match[1]);
    expect(suites).toEqual(['sources', ...RULE_IDS, 'baseline']);
    expect(xml.match(/name="all other credentials"/g)).toHaveLength(RULE_IDS.length);
  });

  it('lists at most 20,000 findings, most severe first, and says how many more each rule has', () => {
    const many = 20_003;
    const findings = Array.from({ length: many }, (_, index) => ({
      ...input.findings[2]!,
      uid: `nhi-${String(index).padStart(24, '0')}`,
      credentialUid: uidOf(`K${String(index).padStart(6, '0')}`),
    }));
    const big: JsonReportInput = {
      ...input,
      findings: [input.findings[0]!, ...findings],
      expiredBaselineEntries: [],
    };
    const xml = renderJunit(big);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml.match(/<testcase classname="nhiscan\.stale" name="aws:/g)).toHaveLength(19_999);
    expect(xml).toContain(
      '<testcase classname="nhiscan.stale" name="more findings" time="0">\n      <failure message="4 more finding(s) of this rule are not listed (4 open): the report lists at most 20000, most severe first. The JSON report has them all." type="more">',
    );
    expect(xml).toContain(`name="${uidOf('A')}"`);
    expect(Buffer.byteLength(xml)).toBeLessThan(30 * 1024 * 1024);
  });

  it('escapes attribute and text values so any provider string stays one well-formed value', () => {
    expect(xmlAttribute('a<b>&"c"\n\r\td')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#10;&#13;&#9;d');
    expect(xmlText('x\u0000y\u001Fz\uFFFE <&> "\'')).toBe('x\uFFFDy\uFFFDz\uFFFD &lt;&amp;&gt; "\'');
    expect(xmlText('lone \uD800 high, pair \uD83D\uDE00 kept, lone \uDC00 low')).toBe(
      'lone \uFFFD high, pair \uD83D\uDE00 kept, lone \uFFFD low',
    );
    const hostile: JsonReportInput = {
      ...input,
      sources: [
        {
          name: 'a"b</testsuite><x>',
          type: 'aws',
          status: 'failed',
          credentials: 0,
          problems: [{ scope: ']]>\u0007', reason: 'a\r\nb & c' }],
        },
      ],
    };
    const xml = renderJunit(hostile);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('name="a&quot;b&lt;/testsuite&gt;&lt;x&gt; (aws)"');
    expect(xml).toContain(']]&gt;\uFFFD: a\r\nb &amp; c</error>');
  });

  it('the checker itself rejects what is not well-formed', () => {
    expect(xmlProblem('<a><b></a></b>')).toMatch(/does not close/);
    expect(xmlProblem('<a x="1 & 2"/>')).toMatch(/bare &/);
    expect(xmlProblem('<a>1 < 2</a>')).toMatch(/not a tag/);
    expect(xmlProblem('<a/><b/>')).toMatch(/more than one root/);
    expect(xmlProblem('<a>\u0001</a>')).toMatch(/does not allow/);
  });
});
