import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonReportInput } from '../../reports/json/index.js';
import { informationUri } from '../../reports/sarif/driver.js';
import { buildSarif } from '../../reports/sarif/index.js';
import { SARIF_RULES } from '../../reports/sarif/rules.js';
import { validateSarif } from '../support/sarif-schema.js';
import { input } from './ci-fixture.js';

const OWASP = 'https://owasp.org/www-project-non-human-identities-top-10/2025';
const PR_AA_01 = {
  framework: 'nist-csf',
  id: 'PR.AA-01',
  name: 'Identities and credentials for authorized users, services, and hardware are managed by the organization',
};

/** The fixture's stale finding on its AWS key, and its leaver-owned finding on a privileged key. */
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

describe('SARIF compliance mapping', () => {
  const run = buildSarif(withCredentials).runs[0]!;
  const rules = run.tool.driver.rules;

  it('links each rule to the page of its first OWASP NHI Top 10 (2025) item', () => {
    expect(Object.fromEntries(rules.map((rule) => [rule.id, rule.helpUri]))).toEqual({
      'leaver-owned': `${OWASP}/1-improper-offboarding/`,
      'contractor-expired': `${OWASP}/1-improper-offboarding/`,
      'leaver-access-remains': `${OWASP}/1-improper-offboarding/`,
      'leaver-shared-secret': `${OWASP}/1-improper-offboarding/`,
      'owner-not-in-hr': `${OWASP}/1-improper-offboarding/`,
      'owner-unknown': `${OWASP}/1-improper-offboarding/`,
      'mover-recertify': `${OWASP}/1-improper-offboarding/`,
      stale: `${OWASP}/1-improper-offboarding/`,
      'over-age': `${OWASP}/7-long-lived-secrets/`,
      'expired-not-removed': `${OWASP}/7-long-lived-secrets/`,
      'pending-leaver': `${OWASP}/1-improper-offboarding/`,
      'propagation-gap': `${OWASP}/1-improper-offboarding/`,
    });
  });

  it('tags each rule with every item it maps to, at most 10 tags (GitHub shows no more)', () => {
    const base = ['security', 'non-human-identity'];
    expect(Object.fromEntries(rules.map((rule) => [rule.id, rule.properties.tags]))).toEqual({
      'leaver-owned': [
        ...base,
        'joiner-mover-leaver',
        'owasp-nhi:NHI1',
        'nist-csf:GV.RR-04',
        'nist-csf:PR.AA-01',
        'nist-csf:PR.AA-05',
        'cis-controls:6.2',
      ],
      'contractor-expired': [
        ...base,
        'joiner-mover-leaver',
        'owasp-nhi:NHI1',
        'nist-csf:GV.RR-04',
        'nist-csf:GV.SC-10',
        'nist-csf:PR.AA-01',
        'cis-controls:6.2',
      ],
      'leaver-access-remains': [
        ...base,
        'joiner-mover-leaver',
        'propagation-gap',
        'owasp-nhi:NHI1',
        'nist-csf:GV.RR-04',
        'nist-csf:PR.AA-01',
        'nist-csf:PR.AA-05',
        'cis-controls:6.2',
      ],
      'leaver-shared-secret': [
        ...base,
        'joiner-mover-leaver',
        'credential-hygiene',
        'owasp-nhi:NHI1',
        'owasp-nhi:NHI7',
        'nist-csf:GV.RR-04',
        'nist-csf:PR.AA-01',
        'cis-controls:6.2',
      ],
      'owner-not-in-hr': [...base, 'ownership', 'owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.5'],
      'owner-unknown': [...base, 'ownership', 'owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.5'],
      'mover-recertify': [
        ...base,
        'joiner-mover-leaver',
        'owasp-nhi:NHI1',
        'nist-csf:GV.RR-04',
        'nist-csf:PR.AA-05',
        'cis-controls:6.2',
      ],
      stale: [
        ...base,
        'credential-hygiene',
        'owasp-nhi:NHI1',
        'nist-csf:PR.AA-01',
        'cis-controls:5.3',
        'cis-aws:1.12',
      ],
      'over-age': [
        ...base,
        'credential-hygiene',
        'owasp-nhi:NHI7',
        'nist-csf:PR.AA-01',
        'cis-aws:1.14',
        'cis-gcp:1.7',
      ],
      'expired-not-removed': [...base, 'credential-hygiene', 'owasp-nhi:NHI7', 'nist-csf:PR.AA-01'],
      'pending-leaver': [
        ...base,
        'joiner-mover-leaver',
        'owasp-nhi:NHI1',
        'nist-csf:GV.RR-04',
        'cis-controls:6.2',
      ],
      'propagation-gap': [...base, 'revocation', 'owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:6.2'],
    });
    for (const rule of rules) expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
  });

  it("lists a rule's items (every provider's benchmark, no privileged extras) and explains them in its help", () => {
    const overAge = SARIF_RULES.find((rule) => rule.id === 'over-age')!;
    expect(overAge.properties.compliance).toEqual([
      { framework: 'owasp-nhi', id: 'NHI7', name: 'Long-Lived Secrets' },
      PR_AA_01,
      { framework: 'cis-aws', id: '1.14', name: 'Ensure access keys are rotated every 90 days or less' },
      {
        framework: 'cis-gcp',
        id: '1.7',
        name: 'Ensure user-managed/external keys for service accounts are rotated every 90 days or less',
      },
    ]);
    expect(overAge.help).toEqual({
      text: [
        'The credential is active and older than maxKeyAgeDays.',
        '',
        'What to do: Rotate the credential: create a new one, move its users over, delete the old one.',
        '',
        'Severity low; one level higher for a privileged credential. Rule reference: docs/rules.md (over-age).',
        '',
        `Compliance: owasp-nhi:NHI7 (Long-Lived Secrets); nist-csf:PR.AA-01 (${PR_AA_01.name}); cis-aws:1.14 (Ensure access keys are rotated every 90 days or less); cis-gcp:1.7 (Ensure user-managed/external keys for service accounts are rotated every 90 days or less).`,
      ].join('\n'),
      markdown: [
        'The credential is active and older than maxKeyAgeDays.',
        '',
        '**What to do:** Rotate the credential: create a new one, move its users over, delete the old one.',
        '',
        'Severity low; one level higher for a privileged credential. Rule reference: `docs/rules.md` (`over-age`).',
        '',
        `**Compliance:** [\`owasp-nhi:NHI7\`](${OWASP}/7-long-lived-secrets/) Long-Lived Secrets; [\`nist-csf:PR.AA-01\`](https://doi.org/10.6028/NIST.CSWP.29) ${PR_AA_01.name}; [\`cis-aws:1.14\`](https://www.cisecurity.org/benchmark/amazon_web_services) Ensure access keys are rotated every 90 days or less; [\`cis-gcp:1.7\`](https://www.cisecurity.org/benchmark/google_cloud_computing_platform) Ensure user-managed/external keys for service accounts are rotated every 90 days or less.`,
      ].join('\n'),
    });
  });

  it("gives each result its finding's items as labels: its provider's benchmark only, NHI5 and PR.AA-05 when privileged", () => {
    expect(
      Object.fromEntries(run.results.map((result) => [result.ruleId, result.properties.compliance])),
    ).toEqual({
      'leaver-owned': [
        'owasp-nhi:NHI1',
        'owasp-nhi:NHI5',
        'nist-csf:GV.RR-04',
        'nist-csf:PR.AA-01',
        'nist-csf:PR.AA-05',
        'cis-controls:6.2',
      ],
      'owner-unknown': ['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.5'],
      stale: ['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.3', 'cis-aws:1.12'],
    });
    expect(validateSarif(buildSarif(withCredentials))).toEqual([]);
  });

  it('has an informationUri only from an http(s) homepage in package.json, which has none today', () => {
    expect(informationUri('https://github.com/acme/nhiscan#readme')).toBe(
      'https://github.com/acme/nhiscan#readme',
    );
    expect(informationUri('http://nhiscan.example/')).toBe('http://nhiscan.example/');
    for (const bad of [
      undefined,
      null,
      42,
      '',
      'nhiscan.example',
      'ftp://nhiscan.example/',
      'javascript:x',
    ]) {
      expect(informationUri(bad)).toBeUndefined();
    }
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.homepage).toBeUndefined();
    expect(run.tool.driver).toEqual({ name: 'nhiscan', semanticVersion: '0.1.0', rules: SARIF_RULES });
  });
});
