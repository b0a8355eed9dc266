/**
 * Provider payloads never carry a secret into nhiscan (issue 21): canaries of every shape planted in
 * each emulator's payload fields (AWS tags, user and policy names; GCP service-account descriptions
 * and display names; Entra app, service principal and credential display names; GitHub repository
 * names, app slugs, SAML nameIds, fingerprints, key titles and token names) are stored as
 * `[redacted:<kind>]`, each field with a warning naming the credential and field. The scan is not
 * refused; no canary reaches the database file, a report of any format, the notices, the audit log
 * or its export, stdout or stderr.
 */
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { type AzureEmulator, startAzureEmulator } from '../../scanners/azure/emulator/index.js';
import { type GcpEmulator, startGcpEmulator } from '../../scanners/gcp/emulator/index.js';
import { type GithubEmulator, startGithubEmulator } from '../../scanners/github/emulator/index.js';
import { openDatabase } from '../../src/store/index.js';
import { type CliRun, cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  AWS_ACCOUNT,
  awsEstate,
  ENTRA_CLIENT_ID,
  ENTRA_CLIENT_SECRET,
  ENTRA_TENANT,
  entraEstate,
  entraKeyId,
  GCP_PROJECT,
  GCP_TOKEN,
  GITHUB_TOKEN,
  gcpEstate,
  gcpKeyId,
  githubEstate,
  HR_CSV,
} from './canary-estates.js';

const ENV = {
  NHISCAN_CANARY_AWS_KEY: 'AKIATESTSECCALLER001',
  NHISCAN_CANARY_AWS_SECRET: 'emulator-caller-secret',
  NHISCAN_CANARY_GCP_TOKEN: GCP_TOKEN,
  NHISCAN_CANARY_ENTRA_SECRET: ENTRA_CLIENT_SECRET,
  NHISCAN_CANARY_GITHUB_TOKEN: GITHUB_TOKEN,
};

/** Any part of any canary: each holds the word, and nothing else in the estates does. */
const CANARY = /canary|BEGIN RSA/i;

interface Problem {
  scope: string;
  reason: string;
}

interface StoredRow {
  uid: string;
  data: string;
}

describe('provider payload fields holding secrets', () => {
  const dir = temporaryDirectory();
  let aws: AwsEmulator;
  let gcp: GcpEmulator;
  let azure: AzureEmulator;
  let github: GithubEmulator;
  /** Every command's output, by the command line that printed it. */
  const outputs = new Map<string, CliRun>();
  const run = async (argv: string[]) => {
    const result = await cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
    outputs.set(argv.join(' '), result);
    return result;
  };
  let jsonScan: CliRun;
  let plainScan: CliRun;

  beforeAll(async () => {
    [aws, gcp, azure, github] = await Promise.all([
      startAwsEmulator({ estate: awsEstate() }),
      startGcpEmulator({ estate: gcpEstate() }),
      startAzureEmulator({ estate: { tenants: [entraEstate()] } }),
      startGithubEmulator({ estate: githubEstate() }),
    ]);
    Object.assign(process.env, ENV);
    writeFileSync(join(dir.path, 'hr.csv'), HR_CSV);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(join(dir.path, 'ca.pem'), azure.caCertificatePem);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: aws',
        `    endpoint: ${aws.endpoint}`,
        '    credentials: { accessKeyId: env:NHISCAN_CANARY_AWS_KEY, secretAccessKey: env:NHISCAN_CANARY_AWS_SECRET }',
        `    accounts: [{ id: "${AWS_ACCOUNT}", roleName: read }]`,
        '  - type: gcp',
        `    projects: [${GCP_PROJECT}]`,
        `    rootUrl: ${gcp.endpoint}`,
        '    credentials: { accessToken: env:NHISCAN_CANARY_GCP_TOKEN }',
        '  - type: azure',
        `    tenantId: ${ENTRA_TENANT}`,
        `    credentials: { clientId: ${ENTRA_CLIENT_ID}, clientSecret: env:NHISCAN_CANARY_ENTRA_SECRET }`,
        `    graphUrl: ${azure.graphEndpoint}`,
        `    authorityHost: ${azure.authorityHost}`,
        '    authorityCaFile: ca.pem',
        '  - type: github',
        '    orgs: [acme]',
        `    baseUrl: ${github.endpoint}`,
        '    auth: { token: env:NHISCAN_CANARY_GITHUB_TOKEN }',
        'notifications:',
        '  securityContact: security@acme.example',
        '  channels:',
        '    - { type: webhook, url: "http://127.0.0.1:9/nhiscan" }',
        '',
      ].join('\n'),
    );
    jsonScan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify', '--json']);
    plainScan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    for (const format of ['json', 'sarif', 'junit', 'markdown', 'html'])
      await run(['report', '--format', format]);
    for (const format of ['ocsf', 'ecs']) await run(['report', '--format', format, '--include-inventory']);
    await run(['findings', '--all']);
    await run(['findings', '--all', '--json']);
    await run(['notify', '--dry-run', '--as-of', '2026-11-26']);
    await run(['notify', '--dry-run', '--as-of', '2026-11-26', '--json']);
    await run(['queue', 'list', '--all', '--json']);
    await run(['audit', 'log', '--limit', '0', '--json']);
    await run(['audit', 'export', '--format', 'ocsf']);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([aws?.close(), gcp?.close(), azure?.close(), github?.close()]);
    for (const name of Object.keys(ENV)) delete process.env[name];
    dir.remove();
  });

  /** The text of every compressed column of the database, one value a line. */
  function storedTexts(): string {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const values = db
        .prepare(
          `SELECT stored_text(data, uid) FROM credentials
           UNION ALL SELECT stored_text(data, uid) FROM principals
           UNION ALL SELECT stored_text(evidence, credential_uid) FROM owner_resolutions
           UNION ALL SELECT stored_text(title, credential_uid) FROM findings
           UNION ALL SELECT stored_text(evidence, credential_uid) FROM findings
           UNION ALL SELECT stored_text(data, employee_id) FROM people`,
        )
        .pluck()
        .all() as string[];
      return values.join('\n');
    } finally {
      db.close();
    }
  }

  /** The stored JSON of a credential or principal, as the database holds it. */
  function stored(table: 'credentials' | 'principals', uid: string): Record<string, unknown> {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const row = db.prepare(`SELECT stored_text(data, uid) AS data FROM ${table} WHERE uid = ?`).get(uid) as
        | StoredRow
        | undefined;
      return JSON.parse(row?.data ?? 'null') as Record<string, unknown>;
    } finally {
      db.close();
    }
  }
  const reportProblems = (source: string) =>
    (
      JSON.parse(jsonScan.stdout) as { scan: { sources: { name: string; problems: Problem[] }[] } }
    ).scan.sources.find((entry) => entry.name === source)!.problems;
  const warnings = (source: string) =>
    jsonScan.stderr.split('\n').filter((line) => line.startsWith(`nhiscan: warning: ${source}: `));

  it('scans as usual: exit 0, every source complete, each redacted field listed with the problems', () => {
    expect([jsonScan.exitCode, plainScan.exitCode]).toEqual([0, 0]);
    const report = JSON.parse(jsonScan.stdout) as {
      scan: { status: string; sources: { name: string; status: string; problems: Problem[] }[] };
    };
    expect(report.scan.status).toBe('complete');
    expect(report.scan.sources.map((source) => `${source.name} ${source.status}`)).toEqual([
      'aws complete',
      'azure complete',
      'gcp complete',
      'github complete',
    ]);
    // One warning line on stderr per redacted field, and the same fields in the report.
    const problems = report.scan.sources.flatMap((source) => source.problems);
    expect(
      problems.every((problem) => /^held what looks like .+; stored as \[redacted:/.test(problem.reason)),
    ).toBe(true);
    expect(jsonScan.stderr.split('\n').filter((line) => line.startsWith('nhiscan: warning: '))).toHaveLength(
      problems.length,
    );
    expect(report.scan.sources.find((source) => source.name === 'azure')!.problems).toContainEqual({
      scope: `credential azure:${ENTRA_TENANT}:client-secret:${entraKeyId(1)} field attributes.displayName`,
      reason: 'held what looks like a Stripe secret key; stored as [redacted:stripe-key]',
    });
  });

  it('aws: tag values, a user name and a policy name are stored redacted, with a warning per field', () => {
    const key = `aws:${AWS_ACCOUNT}:access-key:AKIATESTSEC000000001`;
    const password = `aws:${AWS_ACCOUNT}:console-password:[redacted:stripe-key]`;
    expect(warnings('aws')).toEqual(
      expect.arrayContaining([
        `nhiscan: warning: aws: credential ${key} field department: held what looks like an AWS secret access key; stored as [redacted:aws-secret-key]`,
        `nhiscan: warning: aws: credential ${key} field ownerSignals[0].value: held what looks like a GitHub token; stored as [redacted:github-token]`,
        `nhiscan: warning: aws: credential ${key} field privilegedReasons[0]: held what looks like a Google API key; stored as [redacted:google-api-key]`,
        `nhiscan: warning: aws: principal aws:${AWS_ACCOUNT}:user/[redacted:stripe-key] field tags.note: held what looks like a Slack token; stored as [redacted:slack-token]`,
        `nhiscan: warning: aws: principal aws:${AWS_ACCOUNT}:user/[redacted:stripe-key] field tags.ci: held what looks like a JSON web token; stored as [redacted:jwt]`,
        `nhiscan: warning: aws: principal aws:${AWS_ACCOUNT}:user/[redacted:stripe-key] field tags.key: held what looks like a private key; stored as [redacted:private-key]`,
      ]),
    );
    expect(warnings('aws')).toHaveLength(25);
    // A uid that held a secret is named by its redacted form.
    expect(reportProblems('aws')).toContainEqual({
      scope: `credential ${password} field uid`,
      reason: 'held what looks like a Stripe secret key; stored as [redacted:stripe-key]',
    });
    const credential = stored('credentials', key);
    expect([credential.department, credential.principalName, credential.privilegedReasons]).toEqual([
      'platform [redacted:aws-secret-key]',
      '[redacted:stripe-key]',
      ['inline policy [redacted:google-api-key] allows * on *'],
    ]);
    expect((credential.ownerSignals as { value: string }[])[0]!.value).toBe(
      'bob@acme.example token=[redacted:github-token]',
    );
    expect(stored('credentials', password).externalId).toBe('[redacted:stripe-key]');
    expect(stored('principals', `aws:${AWS_ACCOUNT}:user/[redacted:stripe-key]`).tags).toEqual({
      owner: 'bob@acme.example token=[redacted:github-token]',
      department: 'platform [redacted:aws-secret-key]',
      note: 'rotate [redacted:slack-token]',
      ci: 'deploy [redacted:jwt]',
      key: '[redacted:private-key]',
    });
  });

  it('gcp: service-account descriptions and display names are stored redacted', () => {
    const deployer = `gcp:${GCP_PROJECT}:service-account:deployer@${GCP_PROJECT}.iam.gserviceaccount.com`;
    const backup = `gcp:${GCP_PROJECT}:service-account:backup@${GCP_PROJECT}.iam.gserviceaccount.com`;
    const key = (n: number) => `gcp:${GCP_PROJECT}:service-account-key:${gcpKeyId(n)}`;
    expect(warnings('gcp')).toEqual([
      `nhiscan: warning: gcp: credential ${key(1)} field attributes.serviceAccountDisplayName: held what looks like a Google API key; stored as [redacted:google-api-key]`,
      `nhiscan: warning: gcp: credential ${key(2)} field attributes.serviceAccountDisplayName: held what looks like a JSON web token; stored as [redacted:jwt]`,
      `nhiscan: warning: gcp: principal ${deployer} field tags.displayName: held what looks like a Google API key; stored as [redacted:google-api-key]`,
      `nhiscan: warning: gcp: principal ${deployer} field tags.description: held what looks like a Slack token and a private key; stored as [redacted:slack-token] and [redacted:private-key]`,
      `nhiscan: warning: gcp: principal ${backup} field tags.displayName: held what looks like a JSON web token; stored as [redacted:jwt]`,
      `nhiscan: warning: gcp: principal ${backup} field tags.description: held what looks like a GitHub token, a GitLab token, a Stripe secret key and an AWS secret access key; stored as [redacted:github-token], [redacted:gitlab-token], [redacted:stripe-key] and [redacted:aws-secret-key]`,
    ]);
    expect(stored('principals', deployer).tags).toMatchObject({
      displayName: 'deployer [redacted:google-api-key]',
      description:
        'Deploys production, owner: ann@acme.example; ci [redacted:slack-token]\n[redacted:private-key]',
    });
    expect(stored('principals', backup).tags).toMatchObject({
      description:
        'owner: bob@acme.example (old token [redacted:github-token], gitlab [redacted:gitlab-token], stripe [redacted:stripe-key], aws [redacted:aws-secret-key])',
    });
  });

  it('entra: application, service principal and credential display names are stored redacted', () => {
    const certificate = `azure:${ENTRA_TENANT}:certificate:${entraKeyId(2)}`;
    const application = `azure:${ENTRA_TENANT}:application:a0000000-0000-4000-8000-000000000001`;
    expect(warnings('azure')).toEqual(
      expect.arrayContaining([
        `nhiscan: warning: azure: credential ${certificate} field principalName: held what looks like a GitHub token; stored as [redacted:github-token]`,
        `nhiscan: warning: azure: credential ${certificate} field attributes.displayName: held what looks like a JSON web token; stored as [redacted:jwt]`,
        `nhiscan: warning: azure: principal ${application} field name: held what looks like a GitHub token; stored as [redacted:github-token]`,
      ]),
    );
    const secret = (n: number) =>
      stored('credentials', `azure:${ENTRA_TENANT}:client-secret:${entraKeyId(n)}`);
    expect(
      [1, 3, 4].map((n) => [
        secret(n).principalName,
        (secret(n).attributes as { displayName: string }).displayName,
      ]),
    ).toEqual([
      ['billing [redacted:github-token]', 'prod [redacted:stripe-key]'],
      ['legacy [redacted:slack-token]', '[redacted:private-key]'],
      ['legacy [redacted:slack-token]', 'rotation [redacted:aws-secret-key]'],
    ]);
    expect(stored('principals', application).name).toBe('billing [redacted:github-token]');
  });

  it('github: repository names, an app slug, a SAML nameId and a fingerprint are stored redacted', () => {
    const deployKey = 'github:acme/api-[redacted:github-token]:deploy-key:41';
    expect(warnings('github')).toEqual(
      expect.arrayContaining([
        `nhiscan: warning: github: credential ${deployKey} field uid: held what looks like a GitHub token; stored as [redacted:github-token]`,
        'nhiscan: warning: github: credential github:acme:ssh-key:502 field hint: held what looks like an AWS secret access key; stored as [redacted:aws-secret-key]',
        'nhiscan: warning: github: credential github:acme:personal-access-token:503 field ownerSignals[0].value: held what looks like a Slack token; stored as [redacted:slack-token]',
        'nhiscan: warning: github: principal github:acme:installation/61 field name: held what looks like a Slack token; stored as [redacted:slack-token]',
        'nhiscan: warning: github: credential github:acme:app-installation:61 field principalName: held what looks like a Slack token; stored as [redacted:slack-token]',
        'nhiscan: warning: github: credential github:acme:app-installation:61 field attributes.app_slug: held what looks like a Slack token; stored as [redacted:slack-token]',
        'nhiscan: warning: github: principal github:acme:user/cyd field tags.saml.nameId: held what looks like a Slack token; stored as [redacted:slack-token]',
        'nhiscan: warning: github: principal github:acme/web-[redacted:stripe-key] field name: held what looks like a Stripe secret key; stored as [redacted:stripe-key]',
      ]),
    );
    expect(warnings('github')).toHaveLength(20);
    expect(stored('credentials', deployKey).principalName).toBe('acme/api-[redacted:github-token]');
    expect(stored('credentials', 'github:acme:ssh-key:502').hint).toBe('SHA256 [redacted:aws-secret-key]');
    expect(stored('principals', 'github:acme:installation/61').name).toBe('renovate-[redacted:slack-token]');
    expect(stored('credentials', 'github:acme:app-installation:61').principalName).toBe(
      'renovate-[redacted:slack-token]',
    );
  });

  it('findings, notices and the audit log are built from the redacted fields', () => {
    const findings = JSON.parse(outputs.get('findings --all --json')!.stdout) as { title: string }[];
    expect(findings.map((finding) => finding.title)).toContain(
      `Console password [redacted:stripe-key] of aws/${AWS_ACCOUNT} has never been used since it was created 298 days ago`,
    );
    expect(outputs.get('notify --dry-run --as-of 2026-11-26')!.stdout).toContain(
      `azure · ${ENTRA_TENANT} · billing [redacted:github-token]`,
    );
    expect(outputs.get('audit log --limit 0 --json')!.stdout).toContain(
      '"credentialUid": "github:acme/api-[redacted:github-token]:deploy-key:41"',
    );
  });

  it('no canary reaches the database files, a report, a notice, the audit log or its export, stdout or stderr', () => {
    expect([...outputs.keys()]).toHaveLength(16);
    for (const [command, result] of outputs) {
      expect([command, result.exitCode]).toEqual([command, 0]);
      expect([command, result.stdout.match(CANARY)?.[0]]).toEqual([command, undefined]);
      expect([command, result.stderr.match(CANARY)?.[0]]).toEqual([command, undefined]);
    }
    const files = readdirSync(dir.path).filter((name) => name.startsWith('nhiscan.db'));
    expect(files).toContain('nhiscan.db');
    for (const name of files) {
      const bytes = readFileSync(join(dir.path, name)).toString('latin1');
      expect([name, bytes.match(CANARY)?.[0]]).toEqual([name, undefined]);
    }
    // The compressed columns (src/store/stored-text.ts) do not show in the file's bytes: their text.
    const texts = storedTexts();
    expect(texts.match(CANARY)?.[0]).toBeUndefined();
    // The markers are there: the scan stored the fields, not nothing.
    expect(texts).toContain('[redacted:private-key]');
  });
});
