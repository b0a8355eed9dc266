/**
 * Rotating the Actions secrets a leaver could read, end to end: Bob (write on acme/api) left on
 * 2026-10-01; DEPLOY_TOKEN (repository) and SLACK_WEBHOOK (organization) were last set before that.
 * Each becomes a rotation request: one manual step, proposed without approval, that deletes
 * nothing; --apply tells a person what to do and calls no write. When a new value is set through
 * GitHub's API, the next scan sees `updated_at` after the day Bob left and closes that request by
 * itself (done, rotated); the other one stays open. Removing Bob from the repository does not
 * close it: the value he could read still works.
 */
import { describe, expect, it } from 'vitest';
import { startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { secretsEstate } from './secrets-estate.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,github:bob',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,github:cyd',
  'E4,vic@vendor.example,Vic,active,contractor,2020-01-01,,github:vendor-vic',
  '',
].join('\n');
const DEPLOY_TOKEN = 'github:acme/api:actions-secret:DEPLOY_TOKEN';
const SLACK_WEBHOOK = 'github:acme:actions-secret:SLACK_WEBHOOK';

describe('rotating Actions secrets a leaver could read', () => {
  const queue = queueHarness({
    start: () => startGithubEmulator({ estate: secretsEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: HR,
    source: (emulator) => [
      '  - type: github',
      '    name: github',
      '    orgs: [acme]',
      `    baseUrl: ${emulator.endpoint}`,
      `    auth: { token: env:${TOKEN_ENV} }`,
      '    kinds: [actions-secret]',
    ],
  });
  const { run, requests } = queue;
  const writes = () =>
    queue.emulator.requestLog.filter((entry) => entry.method !== 'GET' && entry.path !== '/graphql');
  const scanAgain = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);

  it('proposes one manual rotation per secret, runs no write, and closes the one rotated through the API', async () => {
    const proposed = await requests();
    expect(
      proposed.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.steps.map((step) => step.step),
      ]),
    ).toEqual([
      [DEPLOY_TOKEN, 'leaver-shared-secret', 'approved', 'auto', ['manual']],
      [SLACK_WEBHOOK, 'leaver-shared-secret', 'approved', 'auto', ['manual']],
    ]);
    const deploy = proposed[0]!;

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(`rotate ${DEPLOY_TOKEN}: set a new value, move its users over`);
    expect(writes()).toEqual([]);
    expect((await requests()).map((request) => request.state)).toEqual([
      'waiting-for-human',
      'waiting-for-human',
    ]);

    // Ann sets a new value through GitHub's API (what `gh secret set` does).
    const put = await fetch(`${queue.emulator.endpoint}/repos/acme/api/actions/secrets/DEPLOY_TOKEN`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted_value: 'bmV3LXZhbHVl', key_id: 'k1' }),
    });
    expect(put.status).toBe(204);
    const rescan = await scanAgain();
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    const [rotated, still] = await requests();
    expect([rotated!.id, rotated!.state, rotated!.steps.map((step) => [step.state])]).toEqual([
      deploy.id,
      'done',
      [['done']],
    ]);
    expect(rotated!.stateReason).toMatch(
      /^rotated: the value was set \d{4}-\d{2}-\d{2}T[\d:.]+Z, on or after the day the leavers left$/,
    );
    expect([still!.credentialUid, still!.state]).toEqual([SLACK_WEBHOOK, 'waiting-for-human']);
  });

  it('keeps the rotation open when the leaver only loses access to the repository', async () => {
    const api = queue.emulator.estate.orgs[0]!.repos[0]!;
    api.collaborators = api.collaborators!.filter((collaborator) => collaborator.login !== 'bob');
    const rescan = await scanAgain();
    expect(rescan.exitCode).toBe(0);
    const deploy = (await requests()).find((request) => request.credentialUid === DEPLOY_TOKEN)!;
    expect(deploy.state).toBe('approved');
  });
});
