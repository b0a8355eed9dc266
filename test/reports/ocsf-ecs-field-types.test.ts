/**
 * One type per field in both event formats, on findings the policy itself wrote (ecs-rich-fixture):
 * every key of the free-form facts (OCSF `unmapped` and Detection `evidences[].data`, ECS
 * `nhiscan.*`) is snake_case, an evidence's `signals` is always a list, the compliance items are
 * where each format carries them, and every OCSF event stays valid OCSF 1.8.0.
 */
import { describe, expect, it } from 'vitest';
import { ecsEvents } from '../../reports/ecs/index.js';
import { eventEvidence, snakeCase, snakeKeys } from '../../reports/events.js';
import { buildJsonReport } from '../../reports/json/index.js';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import { complianceRefOf } from '../../src/policy/compliance.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { RICH } from './ecs-rich-fixture.js';

type Fields = Record<string, unknown>;
const options = { includeInventory: true, actions: RICH.actions };
const report = buildJsonReport(RICH.input);
const ecs = ecsEvents(RICH.input, options).map((item) => item.event);
const iam = ocsfEvents(RICH.input, options).map((item) => item.event);
const detection = ocsfEvents(RICH.input, { ocsfClass: 'detection' }).map((item) => item.event);

const isObject = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every object key at every depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

const alerts = ecs.filter((document) => (document.event as Fields).kind === 'alert');
const nhiscan = (document: Fields) => document.nhiscan as Fields & { finding: Fields };
const ecsEvidence = (suffix: string, rule: string) =>
  nhiscan(
    alerts.find(
      (document) =>
        (document.rule as Fields).id === rule &&
        String((nhiscan(document).credential as Fields).uid).endsWith(suffix),
    )!,
  ).finding.evidence;

describe('stable field types in the OCSF and ECS events', () => {
  it('keeps every OCSF event valid OCSF 1.8.0, in both finding classes', () => {
    const validator = new OcsfValidator();
    expect(iam.flatMap((event) => validator.errors(event))).toEqual([]);
    expect(detection.flatMap((event) => validator.errors(event))).toEqual([]);
    expect(new Set(iam.map((event) => event.class_uid))).toEqual(new Set([2008, 5003, 3001]));
  });

  it('writes every key of nhiscan.* and of OCSF unmapped and evidence data in snake_case', () => {
    const snake = /^[a-z0-9]+(_[a-z0-9]+)*$/;
    const ecsKeys = ecs.flatMap((document) => keysOf(document.nhiscan));
    const ocsfKeys = [...iam, ...detection].flatMap((event) => [
      ...keysOf(event.unmapped),
      ...keysOf((event.evidences as { data: unknown }[] | undefined)?.map((evidence) => evidence.data)),
    ]);
    expect([...ecsKeys, ...ocsfKeys].filter((key) => !snake.test(key))).toEqual([]);
    expect(ecsKeys).toEqual(expect.arrayContaining(['new_key_grace_days', 'console_password', 'app_slug']));
    // The JSON report keeps its own schema.
    expect(keysOf(report.findings.map((finding) => finding.evidence))).toContain('newKeyGraceDays');
  });

  it('makes every evidence `signals` a list of objects; owner-unknown’s count is signal_count', () => {
    const evidences = [
      ...alerts.map((document) => nhiscan(document).finding.evidence as Fields),
      ...iam.filter((event) => event.class_uid === 2008).map((event) => (event.unmapped as Fields).evidence),
      ...detection.map((event) => (event.evidences as { data: Fields }[])[0]!.data.evidence),
    ] as Fields[];
    const signals = evidences.filter((evidence) => 'signals' in evidence).map((evidence) => evidence.signals);
    expect(signals.length).toBeGreaterThan(20);
    expect(signals.filter((list) => !Array.isArray(list) || !list.every(isObject))).toEqual([]);
    expect(ecsEvidence('NOBODY', 'owner-unknown')).toEqual({
      signal_count: 0,
      signals: [],
      created_at: '2026-10-01',
      age_days: 56,
      new_key_grace_days: 7,
    });
    expect(ecsEvidence('GUESS', 'owner-unknown')).toEqual({
      signal_count: 1,
      signals: [],
      note: 'only name-match guesses, none of which matched a person',
      guesses: [{ kind: 'name-match', value: 'Nobody Known', source: 'test name-match' }],
      created_at: '2026-10-01',
      age_days: 56,
      new_key_grace_days: 7,
    });
    expect(ecsEvidence('USER-E1', 'leaver-access-remains')).toMatchObject({
      signals: [{ kind: 'login', value: 'e1@acme.example', source: 'test login' }],
      access: { console_password: 'yes', active_access_keys: '1', password_last_used: '2026-09-30' },
    });
    // Each format carries the same evidence.
    expect(
      iam.filter((event) => event.class_uid === 2008).map((event) => (event.unmapped as Fields).evidence),
    ).toEqual(alerts.map((document) => nhiscan(document).finding.evidence));
  });

  it('carries each finding’s compliance items: ECS tags and nhiscan.compliance, OCSF unmapped and labels', () => {
    const labels = report.findings.map((finding) => finding.compliance);
    expect(alerts.map((document) => document.tags)).toEqual(labels);
    expect(alerts.map((document) => nhiscan(document).compliance)).toEqual(
      report.findings.map((finding) => finding.compliance.map(complianceRefOf)),
    );
    const findings = iam.filter((event) => event.class_uid === 2008);
    expect(findings.map((event) => (event.metadata as Fields).labels)).toEqual(labels);
    expect(findings.map((event) => (event.unmapped as Fields).compliance)).toEqual(
      report.findings.map((finding) => finding.compliance.map(complianceRefOf)),
    );
    expect(
      ecs.filter((document) => (document.event as Fields).kind !== 'alert' && 'tags' in document),
    ).toEqual([]);
    const overAge = alerts.find(
      (document) =>
        nhiscan(document).finding.uid ===
        report.findings.find(
          (finding) => finding.rule === 'over-age' && finding.credentialUid.endsWith('OLD'),
        )!.uid,
    )!;
    expect(overAge.tags).toEqual(['owasp-nhi:NHI7', 'nist-csf:PR.AA-01', 'cis-aws:1.14']);
    // rule.reference: the page of the rule's first OWASP NHI item.
    expect((overAge.rule as Fields).reference).toBe(
      'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/',
    );
    expect(nhiscan(overAge).compliance).toEqual([
      { framework: 'owasp-nhi', id: 'NHI7', name: 'Long-Lived Secrets' },
      {
        framework: 'nist-csf',
        id: 'PR.AA-01',
        name: 'Identities and credentials for authorized users, services, and hardware are managed by the organization',
      },
      { framework: 'cis-aws', id: '1.14', name: 'Ensure access keys are rotated every 90 days or less' },
    ]);
  });

  it('gives OCSF confidence_score as a whole number 0–100: the owner’s confidence (0..1) × 100', () => {
    const scored = iam.filter((event) => 'confidence_score' in event);
    expect(scored.length).toBeGreaterThan(5);
    for (const event of scored) {
      const confidence = ((event.unmapped as Fields).owner as { confidence: number }).confidence;
      expect(event.confidence_score).toBe(Math.round(confidence * 100));
      expect(Number.isInteger(event.confidence_score)).toBe(true);
    }
    expect(new Set(scored.map((event) => event.confidence_score))).toEqual(new Set([95, 70, 90]));
  });
});

describe('the key conversion at the format boundary (reports/events.ts)', () => {
  it('converts camelCase, runs of capitals and digits, and leaves snake_case alone', () => {
    expect(
      ['daysSinceTermination', 'apiCall', 'keyURL', 'URLPath', 'e1Id', 'app_slug', 'asOf'].map(snakeCase),
    ).toEqual(['days_since_termination', 'api_call', 'key_url', 'url_path', 'e1_id', 'app_slug', 'as_of']);
  });

  it('converts at every depth and keeps a colliding key’s own spelling, dropping nothing', () => {
    expect(
      snakeKeys({ outerKey: [{ innerKey: { deepKey: 1 } }, 2], keyURL: 1, key_url: 2, keyUrl: 3 }),
    ).toEqual({
      outer_key: [{ inner_key: { deep_key: 1 } }, 2],
      keyURL: 1,
      key_url: 2,
      keyUrl: 3,
    });
    const converted = snakeKeys(JSON.parse('{"__proto__":{"isAdmin":true}}')) as Fields;
    expect(Object.keys(converted)).toEqual(['__proto__']);
    expect(JSON.stringify(converted)).toBe('{"__proto__":{"is_admin":true}}');
  });

  it('puts a count of signals under signal_count, in its place, and leaves the report’s evidence as it was', () => {
    const evidence = { signals: 2, createdAt: null };
    expect(JSON.stringify(eventEvidence(evidence))).toBe('{"signal_count":2,"signals":[],"created_at":null}');
    expect(evidence).toEqual({ signals: 2, createdAt: null });
  });
});
