/**
 * The compliance view: per framework (OWASP NHI Top 10 2025, NIST CSF 2.0, CIS Controls v8.1,
 * the CIS AWS and GCP benchmarks), a chart of its items' open findings and a table of every item
 * with its open and suppressed findings and the rules that map to it.
 */
import type { PageContext } from './context.js';
import { complianceViews, type FrameworkView } from './derive-compliance.js';
import { count, type Html, html } from './escape.js';
import { code, plural, section, table } from './parts.js';
import { barChart } from './svg-charts.js';

function frameworkBlock(view: FrameworkView): Html {
  const { framework, items } = view;
  return html`<section class="framework" id="${`compliance-${framework.id}`}" aria-labelledby="${`compliance-${framework.id}-heading`}"><h3 id="${`compliance-${framework.id}-heading`}">${framework.name}</h3>
<p>${plural(view.open, 'open finding')} map to ${framework.provider ? `this benchmark (${framework.provider} credentials only)` : 'this framework'}. Source: <span class="url">${framework.url}</span></p>${barChart(
    {
      id: `chart-compliance-${framework.id}`,
      title: `Open findings per item of ${framework.name}`,
      unit: 'Open findings',
      bars: items.map((item) => ({ label: `${item.id} ${item.name}`, value: item.open, tone: 'neutral' })),
    },
  )}${table(
    `${framework.name}: items, findings mapped and rules`,
    ['Item', 'Name', 'Open findings', 'Suppressed', 'Rules (open findings)'],
    items.map((item) => [
      code(item.id),
      item.name,
      count(item.open),
      count(item.suppressed),
      item.rules.length
        ? html`<ul class="inline">${item.rules.map((entry) => html`<li>${code(entry.rule)} (${count(entry.open)})</li>`)}</ul>`
        : '—',
    ]),
    [2, 3],
  )}</section>`;
}

export function complianceSection(context: PageContext): Html {
  return section(
    'compliance',
    'Compliance',
    html`<p>Each finding maps to framework items through its rule (docs/rules.md); a provider's benchmark counts only that provider's credentials, and a privileged credential's finding also maps to OWASP NHI5 and NIST PR.AA-05, and one on a credential of an IAM user a person signs in as to OWASP NHI10.</p>${complianceViews(
      context.report,
    ).map(frameworkBlock)}`,
  );
}
