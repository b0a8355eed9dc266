import { describe, expect, it } from 'vitest';
import type { JsonReportInput } from '../../reports/json/index.js';
import { LIMITS, renderMarkdown } from '../../reports/markdown/index.js';
import { input, uidOf } from './ci-fixture.js';

/** The fixture with its stale finding on an AWS key and its leaver-owned one on a privileged key. */
const withCredentials: JsonReportInput = {
  ...input,
  findings: input.findings.map((finding) => {
    if (finding.rule === 'stale') return { ...finding, provider: 'aws' };
    if (finding.rule === 'leaver-owned') {
      return { ...finding, provider: 'aws', evidence: { ...finding.evidence, privileged: true } };
    }
    return finding;
  }),
};

const HEADING = '### Compliance: framework items with findings';

/** The text of one `### …` section, up to the next heading or the footer. */
function section(md: string, heading: string): string | undefined {
  const start = md.indexOf(`${heading}\n`);
  if (start < 0) return undefined;
  const end = md.slice(start + heading.length).search(/\n(### |<sub>)/);
  return md.slice(start, start + heading.length + end);
}

const COMPLIANCE_ROWS = [
  '| Framework | Item | Open | Suppressed | Rules |',
  '| --- | --- | --- | --- | --- |',
  '| OWASP Non-Human Identities Top 10 (2025) | `NHI1` Improper Offboarding | 3 | 0 | `leaver-owned`, `owner-unknown`, `stale` |',
  '| OWASP Non-Human Identities Top 10 (2025) | `NHI5` Overprivileged NHI | 1 | 0 | `leaver-owned` |',
  '| OWASP Non-Human Identities Top 10 (2025) | `NHI7` Long-Lived Secrets | 0 | 1 | `over-age` |',
  '| NIST Cybersecurity Framework 2.0 | `GV.RR-04` Cybersecurity is included in human resources practices | 1 | 0 | `leaver-owned` |',
  '| NIST Cybersecurity Framework 2.0 | `PR.AA-01` Identities and credentials for authorized users, services, and hardware are managed by the organization | 3 | 1 | `leaver-owned`, `owner-unknown`, `stale`, `over-age` |',
  '| NIST Cybersecurity Framework 2.0 | `PR.AA-05` Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties | 1 | 0 | `leaver-owned` |',
  '| CIS Critical Security Controls v8.1 | `5.3` Disable Dormant Accounts | 1 | 0 | `stale` |',
  '| CIS Critical Security Controls v8.1 | `5.5` Establish and Maintain an Inventory of Service Accounts | 1 | 0 | `owner-unknown` |',
  '| CIS Critical Security Controls v8.1 | `6.2` Establish an Access Revoking Process | 1 | 0 | `leaver-owned` |',
  '| CIS Amazon Web Services Foundations Benchmark v3.0.0 | `1.12` Ensure credentials unused for 45 days or greater are disabled | 1 | 0 | `stale` |',
];

describe('Markdown summary: compliance', () => {
  const md = renderMarkdown(withCredentials);

  it('counts current findings per framework item, with their rules, in framework and item order', () => {
    // The suppressed over-age finding counts (no provider given: no CIS AWS item), the resolved
    // one does not; the privileged key adds NHI5 and PR.AA-05, the AWS stale key CIS AWS 1.12.
    expect(section(md, HEADING)).toBe([HEADING, '', ...COMPLIANCE_ROWS, ''].join('\n'));
  });

  it("lists each open finding's items in the findings table", () => {
    expect(section(md, '### Open findings, most severe first')).toBe(
      [
        '### Open findings, most severe first',
        '',
        '| Severity | Rule | Credential | Owner | Finding | Compliance |',
        '| --- | --- | --- | --- | --- | --- |',
        `| 🟥 critical | \`leaver-owned\` | \`${uidOf('A')}\` | Bob Leaver (E1) | Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01) | owasp-nhi:NHI1, owasp-nhi:NHI5, nist-csf:GV.RR-04, nist-csf:PR.AA-01, nist-csf:PR.AA-05, cis-controls:6.2 |`,
        `| 🟧 high | \`owner-unknown\` | \`${uidOf('B')}\` | _none_ | Access key B \\<svc\\> \\& "ops" \\| \\*x\\* \\[y\\](z)\uFFFD of aws/111122223333 has no owner | owasp-nhi:NHI1, nist-csf:PR.AA-01, cis-controls:5.5 |`,
        `| 🟨 medium | \`stale\` | \`${uidOf('A')}\` | Bob Leaver (E1) | Access key A of aws/111122223333 was last used 120 days ago ⚠️ baseline entry expired 2026-11-01 | owasp-nhi:NHI1, nist-csf:PR.AA-01, cis-controls:5.3, cis-aws:1.12 |`,
        '',
      ].join('\n'),
    );
  });

  it('comes right after the findings by rule', () => {
    const headings = md.split('\n').filter((line) => line.startsWith('### '));
    expect(headings).toEqual([
      '### Findings by rule',
      HEADING,
      '### Open findings, most severe first',
      '### Leavers still holding live credentials',
      '### Sources',
    ]);
  });

  it('is capped like the other tables, saying how many items are not shown', () => {
    const limit = LIMITS.complianceItems;
    LIMITS.complianceItems = 2;
    try {
      expect(section(renderMarkdown(withCredentials), HEADING)).toBe(
        [
          HEADING,
          '',
          ...COMPLIANCE_ROWS.slice(0, 4),
          '',
          "_…and 8 more framework items (the JSON report has every finding's items)._",
          '',
        ].join('\n'),
      );
    } finally {
      LIMITS.complianceItems = limit;
    }
  });

  it('is left out when no current finding maps to anything', () => {
    const resolvedOnly = { ...input, findings: input.findings.filter((f) => f.status === 'resolved') };
    expect(section(renderMarkdown(resolvedOnly), HEADING)).toBeUndefined();
  });
});
