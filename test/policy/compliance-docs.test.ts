/**
 * docs/rules.md lists every rule's compliance items with their sources, exactly as the rule table
 * (src/policy/rules.ts) and the framework catalogue (src/policy/compliance.ts) hold them: the two
 * tables under "Compliance mapping" are rebuilt from the code here and must match the page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/core/model.js';
import {
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type Framework,
  itemUrl,
  type RuleCompliance,
} from '../../src/policy/compliance.js';
import { RULES } from '../../src/policy/rules.js';

const page = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

function itemsTable(): string {
  const rows: string[][] = [];
  for (const id of FRAMEWORK_IDS) {
    const framework: Framework = FRAMEWORKS[id];
    for (const [item, name] of Object.entries(framework.items))
      rows.push([`\`${id}:${item}\``, name, `[${framework.name}](${itemUrl({ framework: id, id: item })})`]);
  }
  return table(['item', 'title', 'source'], rows);
}

function rulesTable(): string {
  const rows = RULE_IDS.map((rule) => [
    `\`${rule}\``,
    ...FRAMEWORK_IDS.map((framework) => {
      const compliance: RuleCompliance = RULES[rule].compliance;
      const items: readonly string[] = compliance[framework] ?? [];
      return items.length === 0 ? '–' : items.join(', ');
    }),
  ]);
  return table(['rule', ...FRAMEWORK_IDS.map((id) => `\`${id}\``)], rows);
}

describe('docs/rules.md compliance mapping', () => {
  it('lists every rule with its items per framework, as the rule table holds them', () => {
    expect(page).toContain(`${rulesTable()}\n`);
  });

  it('names every item with its title and the source it is published in', () => {
    expect(page).toContain(`${itemsTable()}\n`);
  });

  it('lets the JSON report schema name exactly the frameworks of the catalogue', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../reports/json/schema.json', import.meta.url), 'utf8'),
    );
    expect(schema.$defs.framework.properties.id.enum).toEqual([...FRAMEWORK_IDS]);
    expect(schema.$defs.finding.properties.compliance.items.pattern).toBe(
      `^(${FRAMEWORK_IDS.join('|')}):[A-Za-z0-9.-]+$`,
    );
  });

  it('gives every rule at least one OWASP NHI and one NIST CSF item', () => {
    for (const rule of RULE_IDS) {
      expect([rule, RULES[rule].compliance['owasp-nhi']?.length]).not.toEqual([rule, undefined]);
      expect([rule, RULES[rule].compliance['nist-csf']?.length]).not.toEqual([rule, undefined]);
    }
  });
});
