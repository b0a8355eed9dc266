/** GCP source options in a real config file: defaults, and bad values named by file, line and key. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

describe('gcp source options', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  const load = (source: string[]) => {
    const file = join(dir.path, 'nhiscan.yaml');
    writeFileSync(
      file,
      ['hr: { source: csv, path: hr.csv }', 'sources:', '  - type: gcp', ...source, ''].join('\n'),
    );
    return loadConfig(file);
  };

  it('fills in the documented defaults', async () => {
    const config = await load(['    projects: [acme-prod]']);
    expect(config.sources[0]!.options).toEqual({
      projects: ['acme-prod'],
      ownerDescriptionPattern: String.raw`owner:\s*([^\s,;]+)`,
      serviceAccountIamPolicy: true,
      ownerRoles: [
        'roles/iam.serviceAccountKeyAdmin',
        'roles/iam.serviceAccountUser',
        'roles/iam.serviceAccountAdmin',
        'roles/iam.serviceAccountTokenCreator',
      ],
      privilegedRoles: [
        'roles/owner',
        'roles/editor',
        'roles/resourcemanager.projectIamAdmin',
        'roles/iam.securityAdmin',
        'roles/iam.serviceAccountAdmin',
        'roles/iam.serviceAccountKeyAdmin',
        'roles/iam.serviceAccountTokenCreator',
        'roles/iam.roleAdmin',
      ],
      lastUse: true,
      disableServiceAccount: false,
      pageSize: 100,
      concurrency: 8,
      projectConcurrency: 64,
      retries: 6,
      requestTimeoutSeconds: 60,
    });
  });

  it.each([
    [
      ['    projects: [Acme_Prod]'],
      'line 4, key sources[0].projects[0]: expected a GCP project id (6-30 lowercase letters, digits, hyphens)',
    ],
    [
      ['    projects: [acme-prod]', '    ownerDescriptionPattern: "owner: \\\\S+"'],
      'line 5, key sources[0].ownerDescriptionPattern: expected a capture group around the owner, e.g. owner:\\s*(\\S+)',
    ],
    [
      ['    projects: [acme-prod]', '    ownerDescriptionPattern: "owner: ([a-z"'],
      'key sources[0].ownerDescriptionPattern: not a valid regular expression',
    ],
    [
      // A literal token where env:NAME belongs is refused as secret material, never quoted.
      ['    projects: [acme-prod]', '    credentials: { accessToken: ya29.not-inline }'],
      'key sources[0].credentials.accessToken: this value holds what looks like a Google OAuth access token (not shown)',
    ],
    [
      ['    projects: [acme-prod]', '    credentials: { accessToken: not-inline }'],
      'key sources[0].credentials.accessToken: expected a secret reference such as env:NAME (secrets are never inlined)',
    ],
    [
      ['    projects: [acme-prod]', '    privilegedRoles: [owner]'],
      'key sources[0].privilegedRoles[0]: expected an IAM role name such as roles/iam.serviceAccountUser',
    ],
  ])('refuses %j', async (source, message) => {
    await expect(load(source)).rejects.toThrow(message);
  });
});
