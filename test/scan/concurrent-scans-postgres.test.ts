/**
 * Two scans at once into one PostgreSQL database: `scan --only aws-a` and `scan --only aws-b`, two
 * `node bin/nhiscan.js` children started in the same tick, each listing its own AWS account (its
 * own emulator) and merging, evaluating and reconciling the queue in the same store. Write
 * transactions of all processes are serialised (an advisory lock) and the audit log is one hash
 * chain, so neither scan may lose the other's work: afterwards the findings are exactly the leaver
 * keys of both sources, the inventory holds every credential of both, both scan runs are recorded
 * (one `scan.finished` record each, complete), each leaver key has one revocation request, and
 * `audit verify` passes. Several rounds, each on a fresh database, to give a race its chance.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { CALLER, CALLER_ENV, type HrRow, writeHr } from '../queue/support/aws-queue-fixture.js';
import { runNhiscan } from '../queue/support/executor-process.js';
import { cli } from '../support/cli.js';
import { freshDatabase } from '../support/postgres-databases.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const ROUNDS = Math.max(3, Number.parseInt(process.env.NHISCAN_PG_SCAN_ROUNDS ?? '5', 10) || 0);
const AS_OF = '2026-11-26T12:00:00Z';

interface Key {
  user: string;
  key: string;
  owner: string;
}
interface Source {
  name: string;
  account: string;
  leavers: Key[];
  active: Key[];
}

const SOURCES: Source[] = [
  {
    name: 'aws-a',
    account: '222222222222',
    leavers: [1, 2, 3].map((n) => ({
      user: `svc-a-leaver-${n}`,
      key: `AKIASCANALEAVER0000${n}`,
      owner: n % 2 ? 'bob@acme.example' : 'cy@acme.example',
    })),
    active: [{ user: 'svc-a-active', key: 'AKIASCANAACTIVE00001', owner: 'ann@acme.example' }],
  },
  {
    name: 'aws-b',
    account: '333333333333',
    leavers: [1, 2].map((n) => ({
      user: `svc-b-leaver-${n}`,
      key: `AKIASCANBLEAVER0000${n}`,
      owner: n % 2 ? 'dee@acme.example' : 'bob@acme.example',
    })),
    active: [1, 2].map((n) => ({
      user: `svc-b-active-${n}`,
      key: `AKIASCANBACTIVE0000${n}`,
      owner: n % 2 ? 'ann@acme.example' : 'eve@acme.example',
    })),
  },
];
const HR: HrRow[] = [
  { id: 'E1', email: 'ann@acme.example', status: 'active' },
  { id: 'E2', email: 'bob@acme.example', status: 'terminated', terminationDate: '2026-10-01' },
  { id: 'E3', email: 'cy@acme.example', status: 'terminated', terminationDate: '2026-10-15' },
  { id: 'E4', email: 'dee@acme.example', status: 'terminated', terminationDate: '2026-11-01' },
  { id: 'E5', email: 'eve@acme.example', status: 'active' },
];

const uid = (source: Source, key: Key) => `aws:${source.account}:access-key:${key.key}`;

/** One account, one user per key; keys young and recently used, so only leaver rules fire. */
function estateOf(source: Source): AwsEstate {
  return {
    callerAccessKey: { ...CALLER, accountId: source.account, userName: 'scanner' },
    accounts: [
      {
        id: source.account,
        users: [...source.leavers, ...source.active].map(({ user, key, owner }, index) => ({
          name: user,
          userId: `AIDASCAN${source.account.slice(0, 4)}${String(index).padStart(4, '0')}`,
          createDate: '2026-09-01T00:00:00Z',
          tags: { owner },
          accessKeys: [
            {
              id: key,
              status: 'Active',
              createDate: '2026-10-01T00:00:00Z',
              lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
            },
          ],
        })),
        roles: [],
        groups: [],
      },
    ],
  } as AwsEstate;
}

function writeConfig(dir: string, endpoints: Record<string, string>, db: string): void {
  writeFileSync(
    join(dir, 'nhiscan.yaml'),
    [
      'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
      'sources:',
      ...SOURCES.flatMap((source) => [
        '  - type: aws',
        `    name: ${source.name}`,
        `    endpoint: ${endpoints[source.name]}`,
        '    credentials: { accessKeyId: env:QUEUE_FIXTURE_AWS_KEY, secretAccessKey: env:QUEUE_FIXTURE_AWS_SECRET }',
        `    accounts: [{ id: "${source.account}" }]`,
        '    sshPublicKeys: false',
      ]),
      `db: ${db}`,
      '',
    ].join('\n'),
  );
}

interface Finding {
  rule: string;
  credentialUid: string;
  source?: string;
}
interface AuditRecord {
  action: string;
  target?: string;
  payload: Record<string, unknown>;
}

describe('two scans of different sources at once into one PostgreSQL database', () => {
  let server: PostgresServer;
  const root = temporaryDirectory('nhiscan-pg-scans-');
  const childEnv = { ...process.env, ...CALLER_ENV };

  beforeAll(async () => {
    Object.assign(process.env, CALLER_ENV);
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    // pg_ctl stop waits for a shutdown checkpoint: slow on a busy machine.
    await server?.stop();
    root.remove();
  }, 120_000);

  async function round(index: number): Promise<{ ms: number; order: string }> {
    const where = `round ${index}`;
    const dir = join(root.path, `round-${index}`);
    mkdirSync(dir);
    const { url } = await freshDatabase(server.url);
    const emulators: AwsEmulator[] = [];
    try {
      // Latencies vary by round, so the two merges meet at different points of each other's run.
      for (const [n, source] of SOURCES.entries())
        emulators.push(
          await startAwsEmulator({ estate: estateOf(source), latencyMs: 1 + ((index * (n + 2)) % 7) }),
        );
      writeHr(dir, HR, '2026-11-26T06:00:00Z');
      writeConfig(dir, Object.fromEntries(SOURCES.map((s, n) => [s.name, emulators[n]!.endpoint])), url);
      const run = (...argv: string[]) => cli([...argv, '--db', url], { cwd: dir, now: AS_OF });
      const migrated = await run('db', 'migrate');
      expect([migrated.exitCode, migrated.stderr], `${where}: db migrate`).toEqual([0, expect.anything()]);

      // Both children spawned in the same tick.
      const started = Date.now();
      const scans = await Promise.all(
        SOURCES.map((source) =>
          runNhiscan(['scan', '--only', source.name, '--as-of', AS_OF, '--fail-on', 'none', '--db', url], {
            cwd: dir,
            env: childEnv,
            timeoutMs: 120_000,
          }),
        ),
      );
      const ms = Date.now() - started;
      scans.forEach((scan, n) => {
        expect(
          [scan.code, scan.stderr],
          `${where}: scan --only ${SOURCES[n]!.name}\n${scan.stdout}\n${scan.stderr}`,
        ).toEqual([0, '']);
      });

      // Every finding is a leaver's key of one source or the other: none lost, none extra.
      const findings = await run('findings', '--json');
      expect([findings.exitCode, findings.stderr], `${where}: findings`).toEqual([0, '']);
      expect(
        (JSON.parse(findings.stdout) as Finding[])
          .map((finding) => [finding.rule, finding.credentialUid])
          .sort(),
        `${where}: findings of both sources`,
      ).toEqual(
        SOURCES.flatMap((source) => source.leavers.map((key) => ['leaver-owned', uid(source, key)])).sort(),
      );

      // The inventory holds every credential of both sources.
      const report = await run('report', '--format', 'json');
      expect([report.exitCode, report.stderr], `${where}: report`).toEqual([0, '']);
      const credentials = (JSON.parse(report.stdout) as { credentials: { uid: string; source?: string }[] })
        .credentials;
      expect(credentials.map((credential) => credential.uid).sort(), `${where}: inventory`).toEqual(
        SOURCES.flatMap((source) =>
          [...source.leavers, ...source.active].map((key) => uid(source, key)),
        ).sort(),
      );

      // One revocation request per leaver key, whichever scan reconciled the queue.
      const queue = await run('queue', 'list', '--all', '--json');
      expect([queue.exitCode, queue.stderr], `${where}: queue list`).toEqual([0, '']);
      expect(
        (JSON.parse(queue.stdout) as { credentialUid: string }[])
          .map((request) => request.credentialUid)
          .sort(),
        `${where}: one request per leaver key`,
      ).toEqual(SOURCES.flatMap((source) => source.leavers.map((key) => uid(source, key))).sort());

      // Both scan runs are recorded, complete, each with its own source.
      const log = await run('audit', 'log', '--limit', '0', '--json');
      expect([log.exitCode, log.stderr], `${where}: audit log`).toEqual([0, '']);
      const finished = (JSON.parse(log.stdout) as AuditRecord[]).filter(
        (record) => record.action === 'scan.finished',
      );
      expect(new Set(finished.map((record) => record.target)).size, `${where}: two scan runs`).toBe(2);
      expect(
        finished
          .map((record) => [
            record.payload.status,
            (record.payload.sources as { name: string; status: string; credentials: number }[])
              .filter((source) => source.status !== 'skipped')
              .map((source) => [source.name, source.status, source.credentials]),
          ])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        `${where}: scan.finished records\n${JSON.stringify(finished, null, 1)}`,
      ).toEqual(
        SOURCES.map((source) => [
          'complete',
          [[source.name, 'complete', source.leavers.length + source.active.length]],
        ]),
      );
      const order = finished
        .map((record) => (record.payload.sources as { name: string }[])[0]?.name)
        .join(',');

      const verified = await run('audit', 'verify', '--json');
      expect(verified.exitCode, `${where}: audit verify\n${verified.stdout}${verified.stderr}`).toBe(0);
      expect(JSON.parse(verified.stdout), `${where}: audit verify`).toMatchObject({ ok: true, warnings: [] });
      return { ms, order };
    } finally {
      for (const emulator of emulators) await emulator.close();
    }
  }

  it(`runs scan --only aws-a and scan --only aws-b at once in ${ROUNDS} rounds; neither loses the other's work`, async () => {
    const started = Date.now();
    const results: { ms: number; order: string }[] = [];
    for (let index = 0; index < ROUNDS; index++) results.push(await round(index));
    console.log(
      `concurrent scans on PostgreSQL: ${ROUNDS} rounds, the two scans took ${results.map((r) => `${r.ms} ms`).join(', ')}; ` +
        `scan.finished order ${results.map((r) => r.order).join(' | ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 300_000);
});
