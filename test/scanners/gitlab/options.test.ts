/** The gitlab source options: defaults, and what is refused with the reason a person can act on. */
import { describe, expect, it } from 'vitest';
import { gitlabOptionsSchema } from '../../../scanners/gitlab/options.js';

const problems = (options: Record<string, unknown>) => {
  const parsed = gitlabOptionsSchema.safeParse(options);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('gitlab options', () => {
  it('defaults to gitlab.com, every kind and GitLab’s largest page', () => {
    expect(gitlabOptionsSchema.parse({ token: 'env:GITLAB_TOKEN', groups: ['acme/platform'] })).toEqual({
      host: 'https://gitlab.com',
      token: 'env:GITLAB_TOKEN',
      groups: ['acme/platform'],
      instance: false,
      credentialsInventory: false,
      kinds: [
        'personal-access-token',
        'group-access-token',
        'project-access-token',
        'deploy-token',
        'deploy-key',
        'ci-variable',
      ],
      perPage: 100,
      rateLimitRetries: 3,
      maxRateLimitWaitSeconds: 120,
      requestTimeoutSeconds: 30,
    });
  });

  it('refuses an inline token, plain http off this machine, nothing to read and unknown keys', () => {
    expect(problems({ token: 'glpat-inline', groups: ['acme'] })).toEqual([
      'token: expected a secret reference such as env:NAME (secrets are never inlined)',
    ]);
    expect(problems({ token: 'env:T', groups: ['acme'], host: 'http://gitlab.example' })).toEqual([
      'host: expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): the GitLab token must not travel in clear',
    ]);
    expect(problems({ token: 'env:T', groups: ['acme'], host: 'http://127.0.0.1:8080/' })).toEqual([]);
    expect(problems({ token: 'env:T' })).toEqual([
      'groups: expected groups to read, instance: true, or both',
    ]);
    expect(problems({ token: 'env:T', instance: true, org: 'acme' })).toEqual([': Unrecognized key: "org"']);
  });
});
