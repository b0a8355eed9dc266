/**
 * No token over plain http except to this machine (issue 21): the HEC and webhook sinks, a GitHub
 * source's baseUrl and a notice webhook with a token refuse an http:// URL to another host with
 * exit 2, naming the key and never the URL or the token; https anywhere and http to loopback
 * (the emulators, a local forwarder) are accepted. SCIM already insists (test/hr/scim-mapping).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleartextProblem } from '../../src/core/transport.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const CLEAR =
  'expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): the token must not travel in clear';

describe('tokens never travel in clear', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const env = { HEC_TOKEN: 'hec-secret-0000-1111', GH_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' };
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, env });
  const config = (sources: string, extra = '') =>
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      `hr: { source: csv, path: hr.csv }\nsources:\n${sources}\n${extra}`,
    );
  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type\nE1,ann@acme.example,Ann,active,employee\n',
    );
    writeFileSync(
      join(dir.path, 'inv.csv'),
      'provider,account,kind,credential_id,owner\nvault,prod,token,t-1,ann@acme.example\n',
    );
  });
  afterEach(() => dir.remove());

  it('refuses the HEC sink over http to another host, before reading anything', async () => {
    for (const url of ['http://siem.example:8088', 'http://10.0.0.5:8088', 'http://127.0.0.1.example:8088']) {
      const result = await run([
        'report',
        '--format',
        'ocsf',
        '--sink',
        'hec',
        '--url',
        url,
        '--token',
        'env:HEC_TOKEN',
      ]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(`nhiscan: error: key --url: ${CLEAR}\n`);
      expect(result.stderr).not.toContain(env.HEC_TOKEN);
    }
  });

  it('refuses a GitHub baseUrl over http to another host: the config error names the key', async () => {
    config(
      '  - type: github\n    orgs: [acme]\n    baseUrl: http://ghe.acme.example/api/v3\n    auth: { token: env:GH_TOKEN }',
    );
    const result = await run(['scan']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'key sources[0].baseUrl: expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): the GitHub token must not travel in clear',
    );
    expect(result.stderr).not.toContain('ghe.acme.example');
  });

  it('refuses a notice webhook with a token over http, and accepts one without a token or on loopback', async () => {
    const source = '  - { type: inventory-file, path: inv.csv }';
    config(
      source,
      'notifications:\n  securityContact: security@acme.example\n  channels:\n    - { type: webhook, url: "http://hooks.acme.example/nhiscan", token: env:HEC_TOKEN }\n',
    );
    const refused = await run(['scan', '--as-of', '2026-11-26', '--no-notify']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`key notifications.channels[0].url: ${CLEAR}`);
    expect(refused.stderr).not.toContain('hooks.acme.example');
    config(
      source,
      'notifications:\n  securityContact: security@acme.example\n  channels:\n    - { type: webhook, url: "http://hooks.acme.example/nhiscan" }\n',
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--no-notify', '--fail-on', 'none'])).exitCode).toBe(
      0,
    );
    config(
      source,
      'notifications:\n  securityContact: security@acme.example\n  channels:\n    - { type: webhook, url: "http://127.0.0.1:9/nhiscan", token: env:HEC_TOKEN }\n',
    );
    expect((await run(['scan', '--as-of', '2026-11-27', '--no-notify', '--fail-on', 'none'])).exitCode).toBe(
      0,
    );
  });

  it.each([
    ['https://siem.example:8088', true],
    ['http://localhost:8088', true],
    ['http://127.0.0.1:8088', true],
    ['http://127.8.9.10:8088', true],
    ['http://[::1]:8088', true],
    ['http://siem.example:8088', false],
    ['http://localhost.evil.example', false],
    ['ftp://127.0.0.1/x', false],
  ])('%s may carry a token: %s', (url, allowed) => {
    expect(cleartextProblem(new URL(url)) === undefined).toBe(allowed);
  });
});
