import type { GroupDetail, ManagedPolicyDetail, UserDetail } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { documentMayAllowGit, mayUseCodeCommitGit } from '../../../scanners/aws/codecommit-access.js';

const doc = (statement: unknown) =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));
const allow = (action: unknown) => doc({ Effect: 'Allow', Action: action, Resource: '*' });

describe('documentMayAllowGit', () => {
  it.each([
    ['codecommit:GitPull', true],
    ['codecommit:GitPush', true],
    ['CodeCommit:gitpull', true],
    ['codecommit:*', true],
    ['codecommit:Git*', true],
    ['codecommit:GitPul?', true],
    ['code*:*', true],
    ['*', true],
    ['codecommit:Get*', false],
    ['codecommit:List*', false],
    ['s3:*', false],
    ['*:Describe*', false],
  ])('Action %s → %s', (action, expected) => {
    expect(documentMayAllowGit(allow(action))).toBe(expected);
    expect(documentMayAllowGit(allow(['s3:GetObject', action]))).toBe(expected);
  });

  it('reads NotAction: allowed unless both Git actions are excluded', () => {
    expect(documentMayAllowGit(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe(true);
    expect(
      documentMayAllowGit(doc({ Effect: 'Allow', NotAction: 'codecommit:GitPush', Resource: '*' })),
    ).toBe(true);
    expect(documentMayAllowGit(doc({ Effect: 'Allow', NotAction: ['codecommit:*'], Resource: '*' }))).toBe(
      false,
    );
  });

  it('ignores Deny statements and reads plain (not URL-encoded) JSON too', () => {
    expect(documentMayAllowGit(doc([{ Effect: 'Deny', Action: '*', Resource: '*' }]))).toBe(false);
    expect(
      documentMayAllowGit(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'codecommit:*' }] })),
    ).toBe(true);
  });

  it('answers "may" for what it cannot read: no document, bad JSON, odd shapes', () => {
    expect(documentMayAllowGit(undefined)).toBe(true);
    expect(documentMayAllowGit('%7Bnot json')).toBe(true);
    expect(documentMayAllowGit(allow({ not: 'a list' }))).toBe(true);
    expect(documentMayAllowGit(doc({ Effect: 'Allow', Resource: '*' }))).toBe(true);
    expect(documentMayAllowGit(doc(['a string statement']))).toBe(true);
  });
});

describe('mayUseCodeCommitGit', () => {
  const managed = (arn: string, document: string): ManagedPolicyDetail => ({
    Arn: arn,
    PolicyVersionList: [
      { Document: allow('s3:*'), VersionId: 'v1', IsDefaultVersion: false },
      { Document: document, VersionId: 'v2', IsDefaultVersion: true },
    ],
  });
  const policies = {
    groups: new Map<string, GroupDetail>([
      ['services', { GroupName: 'services', AttachedManagedPolicies: [{ PolicyArn: 'arn:runtime' }] }],
      [
        'git',
        { GroupName: 'git', GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: allow('codecommit:*') }] },
      ],
      ['developers', { GroupName: 'developers', AttachedManagedPolicies: [{ PolicyArn: 'arn:readonly' }] }],
    ]),
    managed: new Map([
      ['arn:runtime', managed('arn:runtime', allow(['s3:GetObject', 'sqs:*Message']))],
      ['arn:readonly', managed('arn:readonly', allow(['*:Get*', 'codecommit:GitPull']))],
    ]),
  };
  const user = (detail: Partial<UserDetail>): UserDetail => ({ UserName: 'u', ...detail });

  it('is false only when every policy of the user and its groups is known and allows no Git action', () => {
    expect(mayUseCodeCommitGit(user({ GroupList: ['services'] }), policies)).toBe(false);
    expect(mayUseCodeCommitGit(user({}), policies)).toBe(false);
    expect(
      mayUseCodeCommitGit(
        user({
          GroupList: ['services'],
          UserPolicyList: [{ PolicyName: 'p', PolicyDocument: allow('s3:*') }],
        }),
        policies,
      ),
    ).toBe(false);
  });

  it('is true through an inline policy, an attached policy, a group policy or a group’s managed policy', () => {
    expect(
      mayUseCodeCommitGit(
        user({ UserPolicyList: [{ PolicyName: 'p', PolicyDocument: allow('codecommit:GitPush') }] }),
        policies,
      ),
    ).toBe(true);
    expect(
      mayUseCodeCommitGit(user({ AttachedManagedPolicies: [{ PolicyArn: 'arn:readonly' }] }), policies),
    ).toBe(true);
    expect(mayUseCodeCommitGit(user({ GroupList: ['services', 'git'] }), policies)).toBe(true);
    expect(mayUseCodeCommitGit(user({ GroupList: ['developers'] }), policies)).toBe(true);
  });

  it('is true when a policy or group is not in the account details (never skips on a guess)', () => {
    expect(
      mayUseCodeCommitGit(user({ AttachedManagedPolicies: [{ PolicyArn: 'arn:unknown' }] }), policies),
    ).toBe(true);
    expect(mayUseCodeCommitGit(user({ GroupList: ['not-listed'] }), policies)).toBe(true);
  });
});
