/**
 * `--since-last`: only findings raised (first, or again after being resolved) in a run after the
 * previous complete run. Partial runs in between count as "after"; open ↔ suppressed is not new;
 * the exit code always counts every open finding.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerPlugin } from '../../scanners/index.js';
import type { Credential } from '../../src/core/model.js';
import type { ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { findingUid } from '../../src/policy/finding-uid.js';
import { credential } from '../support/builders.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

let keys: string[] = [];
let partial = false;
const uid = (id: string) => `sincelast:acct:key:${id}`;

function key(id: string): Credential {
  return credential(id, {
    uid: uid(id),
    provider: 'sincelast',
    account: 'acct',
    kind: 'key',
    // `one` belongs to a leaver (critical); the others have no owner (owner-unknown, high).
    ownerSignals: id === 'one' ? [{ kind: 'tag', value: 'bob@acme.example', source: 'tag owner' }] : [],
  });
}

const plugin: ScannerPlugin<Record<string, never>> = {
  id: 'since-last-fake',
  description: 'test double listing a settable set of keys',
  credentialKinds: ['key'],
  permissions: { scan: ['fake:Read'], revoke: [] },
  optionsSchema: z.strictObject({}),
  create: () => ({
    async *list(): AsyncIterable<ScanPage> {
      yield { credentials: keys.map(key), principals: [] };
      if (partial)
        yield { credentials: [], principals: [], partial: { scope: 'page 2', reason: 'HTTP 429' } };
    },
  }),
};
registerPlugin('since-last-fake', async () => plugin);

const leaver = findingUid('leaver-owned', uid('one'));
const unknown = (id: string) => findingUid('owner-unknown', uid(id));

describe('--since-last', () => {
  const dir = temporaryDirectory();
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  const scan = async (ids: string[], extra: string[] = []) => {
    keys = ids;
    return run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', ...extra]);
  };
  const newSince = async () =>
    JSON.parse((await run(['report', '--format', 'json', '--since-last'])).stdout).findings.map(
      (finding: { uid: string }) => finding.uid,
    );

  beforeAll(() => {
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type,termination_date\nE2,bob@acme.example,Bob,terminated,employee,2026-10-01\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      // Keys come and go by the third here: no source-shrink guard (docs/queue.md) in this test.
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: since-last-fake\nrevocation: { sourceShrinkGuardPercent: 100 }\n',
    );
    writeFileSync(
      join(dir.path, 'accept.yaml'),
      `entries:\n  - finding: ${leaver}\n    reason: handover\n    approvedBy: carol\n    expires: 2027-06-01\n`,
    );
  });
  afterAll(() => dir.remove());

  it('on the first scan every finding is new', async () => {
    expect((await scan(['one'])).exitCode).toBe(0);
    expect(await newSince()).toEqual([leaver]);
  });

  it('after a complete scan, only what the latest run raised; the exit code still counts all', async () => {
    await scan(['one', 'two']);
    expect(await newSince()).toEqual([unknown('two')]);
    // The same run asked through scan: the critical leaver finding gates, though it is not shown.
    keys = ['one', 'two'];
    const shown = await run([
      'scan',
      '--as-of',
      '2026-11-26',
      '--fail-on',
      'critical',
      '--since-last',
      '--json',
    ]);
    expect(shown.exitCode).toBe(1);
    // That scan raised nothing new itself (run 3 after complete run 2).
    expect(JSON.parse(shown.stdout).findings).toEqual([]);
    const summary = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'critical', '--since-last']);
    expect(summary.stdout).toContain(
      'New since complete scan #3 (--since-last):\nFindings: 0 open, 0 suppressed',
    );
    expect(summary.stdout).toContain('Result: 1 open finding at or above critical, new or not, (exit 1).');
    expect(summary.exitCode).toBe(1);
  });

  it('a partial run in between counts as after the last complete one', async () => {
    partial = true;
    expect((await scan(['one', 'two', 'three'])).exitCode).toBe(3);
    expect(await newSince()).toEqual([unknown('three')]);
    partial = false;
    await scan(['one', 'two', 'three']);
    // Raised in the partial run 5, after complete run 4: still new in complete run 6.
    expect(await newSince()).toEqual([unknown('three')]);
    await scan(['one', 'two', 'three']);
    expect(await newSince()).toEqual([]);
  });

  it('a finding raised again after it was resolved is new again', async () => {
    await scan(['one', 'three']);
    expect(await newSince()).toEqual([]);
    await scan(['one', 'two', 'three']);
    expect(await newSince()).toEqual([unknown('two')]);
  });

  it('a finding that only became suppressed, or open again, is not new', async () => {
    await scan(['one', 'two', 'three'], ['--baseline', 'accept.yaml']);
    expect(await newSince()).toEqual([]);
    await scan(['one', 'two', 'three']);
    expect(await newSince()).toEqual([]);
  });

  it('narrows every format the same way', async () => {
    await scan(['one', 'two', 'three', 'four']);
    const sarif = JSON.parse((await run(['report', '--format', 'sarif', '--since-last'])).stdout);
    expect(
      sarif.runs[0].results.map((r: { properties: { findingUid: string } }) => r.properties.findingUid),
    ).toEqual([unknown('four')]);
    expect(sarif.runs[0].properties.newSinceCompleteRun).toBe(11);
    const junit = (await run(['report', '--format', 'junit', '--since-last'])).stdout;
    expect(junit.match(/<failure /g)).toHaveLength(1);
    const markdown = (await run(['report', '--format', 'markdown', '--since-last'])).stdout;
    expect(markdown).toContain('_Only findings new since complete scan #11');
    expect(markdown).toContain('**1 open finding** (high 1)');
  });
});
