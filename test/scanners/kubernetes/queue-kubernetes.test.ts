/**
 * The revocation queue end to end with the kubernetes scanner, through the CLI: the staging token
 * Secret whose owner annotation names a leaver is labelled invalid (disable, auto), then deleted
 * after deleteAfterDays, each verified by re-reading it; the dry run names the exact calls and asks
 * the cluster nothing. The emulator's request log is compared call for call: only the leaver's
 * Secret is touched.
 */
import { describe, expect, it } from 'vitest';
import { queueHarness } from '../queue-harness.js';
import { twoClusterEstate } from './estate.js';
import { type StartedKubernetes, startKubernetes } from './start.js';

const LEAVER = 'dan@example.com';
const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,carol@example.com,Carol,active,employee,2020-01-01,,',
  'E2,alice@example.com,Alice,active,employee,2020-01-01,,',
  `E3,${LEAVER},Dan,terminated,employee,2020-01-01,2026-10-01,`,
  '',
].join('\n');
const PATH = '/api/v1/namespaces/default/secrets/app-token';
const SECRET_UID = 'uid-default-app-token';
const UID = 'kubernetes:staging:service-account-token:default/app-token';
const LABEL = 'kubernetes.io/legacy-token-invalid-since';

/** The two-cluster estate with the staging token Secret annotated as the leaver's. */
function leaverEstate() {
  const estate = twoClusterEstate();
  const secret = estate.clusters[1]!.secrets[0]!;
  secret.metadata!.annotations = { ...secret.metadata!.annotations, 'nhiscan.io/owner': LEAVER };
  return estate;
}

/** Every Secret of the estate as `context namespace/name labels`, for comparing with the start. */
const secretsOf = (estate: ReturnType<typeof twoClusterEstate>) =>
  estate.clusters.flatMap((cluster) =>
    cluster.secrets.map(
      (secret) =>
        `${cluster.context} ${secret.metadata?.namespace}/${secret.metadata?.name} ${JSON.stringify(secret.metadata?.labels ?? {})}`,
    ),
  );

/** The nhiscan.yaml source reading both contexts of the started emulator. */
const kubernetesSource = (started: StartedKubernetes) => [
  '  - type: kubernetes',
  '    name: k8s',
  `    kubeconfig: ${started.kubeconfig}`,
  '    contexts: [prod, staging]',
];

describe('revocation queue against the kubernetes emulator', () => {
  const queue = queueHarness<StartedKubernetes>({
    start: () => startKubernetes(leaverEstate()),
    env: {},
    hr: HR,
    source: kubernetesSource,
  });
  const { run, requests, scan } = queue;
  const log = (from: number) =>
    queue.emulator.emulator.requestLog
      .slice(from)
      .map(
        (entry) =>
          `${entry.context} ${entry.method} ${entry.path} ${entry.contentType ?? '-'} ${JSON.stringify(entry.body ?? null)}`,
      );

  it('labels the leaver’s token invalid at once, deletes it after deleteAfterDays, and touches nothing else', async () => {
    const proposed = await requests();
    expect(
      proposed.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.requiredApprovals,
        request.privileged,
        request.steps.map((step) => `${step.step} ${step.state} ${step.afterDays}`),
      ]),
    ).toEqual([
      [UID, 'leaver-owned', 'approved', 'auto', 0, false, ['disable pending 0', 'delete pending 14']],
    ]);
    const id = proposed[0]!.id;

    // The dry run names the exact call and asks the cluster nothing.
    let before = queue.emulator.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.stderr).toBe('');
    expect(plan.exitCode).toBe(0);
    // The label holds the executor's day (the harness runs the CLI at QUEUE_NOW).
    const day = '2026-11-26';
    expect(plan.stdout).toContain(
      `plan     #${id} disable ${UID}  →  PATCH ${PATH} (uid ${SECRET_UID}) (application/merge-patch+json) metadata.labels.${LABEL}=${day}`,
    );
    expect(log(before)).toEqual([]);
    expect(secretsOf(queue.emulator.emulator.estate)).toEqual(secretsOf(leaverEstate()));

    before = queue.emulator.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    const labelled = log(before);
    const labelDay = day;
    expect(labelled).toEqual([
      `staging PATCH ${PATH} application/merge-patch+json ${JSON.stringify({ metadata: { uid: SECRET_UID, labels: { [LABEL]: labelDay } } })}`,
      `staging GET ${PATH} - null`,
    ]);
    const staging = queue.emulator.emulator.estate.clusters[1]!;
    expect(staging.secrets.map((secret) => [secret.metadata?.name, secret.metadata?.labels])).toEqual([
      ['app-token', { 'kubernetes.io/legacy-token-last-used': '2026-11-01', [LABEL]: labelDay }],
    ]);
    expect((await requests())[0]!.steps.map((step) => `${step.step} ${step.state}`)).toEqual([
      'disable done',
      'delete pending',
    ]);

    // Executing again before the delay changes nothing.
    before = queue.emulator.emulator.requestLog.length;
    const early = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(early.exitCode).toBe(0);
    expect(log(before)).toEqual([]);

    // Fifteen days on: a fresh HR export, a rescan (disabled by nhiscan: the request holds), then the delete.
    queue.writeHr(HR, '2026-12-11T06:00:00Z');
    await scan('2026-12-11', '2026-12-11T07:00:00Z');
    before = queue.emulator.emulator.requestLog.length;
    const deleted = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-12-11T08:00:00Z',
    );
    expect(deleted.stderr).toBe('');
    expect(deleted.exitCode).toBe(0);
    expect(log(before)).toEqual([
      `staging DELETE ${PATH} application/json ${JSON.stringify({ preconditions: { uid: SECRET_UID } })}`,
      `staging GET ${PATH} - null`,
    ]);
    expect(staging.secrets).toEqual([]);
    expect((await requests()).map((request) => [request.credentialUid, request.state])).toEqual([
      [UID, 'done'],
    ]);

    // Once done, executing again asks nothing.
    before = queue.emulator.emulator.requestLog.length;
    const after = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-12-11T09:00:00Z',
    );
    expect(after.exitCode).toBe(0);
    expect(log(before)).toEqual([]);

    // Every other Secret is as it was; no other call ever changed anything.
    expect(secretsOf(queue.emulator.emulator.estate)).toEqual(
      secretsOf(leaverEstate()).filter((line) => !line.startsWith('staging default/app-token ')),
    );
    expect(
      queue.emulator.emulator.requestLog
        .filter((entry) => entry.method !== 'GET' || entry.path === PATH)
        .map((entry) => `${entry.context} ${entry.method} ${entry.path}`),
    ).toEqual([
      `staging PATCH ${PATH}`,
      `staging GET ${PATH}`,
      `staging DELETE ${PATH}`,
      `staging GET ${PATH}`,
    ]);
  });
});

const BUILDER_PATH = '/api/v1/namespaces/ci/secrets/builder-token';
const BUILDER_SECRET_UID = 'uid-ci-builder-token';
const BUILDER_UID = 'kubernetes:prod:service-account-token:ci/builder-token';

/** The two-cluster estate with prod's privileged builder token annotated as the leaver's. */
function privilegedLeaverEstate() {
  const estate = twoClusterEstate();
  const secret = estate.clusters[0]!.secrets.find((entry) => entry.metadata?.name === 'builder-token')!;
  secret.metadata!.annotations = { ...secret.metadata!.annotations, 'nhiscan.io/owner': LEAVER };
  return estate;
}

describe('revocation queue against the kubernetes emulator: a privileged token', () => {
  const queue = queueHarness<StartedKubernetes>({
    start: () => startKubernetes(privilegedLeaverEstate()),
    env: {},
    hr: HR,
    source: kubernetesSource,
  });
  const { run, requests } = queue;
  const calls = (from: number) =>
    queue.emulator.emulator.requestLog
      .slice(from)
      .map((entry) => `${entry.context} ${entry.method} ${entry.path} ${entry.contentType ?? '-'}`);

  it('asks nothing of the cluster until two people who own nothing have approved', async () => {
    const [request, ...others] = await requests();
    expect(others).toEqual([]);
    expect([
      request!.credentialUid,
      request!.rule,
      request!.state,
      request!.mode,
      request!.requiredApprovals,
      request!.privileged,
      request!.steps.map((step) => `${step.step} ${step.afterDays}`),
    ]).toEqual([
      BUILDER_UID,
      'leaver-owned',
      'pending-approval',
      'approve',
      2,
      true,
      ['disable 0', 'delete 14'],
    ]);
    const id = String(request!.id);

    let before = queue.emulator.emulator.requestLog.length;
    const waiting = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(waiting.exitCode).toBe(0);
    const first = await run(['queue', 'approve', id, '--by', 'alice@example.com', '--reason', 'Dan left']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect((await requests())[0]!.state).toBe('pending-approval');
    const stillWaiting = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(stillWaiting.exitCode).toBe(0);
    expect(calls(before)).toEqual([]);

    const second = await run(['queue', 'approve', id, '--by', 'carol@example.com', '--reason', 'confirmed']);
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(0);
    expect((await requests())[0]!.state).toBe('approved');

    before = queue.emulator.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(calls(before)).toEqual([
      `prod PATCH ${BUILDER_PATH} application/merge-patch+json`,
      `prod GET ${BUILDER_PATH} -`,
    ]);
    const builder = queue.emulator.emulator.estate.clusters[0]!.secrets.find(
      (entry) => entry.metadata?.name === 'builder-token',
    )!;
    expect([builder.metadata?.uid, Object.keys(builder.metadata?.labels ?? {})]).toEqual([
      BUILDER_SECRET_UID,
      [LABEL],
    ]);
    expect((await requests())[0]!.steps.map((step) => `${step.step} ${step.state}`)).toEqual([
      'disable done',
      'delete pending',
    ]);
  });
});
