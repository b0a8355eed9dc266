/**
 * reports/ecs/index-template.json against the documents the ECS format writes: every field of every
 * document (findings of every rule, credentials, revocations) has an explicit mapping whose type
 * takes its value, no field is an object in one document and a value in another, and nothing is
 * mapped that no document writes. The template maps with `dynamic: false`, so an unmapped field
 * would be kept in `_source` but not searchable: the check covers the ECS fields too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ECS_VERSION, ecsEvents } from '../../reports/ecs/index.js';
import { RULE_IDS } from '../../src/core/model.js';
import { RICH } from './ecs-rich-fixture.js';
import { SIEM_INPUT } from './siem-fixture.js';

interface Mapping {
  type?: string;
  properties?: Record<string, Mapping>;
}

const TEMPLATE = JSON.parse(
  readFileSync(new URL('../../reports/ecs/index-template.json', import.meta.url), 'utf8'),
) as {
  index_patterns: string[];
  priority: number;
  _meta: Record<string, string>;
  template: { settings: Record<string, unknown>; mappings: Mapping & { dynamic: boolean } };
};
const ROOT = TEMPLATE.template.mappings;

const DOCUMENTS = [
  ...ecsEvents(RICH.input, { includeInventory: true, actions: RICH.actions }),
  ...ecsEvents(SIEM_INPUT, { includeInventory: true }),
].map((item) => item.event);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Whether a field of type `type` takes the JSON value (null and [] are no value: never refused). */
function takes(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'keyword':
    case 'match_only_text':
    case 'text':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'long':
      return Number.isInteger(value);
    case 'float':
    case 'scaled_float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

interface Walk {
  problems: string[];
  /** Per dotted path, what it held: an object, a value, or both (a mapping conflict). */
  shapes: Map<string, Set<'object' | 'value'>>;
  /** Paths of mapped leaves that some document wrote. */
  written: Set<string>;
}

function walk(value: unknown, path: string, mapping: Mapping | undefined, into: Walk): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, path, mapping, into);
    return;
  }
  const shape = into.shapes.get(path) ?? new Set();
  into.shapes.set(path, shape.add(isObject(value) ? 'object' : 'value'));
  if (!mapping) {
    into.problems.push(`${path}: not mapped`);
  } else if (mapping.type === 'flattened') {
    into.written.add(path);
    if (!isObject(value))
      into.problems.push(`${path}: ${JSON.stringify(value)} is not an object (flattened)`);
    else if (Object.values(value).some((leaf) => typeof leaf === 'object' && leaf !== null))
      into.problems.push(`${path}: a flattened object with an object in it`);
  } else if (isObject(value)) {
    if (!mapping.properties) into.problems.push(`${path}: an object, mapped as ${mapping.type}`);
    for (const [key, inner] of Object.entries(value))
      walk(inner, path ? `${path}.${key}` : key, mapping.properties?.[key], into);
  } else if (mapping.properties) {
    into.problems.push(`${path}: ${JSON.stringify(value)} where an object is mapped`);
  } else {
    into.written.add(path);
    if (!takes(mapping.type, value))
      into.problems.push(`${path}: ${JSON.stringify(value)} does not fit type ${mapping.type}`);
  }
}

function check(documents: readonly unknown[]): Walk {
  const into: Walk = { problems: [], shapes: new Map(), written: new Set() };
  for (const document of documents) walk(document, '', ROOT, into);
  return into;
}

/** Dotted paths of the template's leaf mappings (a flattened field is a leaf). */
function mappedLeaves(mapping: Mapping, path = ''): string[] {
  if (!mapping.properties) return [path];
  return Object.entries(mapping.properties).flatMap(([key, inner]) =>
    mappedLeaves(inner, path ? `${path}.${key}` : key),
  );
}

const mappingOf = (path: string) =>
  path.split('.').reduce<Mapping | undefined>((mapping, key) => mapping?.properties?.[key], ROOT);

describe('the ECS index template (reports/ecs/index-template.json)', () => {
  it('is a composable template: its patterns, priority, _meta, and no dynamic mapping', () => {
    expect(TEMPLATE.index_patterns).toEqual(['nhiscan-*']);
    expect(TEMPLATE.priority).toBe(200);
    expect(TEMPLATE._meta).toMatchObject({ managed_by: 'nhiscan', ecs_version: ECS_VERSION });
    expect(TEMPLATE.template.settings).toEqual({ 'index.mapping.ignore_malformed': true });
    expect(ROOT.dynamic).toBe(false);
  });

  it('maps the owner confidence, and the evidence’s, as float: a first 1 or 0 cannot make it a long', () => {
    expect(mappingOf('nhiscan.owner.confidence')).toEqual({ type: 'float' });
    expect(mappingOf('nhiscan.finding.evidence.confidence')).toEqual({ type: 'float' });
    const confidences = DOCUMENTS.map(
      (document) =>
        (document as { nhiscan?: { owner?: { confidence?: number } } }).nhiscan?.owner?.confidence,
    );
    expect(confidences).toContain(0);
    expect(confidences).toContain(0.95);
  });

  it('is checked against documents of every rule, credentials and revocations', () => {
    const rules = new Set(DOCUMENTS.map((document) => (document as { rule?: { id: string } }).rule?.id));
    expect([...RULE_IDS].filter((rule) => !rules.has(rule))).toEqual([]);
    const kinds = DOCUMENTS.map((document) => (document as { event: { kind: string } }).event.kind);
    expect(new Set(kinds)).toEqual(new Set(['alert', 'asset', 'event']));
    const written = JSON.stringify(DOCUMENTS);
    for (const fact of ['"signal_count":0', '"privileged":true', '"state":"gone"', '"state":"unverified"'])
      expect(written).toContain(fact);
  });

  it('maps every field of every document with a type that takes its value', () => {
    expect(check(DOCUMENTS).problems).toEqual([]);
  });

  it('sees no field that is an object in one document and a value in another', () => {
    const { shapes } = check(DOCUMENTS);
    expect([...shapes].filter(([, shape]) => shape.size > 1).map(([path]) => path)).toEqual([]);
  });

  it('maps nothing that no document writes', () => {
    const { written } = check(DOCUMENTS);
    expect(mappedLeaves(ROOT).filter((path) => !written.has(path))).toEqual([]);
  });

  it('catches an unmapped field, a value of the wrong type and a field of two shapes', () => {
    const wrong = [
      { nhiscan: { finding: { evidence: { signals: 0, days_since_termination: 56 } } } },
      { nhiscan: { owner: { confidence: 'high' }, scan: { as_of: 'yesterday' } } },
      { nhiscan: { finding: { evidence: { signals: [{ kind: 'tag' }] } } } },
    ];
    const { problems, shapes } = check(wrong);
    expect(problems).toEqual([
      'nhiscan.finding.evidence.signals: 0 where an object is mapped',
      'nhiscan.finding.evidence.days_since_termination: not mapped',
      'nhiscan.owner.confidence: "high" does not fit type float',
      'nhiscan.scan.as_of: "yesterday" does not fit type date',
    ]);
    expect(shapes.get('nhiscan.finding.evidence.signals')).toEqual(new Set(['value', 'object']));
  });
});
