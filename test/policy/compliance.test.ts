/** A finding's compliance items: its rule's, narrowed to its provider's benchmark and raised by privilege. */
import { describe, expect, it } from 'vitest';
import { complianceLabel, complianceOf } from '../../src/policy/compliance.js';
import { findingCompliance, findingComplianceLabels } from '../../src/policy/finding-compliance.js';
import { RULES } from '../../src/policy/rules.js';

const labels = (refs: { framework: string; id: string }[]) =>
  refs.map((ref) => complianceLabel(ref as never));

describe('complianceOf', () => {
  it("without a credential lists every item of the rule, every provider's benchmark included", () => {
    expect(labels(complianceOf(RULES['over-age'].compliance))).toEqual([
      'owasp-nhi:NHI7',
      'nist-csf:PR.AA-01',
      'cis-aws:1.14',
      'cis-gcp:1.7',
    ]);
  });

  it("keeps a provider's benchmark only for that provider's credentials", () => {
    const overAge = RULES['over-age'].compliance;
    expect(labels(complianceOf(overAge, { provider: 'gcp', privileged: false }))).toEqual([
      'owasp-nhi:NHI7',
      'nist-csf:PR.AA-01',
      'cis-gcp:1.7',
    ]);
    expect(labels(complianceOf(overAge, { provider: 'azure', privileged: false }))).toEqual([
      'owasp-nhi:NHI7',
      'nist-csf:PR.AA-01',
    ]);
  });

  it('adds Overprivileged NHI and PR.AA-05 for a privileged credential, once each, in catalogue order', () => {
    expect(
      labels(complianceOf(RULES['leaver-owned'].compliance, { provider: 'aws', privileged: true })),
    ).toEqual([
      'owasp-nhi:NHI1',
      'owasp-nhi:NHI5',
      'nist-csf:GV.RR-04',
      'nist-csf:PR.AA-01',
      'nist-csf:PR.AA-05',
      'cis-controls:6.2',
    ]);
  });
  it("adds Human Use of NHI when a person signs in as the credential's principal", () => {
    expect(
      labels(
        complianceOf(RULES['over-age'].compliance, { provider: 'aws', privileged: false, humanUse: true }),
      ),
    ).toEqual(['owasp-nhi:NHI7', 'owasp-nhi:NHI10', 'nist-csf:PR.AA-01', 'cis-aws:1.14']);
  });
});

describe('findingCompliance', () => {
  it("reads privilege from the finding's evidence and the provider from its credential", () => {
    expect(
      labels(findingCompliance({ rule: 'stale', provider: 'aws', evidence: { privileged: true } })),
    ).toEqual([
      'owasp-nhi:NHI1',
      'owasp-nhi:NHI5',
      'nist-csf:PR.AA-01',
      'nist-csf:PR.AA-05',
      'cis-controls:5.3',
      'cis-aws:1.12',
    ]);
    // A credential no longer stored: no provider benchmark is claimed.
    expect(labels(findingCompliance({ rule: 'stale', provider: null, evidence: {} }))).toEqual([
      'owasp-nhi:NHI1',
      'nist-csf:PR.AA-01',
      'cis-controls:5.3',
    ]);
  });
});

describe('findingComplianceLabels', () => {
  it('gives the labels of findingCompliance, one frozen array per combination shared by every finding', () => {
    const stale = findingComplianceLabels({ rule: 'stale', provider: 'aws', evidence: { ageDays: 400 } });
    expect(stale).toEqual(['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.3', 'cis-aws:1.12']);
    expect(findingComplianceLabels({ rule: 'stale', provider: 'aws', evidence: {} })).toBe(stale);
    expect(Object.isFrozen(stale)).toBe(true);
    // Providers without a benchmark give the same items, so they share one array.
    const snowflake = findingComplianceLabels({ rule: 'stale', provider: 'snowflake', evidence: {} });
    expect(findingComplianceLabels({ rule: 'stale', provider: 'vault', evidence: {} })).toBe(snowflake);
    expect(snowflake).toEqual(['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.3']);
    expect(
      findingComplianceLabels({
        rule: 'stale',
        provider: 'aws',
        evidence: { privileged: true },
        humanUse: true,
      }),
    ).toEqual([
      'owasp-nhi:NHI1',
      'owasp-nhi:NHI5',
      'owasp-nhi:NHI10',
      'nist-csf:PR.AA-01',
      'nist-csf:PR.AA-05',
      'cis-controls:5.3',
      'cis-aws:1.12',
    ]);
  });
});
