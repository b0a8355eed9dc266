/**
 * The html report format (reports/html): escaping of names and evidence, the charts and their
 * text alternatives, the leaver timeline from the queue, the caps on a large estate, and that the
 * JSON report ignores the queue. Exact fragments of the page, from a small hand-made input.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../reports/html/escape.js';
import { type HtmlReportInput, LIMITS, renderHtmlReport } from '../../reports/html/index.js';
import type { ReportQueueRequest } from '../../reports/html/queue-input.js';
import { type JsonReportCredentialInput, renderJsonReport } from '../../reports/json/index.js';
import { credential, owner, person } from '../support/builders.js';

const NASTY = `<script>&"'`;
const ESCAPED = '&lt;script&gt;&amp;&quot;&#39;';
const T1 = '2026-11-26T11:00:00.000Z';
const uidOf = (id: string) => `aws:111122223333:access-key:${id}`;

function item(id: string, employeeId: string | null, overrides: Parameters<typeof credential>[1] = {}) {
  const signal = owner(`${employeeId?.toLowerCase()}@acme.example`);
  return {
    credential: credential(id, { ownerSignals: employeeId ? [signal] : [], ...overrides }),
    source: 'prod',
    state: 'present',
    stateReason: null,
    firstSeenAt: T1,
    lastSeenAt: T1,
    resolution: employeeId
      ? {
          credentialUid: uidOf(id),
          ownerEmployeeId: employeeId,
          confidence: 0.95,
          outcome: 'resolved',
          evidence: [{ signal, matchedEmployeeId: employeeId, matchedBy: 'email' }],
        }
      : undefined,
  } satisfies JsonReportCredentialInput;
}

function request(id: number, credentialUid: string, ownerEmployeeId: string | null): ReportQueueRequest {
  return {
    id,
    credentialUid,
    source: 'prod',
    rule: 'leaver-owned',
    ownerEmployeeId,
    privileged: false,
    mode: 'approve',
    requiredApprovals: 1,
    state: 'in-progress',
    stateReason: 'executing disable',
    createdAt: '2026-10-02T08:00:00.000Z',
    updatedAt: '2026-10-06T09:00:00.000Z',
    approvedAt: '2026-10-05T10:00:00.000Z',
    held: null,
    steps: [
      {
        ordinal: 0,
        step: 'disable',
        state: 'done',
        immediate: false,
        afterDays: 0,
        notBefore: null,
        apiCall: 'iam:UpdateAccessKey AccessKeyId=A Status=Inactive',
        outcome: 'revoked',
        startedAt: '2026-10-06T09:00:00.000Z',
        finishedAt: '2026-10-06T09:00:00.000Z',
        verifiedAt: '2026-10-06T09:00:00.000Z',
      },
      {
        ordinal: 1,
        step: 'delete',
        state: 'pending',
        immediate: false,
        afterDays: 14,
        notBefore: '2026-10-20T09:00:00.000Z',
        apiCall: null,
        outcome: null,
        startedAt: null,
        finishedAt: null,
        verifiedAt: null,
      },
    ],
    decisions: [{ actor: 'E2', decision: 'approve', reason: 'gone', at: '2026-10-05T10:00:00.000Z' }],
  };
}

const input: HtmlReportInput = {
  toolVersion: '0.1.0',
  generatedAt: new Date('2026-11-26T12:00:00Z'),
  run: { id: 3, startedAt: T1, finishedAt: T1, asOf: '2026-11-26T00:00:00.000Z', status: 'complete' },
  hr: { source: 'hr.csv', sha256: 'a'.repeat(64), importedAt: T1, fileModifiedAt: null },
  people: [
    person('E1', { name: NASTY, status: 'terminated', terminationDate: '2026-10-01' }),
    person('E2', { name: 'Carol Keeper' }),
  ],
  sources: [{ name: 'prod', type: 'aws', status: 'complete', credentials: 3, problems: [] }],
  credentials: [
    item('A', 'E1', { createdAt: '2026-11-01', lastUsedAt: '2026-11-25' }),
    item('B', null, { createdAt: null, lastUsedAt: null, lastUsedKnown: false }),
    item('C', 'E2', { createdAt: '2025-01-01', lastUsedAt: null, lastUsedKnown: true }),
  ],
  findings: [
    {
      uid: 'nhi-a',
      rule: 'leaver-owned',
      severity: 'critical',
      status: 'open',
      credentialUid: uidOf('A'),
      title: `Access key A is owned by leaver ${NASTY}`,
      evidence: { owner: { employeeId: 'E1', name: NASTY }, note: '</pre><script>alert(1)</script>' },
      firstSeenAt: T1,
      lastSeenAt: T1,
      suppression: null,
      resolvedAt: null,
      provider: 'aws',
    },
    {
      uid: 'nhi-b',
      rule: 'owner-unknown',
      severity: 'high',
      status: 'open',
      credentialUid: uidOf('B'),
      title: 'Access key B <img src=x onerror=alert(1)> has no owner',
      evidence: {},
      firstSeenAt: T1,
      lastSeenAt: T1,
      suppression: null,
      resolvedAt: null,
      provider: 'aws',
    },
    {
      uid: 'nhi-c',
      rule: 'over-age',
      severity: 'low',
      status: 'suppressed',
      credentialUid: uidOf('C'),
      title: 'Access key C is 694 days old',
      evidence: { ageDays: 694 },
      firstSeenAt: T1,
      lastSeenAt: T1,
      suppression: { reason: 'rotation scheduled', approvedBy: 'sec-lead', expires: '2027-01-31' },
      resolvedAt: null,
      provider: 'aws',
    },
  ],
  expiredBaselineEntries: [],
  queue: { requests: [request(1, uidOf('A'), 'E1')] },
};

/** Every `<svg role="img">` of the page with its title and description text. */
function charts(page: string): { id: string; title: string; desc: string }[] {
  return [
    ...page.matchAll(
      /<svg class="chart" id="([^"]+)" role="img" aria-labelledby="\1-title" aria-describedby="\1-desc"[^>]*><title id="\1-title">([^<]*)<\/title><desc id="\1-desc">([^<]*)<\/desc>/g,
    ),
  ].map(([, id, title, desc]) => ({ id: id!, title: title!, desc: desc! }));
}

describe('html report', () => {
  it('escapes every value: a name, a title and evidence can open no tag', () => {
    expect(escapeHtml(NASTY)).toBe(ESCAPED);
    expect(escapeHtml('a\u0000b\u001Fc\td')).toBe('a\uFFFDb\uFFFDc\td');
    expect(html`<p title="${'"x'}">${'<b>'}${html`<i>ok</i>`}${['<', 1]}</p>`.markup).toBe(
      '<p title="&quot;x">&lt;b&gt;<i>ok</i>&lt;1</p>',
    );
    const page = renderHtmlReport(input);
    expect(page).not.toMatch(/<script|<img|onerror="/i);
    expect(page).toContain(`<td><strong>${ESCAPED}</strong><br>e1@acme.example<br>E1</td>`);
    expect(page).toContain(`class="chart-label">${ESCAPED}</text>`);
    expect(page).toContain('Access key B &lt;img src=x onerror=alert(1)&gt; has no owner');
    expect(page).toContain('&quot;note&quot;: &quot;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    // Nothing is loaded: the only links are to the page's own sections, and the policy forbids loads.
    expect(page).toContain('<a href="#leavers">Leavers</a>');
    expect(page).not.toMatch(/\s(?:href|src)="[^#]/);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`,
    );
  });

  it('draws every chart as svg role=img with a title and every number in its description', () => {
    const page = renderHtmlReport(input);
    const drawn = charts(page);
    expect(drawn.map((chart) => chart.id)).toEqual([
      'chart-severity',
      'chart-rule',
      'chart-leaver-timeline',
      'chart-queue-states',
      'chart-age',
      'chart-last-use',
      'chart-sources',
      'chart-providers',
      'chart-ownership',
      'chart-compliance-owasp-nhi',
      'chart-compliance-nist-csf',
      'chart-compliance-cis-controls',
      'chart-compliance-cis-aws',
      'chart-compliance-cis-gcp',
    ]);
    expect(page.match(/role="img"/g)).toHaveLength(drawn.length);
    for (const chart of drawn) expect(chart.title.length).toBeGreaterThan(0);
    const desc = Object.fromEntries(drawn.map((chart) => [chart.id, chart.desc]));
    // The suppressed finding is not open: low counts 0.
    expect(desc['chart-severity']).toBe('Open findings: critical 1; high 1; medium 0; low 0; info 0.');
    expect(desc['chart-rule']).toBe('Open findings: leaver-owned 1; owner-unknown 1.');
    // Unknown last use is its own bucket, apart from "never used".
    expect(desc['chart-last-use']).toBe(
      'Credentials: &lt; 30 d 1; 30–90 d 0; 90–180 d 0; 180–365 d 0; &gt; 1 y 0; never used 1; unknown 1.',
    );
    expect(desc['chart-age']).toBe(
      'Credentials: &lt; 30 d 1; 30–90 d 0; 90–180 d 0; 180–365 d 0; &gt; 1 y 1; unknown 1.',
    );
    expect(desc['chart-compliance-owasp-nhi']).toBe(
      'Open findings: NHI1 Improper Offboarding 2; NHI5 Overprivileged NHI 0; NHI7 Long-Lived Secrets 0; NHI10 Human Use of NHI 0.',
    );
    // The numbers are printed as text next to the bars too.
    expect(page).toContain('class="chart-label">critical</text>');
    expect(page).toContain('class="chart-value">1</text>');
    // Severity in colour and in words.
    expect(page).toContain('<span class="sev sev-critical">critical</span>');
  });

  it("draws a leaver's way from termination to disable, from the queue", () => {
    const page = renderHtmlReport(input);
    expect(charts(page).find((chart) => chart.id === 'chart-leaver-timeline')?.desc).toBe(
      `${ESCAPED}: terminated 2026-10-01, request created 2026-10-02, approved 2026-10-05, disabled 2026-10-06, verified 2026-10-06; disabled 5 days after termination and verified.`,
    );
    expect(page).toContain('class="chart-value">disabled after 5 d, verified</text>');
    expect(page).toContain(
      '<li><code>disable</code> <span class="state state-good">done</span> 2026-10-06, verified 2026-10-06 — <code class="uid">iam:UpdateAccessKey AccessKeyId=A Status=Inactive</code></li>',
    );
    expect(page).toContain(
      '<li><code>delete</code> <span class="state state-bad">pending</span>, not before 2026-10-20</li>',
    );
    expect(page).toContain('<td>1 of 1<br>E2 2026-10-05</td>');
  });

  it('shows the days since termination, and says so, when the queue was not read', () => {
    const { queue: _queue, ...withoutQueue } = input;
    const page = renderHtmlReport(withoutQueue);
    expect(page).toContain('<p>The revocation queue was not read for this report.</p>');
    expect(page).toContain('class="chart-value">56 d, nothing disabled</text>');
    expect(page).not.toContain('chart-queue-states');
  });

  it('says first, in words, when the scan is incomplete', () => {
    const page = renderHtmlReport({
      ...input,
      run: { ...input.run, status: 'partial' },
      sources: [
        {
          name: 'prod',
          type: 'aws',
          status: 'partial',
          credentials: 3,
          problems: [{ scope: 'account 2', reason: 'AccessDenied' }],
        },
      ],
    });
    expect(page).toContain(
      '<p class="warning" role="note"><strong>Warning: the scan is incomplete (partial).</strong> prod is partial. Findings from what could not be read may be missing: this is not a clean result.</p>',
    );
    expect(page).toContain('<li><code class="uid">account 2</code>: AccessDenied</li>');
  });

  it('is the same bytes for the same input, and the JSON report ignores the queue', () => {
    expect(renderHtmlReport(input)).toBe(renderHtmlReport(structuredClone(input)));
    const { queue: _queue, ...withoutQueue } = input;
    expect(renderJsonReport(input)).toBe(renderJsonReport(withoutQueue));
  });

  it('caps a large estate: findings, evidence, requests, leavers and the timeline each say what they left out', () => {
    const leavers = 600;
    const findings = 2_500;
    const requests = 1_200;
    const large: HtmlReportInput = {
      ...input,
      people: Array.from({ length: leavers }, (_, n) =>
        person(`L${n}`, { name: `Leaver ${n}`, status: 'terminated', terminationDate: '2026-01-01' }),
      ),
      credentials: Array.from({ length: leavers }, (_, n) => item(`K${n}`, `L${n}`)),
      findings: Array.from({ length: findings }, (_, n) => ({
        ...input.findings[0]!,
        uid: `nhi-${n}`,
        credentialUid: uidOf(`K${n % leavers}`),
        evidence: { long: 'x'.repeat(5_000) },
      })),
      queue: {
        requests: Array.from({ length: requests }, (_, n) =>
          request(n + 1, uidOf(`K${n % leavers}`), `L${n % leavers}`),
        ),
      },
    };
    const page = renderHtmlReport(large);
    expect(page.match(/<details class="finding"/g)).toHaveLength(LIMITS.findings);
    expect(page).toContain(
      '<p class="more">…and 500 more findings — see report.json (this page lists the first 2,000).</p>',
    );
    expect(page.match(/… cut at 2,000 characters; report.json has it whole/g)).toHaveLength(LIMITS.findings);
    expect(page).toContain('…and 200 more requests — see report.json (this page lists the first 1,000).');
    expect(page).toContain('…and 100 more leavers — see report.json (this page lists the first 500).');
    expect(page).toContain('The timeline draws the first 50 of 600 leavers; the table above lists them.');
    expect(page).toContain(
      'On a large estate it lists at most 2,000 findings (each evidence cut at 2,000 characters)',
    );
    expect(Buffer.byteLength(page)).toBeLessThan(10 * 1024 * 1024);
  });
});
