import { describe, expect, it } from 'vitest';
import type { JsonReportInput } from '../../reports/json/index.js';
import { buildSarif, renderSarif, SARIF_MAX_RESULTS, sarifArtifactUri } from '../../reports/sarif/index.js';
import { SARIF_RULES } from '../../reports/sarif/rules.js';
import { RULE_IDS } from '../../src/core/model.js';
import { validateSarif } from '../support/sarif-schema.js';
import { fid, incompleteInput, input, uidOf } from './ci-fixture.js';

describe('SARIF report', () => {
  const sarif = buildSarif(input);
  const run = sarif.runs[0]!;

  it('validates against the official SARIF 2.1.0 schema, as do the incomplete and empty cases', () => {
    expect(validateSarif(JSON.parse(renderSarif(input)))).toEqual([]);
    expect(validateSarif(buildSarif(incompleteInput))).toEqual([]);
    expect(validateSarif(buildSarif({ ...input, findings: [], expiredBaselineEntries: [] }))).toEqual([]);
    // The validator is not a rubber stamp.
    expect(validateSarif({ ...sarif, version: '2.0.0' })).not.toEqual([]);
  });

  it('has the properties GitHub code scanning requires, within its limits', () => {
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('nhiscan');
    expect(run.tool.driver.semanticVersion).toBe('0.1.0');
    for (const rule of run.tool.driver.rules) {
      expect(rule.name.length).toBeLessThanOrEqual(255);
      for (const text of [rule.shortDescription.text, rule.fullDescription.text]) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(1024);
      }
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
    }
    for (const result of run.results) {
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(result.locations).toHaveLength(1);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
    }
  });

  it('describes each rule id once, in rule-table order, with a numeric security-severity', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([...RULE_IDS]);
    expect(
      Object.fromEntries(
        rules.map((rule) => [
          rule.id,
          [rule.properties['security-severity'], rule.defaultConfiguration.level],
        ]),
      ),
    ).toEqual({
      'leaver-owned': ['9.5', 'error'],
      'contractor-expired': ['8.0', 'error'],
      'leaver-access-remains': ['9.5', 'error'],
      'leaver-shared-secret': ['8.0', 'error'],
      'owner-not-in-hr': ['8.0', 'error'],
      'owner-unknown': ['8.0', 'error'],
      'mover-recertify': ['5.5', 'warning'],
      stale: ['5.5', 'warning'],
      'over-age': ['3.0', 'warning'],
      'expired-not-removed': ['3.0', 'warning'],
      'pending-leaver': ['0.0', 'note'],
      'propagation-gap': ['9.5', 'error'],
    });
    for (const rule of rules)
      expect(Number.isFinite(Number(rule.properties['security-severity']))).toBe(true);
    expect(rules[0]).toMatchObject({
      name: 'LeaverOwned',
      shortDescription: { text: 'Live credential owned by a leaver' },
      properties: {
        tags: [
          'security',
          'non-human-identity',
          'joiner-mover-leaver',
          'owasp-nhi:NHI1',
          'nist-csf:GV.RR-04',
          'nist-csf:PR.AA-01',
          'nist-csf:PR.AA-05',
          'cis-controls:6.2',
        ],
        precision: 'high',
      },
    });
    expect(rules[0]!.help.text).toContain('What to do: Disable the credential now');
  });

  it('has one result per open finding: level, message, fingerprints from the uid, locations', () => {
    expect(run.results.map((result) => [result.ruleId, result.ruleIndex, result.level])).toEqual([
      ['leaver-owned', 0, 'error'],
      ['owner-unknown', 5, 'error'],
      ['stale', 7, 'warning'],
    ]);
    const [leaver] = run.results;
    expect(leaver).toMatchObject({
      message: {
        text: 'Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01).',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'nhiscan.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 1, startColumn: 1, endLine: 1 },
          },
          logicalLocations: [{ name: 'A', fullyQualifiedName: uidOf('A'), kind: 'resource' }],
        },
      ],
      partialFingerprints: {
        primaryLocationLineHash: `${fid('leaver-owned', 'A').slice(4, 20)}:1`,
        'nhiscanFindingUid/v1': fid('leaver-owned', 'A'),
      },
      properties: { findingUid: fid('leaver-owned', 'A'), severity: 'critical', ownerEmployeeId: 'E1' },
    });
    // Every result of the run has its own identity although all point at line 1 of one file.
    const hashes = run.results.map((result) => result.partialFingerprints.primaryLocationLineHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    // Stable: the same finding gives the same fingerprint in a later run.
    const later = buildSarif({ ...input, run: { ...input.run, id: 9 }, generatedAt: new Date('2027-01-01') });
    expect(later.runs[0]!.results.map((result) => result.partialFingerprints)).toEqual(
      run.results.map((result) => result.partialFingerprints),
    );
  });

  it('leaves suppressed and resolved findings out (GitHub ignores SARIF suppressions) and counts them', () => {
    const uids = run.results.map((result) => result.properties.findingUid);
    expect(uids).not.toContain(fid('over-age', 'C'));
    expect(uids).not.toContain(fid('over-age', 'D'));
    expect(run.properties).toMatchObject({
      openFindings: 3,
      suppressedFindings: 1,
      resultsLeftOut: 0,
      resultsLeftOutByRule: {},
    });
  });

  it('names an expired baseline entry in the finding it no longer suppresses, and warns about each', () => {
    const stale = run.results.find((result) => result.ruleId === 'stale')!;
    expect(stale.message.text).toBe(
      `Access key A of aws/111122223333 was last used 120 days ago. Its baseline entry for ${fid('stale', 'A')} expired on 2026-11-01 (break-glass key; approved by ann) and no longer suppresses.`,
    );
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: `The baseline entry for ${uidOf('Z')} expired on 2026-10-01 (legacy; approved by bo) and no longer suppresses: renew or remove it.`,
        },
        descriptor: { id: 'baseline-entry-expired' },
      },
      {
        level: 'warning',
        message: {
          text: `The baseline entry for ${fid('stale', 'A')} expired on 2026-11-01 (break-glass key; approved by ann) and no longer suppresses: renew or remove it.`,
        },
        descriptor: { id: 'baseline-entry-expired' },
      },
    ]);
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('marks an incomplete scan as not successful, naming what could not be read', () => {
    const invocation = buildSarif(incompleteInput).runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toEqual({
      level: 'error',
      message: {
        text: 'Source staging (aws) is partial: account 222233334444: AccessDenied. The scan is incomplete; findings there may be missing.',
      },
      descriptor: { id: 'scan-incomplete' },
    });
  });

  it('points at the configured repository file, as a relative URI', () => {
    const at = (path: string) =>
      buildSarif(input, { sarifLocation: path }).runs[0]!.results[0]!.locations[0]!.physicalLocation
        .artifactLocation.uri;
    expect(at('.nhiscan-baseline.yaml')).toBe('.nhiscan-baseline.yaml');
    expect(at('./ci/nhiscan config.yaml')).toBe('ci/nhiscan%20config.yaml');
    expect(at('ci\\nhiscan.yaml')).toBe('ci/nhiscan.yaml');
    expect(validateSarif(buildSarif(input, { sarifLocation: './ci/nhiscan config.yaml' }))).toEqual([]);
    for (const bad of [
      '',
      '/etc/nhiscan.yaml',
      'C:\\nhiscan.yaml',
      'file:///x.yaml',
      '../nhiscan.yaml',
      'a/../../b',
    ]) {
      expect(sarifArtifactUri(bad)).toHaveProperty('error');
    }
  });

  it(`keeps the ${SARIF_MAX_RESULTS} most severe results (all GitHub keeps) and counts the rest per rule`, () => {
    const many = (count: number, finding: (typeof input.findings)[number], prefix: string) =>
      Array.from({ length: count }, (_, index) => ({
        ...finding,
        status: 'open' as const,
        suppression: null,
        uid: `nhi-${prefix}${index.toString(16).padStart(23, '0')}`,
        credentialUid: uidOf(`${prefix}${index}`),
      }));
    const big: JsonReportInput = {
      ...input,
      // Report order: critical, high, 4,999 medium (stale), then 3 low (over-age).
      findings: [
        ...many(SARIF_MAX_RESULTS - 1, input.findings[2]!, 's'),
        ...many(3, input.findings[3]!, 'o'),
        input.findings[1]!,
        input.findings[0]!,
      ],
      expiredBaselineEntries: [],
    };
    const bigSarif = buildSarif(big);
    const bigRun = bigSarif.runs[0]!;
    expect(SARIF_MAX_RESULTS).toBe(5_000);
    expect(bigRun.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(bigRun.results.slice(0, 3).map((result) => result.ruleId)).toEqual([
      'leaver-owned',
      'owner-unknown',
      'stale',
    ]);
    expect(bigRun.results.at(-1)!.ruleId).toBe('stale');
    expect(bigRun.properties).toMatchObject({
      openFindings: SARIF_MAX_RESULTS + 4,
      resultsLeftOut: 4,
      resultsLeftOutByRule: { stale: 1, 'over-age': 3 },
    });
    expect(Object.keys(bigRun.properties.resultsLeftOutByRule)).toEqual(['stale', 'over-age']);
    expect(bigRun.invocations[0]!.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: '4 open finding(s) are not in this file (stale 1, over-age 3): GitHub code scanning keeps only the first 5000 results of a run, so the file has the 5000 most severe. The JSON report (--format json) lists every finding.',
        },
        descriptor: { id: 'results-left-out' },
      },
    ]);
    expect(validateSarif(bigSarif)).toEqual([]);
  });

  it('names every rule by something other than its id in another case (SARIF1001)', () => {
    const names = SARIF_RULES.map((rule) => [rule.id, rule.name]);
    for (const [id, name] of names) expect(name!.toLowerCase()).not.toBe(id!.toLowerCase());
    expect(Object.fromEntries(names)).toMatchObject({
      stale: 'StaleCredential',
      'leaver-owned': 'LeaverOwned',
    });
    expect(new Set(names.map(([, name]) => name)).size).toBe(names.length);
  });
});
