/**
 * The rule table (src/policy/rules.ts): a complete row for every rule id, and the one place every
 * module and report format reads a rule's severity, name, wording, tags, recertifiability and
 * queue default from.
 */

import { describe, expect, it } from 'vitest';
import { renderEcs } from '../../reports/ecs/index.js';
import type { JsonReportInput } from '../../reports/json/index.js';
import { renderJunit } from '../../reports/junit/index.js';
import { mdText } from '../../reports/markdown/escape.js';
import { renderMarkdown } from '../../reports/markdown/index.js';
import { renderOcsf } from '../../reports/ocsf/index.js';
import { SARIF_RULES } from '../../reports/sarif/rules.js';
import { PROPOSAL_RULES, revocationSchema } from '../../src/config/schema.js';
import { RULE_IDS, type RuleId, SEVERITIES } from '../../src/core/model.js';
import { complianceLabel, complianceOf } from '../../src/policy/compliance.js';
import { propagationGapFinding, RECERTIFIABLE_ORDER, RULES } from '../../src/policy/index.js';
import { HR_ANSWERED_RULES, isRecertifiable } from '../../src/policy/recertification.js';
import { checkRecertification } from '../../src/policy/recertify-credential.js';
import { modeFor } from '../../src/queue/settings.js';
import { fid, input, uidOf } from '../reports/ci-fixture.js';

const rulesWhere = (test: (rule: RuleId) => boolean) => RULE_IDS.filter(test);

describe('the rule table', () => {
  it('has one row per rule id, in RULE_IDS order', () => {
    expect(Object.keys(RULES)).toEqual([...RULE_IDS]);
  });

  it.each(RULE_IDS)('has a complete row for %s', (rule) => {
    const row = RULES[rule];
    expect(Object.keys(row).sort()).toEqual(
      [
        'compliance',
        'description',
        'label',
        'queues',
        'recertify',
        'remediation',
        'sarifTags',
        'severity',
      ].sort(),
    );
    expect(SEVERITIES).toContain(row.severity);
    // A few words, no sentence: it is a heading.
    expect(row.label).toMatch(/^[A-Z][^\n.]{5,80}$/);
    // One line each, a sentence each.
    for (const text of [row.description, row.remediation]) {
      expect(text).toMatch(/^[A-Z][^\n]+\.$/);
      expect(text.length).toBeLessThanOrEqual(200);
    }
    expect(row.sarifTags.length).toBeGreaterThan(0);
    for (const tag of row.sarifTags) expect(tag).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['yes', 'no', 'hr']).toContain(row.recertify);
    expect([false, 'auto', 'approve', 'report']).toContain(row.queues);
  });

  it('gives each rule its own label and wording', () => {
    for (const field of ['label', 'description', 'remediation'] as const) {
      expect(new Set(RULE_IDS.map((rule) => RULES[rule][field])).size).toBe(RULE_IDS.length);
    }
  });

  it('queues exactly the rules revocation.rules accepts', () => {
    expect(rulesWhere((rule) => RULES[rule].queues !== false).sort()).toEqual([...PROPOSAL_RULES].sort());
  });

  it('lists the recertifiable rules once each, in the order nhiscan recertify prints them', () => {
    expect(RECERTIFIABLE_ORDER).toEqual(['stale', 'over-age', 'mover-recertify', 'owner-unknown']);
    expect(new Set(RECERTIFIABLE_ORDER).size).toBe(RECERTIFIABLE_ORDER.length);
    expect([...RECERTIFIABLE_ORDER].sort()).toEqual(
      rulesWhere((rule) => RULES[rule].recertify === 'yes').sort(),
    );
  });
});

describe('every module reads the table', () => {
  it('policy: a finding gets its row severity (propagation-gap, built without a credential)', () => {
    expect(propagationGapFinding('aws:1:access-key:X', {}).severity).toBe(RULES['propagation-gap'].severity);
  });

  it('recertification: recertifiable, HR-answered and the default --rule come from the rows', () => {
    expect(rulesWhere(isRecertifiable)).toEqual(rulesWhere((rule) => RULES[rule].recertify === 'yes'));
    expect(HR_ANSWERED_RULES).toEqual(rulesWhere((rule) => RULES[rule].recertify === 'hr'));
    const checked = checkRecertification({ credentialUid: 'c', reason: 'kept', now: new Date('2026-11-26') });
    expect(checked.rules).toEqual([...RECERTIFIABLE_ORDER]);
  });

  it('queue: the standard mode when revocation.rules sets none is the row default', () => {
    // leaver: approve and ownerUnknownAfterDays set: the two settings that come before the default.
    const settings = revocationSchema.parse({ leaver: 'approve', ownerUnknownAfterDays: 30 });
    for (const rule of PROPOSAL_RULES) expect(modeFor(settings, rule, false)).toBe(RULES[rule].queues);
  });
});

/** One open finding of every rule, on the fixture's first credential. */
function everyRuleInput(): JsonReportInput {
  const template = input.findings[0]!;
  return {
    ...input,
    findings: RULE_IDS.map((rule) => ({
      ...template,
      uid: fid(rule, 'A'),
      rule,
      severity: RULES[rule].severity,
      credentialUid: uidOf('A'),
      title: `finding of ${rule}`,
    })),
  };
}

interface OcsfEvent {
  finding_info?: { analytic?: { uid: string; desc: string } };
  remediation?: { desc: string };
}

interface EcsDocument {
  event: { kind: string; reason?: string };
  rule?: { id: string; description: string };
}

const ndjson = <T>(text: string): T[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('every format reads the table', () => {
  const report = everyRuleInput();

  it('sarif: one descriptor per row, in table order, with its severity, texts and tags', () => {
    expect(SARIF_RULES.map((rule) => rule.id)).toEqual(Object.keys(RULES));
    for (const descriptor of SARIF_RULES) {
      const row = RULES[descriptor.id];
      expect(descriptor.properties.severity).toBe(row.severity);
      expect(descriptor.shortDescription.text).toBe(row.label);
      expect(descriptor.fullDescription.text).toBe(row.description);
      expect(descriptor.help.text).toContain(`What to do: ${row.remediation}`);
      expect(descriptor.properties.tags).toEqual([
        'security',
        'non-human-identity',
        ...row.sarifTags,
        ...complianceOf(row.compliance).map(complianceLabel),
      ]);
    }
  });

  it('junit: each failure names its rule by label and says what to do', () => {
    const xml = renderJunit(report);
    for (const rule of RULE_IDS) {
      expect(xml).toContain(xmlText(`rule: ${rule} (${RULES[rule].label})`));
      expect(xml).toContain(xmlText(`what to do: ${RULES[rule].remediation}`));
    }
  });

  it('markdown: the findings-by-rule table names each rule by label', () => {
    const markdown = renderMarkdown(report);
    for (const rule of RULE_IDS) expect(markdown).toContain(`| ${mdText(RULES[rule].label)} |`);
  });

  it('ocsf: each finding carries its rule description and remediation', () => {
    const analytics = ndjson<OcsfEvent>(renderOcsf(report)).flatMap((event) =>
      event.finding_info?.analytic ? [{ analytic: event.finding_info.analytic, event }] : [],
    );
    // Sorted by severity, not rule order: compare as sets.
    expect(analytics.map(({ analytic }) => analytic.uid).sort()).toEqual([...RULE_IDS].sort());
    for (const { analytic, event } of analytics) {
      const row = RULES[analytic.uid as RuleId];
      expect(analytic.desc).toBe(row.description);
      expect(event.remediation?.desc).toBe(row.remediation);
    }
  });

  it('ecs: each alert carries its rule description', () => {
    const alerts = ndjson<EcsDocument>(renderEcs(report)).filter(
      (document) => document.event.kind === 'alert',
    );
    expect(alerts.map((alert) => alert.rule?.id).sort()).toEqual([...RULE_IDS].sort());
    for (const alert of alerts) {
      const row = RULES[alert.rule?.id as RuleId];
      expect(alert.rule?.description).toBe(row.description);
      expect(alert.event.reason).toBe(row.description);
      expect(JSON.stringify(alert)).toContain(JSON.stringify(row.remediation));
    }
  });
});
