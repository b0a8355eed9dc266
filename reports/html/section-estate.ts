/**
 * The inventory: how old the credentials are and when they were last used (histograms), then
 * where they come from and who owns them (credentials per source and provider, ownership, and the
 * owners with the most credentials and the most open findings).
 */
import type { PageContext } from './context.js';
import {
  ageBars,
  lastUseBars,
  type OwnerTally,
  ownershipBars,
  ownerTallies,
  providerBars,
  sourceBars,
  topOwners,
} from './derive-estate.js';
import { count, type Html, html } from './escape.js';
import { LIMITS } from './limits.js';
import { andMore, section, table } from './parts.js';
import { barChart, histogram } from './svg-charts.js';

function agesSection(context: PageContext): Html {
  const live = context.live;
  return section(
    'ages',
    'Credential age and last use',
    html`<p>${count(live.length)} credentials still reported, counted in days to the scan's as-of (${context.report.scan.asOf.slice(0, 10)}).</p><div class="chart-row"><div><h3>Age (days since created)</h3>${histogram(
      {
        id: 'chart-age',
        title: 'Credentials by age',
        unit: 'Credentials',
        bars: ageBars(live, context.asOf),
      },
    )}</div><div><h3>Last use (days since last used)</h3>${histogram({
      id: 'chart-last-use',
      title: 'Credentials by time since last use',
      unit: 'Credentials',
      bars: lastUseBars(live, context.asOf),
    })}<p class="note">"unknown": the source cannot say when (or whether) the credential was used; it is not counted as unused. "never used": the source says it has not been used since it was created.</p></div></div>`,
  );
}

function ownersTable(caption: string, owners: readonly OwnerTally[]): Html {
  if (owners.length === 0) return html`<p>${caption}: none.</p>`;
  return table(
    caption,
    ['Owner', 'Employee', 'Email', 'Credentials', 'Open findings'],
    owners.map((owner) => [
      owner.name ?? '—',
      owner.employeeId,
      owner.email ?? '—',
      count(owner.credentials),
      count(owner.openFindings),
    ]),
    [3, 4],
  );
}

function ownersSection(context: PageContext): Html {
  const owners = ownerTallies(context.report);
  const sources = sourceBars(context.report);
  return section(
    'owners',
    'Sources and owners',
    html`<div class="chart-row"><div><h3>Credentials per source</h3>${barChart({
      id: 'chart-sources',
      title: 'Credentials each source reported (incomplete sources in grey stripes)',
      unit: 'Credentials',
      bars: sources.slice(0, LIMITS.sources),
    })}${andMore(Math.min(sources.length, LIMITS.sources), sources.length, 'sources')}</div><div><h3>Credentials per provider</h3>${barChart(
      {
        id: 'chart-providers',
        title: 'Credentials per provider',
        unit: 'Credentials',
        bars: providerBars(context.live),
      },
    )}</div></div><h3>Ownership</h3>${barChart({
      id: 'chart-ownership',
      title: 'Credentials by how their owner resolved',
      unit: 'Credentials',
      bars: ownershipBars(context.live),
    })}<p>${count(owners.length)} people own at least one credential.</p>${ownersTable(
      `Top ${LIMITS.owners} owners by credentials`,
      topOwners(owners, 'credentials', LIMITS.owners),
    )}${ownersTable(`Top ${LIMITS.owners} owners by open findings`, topOwners(owners, 'openFindings', LIMITS.owners))}`,
  );
}

export function estateSection(context: PageContext): Html {
  return html`${agesSection(context)}${ownersSection(context)}`;
}
