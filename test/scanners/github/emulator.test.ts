/**
 * The GitHub emulator through the official client (@octokit/rest, its paginate, octokit.graphql, and
 * plugin-throttling + plugin-retry): Link pagination, authentication, SAML-less organizations,
 * primary and secondary rate limits, faults, revocation visible on the next read, GraphQL external
 * identities; then a cross-check with curl.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { components } from '@octokit/openapi-types-ghec';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type GithubEmulator,
  type GithubEmulatorOptions,
  startGithubEmulator,
} from '../../../scanners/github/emulator/index.js';
import { loadEstate } from '../../../src/emulate/estate.js';
import { githubEstate, TOKEN } from './emulator-estate.js';

type CredentialAuthorization = components['schemas']['credential-authorization'];

const run = promisify(execFile);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let emulator: GithubEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Partial<GithubEmulatorOptions> = {}): Promise<GithubEmulator> {
  emulator = await startGithubEmulator({ estate: githubEstate(), ...options });
  return emulator;
}

function client(target: GithubEmulator, auth: string = TOKEN): Octokit {
  return new Octokit({ auth, baseUrl: target.endpoint, log: quiet });
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);

function throttledClient(target: GithubEmulator, calls: { primary: number[]; secondary: number[] }) {
  return new ThrottledOctokit({
    auth: TOKEN,
    baseUrl: target.endpoint,
    log: quiet,
    retry: { retryAfterBaseValue: 10 },
    throttle: {
      retryAfterBaseValue: 200,
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        calls.primary.push(retryAfter);
        return retryCount < 5;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        _options: unknown,
        _octokit: unknown,
        retryCount: number,
      ) => {
        calls.secondary.push(retryAfter);
        return retryCount < 5;
      },
    },
  });
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; headers: Record<string, string>; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as {
      status: number;
      response?: { headers: Record<string, string>; data: unknown };
    };
    return { status, headers: response?.headers ?? {}, data: response?.data };
  }
  throw new Error('expected the request to fail');
}

describe('GitHub emulator: REST pagination', () => {
  it('pages members one at a time with GitHub-exact Link headers on the organization id path', async () => {
    const target = await start();
    const octokit = client(target);
    const base = `${target.endpoint}/organizations/1001/members`;

    const first = await octokit.request('GET /orgs/{org}/members', { org: 'acme', per_page: 1 });
    expect(first.data.map((user) => user.login)).toEqual(['ann']);
    expect(first.headers.link).toBe(
      `<${base}?per_page=1&page=2>; rel="next", <${base}?per_page=1&page=3>; rel="last"`,
    );

    const second = await octokit.request(`GET ${base}?per_page=1&page=2`);
    expect(second.data.map((user: { login: string }) => user.login)).toEqual(['bob']);
    expect(second.headers.link).toBe(
      `<${base}?per_page=1&page=1>; rel="prev", <${base}?per_page=1&page=3>; rel="next", ` +
        `<${base}?per_page=1&page=3>; rel="last", <${base}?per_page=1&page=1>; rel="first"`,
    );

    const third = await octokit.request(`GET ${base}?per_page=1&page=3`);
    expect(third.data.map((user: { login: string }) => user.login)).toEqual(['cyd']);
    expect(third.headers.link).toBe(
      `<${base}?per_page=1&page=2>; rel="prev", <${base}?per_page=1&page=1>; rel="first"`,
    );

    const all = await octokit.request('GET /orgs/{org}/members', { org: 'acme' });
    expect(all.data).toHaveLength(3);
    expect(all.headers.link).toBeUndefined();
    expect(all.data[0]).toMatchObject({
      login: 'ann',
      id: 11,
      type: 'User',
      url: `${target.endpoint}/users/ann`,
      html_url: `${target.endpoint}/ann`,
    });
  });

  it('keeps the other query parameters, in order, and replaces page in place', async () => {
    const target = await start();
    const octokit = client(target);
    const response = await octokit.request(`GET /orgs/acme/repos?type=all&page=1&per_page=1`);
    const base = `${target.endpoint}/organizations/1001/repos`;
    expect(response.headers.link).toBe(
      `<${base}?type=all&page=2&per_page=1>; rel="next", <${base}?type=all&page=3&per_page=1>; rel="last"`,
    );
  });

  it('follows Link headers with paginate across every list endpoint', async () => {
    const target = await start();
    const octokit = client(target);
    const org = 'acme';

    // GHEC-only route: @octokit/rest (api.github.com types) does not know its shape.
    const authorizations = await octokit.paginate<CredentialAuthorization>(
      'GET /orgs/{org}/credential-authorizations',
      {
        org,
        per_page: 1,
      },
    );
    expect(authorizations.map((authorization) => authorization.credential_id)).toEqual([501, 502, 503]);
    expect(authorizations[1]).toEqual(githubEstate().orgs[0]!.credentialAuthorizations[1]);

    const grants = await octokit.paginate(octokit.rest.orgs.listPatGrants, { org, per_page: 1 });
    // Newest grant first, as GitHub sorts by created_at descending by default.
    expect(grants.map((grant) => grant.id)).toEqual([702, 701, 703]);
    expect(grants[0]).toMatchObject({
      owner: { login: 'cyd', id: 13, url: `${target.endpoint}/users/cyd` },
      repositories_url: `${target.endpoint}/organizations/1001/personal-access-tokens/702/repositories`,
    });

    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 1 });
    expect(repos.map((repo) => repo.full_name)).toEqual(['acme/legacy', 'acme/web', 'acme/api']);
    expect(repos.find((repo) => repo.name === 'legacy')).toMatchObject({ archived: true, private: true });

    const keys = await octokit.paginate(octokit.rest.repos.listDeployKeys, {
      owner: org,
      repo: 'api',
      per_page: 1,
    });
    expect(keys.map((key) => [key.id, key.read_only, key.added_by])).toEqual([
      [41, false, 'bob'],
      [42, true, 'ann'],
    ]);
    expect(keys[0]!.url).toBe(`${target.endpoint}/repos/acme/api/keys/41`);

    const installations = await octokit.paginate(octokit.rest.orgs.listAppInstallations, {
      org,
      per_page: 1,
    });
    expect(installations.map((installation) => installation.app_slug)).toEqual(['ci-bot', 'audit-app']);
    expect(installations[0]).toMatchObject({
      account: { login: 'acme', type: 'Organization' },
      target_id: 1001,
    });

    const outside = await octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, { org });
    expect(outside.map((user) => user.login)).toEqual(['vendor-vic']);

    // Followed links arrive on the id paths and resolve to the same routes.
    const followed = target.requestLog.filter((entry) => entry.path.startsWith('/organizations/1001/'));
    expect(followed.map((entry) => entry.route)).toContain('GET /orgs/{org}/credential-authorizations');
    expect(target.requestLog.filter((entry) => entry.path === '/repositories/3001/keys')).toHaveLength(1);
  });

  it('filters members by role, authorizations by login, and caps per_page at 100', async () => {
    const target = await start();
    const octokit = client(target);
    const admins = await octokit.rest.orgs.listMembers({ org: 'acme', role: 'admin' });
    expect(admins.data.map((user) => user.login)).toEqual(['ann']);
    const bobs = await octokit.request('GET /orgs/{org}/credential-authorizations', {
      org: 'acme',
      login: 'bob',
    });
    expect(
      (bobs.data as CredentialAuthorization[]).map((authorization) => authorization.credential_id),
    ).toEqual([502, 503]);
    const capped = await octokit.rest.orgs.listMembers({ org: 'acme', per_page: 500 });
    expect(capped.data).toHaveLength(3);
    expect(capped.headers.link).toBeUndefined();
    const invalid = await failure(octokit.request('GET /orgs/acme/members?role=owner'));
    expect(invalid.status).toBe(422);
  });
});

describe('GitHub emulator: authentication, organizations, headers', () => {
  it('refuses a wrong token with 401 Bad credentials and a missing one with Requires authentication', async () => {
    const target = await start();
    const wrong = await failure(client(target, 'ghp_wrong').rest.orgs.get({ org: 'acme' }));
    expect(wrong.status).toBe(401);
    expect(wrong.data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    const anonymous = await failure(
      new Octokit({ baseUrl: target.endpoint, log: quiet }).rest.orgs.get({ org: 'acme' }),
    );
    expect(anonymous.status).toBe(401);
    expect((anonymous.data as { message: string }).message).toBe('Requires authentication');
    expect(target.requestLog.map((entry) => entry.status)).toEqual([401, 401]);
  });

  it('accepts `Bearer` as well as `token`', async () => {
    const target = await start();
    const bearer = await client(target).request('GET /orgs/{org}', {
      org: 'acme',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
  });

  it('answers GET /orgs/{org} with the organization and every response with the rate-limit headers', async () => {
    const target = await start({ rateLimit: { limit: 50 } });
    const response = await client(target).rest.orgs.get({ org: 'ACME' });
    expect(response.data).toMatchObject({
      login: 'acme',
      id: 1001,
      name: 'Acme Corp',
      type: 'Organization',
      url: `${target.endpoint}/orgs/acme`,
      created_at: '2019-04-01T10:00:00Z',
      public_repos: 1,
      total_private_repos: 2,
    });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-ratelimit-limit']).toBe('50');
    expect(response.headers['x-ratelimit-remaining']).toBe('49');
    expect(response.headers['x-ratelimit-used']).toBe('1');
    expect(response.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(response.headers['x-github-request-id']).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]+:[0-9A-F]+:[0-9A-F]+$/,
    );
    expect(response.headers['x-oauth-scopes']).toBe('admin:org, read:org, repo');

    const missing = await failure(client(target).rest.orgs.get({ org: 'nobody' }));
    expect(missing.status).toBe(404);
    expect(missing.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/orgs/orgs#get-an-organization',
      status: '404',
    });
  });

  it('answers 404 for credential authorizations of an organization without SAML SSO', async () => {
    const target = await start();
    const octokit = client(target);
    const answer = await failure(
      octokit.request('GET /orgs/{org}/credential-authorizations', { org: 'acme-labs' }),
    );
    expect(answer.status).toBe(404);
    expect(answer.data).toEqual({
      message: 'Not Found',
      documentation_url:
        'https://docs.github.com/rest/orgs/orgs#list-saml-sso-authorizations-for-an-organization',
      status: '404',
    });
    // The organization itself is there; only the SAML-only endpoint is not.
    expect((await octokit.rest.orgs.get({ org: 'acme-labs' })).status).toBe(200);
    const unknownRoute = await failure(octokit.request('GET /orgs/{org}/teams', { org: 'acme' }));
    expect(unknownRoute.status).toBe(404);
  });

  it('serves GET /rate_limit without counting it', async () => {
    const target = await start({ rateLimit: { limit: 10 } });
    const octokit = client(target);
    await octokit.rest.orgs.get({ org: 'acme' });
    const status = await octokit.rest.rateLimit.get();
    expect(status.data.rate).toMatchObject({ limit: 10, used: 1, remaining: 9 });
    expect(status.data.resources.core).toEqual(status.data.rate);
    expect(status.data.resources.graphql).toMatchObject({ limit: 10, used: 0 });
    const again = await octokit.rest.rateLimit.get();
    expect(again.data.rate.used).toBe(1);
  });
});

describe('GitHub emulator: rate limits', () => {
  it('refuses over the primary budget with 403, remaining 0 and a reset time, then recovers after it', async () => {
    const target = await start({ rateLimit: { limit: 2, windowMs: 400 } });
    const octokit = client(target);
    await octokit.rest.orgs.get({ org: 'acme' });
    await octokit.rest.orgs.get({ org: 'acme' });
    const refused = await failure(octokit.rest.orgs.get({ org: 'acme' }));
    expect(refused.status).toBe(403);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-ratelimit-used']).toBe('2');
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );
    const message = (refused.data as { message: string }).message;
    expect(message).toMatch(
      /^API rate limit exceeded for user ID 9001\. If you reach out to GitHub Support for help, please include the request ID [0-9A-F:]+\.$/,
    );
    expect(message).toContain(refused.headers['x-github-request-id']);
    expect((refused.data as { documentation_url: string }).documentation_url).toBe(
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    );
    expect(target.throttled).toEqual({ primary: 1, secondary: 0 });
    expect(target.requestLog.at(-1)).toMatchObject({ status: 403, throttled: 'primary' });

    const calls = { primary: [] as number[], secondary: [] as number[] };
    const throttled = throttledClient(target, calls);
    const members = await throttled.paginate(throttled.rest.orgs.listMembers, { org: 'acme', per_page: 1 });
    expect(members.map((user) => user.login)).toEqual(['ann', 'bob', 'cyd']);
    expect(calls.primary.length).toBeGreaterThanOrEqual(1);
    expect(target.throttledCount).toBeGreaterThanOrEqual(2);
  });

  it('can answer the primary limit with 429 instead', async () => {
    const target = await start({ rateLimit: { limit: 1, status: 429 } });
    const octokit = client(target);
    await octokit.rest.orgs.get({ org: 'acme' });
    const refused = await failure(octokit.rest.orgs.get({ org: 'acme' }));
    expect(refused.status).toBe(429);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('refuses every Nth request with the secondary-limit message and retry-after; plugin-throttling recovers', async () => {
    const target = await start({ secondaryRateLimit: { everyNth: 2, retryAfterSeconds: 1 } });
    const octokit = client(target);
    await octokit.rest.orgs.get({ org: 'acme' });
    const refused = await failure(octokit.rest.orgs.get({ org: 'acme' }));
    expect(refused.status).toBe(403);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-ratelimit-remaining']).not.toBe('0');
    expect((refused.data as { message: string }).message).toMatch(
      /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\. If you reach out to GitHub Support for help, please include the request ID [0-9A-F:]+\.$/,
    );
    expect((refused.data as { documentation_url: string }).documentation_url).toBe(
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    );
    expect(target.throttled.secondary).toBe(1);

    const calls = { primary: [] as number[], secondary: [] as number[] };
    const throttled = throttledClient(target, calls);
    const members = await throttled.paginate(throttled.rest.orgs.listMembers, { org: 'acme', per_page: 1 });
    expect(members).toHaveLength(3);
    expect(calls.secondary).toContain(1);
    expect(calls.primary).toEqual([]);
  });

  it('answers a burst over the window with 429 when asked to, and plugin-throttling recovers from that too', async () => {
    const target = await start({
      secondaryRateLimit: { burst: { max: 2, windowMs: 300 }, status: 429, retryAfterSeconds: 1 },
    });
    const calls = { primary: [] as number[], secondary: [] as number[] };
    const throttled = throttledClient(target, calls);
    const results = await Promise.all(
      ['acme', 'acme', 'acme', 'acme'].map((org) => throttled.rest.orgs.get({ org })),
    );
    expect(results.every((response) => response.status === 200)).toBe(true);
    expect(calls.secondary.length).toBeGreaterThanOrEqual(1);
    expect(target.requestLog.some((entry) => entry.status === 429 && entry.throttled === 'secondary')).toBe(
      true,
    );
  });

  it('refuses requests over maxConcurrent', async () => {
    const target = await start({ latencyMs: 100, secondaryRateLimit: { maxConcurrent: 1 } });
    const octokit = client(target);
    const answers = await Promise.allSettled([
      octokit.rest.orgs.get({ org: 'acme' }),
      octokit.rest.orgs.get({ org: 'acme' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('limits GraphQL with a 200 RATE_LIMITED error on the graphql resource, separately from REST', async () => {
    const target = await start({ rateLimit: { limit: 1 } });
    const octokit = client(target);
    const query = 'query { rateLimit { limit remaining used cost } }';
    expect(await octokit.graphql(query)).toEqual({ rateLimit: { limit: 1, remaining: 0, used: 1, cost: 1 } });
    const error = (await octokit.graphql(query).catch((caught: unknown) => caught)) as {
      errors: { type: string; message: string }[];
      headers: Record<string, string>;
    };
    expect(error.errors).toEqual([
      {
        type: 'RATE_LIMITED',
        code: 'graphql_rate_limit',
        message: 'API rate limit exceeded for user ID 9001.',
      },
    ]);
    expect(error.headers['x-ratelimit-resource']).toBe('graphql');
    expect(error.headers['x-ratelimit-remaining']).toBe('0');
    expect((await octokit.rest.orgs.get({ org: 'acme' })).status).toBe(200);
  });
});

describe('GitHub emulator: faults and latency', () => {
  it('fails the chosen request with a 5xx and plugin-retry recovers', async () => {
    const target = await start({ faults: [{ path: /\/members$/, status: 502, times: 1 }] });
    const plain = await failure(client(target).rest.orgs.listMembers({ org: 'acme' }));
    expect(plain.status).toBe(502);
    expect((plain.data as { message: string }).message).toBe('Server Error');
    expect(target.requestLog.at(-1)).toMatchObject({ status: 502, fault: 'status' });

    const calls = { primary: [] as number[], secondary: [] as number[] };
    const again = await start({ faults: [{ path: /\/members$/, method: 'GET', status: 503, times: 2 }] });
    const throttled = throttledClient(again, calls);
    const members = await throttled.rest.orgs.listMembers({ org: 'acme' });
    expect(members.data).toHaveLength(3);
    expect(again.requestLog.map((entry) => entry.status)).toEqual([503, 503, 200]);
  });

  it('can drop the connection, truncate a body, or skip the first matches', async () => {
    const target = await start({
      faults: [
        { path: '/orgs/acme/members', action: 'reset' },
        { path: '/orgs/acme/repos', action: 'truncate' },
        { path: '/orgs/acme/installations', after: 1, status: 500 },
      ],
    });
    const octokit = client(target);
    expect((await failure(octokit.rest.orgs.listMembers({ org: 'acme' }))).status).toBe(500);
    expect((await octokit.rest.orgs.listMembers({ org: 'acme' })).data).toHaveLength(3);
    // Octokit does not reject a body cut short: it hands over status 200 with data '' (the JSON
    // parse failure is swallowed), so a client must check the payload's shape.
    const truncated = await octokit.rest.repos.listForOrg({ org: 'acme' });
    expect(truncated.status).toBe(200);
    expect(truncated.data).toBe('');
    expect((await octokit.rest.orgs.listAppInstallations({ org: 'acme' })).status).toBe(200);
    expect((await failure(octokit.rest.orgs.listAppInstallations({ org: 'acme' }))).status).toBe(500);
    expect(target.requestLog.map((entry) => entry.fault)).toEqual([
      'reset',
      undefined,
      'truncate',
      undefined,
      'status',
    ]);
  });

  it('can hang until the client gives up (a timeout)', async () => {
    const target = await start({ faults: [{ path: '/orgs/acme', action: 'hang' }] });
    const octokit = client(target);
    await expect(
      octokit.rest.orgs.get({ org: 'acme', request: { signal: AbortSignal.timeout(200) } }),
    ).rejects.toThrow();
    for (let wait = 0; wait < 50 && target.inFlight > 0; wait += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(target.inFlight).toBe(0);
    expect(target.requestLog).toMatchObject([{ path: '/orgs/acme', status: 0, fault: 'hang' }]);
    expect((await octokit.rest.orgs.get({ org: 'acme' })).status).toBe(200);
  });

  it('waits latencyMs before answering', async () => {
    const target = await start({ latencyMs: 150 });
    const started = Date.now();
    await client(target).rest.orgs.get({ org: 'acme' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('GitHub emulator: revocation shows on the next read', () => {
  it('removes a SAML SSO authorization (204), then 404 for it', async () => {
    const target = await start();
    const octokit = client(target);
    const removed = await octokit.request('DELETE /orgs/{org}/credential-authorizations/{credential_id}', {
      org: 'acme',
      credential_id: 501,
    });
    expect(removed.status).toBe(204);
    const listed = await octokit.request('GET /orgs/{org}/credential-authorizations', { org: 'acme' });
    expect(
      (listed.data as CredentialAuthorization[]).map((authorization) => authorization.credential_id),
    ).toEqual([502, 503]);
    expect(target.estate.orgs[0]!.credentialAuthorizations).toHaveLength(2);
    const again = await failure(
      octokit.request('DELETE /orgs/{org}/credential-authorizations/{credential_id}', {
        org: 'acme',
        credential_id: 501,
      }),
    );
    expect(again.status).toBe(404);
    expect(target.requestLog.map((entry) => `${entry.method} ${entry.route} ${entry.status}`)).toEqual([
      'DELETE DELETE /orgs/{org}/credential-authorizations/{credential_id} 204',
      'GET GET /orgs/{org}/credential-authorizations 200',
      'DELETE DELETE /orgs/{org}/credential-authorizations/{credential_id} 404',
    ]);
  });

  it('revokes fine-grained PAT grants one (204) or several (202) at a time', async () => {
    const target = await start();
    const octokit = client(target);
    const one = await octokit.rest.orgs.updatePatAccess({ org: 'acme', pat_id: 701, action: 'revoke' });
    expect(one.status).toBe(204);
    expect(target.requestLog.at(-1)!.body).toEqual({ action: 'revoke' });
    const many = await octokit.rest.orgs.updatePatAccesses({ org: 'acme', action: 'revoke', pat_ids: [702] });
    expect(many.status).toBe(202);
    expect(many.data).toEqual({});
    const left = await octokit.rest.orgs.listPatGrants({ org: 'acme' });
    expect(left.data.map((grant) => grant.id)).toEqual([703]);
    const unknown = await failure(
      octokit.rest.orgs.updatePatAccesses({ org: 'acme', action: 'revoke', pat_ids: [703, 999] }),
    );
    expect(unknown.status).toBe(404);
    expect((await octokit.rest.orgs.listPatGrants({ org: 'acme' })).data).toHaveLength(1);
    const invalid = await failure(
      octokit.request('POST /orgs/acme/personal-access-tokens/703', { action: 'keep' }),
    );
    expect(invalid.status).toBe(422);
  });

  it('deletes a deploy key (204), then 404 for it', async () => {
    const target = await start();
    const octokit = client(target);
    expect(
      (await octokit.rest.repos.deleteDeployKey({ owner: 'acme', repo: 'api', key_id: 41 })).status,
    ).toBe(204);
    const keys = await octokit.rest.repos.listDeployKeys({ owner: 'acme', repo: 'api' });
    expect(keys.data.map((key) => key.id)).toEqual([42]);
    const again = await failure(
      octokit.rest.repos.deleteDeployKey({ owner: 'acme', repo: 'api', key_id: 41 }),
    );
    expect(again.status).toBe(404);
    expect((again.data as { documentation_url: string }).documentation_url).toBe(
      'https://docs.github.com/rest/deploy-keys/deploy-keys#delete-a-deploy-key',
    );
  });

  it('filters PAT grants by owner and last use', async () => {
    const target = await start();
    const octokit = client(target);
    const byOwner = await octokit.request('GET /orgs/{org}/personal-access-tokens?owner[]=ann&owner[]=bob', {
      org: 'acme',
    });
    expect(byOwner.data.map((grant: { id: number }) => grant.id)).toEqual([701, 703]);
    const recent = await octokit.rest.orgs.listPatGrants({
      org: 'acme',
      last_used_after: '2026-10-01T00:00:00Z',
    });
    expect(recent.data.map((grant) => grant.id)).toEqual([701]);
    const ascending = await octokit.rest.orgs.listPatGrants({ org: 'acme', direction: 'asc' });
    expect(ascending.data.map((grant) => grant.id)).toEqual([703, 701, 702]);
  });
});

const IDENTITIES = `
  query ($login: String!, $first: Int!, $after: String) {
    organization(login: $login) {
      samlIdentityProvider {
        externalIdentities(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { guid samlIdentity { nameId emails { value } } user { login } }
        }
      }
    }
  }`;

interface IdentityPage {
  organization: {
    samlIdentityProvider: {
      externalIdentities: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: {
          guid: string;
          samlIdentity: { nameId: string; emails: { value: string }[] | null };
          user: { login: string } | null;
        }[];
      };
    } | null;
  } | null;
}

describe('GitHub emulator: GraphQL external identities', () => {
  it('pages external identities with first/after cursors', async () => {
    const target = await start();
    const octokit = client(target);
    const seen: IdentityPage['organization'][] = [];
    let after: string | null = null;
    for (;;) {
      const page: IdentityPage = await octokit.graphql<IdentityPage>(IDENTITIES, {
        login: 'acme',
        first: 2,
        after,
      });
      seen.push(page.organization);
      const connection = page.organization!.samlIdentityProvider!.externalIdentities;
      expect(connection.totalCount).toBe(3);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const nodes = seen.flatMap(
      (organization) => organization!.samlIdentityProvider!.externalIdentities.nodes,
    );
    expect(nodes.map((node) => [node.user?.login, node.samlIdentity.nameId])).toEqual([
      ['ann', 'ann@acme.example'],
      ['bob', 'bob@acme.example'],
      ['cyd', 'cyd@acme.example'],
    ]);
    expect(nodes[1]!.samlIdentity.emails).toEqual([
      { value: 'bob@acme.example' },
      { value: 'robert@acme.example' },
    ]);
    expect(nodes[2]!.samlIdentity.emails).toBeNull();
    expect(nodes[2]!.guid).toBe('fixed-guid-cyd');
    expect(nodes[0]!.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seen).toHaveLength(2);
    expect(target.requestLog.map((entry) => entry.route)).toEqual(['POST /graphql', 'POST /graphql']);
  });

  it('answers edges, aliases, fragments and filters, and null for an organization without SAML', async () => {
    const target = await start();
    const octokit = client(target);
    const result = await octokit.graphql<Record<string, unknown>>(
      `query Identities {
        acme: organization(login: "acme") {
          __typename
          ... on Organization {
            samlIdentityProvider {
              externalIdentities(first: 100, login: "BOB") {
                edges { cursor node { ...identity } }
              }
            }
          }
        }
        labs: organization(login: "acme-labs") { login samlIdentityProvider { ssoUrl } }
      }
      fragment identity on ExternalIdentity { samlIdentity { nameId } user { login } }`,
    );
    expect(result).toEqual({
      acme: {
        __typename: 'Organization',
        samlIdentityProvider: {
          externalIdentities: {
            edges: [
              {
                cursor: expect.any(String),
                node: { samlIdentity: { nameId: 'bob@acme.example' }, user: { login: 'bob' } },
              },
            ],
          },
        },
      },
      labs: { login: 'acme-labs', samlIdentityProvider: null },
    });
  });

  it('pages backwards with last/before', async () => {
    const target = await start();
    const octokit = client(target);
    const query = `query ($before: String) { organization(login: "acme") { samlIdentityProvider {
      externalIdentities(last: 1, before: $before) { pageInfo { hasPreviousPage startCursor } nodes { user { login } } } } } }`;
    type Page = {
      organization: {
        samlIdentityProvider: {
          externalIdentities: {
            pageInfo: { hasPreviousPage: boolean; startCursor: string };
            nodes: { user: { login: string } }[];
          };
        };
      };
    };
    const last = await octokit.graphql<Page>(query, { before: null });
    const connection = last.organization.samlIdentityProvider.externalIdentities;
    expect(connection.nodes.map((node) => node.user.login)).toEqual(['cyd']);
    expect(connection.pageInfo.hasPreviousPage).toBe(true);
    const previous = await octokit.graphql<Page>(query, { before: connection.pageInfo.startCursor });
    expect(
      previous.organization.samlIdentityProvider.externalIdentities.nodes.map((node) => node.user.login),
    ).toEqual(['bob']);
  });

  it('answers GitHub-style errors: unknown organization, unknown field, pagination limits, bad cursor, syntax', async () => {
    const target = await start();
    const octokit = client(target);
    const errorOf = async (query: string, variables: Record<string, unknown> = {}) =>
      (await octokit.graphql(query, variables).catch((error: unknown) => error)) as {
        errors: { type?: string; message: string; path?: unknown[] }[];
        data?: unknown;
      };

    const missing = await errorOf('{ organization(login: "nope") { login } }');
    expect(missing.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['organization'],
        locations: [{ line: 1, column: 3 }],
        message: "Could not resolve to an Organization with the login of 'nope'.",
      },
    ]);
    expect(missing.data).toEqual({ organization: null });

    const unknownField = await errorOf('{ organization(login: "acme") { nope } }');
    expect(unknownField.errors[0]).toMatchObject({
      message: "Field 'nope' doesn't exist on type 'Organization'",
      path: ['query', 'organization', 'nope'],
      extensions: { code: 'undefinedField', typeName: 'Organization', fieldName: 'nope' },
    });
    expect(unknownField.data).toBeUndefined();

    const tooMany = await errorOf(IDENTITIES, { login: 'acme', first: 101 });
    expect(tooMany.errors[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message:
        'Requesting 101 records on the `externalIdentities` connection exceeds the `first` limit of 100 records.',
    });

    const unbounded = await errorOf(
      '{ organization(login: "acme") { samlIdentityProvider { externalIdentities { totalCount } } } }',
    );
    expect(unbounded.errors[0]).toMatchObject({ type: 'MISSING_PAGINATION_BOUNDARIES' });
    expect(unbounded.data).toEqual({ organization: { samlIdentityProvider: null } });

    const badCursor = await errorOf(IDENTITIES, { login: 'acme', first: 1, after: 'not-a-cursor' });
    expect(badCursor.errors[0]).toMatchObject({ type: 'INVALID_CURSOR_ARGUMENTS' });

    const missingVariable = await errorOf(IDENTITIES, { first: 1 });
    expect(missingVariable.errors[0]!.message).toBe(
      'Variable $login of type String! was provided invalid value',
    );

    const syntax = await errorOf('{ organization(login: "acme") { login }');
    expect(syntax.errors[0]!.message).toBe('Unexpected end of document');
  });

  it('parses comments, commas, escapes, block strings, variables defaults and @skip/@include', async () => {
    const target = await start();
    const result = await client(target).graphql<Record<string, unknown>>(
      `# a comment
      query Q($skip: Boolean = true, $n: Int = 1) {
        a: organization(login: "ac\\u006de") { login, name @skip(if: $skip) }
        b: organization(login: """
            acme-labs
        """) { login name @include(if: $skip) }
        c: organization(login: "acme") { samlIdentityProvider { externalIdentities(first: $n) { totalCount } } }
      }`,
    );
    expect(result).toEqual({
      a: { login: 'acme' },
      b: { login: 'acme-labs', name: 'acme-labs' },
      c: { samlIdentityProvider: { externalIdentities: { totalCount: 3 } } },
    });
  });

  it('refuses a bad token on /graphql with 401', async () => {
    const target = await start();
    const refused = await failure(client(target, 'ghp_wrong').graphql('{ viewer { login } }'));
    expect(refused.status).toBe(401);
    expect(await client(target).graphql('{ viewer { login } }')).toEqual({
      viewer: { login: 'scanner-bot' },
    });
  });
});

describe('GitHub emulator: the demo estate', () => {
  it('serves fixtures/demo/estate.json through the official client', async () => {
    const estate = loadEstate(fileURLToPath(new URL('../../../fixtures/demo/estate.json', import.meta.url)))
      .github!;
    const target = await start({ estate });
    const octokit = client(target, estate.token);
    expect(estate.token).toMatch(/demo/i);
    const org = 'acme';
    const authorizations = await octokit.paginate<CredentialAuthorization>(
      'GET /orgs/{org}/credential-authorizations',
      {
        org,
        per_page: 4,
      },
    );
    expect(authorizations).toHaveLength(10);
    expect(
      authorizations.every(
        (item) => item.token_last_eight === undefined || /^demo\d{4}$/.test(item.token_last_eight),
      ),
    ).toBe(true);
    expect(
      authorizations.find((item) => item.scopes?.includes('admin:org') && item.login === 'devh'),
    ).toBeDefined();
    const grants = await octokit.paginate(octokit.rest.orgs.listPatGrants, { org });
    expect(grants.find((grant) => grant.owner.login === 'omard')?.permissions.organization).toMatchObject({
      administration: 'write',
    });
    const keys = await octokit.paginate(octokit.rest.repos.listDeployKeys, {
      owner: org,
      repo: 'payments-api',
    });
    expect(keys.map((key) => [key.added_by, key.read_only])).toEqual([
      ['devh', false],
      ['tarad', true],
    ]);
    const identities = await octokit.graphql<IdentityPage>(IDENTITIES, {
      login: org,
      first: 100,
      after: null,
    });
    expect(identities.organization!.samlIdentityProvider!.externalIdentities.totalCount).toBe(12);
    const labs = await failure(
      octokit.request('GET /orgs/{org}/credential-authorizations', { org: 'acme-labs' }),
    );
    expect(labs.status).toBe(404);
  });
});

describe('GitHub emulator: curl cross-check', () => {
  it('speaks plain HTTP the way curl sees GitHub', async () => {
    const curl = await run('curl', ['--version']).catch(() => undefined);
    if (!curl) {
      console.warn('curl is not installed: the GitHub emulator curl cross-check did not run');
      return;
    }
    const target = await start();
    const { stdout } = await run('curl', [
      '-sS',
      '-i',
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      '-H',
      'Accept: application/vnd.github+json',
      `${target.endpoint}/orgs/acme/credential-authorizations?per_page=2`,
    ]);
    const [head = '', body = ''] = stdout.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(head).toContain('content-type: application/json; charset=utf-8');
    expect(head).toContain(
      `link: <${target.endpoint}/organizations/1001/credential-authorizations?per_page=2&page=2>; rel="next", ` +
        `<${target.endpoint}/organizations/1001/credential-authorizations?per_page=2&page=2>; rel="last"`,
    );
    expect(head).toMatch(/x-ratelimit-remaining: 4999/);
    expect((JSON.parse(body) as { credential_id: number }[]).map((item) => item.credential_id)).toEqual([
      501, 502,
    ]);

    const graphql = await run('curl', [
      '-sS',
      '-H',
      `Authorization: token ${TOKEN}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({
        query:
          '{ organization(login: "acme") { samlIdentityProvider { externalIdentities(first: 1) { nodes { samlIdentity { nameId } } } } } }',
      }),
      target.graphqlUrl,
    ]);
    expect(JSON.parse(graphql.stdout)).toEqual({
      data: {
        organization: {
          samlIdentityProvider: {
            externalIdentities: { nodes: [{ samlIdentity: { nameId: 'ann@acme.example' } }] },
          },
        },
      },
    });

    const deleted = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'DELETE',
      '-H',
      `Authorization: token ${TOKEN}`,
      `${target.endpoint}/repos/acme/api/keys/42`,
    ]);
    expect(deleted.stdout).toBe('204');
    expect(target.estate.orgs[0]!.repos[0]!.deployKeys.map((key) => key.id)).toEqual([41]);
  });
});
