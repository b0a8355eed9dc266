/**
 * The revocation queue end to end with the GCP scanner: the key a leaver administers is disabled
 * (auto, reversible), then deleted after deleteAfterDays; the dry run names the call; with
 * disableServiceAccount the request also disables the whole account and therefore needs approval.
 * The emulator's request log is compared call for call.
 */
import { describe, expect, it } from 'vitest';
import { startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { queueHarness } from '../queue-harness.js';
import { HR_CSV, keyId, TOKEN, TOKEN_ENV, twoProjectEstate } from './estate.js';

const BACKUP = 'projects/acme-prod/serviceAccounts/backup@acme-prod.iam.gserviceaccount.com';
const BACKUP_KEY = `${BACKUP}/keys/${keyId(4)}`;
const BACKUP_UID = `gcp:acme-prod:service-account-key:${keyId(4)}`;

describe('revocation queue against the GCP emulator', () => {
  const queue = queueHarness({
    start: () => startGcpEmulator({ estate: twoProjectEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: HR_CSV,
    source: (emulator) => [
      '  - type: gcp',
      '    name: gcp',
      '    projects: [acme-prod, acme-dev]',
      `    rootUrl: ${emulator.endpoint}`,
      `    credentials: { accessToken: env:${TOKEN_ENV} }`,
    ],
    // Each test configures and scans itself.
    scanFirst: false,
  });
  const { run, requests, configure, scan } = queue;
  const log = (from: number) =>
    queue.emulator.requestLog.slice(from).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('disables the leaver’s key at once, deletes it after deleteAfterDays, and touches nothing else', async () => {
    configure();
    await scan();
    const proposed = await requests();
    expect(
      proposed.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.requiredApprovals,
        request.steps.map((step) => `${step.step} ${step.state} ${step.afterDays}`),
      ]),
    ).toEqual([
      [BACKUP_UID, 'leaver-owned', 'approved', 'auto', 0, ['disable pending 0', 'delete pending 14']],
    ]);

    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #${proposed[0]!.id} disable ${BACKUP_UID}  →  POST /v1/${BACKUP_KEY}:disable`,
    );

    let before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(log(before)).toEqual([`POST /v1/${BACKUP_KEY}:disable 200`, `GET /v1/${BACKUP_KEY} 200`]);
    const backup = queue.emulator.estate.projects[0]!.serviceAccounts[1]!;
    expect(backup.keys.map((entry) => [entry.keyId, entry.key.disabled ?? false])).toEqual([
      [keyId(4), true],
    ]);
    expect(backup.account.disabled).toBeUndefined();

    // Fifteen days on: a fresh HR export, a rescan (disabled by nhiscan: the request holds), then the delete.
    queue.writeHr(HR_CSV, '2026-12-11T06:00:00Z');
    await scan('2026-12-11', '2026-12-11T07:00:00Z');
    before = queue.emulator.requestLog.length;
    const deleted = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-12-11T08:00:00Z',
    );
    expect(deleted.stderr).toBe('');
    expect(deleted.exitCode).toBe(0);
    expect(log(before)).toEqual([`DELETE /v1/${BACKUP_KEY} 200`, `GET /v1/${BACKUP_KEY} 404`]);
    expect(backup.keys).toEqual([]);
    expect((await requests()).map((request) => [request.credentialUid, request.state])).toEqual([
      [BACKUP_UID, 'done'],
    ]);
    // Every other key is as it was.
    const untouched = queue.emulator.estate.projects.flatMap((project) =>
      project.serviceAccounts.flatMap((entry) =>
        entry.keys.map((key) => [key.keyId, key.key.disabled ?? false]),
      ),
    );
    expect(untouched).toEqual(
      twoProjectEstate()
        .projects.flatMap((project) =>
          project.serviceAccounts.flatMap((entry) =>
            entry.keys.map((key) => [key.keyId, key.key.disabled ?? false]),
          ),
        )
        .filter(([id]) => id !== keyId(4)),
    );
  });

  it('with disableServiceAccount, also disables the whole account, and only after approval', async () => {
    configure(['    disableServiceAccount: true']);
    await scan();
    const [request] = await requests();
    expect([
      request!.credentialUid,
      request!.state,
      request!.mode,
      request!.requiredApprovals,
      request!.steps.map((step) => `${step.step} ${step.afterDays}`),
    ]).toEqual([
      BACKUP_UID,
      'pending-approval',
      'approve',
      1,
      ['disable 0', 'disable-principal 0', 'delete 14'],
    ]);

    let before = queue.emulator.requestLog.length;
    const waiting = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(waiting.exitCode).toBe(0);
    expect(log(before)).toEqual([]);

    const approve = await run([
      'queue',
      'approve',
      String(request!.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'bob left; backup moves to a workload identity',
    ]);
    expect(approve.stderr).toBe('');
    expect(approve.exitCode).toBe(0);

    before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(log(before)).toEqual([
      `POST /v1/${BACKUP_KEY}:disable 200`,
      `GET /v1/${BACKUP_KEY} 200`,
      `POST /v1/${BACKUP}:disable 200`,
      `GET /v1/${BACKUP_KEY} 200`,
    ]);
    const backup = queue.emulator.estate.projects[0]!.serviceAccounts[1]!;
    expect(backup.account.disabled).toBe(true);
    expect((await requests())[0]!.steps.map((step) => step.state)).toEqual(['done', 'done', 'pending']);
  });
});
