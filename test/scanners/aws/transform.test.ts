import type { GroupDetail, ManagedPolicyDetail, UserDetail } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { allowsStarOnStar, privilegeReasons } from '../../../scanners/aws/privilege.js';
import {
  accessKeyCredential,
  consolePasswordCredential,
  type UserContext,
} from '../../../scanners/aws/transform.js';

const user: UserDetail = {
  UserName: 'jdoe',
  UserId: 'AIDAEXAMPLE000000001',
  Arn: 'arn:aws:iam::111122223333:user/jdoe',
  CreateDate: new Date('2024-01-01T00:00:00Z'),
  Tags: [
    { Key: 'Owner', Value: 'Jane.Doe@acme.example' },
    { Key: 'team', Value: 'payments' },
  ],
  GroupList: ['admins'],
};

const context: UserContext = {
  accountId: '111122223333',
  user,
  privilegedReasons: ['AdministratorAccess attached through group admins'],
  ownerTagKeys: ['owner', 'owner_email', 'email', 'nhi:owner'],
  departmentTagKeys: ['department', 'team'],
};

describe('aws transforms', () => {
  it('maps an access key field by field, with owner signals from tags and the user name', () => {
    const credential = accessKeyCredential(
      context,
      {
        UserName: 'jdoe',
        AccessKeyId: 'AKIAEXAMPLE000000001',
        Status: 'Active',
        CreateDate: new Date('2025-03-01T10:00:00Z'),
      },
      { value: { LastUsedDate: new Date('2026-11-20T08:00:00Z'), ServiceName: 's3', Region: 'us-east-1' } },
    );
    expect(credential).toEqual({
      uid: 'aws:111122223333:access-key:AKIAEXAMPLE000000001',
      provider: 'aws',
      account: '111122223333',
      kind: 'access-key',
      externalId: 'AKIAEXAMPLE000000001',
      principalUid: 'aws:111122223333:user/jdoe',
      principalName: 'jdoe',
      status: 'active',
      createdAt: '2025-03-01T10:00:00.000Z',
      expiresAt: null,
      lastUsedAt: '2026-11-20T08:00:00.000Z',
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['AdministratorAccess attached through group admins'],
      department: 'payments',
      ownerSignals: [
        { kind: 'tag', value: 'Jane.Doe@acme.example', source: 'aws:111122223333:user/jdoe tag owner' },
        { kind: 'name-match', value: 'jdoe', source: 'aws:111122223333:user/jdoe user name' },
      ],
      hint: '00000001',
    });
  });

  it('says never used when IAM has no last-use date, and unknown when it could not be read', () => {
    const key = {
      AccessKeyId: 'AKIAEXAMPLE000000002',
      Status: 'Inactive' as const,
      CreateDate: new Date('2025-03-01T00:00:00Z'),
    };
    expect(accessKeyCredential(context, key, { value: { ServiceName: 'N/A', Region: 'N/A' } })).toMatchObject(
      {
        status: 'inactive',
        lastUsedAt: null,
        lastUsedKnown: true,
      },
    );
    expect(
      accessKeyCredential(context, key, { unknownReason: 'iam.GetAccessKeyLastUsed failed: AccessDenied' }),
    ).toMatchObject({
      lastUsedAt: null,
      lastUsedKnown: false,
      lastUsedUnknownReason: 'iam.GetAccessKeyLastUsed failed: AccessDenied',
    });
  });

  it('keys a console password by user name and takes last use from PasswordLastUsed', () => {
    expect(
      consolePasswordCredential(
        context,
        { UserName: 'jdoe', CreateDate: new Date('2024-02-01T00:00:00Z') },
        undefined,
      ),
    ).toMatchObject({
      uid: 'aws:111122223333:console-password:jdoe',
      kind: 'console-password',
      lastUsedAt: null,
      lastUsedKnown: true,
    });
  });

  it('keeps no secret material: only ids, dates, statuses and tags', () => {
    const credential = accessKeyCredential(
      context,
      {
        AccessKeyId: 'AKIAEXAMPLE000000001',
        Status: 'Active',
        CreateDate: new Date('2025-03-01T00:00:00Z'),
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      } as never,
      { value: undefined },
    );
    expect(JSON.stringify(credential)).not.toContain('wJalrXUtnFEMI');
  });
});

describe('aws privilege', () => {
  const groups = new Map<string, GroupDetail>([
    [
      'admins',
      {
        GroupName: 'admins',
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
      },
    ],
    [
      'devs',
      {
        GroupName: 'devs',
        GroupPolicyList: [
          {
            PolicyName: 'all',
            PolicyDocument: encodeURIComponent(
              '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
            ),
          },
        ],
      },
    ],
  ]);
  const managed = new Map<string, ManagedPolicyDetail>([
    [
      'arn:aws:iam::111122223333:policy/god',
      {
        Arn: 'arn:aws:iam::111122223333:policy/god',
        PolicyVersionList: [
          {
            IsDefaultVersion: true,
            Document: encodeURIComponent('{"Statement":{"Effect":"Allow","Action":["*"],"Resource":["*"]}}'),
          },
        ],
      },
    ],
  ]);
  const reasons = (detail: UserDetail) => privilegeReasons(detail, { groups, managed });

  it('finds admin policies directly, through groups, and * on * documents', () => {
    expect(
      reasons({
        UserName: 'a',
        AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }],
      }),
    ).toEqual(['IAMFullAccess attached directly']);
    expect(reasons({ UserName: 'b', GroupList: ['admins'] })).toEqual([
      'AdministratorAccess attached through group admins',
    ]);
    expect(reasons({ UserName: 'c', GroupList: ['devs'] })).toEqual([
      'inline policy all of group devs allows * on *',
    ]);
    expect(
      reasons({
        UserName: 'd',
        AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::111122223333:policy/god' }],
      }),
    ).toEqual(['policy arn:aws:iam::111122223333:policy/god attached directly allows * on *']);
    expect(
      reasons({
        UserName: 'e',
        AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      }),
    ).toEqual([]);
  });

  it('does not call a Deny or a scoped Allow privileged', () => {
    expect(allowsStarOnStar('{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}')).toBe(false);
    expect(allowsStarOnStar('{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')).toBe(false);
    expect(
      allowsStarOnStar('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}'),
    ).toBe(false);
    expect(allowsStarOnStar('not json')).toBe(false);
  });
});
