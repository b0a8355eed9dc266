/** The GitHub client's pure pieces: pagination links, envelopes, the budget, error descriptions, auth config. */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExceededError, RequestBudget } from '../../../scanners/github/budget.js';
import { githubClient } from '../../../scanners/github/client.js';
import { describeGithubError, isNotFound } from '../../../scanners/github/errors.js';
import { isSamlFieldMissing } from '../../../scanners/github/identities.js';
import { githubOptionsSchema } from '../../../scanners/github/options.js';
import { nextLink, pageItems } from '../../../scanners/github/paginate.js';
import { InputError } from '../../../src/core/errors.js';

describe('pagination', () => {
  it('finds the next link in any position and none on the last page', () => {
    expect(
      nextLink(
        '<http://127.0.0.1:1/organizations/1/members?page=1>; rel="prev", <http://127.0.0.1:1/organizations/1/members?page=3>; rel="next", <http://127.0.0.1:1/organizations/1/members?page=9>; rel="last"',
      ),
    ).toBe('http://127.0.0.1:1/organizations/1/members?page=3');
    expect(nextLink('<http://x/a?page=1>; rel="first", <http://x/a?page=2>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });

  it('takes the items of a page or of its one-array envelope', () => {
    expect(pageItems([1, 2])).toEqual([1, 2]);
    expect(pageItems({ total_count: 2, installations: [{ id: 1 }, { id: 2 }] })).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
    expect(pageItems({ a: [], b: [] })).toEqual({ a: [], b: [] });
  });
});

describe('request budget', () => {
  it('counts requests and refuses the one over the limit', () => {
    const budget = new RequestBudget(2);
    budget.take('GET /a');
    budget.take('GET /b');
    expect(budget.exhausted).toBe(true);
    expect(() => budget.take('GET /c')).toThrow(new BudgetExceededError(2, 'GET /c'));
    expect(budget.used).toBe(2);
  });
});

describe('describing failures', () => {
  const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(message), {
      name: 'HttpError',
      status,
      request: { method: 'GET', url: 'https://api.github.com/orgs/acme/personal-access-tokens?per_page=100' },
      response: { headers },
    });

  it('names the status, the request without host or query, and what GitHub would accept', () => {
    const error = httpError(403, 'Resource not accessible by personal access token', {
      'x-accepted-github-permissions': 'organization_personal_access_tokens=read',
    });
    expect(describeGithubError(error)).toBe(
      '403 GET /orgs/acme/personal-access-tokens: Resource not accessible by personal access token; GitHub App permissions accepted: organization_personal_access_tokens=read',
    );
    expect(isNotFound(httpError(404, 'Not Found'))).toBe(true);
    expect(isNotFound(new Error('404'))).toBe(false);
  });

  it('says when a token is not authorized for SAML single sign-on, and redacts token material', () => {
    expect(
      describeGithubError(
        httpError(
          403,
          'Resource protected by SAML enforcement: token ghp_abcdefghijklmnopqrstuvwxyz0123456789',
          {
            'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=x',
          },
        ),
      ),
    ).toBe(
      '403 GET /orgs/acme/personal-access-tokens: Resource protected by SAML enforcement: token [redacted]; the token is not authorized for SAML single sign-on',
    );
  });

  it('describes GraphQL errors and anything else', () => {
    expect(
      describeGithubError(
        Object.assign(new Error('x'), {
          name: 'GraphqlResponseError',
          errors: [{ type: 'FORBIDDEN', message: 'no' }],
        }),
      ),
    ).toBe('GraphQL FORBIDDEN: no');
    expect(describeGithubError(new TypeError('boom'))).toBe('TypeError: boom');
  });
});

describe('client configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses a token reference whose variable is not set, as an input error naming the key', () => {
    delete process.env.NHISCAN_TEST_MISSING;
    const options = githubOptionsSchema.parse({
      orgs: ['acme'],
      auth: { token: 'env:NHISCAN_TEST_MISSING' },
    });
    expect(() => githubClient(options)).toThrow(
      new InputError('environment variable NHISCAN_TEST_MISSING is not set', { key: 'auth.token' }),
    );
  });

  it('builds a GitHub App client from an escaped one-line PEM without calling GitHub', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    process.env.NHISCAN_TEST_APP_KEY = pem.replace(/\n/g, '\\n');
    const options = githubOptionsSchema.parse({
      orgs: ['acme'],
      auth: { appId: 1, privateKey: 'env:NHISCAN_TEST_APP_KEY', installationId: 2 },
    });
    const client = githubClient(options);
    expect(typeof client.request).toBe('function');
  });

  it('validates options with the key path', () => {
    const result = githubOptionsSchema.safeParse({
      orgs: ['acme'],
      auth: { token: 'ghp_inline' },
      kinds: ['deploy-key', 'gpg-key'],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'auth.token',
      'kinds.1',
    ]);
  });
});

describe('GitHub Enterprise Server without per-organization SAML', () => {
  it('reads a GraphQL schema without samlIdentityProvider as "no SAML", and nothing else', () => {
    const graphqlError = (errors: unknown[]) =>
      Object.assign(new Error('x'), { name: 'GraphqlResponseError', errors });
    expect(
      isSamlFieldMissing(
        graphqlError([
          {
            message: "Field 'samlIdentityProvider' doesn't exist on type 'Organization'",
            extensions: {
              code: 'undefinedField',
              typeName: 'Organization',
              fieldName: 'samlIdentityProvider',
            },
          },
        ]),
      ),
    ).toBe(true);
    expect(
      isSamlFieldMissing(graphqlError([{ type: 'FORBIDDEN', message: 'Resource not accessible' }])),
    ).toBe(false);
    expect(isSamlFieldMissing(graphqlError([]))).toBe(false);
    expect(isSamlFieldMissing(new Error("Field 'samlIdentityProvider' doesn't exist"))).toBe(false);
  });
});
