/**
 * The GitLab emulator checked by the official client itself (@gitbeaker/rest with its own default
 * transport): offset paging followed through `Link` and read back as `paginationInfo`, full paths
 * as ids, what an administrator sees and a user does not, revocation, `RateLimit-*` headers and a
 * 429 the client retries until it gives up.
 */
import {
  GitbeakerRequestError,
  GitbeakerRetryError,
  GroupAccessTokens,
  Groups,
  PersonalAccessTokens,
  ProjectVariables,
  Users,
} from '@gitbeaker/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitlabEmulator, startGitlabEmulator } from '../../../scanners/gitlab/emulator/index.js';
import { gitlabEstate, TOKEN, VARIABLE_CANARY } from './estate.js';

let emulator: GitlabEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Partial<Parameters<typeof startGitlabEmulator>[0]> = {}) {
  emulator = await startGitlabEmulator({ estate: gitlabEstate(), ...options });
  return { host: emulator.endpoint, token: TOKEN };
}

describe('the GitLab emulator, read by @gitbeaker/rest', () => {
  it('pages as GitLab does: the client follows Link to the end, and reads X-* headers as paginationInfo', async () => {
    const config = await start();
    const tokens = new PersonalAccessTokens(config);
    const all = await tokens.all({ perPage: 2 });
    expect(all.map((token) => token.id)).toEqual([101, 102, 103, 104, 201, 202]);
    expect(emulator!.requestLog.map((entry) => `${entry.path}?${new URLSearchParams(entry.query)}`)).toEqual([
      '/api/v4/personal_access_tokens?per_page=2',
      '/api/v4/personal_access_tokens?per_page=2&page=2',
      '/api/v4/personal_access_tokens?per_page=2&page=3',
    ]);
    const second = await tokens.all({ page: 2, perPage: 4, showExpanded: true });
    expect([second.data.map((token) => token.id), second.paginationInfo]).toEqual([
      [201, 202],
      { total: 6, next: null, current: 2, previous: 1, perPage: 4, totalPages: 2 },
    ]);
  });

  it('takes a full path for an id, lists subgroups, and answers 404 for what is not there', async () => {
    const config = await start();
    const groups = new Groups(config);
    expect((await groups.show('acme/platform')).id).toBe(11);
    expect((await groups.allDescendantGroups(10, {})).map((group) => group.full_path)).toEqual([
      'acme/platform',
    ]);
    const projects = await groups.allProjects('acme', { includeSubgroups: true });
    expect(projects.map((project) => project.path_with_namespace)).toEqual(['acme/platform/api', 'acme/web']);
    const missing = await groups.show('nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(GitbeakerRequestError);
    expect([
      (missing as GitbeakerRequestError).message,
      (missing as GitbeakerRequestError).cause?.response.status,
    ]).toEqual(['404 Group Not Found', 404]);
  });

  it('shows an administrator every PAT and users’ emails; anyone else only their own and public fields', async () => {
    const config = await start();
    expect(((await new Users(config).show(2)) as { email?: string }).email).toBe('ann@acme.example');
    // Served with its value, as GitLab does (the scanner drops it).
    expect((await new ProjectVariables(config).all(100)).map((variable) => variable.value)).toEqual([
      VARIABLE_CANARY,
    ]);
    emulator!.estate.admin = false;
    emulator!.estate.tokenUserId = 2;
    expect((await new PersonalAccessTokens(config).all()).map((token) => token.id)).toEqual([101]);
    expect('email' in (await new Users(config).show(3))).toBe(false);
  });

  it('revokes a token for good: revoked and inactive on re-read, 404 on a second revoke', async () => {
    const config = await start();
    const tokens = new GroupAccessTokens(config);
    await tokens.revoke(10, 201);
    expect(await tokens.show(10, 201)).toMatchObject({ id: 201, revoked: true, active: false });
    const again = await tokens.revoke(10, 201).catch((error: unknown) => error);
    expect((again as GitbeakerRequestError).cause?.response.status).toBe(404);
  });

  it('refuses a wrong token with 401', async () => {
    const config = await start();
    const refused = await new Groups({ ...config, token: 'wrong' })
      .show('acme')
      .catch((error: unknown) => error);
    expect([
      (refused as GitbeakerRequestError).message,
      (refused as GitbeakerRequestError).cause?.response.status,
    ]).toEqual(['401 Unauthorized', 401]);
  });

  it('sends GitLab’s RateLimit headers, and a 429 with Retry-After that the client retries, then gives up on', async () => {
    const stopped = Date.parse('2026-11-26T12:00:00Z');
    const config = await start({ rateLimit: { perMinute: 2 }, now: () => stopped });
    const groups = new Groups(config);
    const first = await groups.show('acme', { showExpanded: true });
    expect(first.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-observed': '1',
      'ratelimit-remaining': '1',
      'ratelimit-reset': String(stopped / 1000 + 30),
      'ratelimit-resettime': 'Thu, 26 Nov 2026 12:00:30 GMT',
    });
    await groups.show('acme');
    const refused = await groups.show('acme').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GitbeakerRetryError);
    // The client's own retries: ten attempts, each refused with GitLab's answer.
    const throttled = emulator!.requestLog.filter((entry) => entry.throttled);
    expect(throttled).toHaveLength(10);
    expect(emulator!.throttledCount).toBe(10);
  });
});
