/**
 * The review screen's dry-run preview is the executor with apply off: the guards and the calls an
 * --apply run would meet, and no change to the queue. Without a config it lists due steps only.
 * The verdict comes first: a long plan scrolls, and its outcome must not be below the fold.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { governanceContext } from '../../src/governance/context.js';
import { announceVerdict } from '../../src/notify/index.js';
import { approveRequest, guardSettings, listRequests } from '../../src/queue/index.js';
import { previewExecute } from '../../src/review/preview.js';
import type { Db } from '../../src/store/index.js';
import { NOW, openDatabase, scannedFixture } from './fixture.js';

describe('review preview', () => {
  let fixture: Awaited<ReturnType<typeof scannedFixture>>;
  let db: Db;
  beforeAll(async () => {
    fixture = await scannedFixture();
    db = openDatabase(fixture.dbPath);
    const now = new Date(NOW);
    approveRequest(db, {
      requestId: 1,
      by: 'cy@acme.example',
      reason: 'left',
      now: NOW,
      governance: governanceContext(db, undefined, now),
    });
  });
  afterAll(() => {
    db.close();
    fixture.dir.remove();
  });

  it('plans through the executor with the config: guards, the manual task, nothing changed', async () => {
    const config = await loadConfig(join(fixture.dir.path, 'nhiscan.yaml'));
    const before = JSON.stringify(listRequests(db, {}));
    const lines = await previewExecute(
      db,
      { sources: config.sources, settings: guardSettings(config, announceVerdict) },
      'cy@acme.example',
      () => new Date('2026-11-26T13:00:00Z'),
    );
    expect(lines).toEqual([
      'Dry run: 1 action(s); nothing was changed.',
      'ok      incomplete-scan: latest scan run 1 is complete',
      'ok      stale-hr: HR data written 2026-11-26T06:00:00.000Z is 7.0 h old (limit hr.maxAgeHours 24)',
      'ok      hr-change: first HR snapshot: nothing to compare with',
      'ok      max-per-run: 1 actions (limit revocation.maxPerRun 25)',
      'plan     #1 manual → manual: Revoke api-token jk-1 for svc-build in jenkins/ci by hand, then run `nhiscan queue confirm 1 --by WHO --reason TEXT`',
    ]);
    expect(JSON.stringify(listRequests(db, {}))).toBe(before);
  });

  it('says first when a guard would refuse the --apply run', async () => {
    const config = await loadConfig(join(fixture.dir.path, 'nhiscan.yaml'));
    const lines = await previewExecute(
      db,
      { sources: config.sources, settings: { ...guardSettings(config, announceVerdict), maxPerRun: 0 } },
      'cy@acme.example',
      () => new Date('2026-11-26T13:00:00Z'),
    );
    expect(lines.slice(0, 1)).toEqual([
      'Dry run: 1 action(s), but --apply would be refused by max-per-run; nothing was changed.',
    ]);
    expect(lines.filter((line) => line.startsWith('REFUSED'))).toEqual([
      'REFUSED max-per-run: 1 actions due, but revocation.maxPerRun is 0: this config allows no action; raise the limit after review',
    ]);
  });

  it('lists the due steps without their calls when there is no config', async () => {
    expect(
      await previewExecute(db, undefined, 'cy@acme.example', () => new Date('2026-11-26T13:00:00Z')),
    ).toEqual([
      'No config: the calls are named once nhiscan.yaml is found (--config).',
      '1 step(s) due, 0 scheduled later.',
      'due      #1 manual jenkins:ci:api-token:jk-1',
    ]);
  });
});
