/**
 * OWASP NHI10, Human Use of NHI: a finding on a credential of an AWS IAM user that also has a
 * console password (a person signs in as the user) maps to NHI10, in the reports and in
 * `nhiscan findings --framework`. On the demo estate: vquinn signs in and holds an access key and
 * an SSH key; xdubois's own-account record (leaver-access-remains) is a person's account, not a
 * credential beside one, and maps to no NHI10.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsOfConsoleUsers, openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

interface Finding {
  rule: string;
  credentialUid: string;
  compliance: string[];
}

describe('findings of a credential a person signs in beside', () => {
  const dir = temporaryDirectory();
  let db: string;
  beforeAll(async () => {
    expect((await cli(['demo'], { cwd: dir.path })).exitCode).toBe(0);
    db = join(dir.path, 'nhiscan-demo', 'nhiscan.db');
  }, 300_000);
  afterAll(() => dir.remove());

  it('are the present credentials of IAM users with a console password, the password and own account aside', () => {
    const store = openDatabase(db);
    try {
      expect([...credentialsOfConsoleUsers(store)].sort()).toEqual([
        'aws:111111111111:access-key:AKIADEMO000000000010',
        'aws:111111111111:ssh-public-key:APKADEMO000000000001',
      ]);
    } finally {
      store.close();
    }
  });

  it('map to NHI10 in the JSON report (streamed and in memory) and nowhere else', async () => {
    for (const argv of [
      ['report', '--format', 'json', '--db', db],
      ['report', '--format', 'json', '--db', db, '--github-annotations'],
    ]) {
      const run = await cli(argv, { cwd: dir.path });
      expect(run.exitCode).toBe(0);
      const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
      const nhi10 = findings
        .filter((finding) => finding.compliance.includes('owasp-nhi:NHI10'))
        .map((finding) => `${finding.rule} ${finding.credentialUid}`);
      expect(nhi10).toEqual(['over-age aws:111111111111:ssh-public-key:APKADEMO000000000001']);
    }
  });

  it('are what `findings --framework owasp-nhi:NHI10` lists', async () => {
    const run = await cli(['findings', '--db', db, '--framework', 'owasp-nhi:nhi10', '--json'], {
      cwd: dir.path,
    });
    expect(run.exitCode).toBe(0);
    expect(
      (JSON.parse(run.stdout) as Finding[]).map((finding) => [finding.rule, finding.credentialUid]),
    ).toEqual([['over-age', 'aws:111111111111:ssh-public-key:APKADEMO000000000001']]);
  });
});
