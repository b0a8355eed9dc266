/**
 * A scan of a GitLab instance and two groups through the CLI: the exact findings (leaver-owned and
 * stale for the leaver's PAT, leaver-shared-secret for the CI/CD variable the leaver could read,
 * owner-unknown for bot tokens, deploy tokens and keys, expired-not-removed), owners with their
 * evidence; the variable's value reaches neither the database nor any output. Then group beta is
 * denied (403): the scan exits 3, acme is read, and nothing is marked gone until beta is readable.
 */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport, ReportFinding } from '../../../reports/json/types.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { VARIABLE_CANARY } from './estate.js';
import { type StartedGitlab, startGitlab } from './start.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,ann',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,bob',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,cyd',
  '',
].join('\n');

const PAT = (id: number) => `gitlab:127.0.0.1:personal-access-token:${id}`;
const VARIABLE = 'gitlab:acme:ci-variable:100/DB_PASSWORD:*';
const PUSH_KEY = 'gitlab:acme:deploy-key:100/401';
const WEB_KEY = 'gitlab:acme:deploy-key:101/402';
const BETA_KEY = 'gitlab:beta:deploy-key:110/403';
const PROJECT_DEPLOY_TOKEN = 'gitlab:acme:deploy-token:301';
const GROUP_DEPLOY_TOKEN = 'gitlab:acme:deploy-token:302';
const GROUP_TOKEN = 'gitlab:acme:group-access-token:201';
const PROJECT_TOKEN = 'gitlab:acme:project-access-token:202';

/** `findings --json` lists the report's findings; `report --format json` is the report itself. */
type Finding = ReportFinding;
type Report = JsonReport;

const FINDINGS = [
  `${PAT(101)} over-age medium`,
  `${PAT(102)} leaver-owned critical`,
  `${PAT(102)} over-age low`,
  `${PAT(102)} stale medium`,
  `${PAT(104)} expired-not-removed low`,
  `${VARIABLE} leaver-shared-secret high`,
  `${PUSH_KEY} over-age medium`,
  `${PUSH_KEY} owner-unknown critical`,
  `${WEB_KEY} owner-unknown high`,
  `${PROJECT_DEPLOY_TOKEN} owner-unknown high`,
  `${GROUP_DEPLOY_TOKEN} owner-unknown high`,
  `${GROUP_TOKEN} owner-unknown critical`,
  `${PROJECT_TOKEN} owner-unknown high`,
  `${BETA_KEY} over-age low`,
  `${BETA_KEY} owner-unknown high`,
].sort();

describe('gitlab findings and ownership through the CLI', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let started: StartedGitlab;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const scan = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  const findings = async () => JSON.parse((await run(['findings', '--json'])).stdout) as Finding[];
  const report = async () => JSON.parse((await run(['report', '--format', 'json'])).stdout) as Report;
  const states = async () => (await report()).credentials.map((entry) => `${entry.uid} ${entry.state}`);
  const open = (all: readonly { credentialUid: string; rule: string; status: string }[]) =>
    all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.status}`).sort();

  beforeAll(async () => {
    dir = temporaryDirectory();
    started = await startGitlab({}, { perPage: 100 });
    Object.assign(process.env, started.env);
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: gitlab',
        '    name: gitlab',
        `    host: ${started.emulator.endpoint}`,
        `    token: ${started.options.token}`,
        '    groups: [acme, beta]',
        '    instance: true',
        '',
      ].join('\n'),
    );
    const first = await scan();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
  });
  afterAll(async () => {
    await started.close();
    for (const name of Object.keys(started.env)) delete process.env[name];
    dir.remove();
  });

  it('raises exactly these findings', async () => {
    const all = await findings();
    expect(
      all.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`).sort(),
    ).toEqual(FINDINGS);
    const evidence = (credential: string, rule: string) =>
      all.find((finding) => finding.credentialUid === credential && finding.rule === rule)!.evidence;
    expect(evidence(PAT(102), 'leaver-owned')).toEqual({
      owner: { employeeId: 'E2', email: 'bob@acme.example', name: 'Bob' },
      confidence: 0.92,
      outcome: 'resolved',
      signals: [
        { kind: 'owners-api', value: 'bob@acme.example', source: 'email of GitLab user bob (GET /users/3)' },
        { kind: 'login', value: 'bob', source: 'username of GitLab user bob (GET /users/3)' },
      ],
      status: 'terminated',
      terminationDate: '2026-10-01',
      asOf: '2026-11-26',
    });
    expect(evidence(PAT(102), 'stale')).toEqual({
      lastUsedAt: '2026-06-01T10:00:00Z',
      daysSinceLastUse: 178,
      staleAfterDays: 90,
      asOf: '2026-11-26',
    });
  });

  it('shows each PAT’s owner with the user fields it was read from', async () => {
    const { credentials } = await report();
    const owner = (credential: string) => credentials.find((entry) => entry.uid === credential)!.owner;
    expect(owner(PAT(101))).toEqual({
      employeeId: 'E1',
      email: 'ann@acme.example',
      name: 'Ann',
      confidence: 0.94,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'owners-api',
          value: 'ann@acme.example',
          source: 'email of GitLab user ann (GET /users/2)',
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
        {
          kind: 'saml-identity',
          value: 'ann@acme.example',
          source: 'saml identity of GitLab user ann (GET /users/2)',
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
        {
          kind: 'login',
          value: 'ann',
          source: 'username of GitLab user ann (GET /users/2)',
          matchedEmployeeId: 'E1',
          matchedBy: 'alias',
        },
      ],
    });
    expect(owner(GROUP_TOKEN)).toEqual({
      employeeId: null,
      email: null,
      name: null,
      confidence: 0,
      outcome: 'none',
      evidence: [],
    });
  });

  it('keeps the CI/CD variable’s value out of the database and every output', async () => {
    const outputs = [
      (await run(['findings', '--json'])).stdout,
      (await run(['report', '--format', 'json'])).stdout,
      (await run(['report', '--format', 'markdown'])).stdout,
    ];
    for (const output of outputs) expect(output).not.toContain(VARIABLE_CANARY);
    for (const file of ['nhiscan.db', 'nhiscan.db-wal']) {
      const path = join(dir.path, file);
      if (existsSync(path)) expect(readFileSync(path).includes(VARIABLE_CANARY)).toBe(false);
    }
    // The emulator did send it: the scanner dropped it.
    expect(started.emulator.estate.projects[0]!.variables[0]!.value).toBe(VARIABLE_CANARY);
  });

  it('exits 3 when group beta is denied, reads acme, and marks nothing gone until beta is readable again', async () => {
    started.emulator.injectFaults([
      { path: /\/groups\/beta$/, status: 403, times: Number.POSITIVE_INFINITY },
    ]);
    // Meanwhile in acme: the web project's deploy key is removed.
    started.emulator.estate.projects[1]!.deployKeys.splice(0, 1);
    const before = started.emulator.requestLog.length;
    const partial = await scan();
    expect(partial.stderr).toBe('');
    expect(partial.exitCode).toBe(3);
    // After the denied group, nothing of beta was asked for.
    const calls = started.emulator.requestLog
      .slice(before)
      .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(calls.filter((call) => /\/(groups\/(beta|20)|projects\/110)\b/.test(call))).toEqual([
      'GET /api/v4/groups/beta 403',
    ]);
    const partialReport = await report();
    expect(partialReport.scan.status).toBe('partial');
    expect(partialReport.scan.sources).toEqual([
      {
        name: 'gitlab',
        type: 'gitlab',
        status: 'partial',
        credentials: 9,
        problems: [{ scope: 'group beta', reason: 'GET /groups/beta failed: 403: 403 Forbidden' }],
      },
    ]);
    const unverified = (await states()).filter((line) => !line.endsWith(' present'));
    expect(unverified.sort()).toEqual([`${WEB_KEY} unverified`, `${BETA_KEY} unverified`]);
    expect(open(await findings())).toEqual(
      FINDINGS.map((line) => `${line.split(' ').slice(0, 2).join(' ')} open`).sort(),
    );

    started.emulator.injectFaults([]);
    const complete = await scan();
    expect(complete.stderr).toBe('');
    expect(complete.exitCode).toBe(0);
    expect((await states()).filter((line) => !line.endsWith(' present'))).toEqual([`${WEB_KEY} gone`]);
    expect(open((await report()).findings).filter((line) => line.startsWith(WEB_KEY))).toEqual([
      `${WEB_KEY} owner-unknown resolved`,
    ]);
  });
});
