/**
 * The revocation queue end to end with the okta scanner, through the CLI. Bob has left: the client
 * secret of the app whose profile names him is deactivated at once (disable, auto), then deleted
 * after deleteAfterDays; his API token (delete only: Okta has no disable, and a delete is
 * irreversible) waits for one approval, then is deleted. Each step is verified by re-reading it;
 * the dry run names the exact calls and asks Okta nothing; the emulator's request log is compared
 * call for call: nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import { queueHarness } from '../queue-harness.js';
import { oktaEstate, TOKEN } from './estate.js';
import { type StartedOkta, startOkta, TOKEN_VARIABLE } from './start.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,alice@example.com,Alice,active,employee,2020-01-01,,',
  'E2,carol@example.com,Carol,active,employee,2020-01-01,,',
  'E3,bob@example.com,Bob,terminated,employee,2020-01-01,2026-10-01,',
  '',
].join('\n');
const SECRET_PATH = '/api/v1/apps/0oa2legacy0000000002/credentials/secrets/ocs2legacy0000000001';
const TOKEN_PATH = '/api/v1/api-tokens/00T2report0000000002';
const SECRET_UID = 'okta:127.0.0.1:client-secret:0oa2legacy0000000002/ocs2legacy0000000001';
const TOKEN_UID = 'okta:127.0.0.1:api-token:00T2report0000000002';

/** Every token, secret and key of the estate with its status, for comparing with the start. */
const stateOf = (estate: ReturnType<typeof oktaEstate>) => [
  ...estate.apiTokens.map((token) => `token ${token.id}`),
  ...estate.apps.flatMap((app) => [
    ...app.secrets.map((secret) => `secret ${secret.id} ${secret.status}`),
    ...app.jwks.map((key) => `key ${key.id} ${key.status}`),
  ]),
];

describe('revocation queue against the okta emulator', () => {
  const queue = queueHarness<StartedOkta>({
    start: () => startOkta(oktaEstate()),
    env: { [TOKEN_VARIABLE]: TOKEN },
    hr: HR,
    source: (started) => [
      '  - type: okta',
      '    name: okta',
      `    orgUrl: ${started.emulator.orgUrl}`,
      `    token: env:${TOKEN_VARIABLE}`,
      `    caFile: ${started.caFile}`,
    ],
  });
  const { run, requests, scan } = queue;
  const log = (from: number) =>
    queue.emulator.emulator.requestLog
      .slice(from)
      .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
  const execute = async (now?: string) => {
    const before = queue.emulator.emulator.requestLog.length;
    const result = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example'], now);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    return log(before);
  };

  it('deactivates the leaver’s secret at once, deletes it later, and deletes the token once approved', async () => {
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
      [TOKEN_UID, 'leaver-owned', 'pending-approval', 'approve', 1, ['delete pending 0']],
      [SECRET_UID, 'leaver-owned', 'approved', 'auto', 0, ['disable pending 0', 'delete pending 14']],
    ]);
    const [token, secret] = proposed as [(typeof proposed)[0], (typeof proposed)[0]];

    // The dry run names the exact call and asks Okta nothing.
    const before = queue.emulator.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.stderr).toBe('');
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #${secret.id} disable ${SECRET_UID}  →  POST ${SECRET_PATH}/lifecycle/deactivate`,
    );
    expect(log(before)).toEqual([]);
    expect(stateOf(queue.emulator.emulator.estate)).toEqual(stateOf(oktaEstate()));

    expect(await execute()).toEqual([
      `POST ${SECRET_PATH}/lifecycle/deactivate 200`,
      `GET ${SECRET_PATH} 200`,
    ]);
    expect(
      (await requests()).map((request) => request.steps.map((step) => `${step.step} ${step.state}`)),
    ).toEqual([['delete pending'], ['disable done', 'delete pending']]);

    // The token waits for its approval; then it is deleted and re-read (404).
    expect(await execute()).toEqual([]);
    const approve = await run([
      'queue',
      'approve',
      String(token.id),
      '--by',
      'alice@example.com',
      '--reason',
      'Bob left',
    ]);
    expect(approve.stderr).toBe('');
    expect(approve.exitCode).toBe(0);
    expect(await execute()).toEqual([`DELETE ${TOKEN_PATH} 204`, `GET ${TOKEN_PATH} 404`]);

    // Fifteen days on: a fresh HR export, a rescan, then the secret's delete.
    queue.writeHr(HR, '2026-12-11T06:00:00Z');
    await scan('2026-12-11', '2026-12-11T07:00:00Z');
    expect(await execute('2026-12-11T08:00:00Z')).toEqual([
      `DELETE ${SECRET_PATH} 204`,
      `GET ${SECRET_PATH} 404`,
    ]);
    expect((await requests()).map((request) => [request.credentialUid, request.state])).toEqual([
      [TOKEN_UID, 'done'],
      [SECRET_UID, 'done'],
    ]);
    expect(await execute('2026-12-11T09:00:00Z')).toEqual([]);

    // Everything else is as it was; no other call changed anything.
    expect(stateOf(queue.emulator.emulator.estate)).toEqual(
      stateOf(oktaEstate()).filter(
        (line) =>
          !line.startsWith('token 00T2report0000000002') && !line.startsWith('secret ocs2legacy0000000001'),
      ),
    );
    expect(
      queue.emulator.emulator.requestLog
        .filter((entry) => entry.method !== 'GET' || entry.path === SECRET_PATH || entry.path === TOKEN_PATH)
        .map((entry) => `${entry.method} ${entry.path}`),
    ).toEqual([
      `POST ${SECRET_PATH}/lifecycle/deactivate`,
      `GET ${SECRET_PATH}`,
      `DELETE ${TOKEN_PATH}`,
      `GET ${TOKEN_PATH}`,
      `DELETE ${SECRET_PATH}`,
      `GET ${SECRET_PATH}`,
    ]);
  });
});
