/**
 * `nhiscan scan` with a GitHub source whose organization has no SAML: its credential
 * authorizations are unsupported, not incomplete — everything else is scanned and the scan exits 0,
 * not 3. An authorization seen while the org still had SAML is kept (unverified), never gone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { TOKEN, TOKEN_ENV, twoOrgEstate } from './estate.js';

const UNSUPPORTED = {
  scope: 'org beta credential authorizations',
  reason:
    'unsupported (the scan stays complete): beta does not use SAML single sign-on (GET /orgs/beta/credential-authorizations answered 404 and GraphQL shows no SAML identity provider), so no token or SSH key authorization can exist there',
};

interface ReportCredential {
  uid: string;
  state: string;
}

describe('nhiscan scan with a GitHub organization without SAML', () => {
  const dir = temporaryDirectory();
  let emulator: GithubEmulator;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  const states = (report: { credentials: ReportCredential[] }) =>
    Object.fromEntries(report.credentials.map((c) => [c.uid, c.state]));

  beforeAll(async () => {
    emulator = await startGithubEmulator({ estate: twoOrgEstate() });
    process.env[TOKEN_ENV] = TOKEN;
    writeFileSync(
      join(dir.path, 'hr.csv'),
      [
        'employee_id,email,name,status,worker_type,aliases',
        'E4,dan@beta.example,Dan,active,employee,github:dan',
        'E5,eve@beta.example,Eve,active,employee,github:eve',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: github',
        '    name: github',
        '    orgs: [beta]',
        `    baseUrl: ${emulator.endpoint}`,
        `    auth: { token: env:${TOKEN_ENV} }`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await emulator.close();
    dir.remove();
  });

  it('scans everything else and exits 0, listing the unsupported part with the problems', async () => {
    const result = await run(['scan', '--as-of', '2026-11-26', '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scan.status).toBe('complete');
    expect(report.scan.sources).toEqual([
      { name: 'github', type: 'github', status: 'complete', credentials: 2, problems: [UNSUPPORTED] },
    ]);
    expect(states(report)).toEqual({
      'github:beta/infra:deploy-key:51': 'present',
      'github:beta:fine-grained-pat:801': 'present',
    });
    expect(report.findings).toEqual([]);
  });

  it('says so in the summary, and still calls the result clean', async () => {
    const result = await run(['scan', '--as-of', '2026-11-26']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`    ! github: ${UNSUPPORTED.scope}: ${UNSUPPORTED.reason}\n`);
    expect(result.stdout).toContain('Result: clean, nothing open at or above high (exit 0).');
  });

  it('keeps an authorization seen while the org had SAML as unverified, while a deleted deploy key is gone', async () => {
    const beta = emulator.estate.orgs[1]!;
    beta.saml = true;
    beta.externalIdentities = [{ login: 'dan', nameId: 'dan@beta.example', emails: [] }];
    beta.credentialAuthorizations = [
      {
        login: 'dan',
        credential_id: 901,
        credential_type: 'personal access token',
        token_last_eight: 'd9010001',
        credential_authorized_at: '2026-10-01T00:00:00Z',
        credential_accessed_at: '2026-11-20T00:00:00Z',
        authorized_credential_id: 9901,
        scopes: ['repo'],
      },
    ];
    const withSaml = await run(['scan', '--as-of', '2026-11-26', '--json']);
    expect(withSaml.exitCode).toBe(0);
    const before = JSON.parse(withSaml.stdout);
    expect(before.scan.sources[0].problems).toEqual([]);
    expect(states(before)['github:beta:personal-access-token:901']).toBe('present');

    beta.saml = false;
    beta.repos[0]!.deployKeys = [];
    // The authorization is kept (unsupported), but one deploy key of three credentials gone is more
    // than a source may shrink unnoticed (docs/queue.md): a person accepts it.
    const accept = ['--accept-source-change', '--by', 'eve@beta.example', '--reason', 'deploy key removed'];
    const withoutSaml = await run(['scan', '--as-of', '2026-11-26', '--json', ...accept]);
    expect(withoutSaml.exitCode).toBe(0);
    const after = JSON.parse(withoutSaml.stdout);
    expect(after.scan.status).toBe('complete');
    expect(after.scan.sources[0].problems).toEqual([UNSUPPORTED]);
    expect(states(after)).toEqual({
      'github:beta/infra:deploy-key:51': 'gone',
      'github:beta:fine-grained-pat:801': 'present',
      'github:beta:personal-access-token:901': 'unverified',
    });
    const reasons = Object.fromEntries(
      after.credentials.map((c: ReportCredential & { stateReason: string | null }) => [c.uid, c.stateReason]),
    );
    expect(reasons).toEqual({
      'github:beta/infra:deploy-key:51': 'not returned by complete scan of source github',
      'github:beta:fine-grained-pat:801': null,
      'github:beta:personal-access-token:901':
        'source github did not list personal-access-token in beta in run 4: the provider does not offer it there (unsupported)',
    });
  });
});
