/**
 * The same governance run on both engines, through the CLI: a scan of an AWS estate (its emulator,
 * through the official SDK), the findings, a leaver's request approved and executed, and the audit
 * log verified, once with `db: nhiscan.db` (SQLite) and once with `db: postgres://…` (a real
 * PostgreSQL server started here). Every output is the same on both, and so is every audit record
 * but for the scan's own phase timings (which make any two runs' hashes differ).
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import {
  CALLER_ENV,
  credentialUid,
  estateOf,
  type KeyOwner,
  providerWrites,
  writeConfig,
  writeHr,
} from '../queue/support/aws-queue-fixture.js';
import { cli } from '../support/cli.js';
import { freshDatabase } from '../support/postgres-databases.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const AS_OF = '2026-11-26T12:00:00Z';
const KEYS: KeyOwner[] = [
  { user: 'svc-billing', key: 'AKIAENGINESLEAVER001', owner: 'bob@acme.example' },
  { user: 'svc-reports', key: 'AKIAENGINESACTIVE001', owner: 'ann@acme.example' },
];
const HR = [
  { id: 'E1', email: 'ann@acme.example', status: 'active' as const },
  { id: 'E2', email: 'bob@acme.example', status: 'terminated' as const, terminationDate: '2026-10-01' },
  { id: 'E3', email: 'carol@acme.example', status: 'active' as const },
];

interface EngineRun {
  outputs: Record<string, { exitCode: number; stdout: string; stderr: string }>;
  writes: ReturnType<typeof providerWrites>;
}

/** Both runs use the same folder (made anew), so that the paths they record are the same. */
async function governanceRun(root: string, db: string): Promise<EngineRun> {
  const dir = { path: join(root, 'estate') };
  mkdirSync(dir.path);
  const emulator = await startAwsEmulator({ estate: estateOf(KEYS) });
  try {
    writeHr(dir.path, HR, '2026-11-26T06:00:00Z');
    writeConfig(
      dir.path,
      emulator.endpoint,
      '{ leaver: approve, deleteAfterDays: 0 }',
      '{ actors: [{ id: ops, roles: [execute] }] }',
    );
    appendFileSync(join(dir.path, 'nhiscan.yaml'), `db: ${db}\n`);
    const run = (...argv: string[]) => cli(argv, { cwd: dir.path, now: AS_OF });
    const outputs: EngineRun['outputs'] = {};
    const migrated = await run('db', 'migrate', '--json');
    expect([migrated.exitCode, migrated.stderr]).toEqual([0, '']);
    expect(JSON.parse(migrated.stdout)).toEqual({
      engine: db.startsWith('postgres') ? 'postgres' : 'sqlite',
      from: 0,
      to: 15,
    });
    outputs.scan = await run('scan', '--as-of', '2026-11-26', '--fail-on', 'none');
    outputs.findings = await run('findings', '--json');
    outputs.approve = await run(
      'queue',
      'approve',
      '1',
      '--by',
      'carol@acme.example',
      '--reason',
      'bob left',
    );
    outputs.execute = await run('queue', 'execute', '--apply', '--by', 'ops');
    outputs.queue = await run('queue', 'list', '--all', '--json');
    outputs.verify = await run('audit', 'verify');
    outputs.audit = await run('audit', 'log', '--limit', '0');
    outputs.auditJson = await run('audit', 'log', '--limit', '0', '--json');
    return { outputs, writes: providerWrites(emulator) };
  } finally {
    await emulator.close();
    rmSync(dir.path, { recursive: true, force: true });
  }
}

describe('one governance run on SQLite and on PostgreSQL', () => {
  let server: PostgresServer;
  const root = temporaryDirectory();
  const runs: Record<'sqlite' | 'postgres', EngineRun | undefined> = {
    sqlite: undefined,
    postgres: undefined,
  };
  beforeAll(async () => {
    Object.assign(process.env, CALLER_ENV);
    server = await startPostgres();
    runs.sqlite = await governanceRun(root.path, 'nhiscan.db');
    runs.postgres = await governanceRun(root.path, (await freshDatabase(server.url)).url);
    // A PostgreSQL server, an emulator and several CLI runs: more than the default 10 s on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    root.remove();
  });

  it.each(['sqlite', 'postgres'] as const)(
    '%s: scans, decides, revokes exactly once and verifies',
    (engine) => {
      const { outputs, writes } = runs[engine]!;
      for (const [step, output] of Object.entries(outputs)) {
        expect([step, output.exitCode, output.stderr]).toEqual([step, 0, '']);
      }
      const findings = JSON.parse(outputs.findings!.stdout) as { rule: string; credentialUid: string }[];
      expect(findings.map((finding) => [finding.rule, finding.credentialUid])).toEqual([
        ['over-age', credentialUid('AKIAENGINESACTIVE001')],
        ['leaver-owned', credentialUid('AKIAENGINESLEAVER001')],
        ['over-age', credentialUid('AKIAENGINESLEAVER001')],
      ]);
      expect(writes).toEqual([
        ['UpdateAccessKey', 'AKIAENGINESLEAVER001', 'Inactive'],
        ['DeleteAccessKey', 'AKIAENGINESLEAVER001', undefined],
      ]);
      const [request] = JSON.parse(outputs.queue!.stdout) as { state: string; credentialUid: string }[];
      expect([request!.credentialUid, request!.state]).toEqual([
        credentialUid('AKIAENGINESLEAVER001'),
        'done',
      ]);
      expect(outputs.verify!.stdout).toMatch(/^audit log verified: \d+ records, head [0-9a-f]{64}\n$/);
    },
  );

  it('gives the same output on both, and the same audit records but for the scan timings', () => {
    const { verify: _sqliteVerify, auditJson: sqliteAudit, ...sqlite } = runs.sqlite!.outputs;
    const { verify: _postgresVerify, auditJson: postgresAudit, ...postgres } = runs.postgres!.outputs;
    expect(postgres).toEqual(sqlite);
    // A scan's audit record holds how long its phases took, so the hashes differ between any two runs.
    const records = (output: { stdout: string } | undefined) =>
      (
        JSON.parse(output!.stdout) as { payload: Record<string, unknown>; prevHash?: string; hash?: string }[]
      ).map(
        ({ prevHash: _prevHash, hash: _hash, payload: { timings: _timings, ...payload }, ...record }) => ({
          ...record,
          payload,
        }),
      );
    expect(records(postgresAudit)).toEqual(records(sqliteAudit));
    expect(records(sqliteAudit)).toHaveLength(12);
  });
});
