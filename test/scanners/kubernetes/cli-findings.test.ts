/**
 * A scan of two kubeconfig contexts through the CLI: the exact findings (leaver-owned from a
 * Secret's owner annotation, stale from the last-used label, owner-unknown, over-age; none for a
 * leaver's token already labelled invalid), owners with their evidence in `findings --json` and the
 * JSON report; then a context whose listing is denied (403): the scan exits 3, the other context is
 * read, and nothing is marked gone nor any finding resolved until the context is readable again.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport, ReportFinding } from '../../../reports/json/types.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { tokenSecret, twoClusterEstate } from './estate.js';
import { type StartedKubernetes, startKubernetes } from './start.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,alice@example.com,Alice,active,employee,2020-01-01,,',
  'E2,carol@example.com,Carol,active,employee,2020-01-01,,',
  'E3,bob@example.com,Bob,terminated,employee,2020-01-01,2026-10-01,bob',
  'E4,dan@example.com,Dan,terminated,employee,2020-01-01,2026-10-01,',
  '',
].join('\n');

const uid = (context: string, key: string) => `kubernetes:${context}:service-account-token:${key}`;
const BUILDER = uid('prod', 'ci/builder-token');
const DEPLOYER = uid('prod', 'ci/deployer-token');
const READER = uid('prod', 'monitoring/reader-token');
const APP = uid('staging', 'default/app-token');
const OLD = uid('staging', 'default/old-token');

/** The two-cluster estate; in staging the app token is annotated as Dan's (a leaver) and an old token of Alice's was last used in June. */
function findingsEstate() {
  const estate = twoClusterEstate();
  const staging = estate.clusters[1]!;
  const app = staging.secrets[0]!;
  app.metadata!.annotations = { ...app.metadata!.annotations, 'nhiscan.io/owner': 'dan@example.com' };
  staging.secrets.push(
    tokenSecret('default', 'old-token', 'app', {
      labels: { 'kubernetes.io/legacy-token-last-used': '2026-06-01' },
      annotations: { 'nhiscan.io/owner': 'alice@example.com' },
    }),
  );
  return estate;
}

/** `findings --json` lists the report's findings; `report --format json` is the report itself. */
type Finding = ReportFinding;
type Report = JsonReport;

describe('kubernetes findings and ownership through the CLI', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let started: StartedKubernetes;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const scan = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  const findings = async () => JSON.parse((await run(['findings', '--json'])).stdout) as Finding[];
  const report = async () => JSON.parse((await run(['report', '--format', 'json'])).stdout) as Report;
  const states = async () =>
    (await report()).credentials.map(
      (entry) => `${entry.uid} ${entry.state} ${entry.status} ${entry.lastUsedAt}`,
    );
  const listed = (all: readonly { credentialUid: string; rule: string; status: string }[]) =>
    all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.status}`).sort();

  const OPEN = [
    `${APP} leaver-owned open`,
    `${APP} over-age open`,
    `${BUILDER} over-age open`,
    `${BUILDER} owner-unknown open`,
    `${DEPLOYER} over-age open`,
    `${OLD} over-age open`,
    `${OLD} stale open`,
  ].sort();

  beforeAll(async () => {
    dir = temporaryDirectory();
    started = await startKubernetes(findingsEstate());
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: kubernetes',
        '    name: k8s',
        `    kubeconfig: ${started.kubeconfig}`,
        '    contexts: [prod, staging]',
        '',
      ].join('\n'),
    );
    const first = await scan();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
  });
  afterAll(async () => {
    await started.close();
    dir.remove();
  });

  it('raises exactly these findings, and none for the leaver’s token already labelled invalid', async () => {
    const all = await findings();
    expect(
      all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`).sort(),
    ).toEqual(
      [
        `${APP} leaver-owned critical`,
        `${APP} over-age low`,
        `${BUILDER} over-age medium`,
        `${BUILDER} owner-unknown critical`,
        `${DEPLOYER} over-age medium`,
        `${OLD} over-age low`,
        `${OLD} stale medium`,
      ].sort(),
    );
    expect(all.filter((finding) => finding.credentialUid === READER)).toEqual([]);
    const evidence = (credential: string, rule: string) =>
      all.find((finding) => finding.credentialUid === credential && finding.rule === rule)!.evidence;
    expect(evidence(APP, 'leaver-owned')).toEqual({
      owner: { employeeId: 'E4', email: 'dan@example.com', name: 'Dan' },
      confidence: 0.95,
      outcome: 'resolved',
      signals: [
        {
          kind: 'tag',
          value: 'dan@example.com',
          source: 'annotation nhiscan.io/owner on Secret default/app-token',
        },
      ],
      status: 'terminated',
      terminationDate: '2026-10-01',
      asOf: '2026-11-26',
    });
    expect(evidence(OLD, 'stale')).toEqual({
      lastUsedAt: '2026-06-01',
      daysSinceLastUse: 178,
      staleAfterDays: 90,
      asOf: '2026-11-26',
    });
    expect([
      evidence(BUILDER, 'owner-unknown').signals,
      evidence(BUILDER, 'owner-unknown').privileged,
    ]).toEqual([0, true]);
  });

  it('shows each owner with the annotation or label it was read from in the JSON report', async () => {
    const { credentials } = await report();
    const owner = (credential: string) => credentials.find((entry) => entry.uid === credential)!.owner;
    expect(owner(APP)).toEqual({
      employeeId: 'E4',
      email: 'dan@example.com',
      name: 'Dan',
      confidence: 0.95,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'tag',
          value: 'dan@example.com',
          source: 'annotation nhiscan.io/owner on Secret default/app-token',
          matchedEmployeeId: 'E4',
          matchedBy: 'email',
        },
      ],
    });
    expect(owner(DEPLOYER)).toEqual({
      employeeId: 'E2',
      email: 'carol@example.com',
      name: 'Carol',
      confidence: 0.57,
      outcome: 'conflict',
      evidence: [
        {
          kind: 'tag',
          value: 'carol@example.com',
          source: 'annotation nhiscan.io/owner on Secret ci/deployer-token',
          matchedEmployeeId: 'E2',
          matchedBy: 'email',
        },
        {
          kind: 'tag',
          value: 'alice@example.com',
          source: 'annotation nhiscan.io/owner on ServiceAccount ci/deployer',
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
      ],
    });
    expect(owner(READER)).toEqual({
      employeeId: 'E3',
      email: 'bob@example.com',
      name: 'Bob',
      confidence: 0.95,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'tag',
          value: 'bob',
          source: 'label owner on ServiceAccount monitoring/reader',
          matchedEmployeeId: 'E3',
          matchedBy: 'alias',
        },
      ],
    });
    expect([owner(OLD).email, owner(OLD).confidence, owner(OLD).outcome]).toEqual([
      'alice@example.com',
      0.95,
      'resolved',
    ]);
    expect(owner(BUILDER)).toEqual({
      employeeId: null,
      email: null,
      name: null,
      confidence: 0,
      outcome: 'none',
      evidence: [],
    });
    expect(credentials.map((entry) => [entry.uid, entry.lastUsedKnown])).toEqual([
      [BUILDER, false],
      [DEPLOYER, true],
      [READER, true],
      [APP, true],
      [OLD, true],
    ]);
  });

  it('exits 3 when a context’s listing is denied, reads the other, and marks nothing gone until it is readable again', async () => {
    expect(await states()).toEqual([
      `${BUILDER} present active null`,
      `${DEPLOYER} present active 2026-11-20`,
      `${READER} present inactive 2026-01-05`,
      `${APP} present active 2026-11-01`,
      `${OLD} present active 2026-06-01`,
    ]);
    const [prod, staging] = started.emulator.estate.clusters;
    staging!.forbidden = true;
    // Meanwhile in prod: the builder token is used, and the deployer's Secret is deleted.
    prod!.secrets[1]!.metadata!.labels = { 'kubernetes.io/legacy-token-last-used': '2026-11-25' };
    prod!.secrets.splice(0, 1);

    const before = started.emulator.requestLog.length;
    const partial = await scan();
    expect(partial.stderr).toBe('');
    expect(partial.exitCode).toBe(3);
    expect(
      started.emulator.requestLog
        .slice(before)
        .filter((entry) => entry.context === 'staging')
        .map((entry) => `${entry.method} ${entry.path}`),
    ).toEqual(['GET /apis/rbac.authorization.k8s.io/v1/clusterroles']);
    const partialReport = await report();
    expect(partialReport.scan.status).toBe('partial');
    expect(partialReport.scan.sources).toEqual([
      {
        name: 'k8s',
        type: 'kubernetes',
        status: 'partial',
        credentials: 2,
        problems: [
          {
            scope: 'context staging',
            reason:
              'list clusterroles failed: 403: clusterroles is forbidden: User "system:serviceaccount:nhiscan:scanner" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
          },
        ],
      },
    ]);
    // prod was read (the builder's new last use); staging's tokens are kept as last seen, unverified;
    // while the source is partial even the Secret deleted from prod is unverified, not gone.
    expect(await states()).toEqual([
      `${BUILDER} present active 2026-11-25`,
      `${DEPLOYER} unverified active 2026-11-20`,
      `${READER} present inactive 2026-01-05`,
      `${APP} unverified active 2026-11-01`,
      `${OLD} unverified active 2026-06-01`,
    ]);
    expect(listed(partialReport.findings)).toEqual(OPEN);
    expect(listed(await findings())).toEqual(OPEN);

    // Readable again: staging is present with its findings open; the deleted Secret is gone and its finding resolved.
    staging!.forbidden = false;
    const complete = await scan();
    expect(complete.stderr).toBe('');
    expect(complete.exitCode).toBe(0);
    expect((await states()).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      `${BUILDER} present`,
      `${DEPLOYER} gone`,
      `${READER} present`,
      `${APP} present`,
      `${OLD} present`,
    ]);
    expect(listed((await report()).findings)).toEqual(
      OPEN.map((line) => (line === `${DEPLOYER} over-age open` ? `${DEPLOYER} over-age resolved` : line)),
    );
  });
});
