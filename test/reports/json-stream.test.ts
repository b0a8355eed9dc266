/**
 * The streamed JSON report (reports/json/stream.ts, `nhiscan report --format json`) is byte for
 * byte the in-memory one (renderJsonReport): from a hand-made input with every optional part, an
 * empty one, one spanning many chunks, the demo database and a generated estate's database. The
 * CLI's in-memory path is taken with --github-annotations (annotations go to stderr only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonReportInput, renderJsonReport } from '../../reports/json/index.js';
import { heldFindings, jsonReportChunks } from '../../reports/json/stream.js';
import { credential, owner, person } from '../support/builders.js';
import { cli } from '../support/cli.js';
import { type ServedEstate, serveGeneratedEstate } from '../support/served-estate.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const T0 = '2026-11-20T00:00:00.000Z';
const T1 = '2026-11-26T11:00:00.000Z';

function input(credentials: number, findings: number, withBaseline: boolean): JsonReportInput {
  return {
    toolVersion: '9.9.9',
    generatedAt: new Date('2026-11-26T12:00:00.000Z'),
    run: { id: 4, startedAt: T0, finishedAt: T1, asOf: T1, status: 'partial' },
    hr: { source: 'hr.csv', sha256: 'a'.repeat(64), importedAt: T0, fileModifiedAt: null },
    people: [person('E1'), person('E2', { status: 'terminated', terminationDate: '2026-10-01' })],
    sources: [
      {
        name: 'zeta',
        type: 'aws',
        status: 'partial',
        credentials,
        problems: [
          { scope: 'b', reason: 'x' },
          { scope: 'a', reason: 'y' },
        ],
      },
      { name: 'alpha', type: 'github', status: 'complete', credentials: 0, problems: [] },
    ],
    credentials: Array.from({ length: credentials }, (_, n) => ({
      credential: credential(`K${String(n).padStart(6, '0')}`, {
        principalName: n % 3 === 0 ? 'svc "quoted" — ünïcode\nnew line' : null,
        principalUid: n % 3 === 0 ? 'aws:111122223333:user/svc' : null,
        hint: n % 2 === 0 ? 'XAMPLE' : undefined,
        attributes: n % 5 === 0 ? { keyOrigin: 'USER_PROVIDED' } : undefined,
        lastUsedKnown: n % 7 !== 0,
        ownerSignals: [owner('e2@acme.example')],
      }),
      source: 'zeta',
      state: n % 11 === 0 ? 'gone' : n % 13 === 0 ? 'unverified' : 'present',
      stateReason: n % 11 === 0 ? 'not returned' : null,
      firstSeenAt: T0,
      lastSeenAt: T1,
      resolution:
        n % 4 === 0
          ? undefined
          : {
              credentialUid: `aws:111122223333:access-key:K${n}`,
              ownerEmployeeId: 'E2',
              confidence: 0.9,
              outcome: 'resolved',
              evidence: [{ signal: owner('e2@acme.example'), matchedEmployeeId: 'E2', matchedBy: 'email' }],
            },
    })),
    findings: Array.from({ length: findings }, (_, n) => ({
      uid: `nhi-${String(n).padStart(24, '0')}`,
      rule: n % 2 === 0 ? 'leaver-owned' : 'stale',
      severity: n % 2 === 0 ? 'critical' : 'medium',
      status: n % 9 === 0 ? 'resolved' : n % 5 === 0 ? 'suppressed' : 'open',
      credentialUid: `aws:111122223333:access-key:K${String(n).padStart(6, '0')}`,
      title: `finding ${n}`,
      evidence: { days: n, owner: 'E2' },
      firstSeenAt: T0,
      lastSeenAt: T1,
      resolvedAt: n % 9 === 0 ? T1 : null,
      suppression:
        n % 9 !== 0 && n % 5 === 0 ? { reason: 'ok', approvedBy: 'sec', expires: '2027-01-01' } : null,
    })),
    expiredBaselineEntries: withBaseline
      ? [
          { credential: 'aws:1:access-key:Z', reason: 'r', approvedBy: 'a', expires: '2026-01-01' },
          { finding: 'nhi-000000000000000000000001', reason: 'r', approvedBy: 'a', expires: '2026-02-01' },
        ]
      : [],
    queueFrozen: withBaseline ? { reason: 'hr changed', hrSnapshotId: 2 } : undefined,
  } as JsonReportInput;
}

const streamed = (whole: JsonReportInput) => [
  ...jsonReportChunks({ ...whole, credentials: () => whole.credentials, findings: heldFindings(whole) }),
];

describe('the streamed JSON report', () => {
  it('is byte-identical to the in-memory one, with every optional part', () => {
    const whole = input(40, 30, true);
    expect(streamed(whole).join('')).toBe(renderJsonReport(whole));
  });

  it('is byte-identical with no credentials, no findings and no baseline', () => {
    const whole = input(0, 0, false);
    expect(streamed(whole).join('')).toBe(renderJsonReport(whole));
  });

  it('comes in chunks of about 64 KiB and is byte-identical across them', () => {
    const whole = input(3000, 2000, false);
    const chunks = streamed(whole);
    expect(chunks.join('')).toBe(renderJsonReport(whole));
    expect(chunks.length).toBeGreaterThan(20);
    expect(
      chunks.slice(0, -1).every((chunk) => chunk.length >= 1 << 16 && chunk.length < (1 << 16) + 4096),
    ).toBe(true);
  });

  it('refuses credentials that do not come in uid order instead of writing another order', () => {
    const whole = input(3, 0, false);
    const reversed = [...whole.credentials].reverse();
    expect(() => [
      ...jsonReportChunks({ ...whole, credentials: () => reversed, findings: () => [] }),
    ]).toThrow(
      "the report's walk is out of order: credential aws:111122223333:access-key:K000001 came after credential aws:111122223333:access-key:K000002",
    );
  });
});

describe('a streamed walk out of report order', () => {
  it('refuses findings out of report order', () => {
    const whole = input(3, 4, false);
    const findings = [...heldFindings(whole)()];
    const swapped = [findings[1]!, findings[0]!, ...findings.slice(2)];
    expect(() => [
      ...jsonReportChunks({ ...whole, credentials: () => whole.credentials, findings: () => swapped }),
    ]).toThrow(
      `the report's walk is out of order: finding ${findings[0]!.uid} came after finding ${findings[1]!.uid}`,
    );
  });
});

describe('nhiscan report --format json, streamed', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());

  it('writes the bytes of the in-memory report for the demo database, to stdout and to --out', async () => {
    expect((await cli(['demo', '--out-dir', 'demo'], { cwd: dir.path })).exitCode).toBe(0);
    const db = ['--db', join(dir.path, 'demo', 'nhiscan.db')];
    const inMemory = await cli(['report', '--format', 'json', ...db, '--github-annotations'], {
      cwd: dir.path,
    });
    const stream = await cli(['report', '--format', 'json', ...db], { cwd: dir.path });
    expect(stream.exitCode).toBe(0);
    expect(stream.stdout.length).toBeGreaterThan(100_000);
    expect(stream.stdout).toBe(inMemory.stdout);
    const toFile = await cli(['report', '--format', 'json', ...db, '--out', 'report.json'], {
      cwd: dir.path,
    });
    expect(toFile).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir.path, 'report.json'), 'utf8')).toBe(inMemory.stdout);
  });
});

describe('nhiscan report --format json, streamed, on a generated estate', () => {
  let served: ServedEstate;
  beforeAll(async () => {
    served = await serveGeneratedEstate({ people: 300, credentials: 800, seed: 11, asOf: '2026-11-26' });
  });
  afterAll(() => served?.close());

  it('writes the bytes of the in-memory report', async () => {
    await cli(['scan', '--as-of', served.generated.spec.asOf, '--fail-on', 'none'], { cwd: served.dir });
    const inMemory = await cli(['report', '--format', 'json', '--github-annotations'], { cwd: served.dir });
    const stream = await cli(['report', '--format', 'json'], { cwd: served.dir });
    expect(stream.exitCode).toBe(0);
    expect(JSON.parse(stream.stdout).credentials.length).toBeGreaterThan(700);
    expect(stream.stdout).toBe(inMemory.stdout);
  });
});
