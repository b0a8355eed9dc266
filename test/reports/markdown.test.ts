import { describe, expect, it } from 'vitest';
import type { JsonReportInput } from '../../reports/json/index.js';
import { mdCode, mdText } from '../../reports/markdown/escape.js';
import { capBytes, LIMITS, MAX_BYTES, renderMarkdown } from '../../reports/markdown/index.js';
import { person } from '../support/builders.js';
import { fid, incompleteInput, input, uidOf } from './ci-fixture.js';

const ONE_MIB = 1024 * 1024;

/** A large estate: every table far over its cap, every string long and full of markup. */
function largeInput(): JsonReportInput {
  const noise = ' <b>|*_[x](y)`'.repeat(40);
  const findings = Array.from({ length: 60_000 }, (_, index) => ({
    ...input.findings[0]!,
    uid: `nhi-${index.toString(16).padStart(24, '0')}`,
    credentialUid: uidOf(`K${index}`),
    title: `Finding ${index}${noise}`,
  }));
  return {
    ...input,
    people: Array.from({ length: 5_000 }, (_, index) =>
      person(`E${index}`, {
        name: `Leaver ${index}${noise}`,
        status: 'terminated',
        terminationDate: '2026-01-01',
      }),
    ),
    credentials: Array.from({ length: 5_000 }, (_, index) => ({
      ...input.credentials[0]!,
      credential: { ...input.credentials[0]!.credential, uid: uidOf(`K${index}`), externalId: `K${index}` },
      resolution: {
        ...input.credentials[0]!.resolution!,
        credentialUid: uidOf(`K${index}`),
        ownerEmployeeId: `E${index}`,
      },
    })),
    sources: Array.from({ length: 500 }, (_, index) => ({
      name: `source-${index}${noise}`,
      type: 'aws',
      status: 'partial' as const,
      credentials: 10,
      problems: Array.from({ length: 50 }, (_, problem) => ({
        scope: `account ${problem}${noise}`,
        reason: 'denied',
      })),
    })),
    run: { ...input.run, status: 'partial' },
    findings,
    expiredBaselineEntries: Array.from({ length: 1_000 }, (_, index) => ({
      finding: `nhi-${index}`,
      reason: `reason${noise}`,
      approvedBy: 'ann',
      expires: '2026-01-01',
    })),
  };
}

describe('Markdown summary', () => {
  it('summarises the small fixture: counts, warnings, rules, findings, leavers, sources', () => {
    const md = renderMarkdown(input);
    expect(md.startsWith('## nhiscan scan #3 as of 2026-11-26: complete\n')).toBe(true);
    expect(md).toContain(
      '> [!WARNING]\n> **2 baseline entries expired** and no longer suppress: renew or remove them.\n>\n',
    );
    expect(md).toContain(
      `> - \`${fid('stale', 'A')}\` expired 2026-11-01: break-glass key (approved by ann)\n`,
    );
    expect(md).toContain(
      '**3 open findings** (critical 1, high 1, medium 1) · 1 suppressed by the baseline · 1 resolved in this run',
    );
    expect(md).toContain(
      '4 live credentials · 2 people in HR (hr.csv) · 1 leaver still holding live credentials',
    );
    expect(md).toContain(
      [
        '| Rule | What | Open | Suppressed | Worst open |',
        '| --- | --- | --- | --- | --- |',
        '| `leaver-owned` | Live credential owned by a leaver | 1 | 0 | 🟥 critical |',
        '| `owner-unknown` | Credential has no owner | 1 | 0 | 🟧 high |',
        '| `stale` | Credential unused for too long | 1 | 0 | 🟨 medium |',
        '| `over-age` | Credential older than the maximum key age | 0 | 1 | — |',
      ].join('\n'),
    );
    expect(md).toContain(
      `| 🟨 medium | \`stale\` | \`${uidOf('A')}\` | Bob Leaver (E1) | Access key A of aws/111122223333 was last used 120 days ago ⚠️ baseline entry expired 2026-11-01 | owasp-nhi:NHI1, nist-csf:PR.AA-01, cis-controls:5.3 |`,
    );
    // Provider text cannot open a link, HTML or a new cell.
    expect(md).toContain(
      '| 🟧 high | `owner-unknown` | `aws:111122223333:access-key:B` | _none_ | Access key B \\<svc\\> \\& "ops" \\| \\*x\\* \\[y\\](z)\uFFFD of aws/111122223333 has no owner | owasp-nhi:NHI1, nist-csf:PR.AA-01, cis-controls:5.5 |',
    );
    expect(md).toContain('| E1 | Bob Leaver | 2026-10-01 | 1 |');
    expect(md).toContain('| prod | aws | complete | 4 |  |');
    expect(md).not.toContain('incomplete');
  });

  it('warns first when the scan is incomplete', () => {
    const md = renderMarkdown(incompleteInput);
    expect(md).toContain(
      '> [!WARNING]\n> **The scan is incomplete (partial, exit 3)**: staging is partial. Findings from what could not be read may be missing; this is not a clean result.\n',
    );
    expect(md).toContain('| staging | aws | **partial** | 0 | account 222233334444: AccessDenied |');
  });

  it('says which findings --since-last kept', () => {
    expect(renderMarkdown(input, { sinceLast: { previousCompleteRunId: 2 } })).toContain(
      '_Only findings new since complete scan #2 (first raised, or raised again, after it)._',
    );
    expect(renderMarkdown(input, { sinceLast: { previousCompleteRunId: null } })).toContain(
      'there was none before, so every finding is new',
    );
  });

  it('stays under 1 MiB for a large estate, every table capped with "and N more"', () => {
    const md = renderMarkdown(largeInput());
    expect(Buffer.byteLength(md)).toBeLessThan(ONE_MIB);
    expect(Buffer.byteLength(md)).toBeLessThan(MAX_BYTES);
    const rows = (heading: string) => {
      const section = md.split(`### ${heading}\n\n`)[1]!.split('\n\n')[0]!;
      return section.split('\n').length - 2;
    };
    expect(rows('Open findings, most severe first')).toBe(LIMITS.findings);
    expect(rows('Leavers still holding live credentials')).toBe(LIMITS.leavers);
    expect(rows('Sources')).toBe(LIMITS.sources);
    // Every finding is leaver-owned: five items, each with all 60,000 findings open.
    expect(md.split('### Compliance: framework items with findings\n\n')[1]!.split('\n\n')[0]).toBe(
      [
        '| Framework | Item | Open | Suppressed | Rules |',
        '| --- | --- | --- | --- | --- |',
        '| OWASP Non-Human Identities Top 10 (2025) | `NHI1` Improper Offboarding | 60000 | 0 | `leaver-owned` |',
        '| NIST Cybersecurity Framework 2.0 | `GV.RR-04` Cybersecurity is included in human resources practices | 60000 | 0 | `leaver-owned` |',
        '| NIST Cybersecurity Framework 2.0 | `PR.AA-01` Identities and credentials for authorized users, services, and hardware are managed by the organization | 60000 | 0 | `leaver-owned` |',
        '| NIST Cybersecurity Framework 2.0 | `PR.AA-05` Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties | 60000 | 0 | `leaver-owned` |',
        '| CIS Critical Security Controls v8.1 | `6.2` Establish an Access Revoking Process | 60000 | 0 | `leaver-owned` |',
      ].join('\n'),
    );
    expect(md).toContain(
      `_…and ${60_000 - LIMITS.findings} more open findings (the JSON report lists them all)._`,
    );
    expect(md).toContain(`_…and ${5_000 - LIMITS.leavers} more leavers (the JSON report lists them all)._`);
    expect(md).toContain(`_…and ${500 - LIMITS.sources} more sources (the JSON report lists them all)._`);
    expect(md).toContain(`> - …and ${1_000 - LIMITS.expiredEntries} more (see the JSON report)`);
    expect(md).toContain(`; …and ${50 - LIMITS.problemsPerSource} more |`);
    // Every table line has exactly the columns of its header: no cell was split by provider text.
    for (const line of md.split('\n').filter((text) => text.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 5, 6]).toContain(cells);
    }
  });

  it('cuts at a line boundary as a last guard, saying so', () => {
    const text = Array.from({ length: 1000 }, (_, index) => `line ${index} ${'é'.repeat(50)}`).join('\n');
    const cut = capBytes(text, 10_000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10_000);
    expect(cut).toMatch(
      /\nline \d+ é+\n_…the summary was cut here to stay under the 1 MiB step-summary limit\._\n$/,
    );
    expect(capBytes('short', 10_000)).toBe('short');
  });

  it('escapes text and code spans', () => {
    expect(mdText('a|b\n<i>*c*</i> & [d](e) `f` ~g~ _h_ \\')).toBe(
      'a\\|b \\<i\\>\\*c\\*\\</i\\> \\& \\[d\\](e) \\`f\\` \\~g\\~ \\_h\\_ \\\\',
    );
    expect(mdText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`a|b`')).toBe('`` `a\\|b` ``');
    expect(mdCode('a|b', 200, false)).toBe('`a|b`');
  });
});
