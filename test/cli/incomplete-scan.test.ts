/**
 * "Could not look" is never "found nothing": a partial or failed source exits 3, keeps what it
 * could not see (unverified, findings still open) and never marks it gone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerPlugin } from '../../scanners/index.js';
import type { Credential } from '../../src/core/model.js';
import type { ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { credential } from '../support/builders.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

type Behaviour = 'complete' | 'partial' | 'throws';
let behaviour: Behaviour = 'complete';

function key(id: string): Credential {
  return credential(id, {
    uid: `fake:acct:key:${id}`,
    provider: 'fake',
    account: 'acct',
    kind: 'key',
    ownerSignals: [{ kind: 'tag', value: 'bob@acme.example', source: 'fake tag owner' }],
  });
}

const fakePlugin: ScannerPlugin<Record<string, never>> = {
  id: 'fake-provider',
  description: 'test double whose reads can fail',
  credentialKinds: ['key'],
  permissions: { scan: ['fake:Read'], revoke: [] },
  optionsSchema: z.strictObject({}),
  create: () => ({
    async *list(): AsyncIterable<ScanPage> {
      yield { credentials: [key('one')], principals: [] };
      if (behaviour === 'throws') throw new Error('fake: ListKeys failed for acct: HTTP 503');
      if (behaviour === 'partial') {
        yield {
          credentials: [],
          principals: [],
          partial: { scope: 'page 2', reason: 'rate limited (HTTP 429)' },
        };
        return;
      }
      yield { credentials: [key('two')], principals: [] };
    },
  }),
};
registerPlugin('fake-provider', async () => fakePlugin);

describe('incomplete scans', () => {
  const dir = temporaryDirectory();
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  const states = async () => {
    const report = JSON.parse((await run(['report', '--format', 'json'])).stdout);
    return Object.fromEntries(
      report.credentials.map((c: { externalId: string; state: string }) => [c.externalId, c.state]),
    );
  };

  beforeAll(() => {
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type,termination_date\nE2,bob@acme.example,Bob,terminated,employee,2026-10-01\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: fake-provider\n',
    );
  });
  afterAll(() => dir.remove());

  it('a partial source exits 3 and keeps the unseen credential, unverified, with its finding open', async () => {
    behaviour = 'complete';
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    behaviour = 'partial';
    const partial = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(partial.exitCode).toBe(3);
    expect(partial.stdout).toContain('! fake-provider: page 2: rate limited (HTTP 429)');
    expect(partial.stdout).toContain('Result: scan incomplete (exit 3)');
    expect(await states()).toEqual({ one: 'present', two: 'unverified' });
    const findings = JSON.parse((await run(['findings', '--json'])).stdout);
    expect(
      findings.map((f: { credentialUid: string; status: string }) => [f.credentialUid, f.status]),
    ).toEqual([
      ['fake:acct:key:one', 'open'],
      ['fake:acct:key:two', 'open'],
    ]);
  });

  it('a failed source exits 3 even when it also has findings, and marks nothing gone', async () => {
    behaviour = 'throws';
    const failed = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'critical', '--json']);
    expect(failed.exitCode).toBe(3);
    const report = JSON.parse(failed.stdout);
    expect(report.scan.status).toBe('failed');
    expect(report.scan.sources).toEqual([
      {
        name: 'fake-provider',
        type: 'fake-provider',
        status: 'failed',
        credentials: 1,
        problems: [{ scope: 'source fake-provider', reason: 'fake: ListKeys failed for acct: HTTP 503' }],
      },
    ]);
    expect(await states()).toEqual({ one: 'present', two: 'unverified' });
  });

  it('a complete scan afterwards makes the credential present again', async () => {
    behaviour = 'complete';
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await states()).toEqual({ one: 'present', two: 'present' });
  });
});
