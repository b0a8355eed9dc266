/**
 * An okta source scanned through the CLI: the exact findings (leaver-owned from a token's creator
 * and from an app's profile.owner, owner-unknown for a token whose creator Okta no longer has and an
 * app without an owner, over-age, expired-not-removed; no stale where last use is unknown), owners
 * with their evidence in `findings --json` and the JSON report; then the apps denied (403): the scan
 * exits 3, the tokens are read, and nothing is marked gone nor any finding resolved until the apps
 * are readable again.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport, ReportFinding } from '../../../reports/json/types.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { oktaEstate } from './estate.js';
import { type StartedOkta, startOkta, TOKEN_VARIABLE } from './start.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,alice@example.com,Alice,active,employee,2020-01-01,,',
  'E2,carol@example.com,Carol,active,employee,2020-01-01,,',
  'E3,bob@example.com,Bob,terminated,employee,2020-01-01,2026-10-01,',
  '',
].join('\n');

const uid = (kind: string, id: string) => `okta:127.0.0.1:${kind}:${id}`;
const DEPLOY = uid('api-token', '00T1deploy0000000001');
const REPORT = uid('api-token', '00T2report0000000002');
const ORPHAN = uid('api-token', '00T3orphan0000000003');
const EXPIRED = uid('api-token', '00T4expired000000004');
const KEY = uid('client-jwk', '0oa1billing000000001/pks1billingkey000001');
const BILLING = uid('client-secret', '0oa1billing000000001/ocs1billingactive001');
const OLD = uid('client-secret', '0oa1billing000000001/ocs1billingold000002');
const LEGACY = uid('client-secret', '0oa2legacy0000000002/ocs2legacy0000000001');
const CRON = uid('client-secret', '0oa3cron000000000003/ocs3cron000000000001');

/** `findings --json` lists the report's findings; `report --format json` is the report itself. */
type Finding = ReportFinding;
type Report = JsonReport;

const FINDINGS = [
  `${DEPLOY} over-age medium`,
  `${REPORT} leaver-owned critical`,
  `${REPORT} over-age low`,
  `${ORPHAN} owner-unknown high`,
  `${ORPHAN} over-age low`,
  `${EXPIRED} expired-not-removed medium`,
  `${KEY} over-age low`,
  `${BILLING} over-age low`,
  `${LEGACY} leaver-owned critical`,
  `${LEGACY} over-age low`,
  `${CRON} owner-unknown high`,
  `${CRON} over-age low`,
].sort();

describe('okta findings and ownership through the CLI', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let started: StartedOkta;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const scan = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  const findings = async () => JSON.parse((await run(['findings', '--json'])).stdout) as Finding[];
  const report = async () => JSON.parse((await run(['report', '--format', 'json'])).stdout) as Report;
  const listed = (all: readonly { credentialUid: string; rule: string; status: string }[]) =>
    all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.status}`).sort();
  const open = FINDINGS.map((line) => `${line.split(' ').slice(0, 2).join(' ')} open`).sort();

  beforeAll(async () => {
    dir = temporaryDirectory();
    started = await startOkta(oktaEstate());
    Object.assign(process.env, started.env);
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: okta',
        '    name: okta',
        `    orgUrl: ${started.emulator.orgUrl}`,
        `    token: env:${TOKEN_VARIABLE}`,
        `    caFile: ${started.caFile}`,
        '    pageSize: 2',
        '',
      ].join('\n'),
    );
    const first = await scan();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
  });
  afterAll(async () => {
    delete process.env[TOKEN_VARIABLE];
    await started.close();
    dir.remove();
  });

  it('raises exactly these findings, none for the inactive secret nor stale where last use is unknown', async () => {
    const all = await findings();
    expect(
      all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`).sort(),
    ).toEqual(FINDINGS);
    expect(all.filter((finding) => finding.credentialUid === OLD)).toEqual([]);
    const evidence = (credential: string, rule: string) =>
      all.find((finding) => finding.credentialUid === credential && finding.rule === rule)!.evidence;
    expect(evidence(REPORT, 'leaver-owned')).toEqual({
      owner: { employeeId: 'E3', email: 'bob@example.com', name: 'Bob' },
      confidence: 0.7,
      outcome: 'resolved',
      signals: [
        {
          kind: 'creator',
          value: 'bob@example.com',
          source: 'API token reporting was created by Okta user bob@example.com (00u1bob0000000000002)',
        },
      ],
      status: 'terminated',
      terminationDate: '2026-10-01',
      asOf: '2026-11-26',
    });
    expect(evidence(LEGACY, 'leaver-owned').signals).toEqual([
      {
        kind: 'tag',
        value: 'bob@example.com',
        source: 'profile.owner of Okta app legacy-export (0oa2legacy0000000002)',
      },
    ]);
  });

  it('shows each owner with the creator or profile key it was read from in the JSON report', async () => {
    const { credentials } = await report();
    const owner = (credential: string) => credentials.find((entry) => entry.uid === credential)!.owner;
    expect(owner(DEPLOY)).toEqual({
      employeeId: 'E1',
      email: 'alice@example.com',
      name: 'Alice',
      // A creator is a weaker owner signal than a declared owner or a tag (src/correlate/tiers.ts).
      confidence: 0.7,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'creator',
          value: 'alice@example.com',
          source: 'API token ci-deploy was created by Okta user alice@example.com (00u1alice00000000001)',
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
      ],
    });
    expect([owner(KEY).email, owner(KEY).confidence, owner(KEY).outcome]).toEqual([
      'carol@example.com',
      0.95,
      'resolved',
    ]);
    expect(owner(ORPHAN)).toEqual({
      employeeId: null,
      email: null,
      name: null,
      confidence: 0,
      outcome: 'none',
      evidence: [],
    });
    expect(credentials.map((entry) => [entry.uid, entry.status, entry.lastUsedKnown])).toEqual([
      [DEPLOY, 'active', true],
      [REPORT, 'active', true],
      [ORPHAN, 'active', false],
      [EXPIRED, 'expired', true],
      [KEY, 'active', false],
      [BILLING, 'active', false],
      [OLD, 'inactive', false],
      [LEGACY, 'active', false],
      [CRON, 'active', false],
    ]);
  });

  it('exits 3 when the apps are denied, reads the tokens, and marks nothing gone until they are readable', async () => {
    const states = async () => (await report()).credentials.map((entry) => `${entry.uid} ${entry.state}`);
    // The apps may no longer be read; meanwhile Alice's ci-deploy token is revoked in Okta.
    started.emulator.estate.denied = ['apps'];
    started.emulator.estate.apiTokens.splice(0, 1);
    const before = started.emulator.requestLog.length;
    const partial = await scan();
    expect(partial.stderr).toBe('');
    expect(partial.exitCode).toBe(3);
    expect(
      started.emulator.requestLog
        .slice(before)
        .filter((entry) => entry.area === 'apps')
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['GET /api/v1/apps 403']);
    const partialReport = await report();
    expect(partialReport.scan.status).toBe('partial');
    expect(partialReport.scan.sources).toEqual([
      {
        name: 'okta',
        type: 'okta',
        status: 'partial',
        credentials: 3,
        problems: [
          {
            scope: 'org 127.0.0.1 apps',
            reason:
              'list apps failed: 403 E0000006: You do not have permission to perform the requested action',
          },
        ],
      },
    ]);
    // While the source is partial even the token revoked in Okta is unverified, not gone.
    expect(await states()).toEqual(
      [DEPLOY, REPORT, ORPHAN, EXPIRED, KEY, BILLING, OLD, LEGACY, CRON].map(
        (credential) =>
          `${credential} ${[REPORT, ORPHAN, EXPIRED].includes(credential) ? 'present' : 'unverified'}`,
      ),
    );
    expect(listed(partialReport.findings)).toEqual(open);
    expect(listed(await findings())).toEqual(open);

    // Readable again: the revoked token is gone and its finding resolved; everything else is present.
    delete started.emulator.estate.denied;
    const complete = await scan();
    expect(complete.stderr).toBe('');
    expect(complete.exitCode).toBe(0);
    expect(await states()).toEqual(
      [DEPLOY, REPORT, ORPHAN, EXPIRED, KEY, BILLING, OLD, LEGACY, CRON].map(
        (credential) => `${credential} ${credential === DEPLOY ? 'gone' : 'present'}`,
      ),
    );
    expect(listed((await report()).findings)).toEqual(
      open.map((line) => (line === `${DEPLOY} over-age open` ? `${DEPLOY} over-age resolved` : line)),
    );
  });
});
