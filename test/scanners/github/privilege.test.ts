/** Which GitHub credentials are privileged, and the exact reasons. */
import { describe, expect, it } from 'vitest';
import { deployKeyReasons, fineGrainedReasons, scopeReasons } from '../../../scanners/github/privilege.js';

describe('classic token scopes', () => {
  it('flags admin:org, admin:enterprise, admin:repo_hook and delete_repo, in that order', () => {
    expect(scopeReasons(['delete_repo', 'repo', 'admin:repo_hook', 'ADMIN:ORG', 'admin:enterprise'])).toEqual(
      ['scope admin:org', 'scope admin:enterprise', 'scope admin:repo_hook', 'scope delete_repo'],
    );
  });

  it('leaves everyday and read scopes alone', () => {
    expect(
      scopeReasons([
        'repo',
        'read:org',
        'write:org',
        'workflow',
        'admin:public_key',
        'user',
        'gist',
        'read:enterprise',
      ]),
    ).toEqual([]);
    expect(scopeReasons(undefined)).toEqual([]);
    expect(scopeReasons(null)).toEqual([]);
  });
});

describe('fine-grained token permissions', () => {
  it('flags any admin level and write on the control-plane permissions, sorted by category and name', () => {
    expect(
      fineGrainedReasons({
        organization: {
          members: 'write',
          organization_administration: 'write',
          administration: 'write',
          organization_projects: 'admin',
          organization_secrets: 'write',
          personal_access_tokens: 'write',
          organization_self_hosted_runners: 'write',
          organization_hooks: 'write',
          organization_user_blocking: 'write',
        },
        repository: {
          administration: 'write',
          contents: 'write',
          secrets: 'write',
          environments: 'write',
          repository_hooks: 'write',
          workflows: 'write',
          actions: 'write',
          issues: 'write',
          pull_requests: 'write',
        },
      }),
    ).toEqual([
      'fine-grained permission organization.administration:write',
      'fine-grained permission organization.members:write',
      'fine-grained permission organization.organization_administration:write',
      'fine-grained permission organization.organization_hooks:write',
      'fine-grained permission organization.organization_projects:admin',
      'fine-grained permission organization.organization_secrets:write',
      'fine-grained permission organization.organization_self_hosted_runners:write',
      'fine-grained permission organization.personal_access_tokens:write',
      'fine-grained permission repository.administration:write',
      'fine-grained permission repository.environments:write',
      'fine-grained permission repository.repository_hooks:write',
      'fine-grained permission repository.secrets:write',
      'fine-grained permission repository.workflows:write',
    ]);
  });

  it('does not flag read access to sensitive permissions, nor write access to everyday ones', () => {
    expect(
      fineGrainedReasons({
        organization: { members: 'read', organization_administration: 'read' },
        repository: {
          administration: 'read',
          secrets: 'read',
          contents: 'write',
          issues: 'write',
          metadata: 'read',
        },
        other: {},
      }),
    ).toEqual([]);
    expect(fineGrainedReasons({})).toEqual([]);
  });
});

describe('deploy keys', () => {
  it('flags a write key with its repository and leaves a read-only key alone', () => {
    expect(deployKeyReasons({ read_only: false }, 'acme/api')).toEqual([
      'write access to acme/api (read_only false)',
    ]);
    expect(deployKeyReasons({ read_only: true }, 'acme/api')).toEqual([]);
  });
});
