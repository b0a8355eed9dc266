/**
 * Executor outcomes that the AWS emulator does not produce on its own, through a scripted provider:
 * a propagation gap (the provider says done, a re-read says still usable), transient errors retried
 * with backoff, a permanent failure that stays visible, manual tasks confirmed by a person, and the
 * incomplete-scan and max-per-run guards.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerPlugin } from '../../scanners/index.js';
import type { Credential } from '../../src/core/model.js';
import type { RevokeStep, ScannerPlugin, ScanPage, VerifyResult } from '../../src/core/plugin.js';
import { openDatabase } from '../../src/store/index.js';
import { credential } from '../support/builders.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

interface Script {
  keys: string[];
  partial: boolean;
  /** Errors to throw from revoke before succeeding, per key. */
  failures: Map<string, Error[]>;
  /** Keys whose re-read still shows them usable after a disable. */
  sticky: Set<string>;
  calls: string[];
  state: Map<string, 'active' | 'inactive' | 'gone'>;
}

const script: Script = {
  keys: [],
  partial: false,
  failures: new Map(),
  sticky: new Set(),
  calls: [],
  state: new Map(),
};

function key(id: string): Credential {
  return credential(id, {
    uid: `scripted:acct:key:${id}`,
    provider: 'scripted',
    account: 'acct',
    kind: 'key',
    externalId: id,
    status: script.state.get(id) === 'inactive' ? 'inactive' : 'active',
    ownerSignals: [{ kind: 'tag', value: 'bob@acme.example', source: 'scripted tag owner' }],
  });
}

const scriptedPlugin: ScannerPlugin<Record<string, never>> = {
  id: 'scripted-provider',
  description: 'test provider whose revoke and verify follow a script',
  credentialKinds: ['key'],
  permissions: { scan: ['scripted:Read'], revoke: ['scripted:Write'] },
  optionsSchema: z.strictObject({}),
  create: () => ({
    async *list(): AsyncIterable<ScanPage> {
      yield {
        credentials: script.keys.filter((id) => script.state.get(id) !== 'gone').map(key),
        principals: [],
        ...(script.partial ? { partial: { scope: 'page 2', reason: 'HTTP 503' } } : {}),
      };
    },
    revoker: {
      steps: () => ['disable', 'delete'],
      async revoke(target: Credential, step: RevokeStep, options) {
        const apiCall = `scripted:${step === 'disable' ? 'Disable' : 'Delete'}Key ${target.externalId}`;
        if (options.dryRun) return { outcome: 'planned' as const, apiCall };
        script.calls.push(apiCall);
        const queued = script.failures.get(target.externalId);
        const failure = queued?.shift();
        if (failure) throw failure;
        if (!script.sticky.has(target.externalId))
          script.state.set(target.externalId, step === 'disable' ? 'inactive' : 'gone');
        return { outcome: 'revoked' as const, apiCall };
      },
      async verify(target: Credential): Promise<VerifyResult> {
        const state = script.state.get(target.externalId) ?? 'active';
        return { usable: state === 'active', exists: state !== 'gone', detail: `state ${state}` };
      },
      // The scripted provider's own judgement: unavailable and throttled are worth a retry.
      isTransient: (error) => /^(ServiceUnavailable|Throttling):/.test((error as Error).message),
    },
  }),
};
registerPlugin('scripted-provider', async () => scriptedPlugin);

// Bob has left and owns the keys; Ann, who owns nothing, is the person who confirms manual tasks.
const HR =
  'employee_id,email,name,status,worker_type,termination_date\nE1,ann@acme.example,Ann,active,employee,\nE2,bob@acme.example,Bob,terminated,employee,2026-10-01\n';

describe('executor outcomes', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const requests = async () => JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
  const auditActions = () => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
        (row) => row.action,
      );
    } finally {
      db.close();
    }
  };
  const setup = async (
    keys: string[],
    revocation = '{ leaver: approve, rules: { leaver-owned: { standard: auto } }, deleteAfterDays: 0 }',
  ) => {
    script.keys = keys;
    script.partial = false;
    script.failures = new Map();
    script.sticky = new Set();
    script.calls = [];
    script.state = new Map(keys.map((id) => [id, 'active' as const]));
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      // The executor, ops, is a service actor that may run and verify the queue.
      `hr: { source: csv, path: hr.csv }\nsources:\n  - type: scripted-provider\n    name: scripted\nrevocation: ${revocation}\ngovernance: { actors: [{ id: ops, roles: [execute, verify] }] }\n`,
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
  };

  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('disables then deletes in one run when deleteAfterDays is 0, verifying each step', async () => {
    await setup(['k1']);
    // A dry run asks the plugin for the exact call (a dry-run revoke) and makes none; whether a
    // plugin's dry run calls its provider is the contract suite's to check (test/scanners/contract.test.ts).
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('plan     #1 disable scripted:acct:key:k1  →  scripted:DisableKey k1');
    expect(script.calls).toEqual([]);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(applied.exitCode).toBe(0);
    expect(script.calls).toEqual(['scripted:DisableKey k1', 'scripted:DeleteKey k1']);
    expect(applied.stdout).toContain(
      'done     #1 disable scripted:acct:key:k1: revoked; re-read: state inactive',
    );
    expect(applied.stdout).toContain(
      'done     #1 delete  scripted:acct:key:k1: revoked; re-read: state gone',
    );
    expect((await requests())[0].state).toBe('done');
  });

  it('a step the provider reports done but a re-read shows usable is a propagation gap: critical finding, request open', async () => {
    await setup(['k1']);
    script.sticky.add('k1');
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(
      'GAP      #1 disable scripted:acct:key:k1: scripted:DisableKey k1 reported success but the credential is still usable (state active): propagation-gap finding raised',
    );
    const [request] = await requests();
    expect(request.state).toBe('in-progress');
    expect(
      request.steps.map((step: { state: string; outcome: string }) => [step.state, step.outcome]),
    ).toEqual([
      ['pending', 'propagation-gap'],
      ['pending', null],
    ]);
    const findings = JSON.parse((await run(['findings', '--json'])).stdout);
    expect(
      findings
        .filter((finding: { rule: string }) => finding.rule === 'propagation-gap')
        .map((finding: { severity: string; credentialUid: string }) => [
          finding.severity,
          finding.credentialUid,
        ]),
    ).toEqual([['critical', 'scripted:acct:key:k1']]);
    expect(auditActions()).toContain('step.propagation-gap');

    // A rescan keeps the gap open while it holds; once the provider catches up, queue verify closes it.
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    expect((await run(['queue', 'verify', '--by', 'ops'])).exitCode).toBe(1);
    script.state.set('k1', 'inactive');
    const verified = await run(['queue', 'verify', '--by', 'ops']);
    expect(verified.stdout).toBe('#1 disable scripted:acct:key:k1: gap-closed (state inactive)\n');
    expect(verified.exitCode).toBe(0);
    const after = JSON.parse((await run(['findings', '--json'])).stdout);
    expect(after.some((finding: { rule: string }) => finding.rule === 'propagation-gap')).toBe(false);
  });

  it('retries transient provider errors with backoff, and keeps a permanent failure visible (exit 3)', async () => {
    await setup(['k1', 'k2']);
    script.failures.set('k1', [
      new Error('ServiceUnavailable: HTTP 503'),
      new Error('Throttling: Rate exceeded'),
    ]);
    script.failures.set('k2', [new Error('AccessDenied: not allowed to DisableKey')]);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(applied.exitCode).toBe(3);
    expect(script.calls).toEqual([
      'scripted:DisableKey k1',
      'scripted:DisableKey k2',
      'scripted:DisableKey k1',
      'scripted:DisableKey k1',
      'scripted:DeleteKey k1',
    ]);
    expect(applied.stdout).toContain(
      'FAILED   #2 disable scripted:acct:key:k2: AccessDenied: not allowed to DisableKey',
    );
    const listed = await requests();
    expect(listed.map((request: { state: string }) => request.state)).toEqual(['done', 'in-progress']);
    expect(listed[1].steps[0]).toMatchObject({
      state: 'failed',
      attempts: 1,
      detail: 'AccessDenied: not allowed to DisableKey',
    });
    // The next run tries the failed step again.
    const retried = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(retried.exitCode).toBe(0);
    expect(script.calls.slice(5)).toEqual(['scripted:DisableKey k2', 'scripted:DeleteKey k2']);
  }, 20_000);

  it('refuses on an incomplete scan and on more actions than maxPerRun; --max takes a batch', async () => {
    await setup(
      ['k1', 'k2', 'k3'],
      '{ leaver: approve, rules: { leaver-owned: { standard: auto } }, deleteAfterDays: 30, maxPerRun: 2 }',
    );
    const tooMany = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(tooMany.exitCode).toBe(2);
    expect(tooMany.stderr).toContain(
      'refused by guard max-per-run: 3 actions due, more than revocation.maxPerRun 2',
    );
    expect(script.calls).toEqual([]);
    const batch = await run(['queue', 'execute', '--apply', '--max', '2', '--by', 'ops']);
    expect(batch.exitCode).toBe(0);
    expect(script.calls).toEqual(['scripted:DisableKey k1', 'scripted:DisableKey k2']);

    script.partial = true;
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(3);
    const incomplete = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(incomplete.exitCode).toBe(2);
    expect(incomplete.stderr).toContain(
      'refused by guard incomplete-scan: latest scan run 2 is partial: scripted partial (page 2: HTTP 503); rescan before revoking',
    );
    expect(script.calls).toHaveLength(2);
    expect(auditActions().filter((action) => action === 'guard.refused')).toHaveLength(2);
  });
});

describe('manual tasks', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('an inventory-file credential becomes a manual task that a person confirms', async () => {
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(
      join(dir.path, 'inventory.csv'),
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department\n' +
        'jenkins,ci.acme.example,api-token,jk-1,svc-ci,bob@acme.example,2026-01-01,2026-11-01,,active,false,\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\nrevocation: { leaver: approve, rules: { leaver-owned: { standard: auto } } }\n',
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ann@acme.example']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(
      'manual   #1 manual  jenkins:ci.acme.example:api-token:jk-1: Revoke api-token jk-1 for svc-ci in jenkins/ci.acme.example by hand, then run `nhiscan queue confirm 1 --by WHO --reason TEXT`',
    );
    expect(JSON.parse((await run(['queue', 'list', '--json'])).stdout)[0].state).toBe('waiting-for-human');
    const missing = await run(['queue', 'confirm', '1', '--by', 'ann@acme.example']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
    const confirmed = await run([
      'queue',
      'confirm',
      '1',
      '--by',
      'ann@acme.example',
      '--reason',
      'token deleted in Jenkins',
    ]);
    expect(confirmed.exitCode).toBe(0);
    const [request] = JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
    expect(request.state).toBe('done');
    expect(request.decisions).toEqual([
      {
        actor: 'ann@acme.example',
        decision: 'confirm',
        reason: 'token deleted in Jenkins',
        at: '2026-11-26T12:00:00.000Z',
      },
    ]);
  });
});
