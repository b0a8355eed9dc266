/**
 * The AWS emulator through the official SDK clients: identity, AssumeRole into another account,
 * paging, authorization details, revocation, and the errors (signature, AccessDenied, throttling,
 * faults, unknown action) the scanner must handle.
 */
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import {
  type AwsEmulator,
  type AwsEmulatorOptions,
  startAwsEmulator,
} from '../../../scanners/aws/emulator/index.js';

const CALLER = {
  accessKeyId: 'AKIAEMULATORCALLER01',
  secretAccessKey: 'caller-secret',
  accountId: '111111111111',
  userName: 'scanner',
};

function estate(): AwsEstate {
  return {
    callerAccessKey: CALLER,
    organization: {
      managementAccountId: '111111111111',
      accounts: [
        { id: '111111111111', name: 'prod', status: 'ACTIVE' },
        { id: '222222222222', name: 'dev', status: 'ACTIVE' },
        { id: '333333333333', name: 'old', status: 'SUSPENDED' },
      ],
    },
    accounts: [
      {
        id: '111111111111',
        scannerRoleName: 'nhiscan-read',
        users: [
          { name: 'scanner', userId: 'AIDASCANNER000000001', createDate: '2023-05-05T00:00:00Z' },
          {
            name: 'svc-backup',
            userId: 'AIDABACKUP0000000001',
            createDate: '2024-01-01T00:00:00Z',
            tags: { owner: 'ann@acme.example', team: 'platform' },
            groups: ['admins'],
            attachedPolicyArns: ['arn:aws:iam::111111111111:policy/backup-writer'],
            inlinePolicies: [
              {
                name: 'read-s3',
                document: {
                  Version: '2012-10-17',
                  Statement: { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
                },
              },
            ],
            accessKeys: [
              {
                id: 'AKIAKEY0000000000001',
                status: 'Active',
                createDate: '2025-01-01T00:00:00Z',
                lastUsed: { date: '2026-11-20T10:00:00Z', serviceName: 's3', region: 'eu-west-1' },
              },
              { id: 'AKIAKEY0000000000002', status: 'Active', createDate: '2025-06-01T00:00:00Z' },
              { id: 'AKIAKEY0000000000003', status: 'Inactive', createDate: '2025-07-01T00:00:00Z' },
            ],
            sshPublicKeys: [
              {
                id: 'APKASSH0000000000001',
                status: 'Active',
                uploadDate: '2025-02-02T00:00:00Z',
                fingerprint: 'aa:bb',
              },
            ],
            signingCertificates: [
              {
                id: 'CERT0000000000000000000000000001',
                status: 'Active',
                uploadDate: '2025-04-04T00:00:00Z',
              },
            ],
            serviceSpecificCredentials: [
              {
                id: 'ACCASSC0000000000001',
                serviceName: 'codecommit.amazonaws.com',
                serviceUserName: 'backup-at-1111',
                status: 'Active',
                createDate: '2025-03-03T00:00:00Z',
              },
            ],
            loginProfile: { createDate: '2024-01-02T00:00:00Z', passwordLastUsed: '2026-10-10T00:00:00Z' },
          },
        ],
        roles: [
          {
            name: 'nhiscan-read',
            roleId: 'AROAREAD000000000001',
            createDate: '2024-02-02T00:00:00Z',
            tags: { purpose: 'scan' },
            attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
            lastUsed: { date: '2026-11-25T00:00:00Z', region: 'us-east-1' },
          },
        ],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPAADMINS0000000001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
        managedPolicies: [
          {
            arn: 'arn:aws:iam::111111111111:policy/backup-writer',
            name: 'backup-writer',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::backups/*' }],
            },
          },
        ],
      },
      {
        id: '222222222222',
        scannerRoleName: 'nhiscan-read',
        users: [
          {
            name: 'ci',
            userId: 'AIDACI00000000000001',
            createDate: '2024-03-03T00:00:00Z',
            accessKeys: [
              { id: 'AKIAKEYB000000000001', status: 'Active', createDate: '2025-05-05T00:00:00Z' },
            ],
          },
        ],
        roles: [],
        groups: [],
      },
    ],
  };
}

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Partial<AwsEmulatorOptions> = {}): Promise<AwsEmulator> {
  emulator = await startAwsEmulator({ estate: estate(), ...options });
  return emulator;
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const CALLER_KEYS: Keys = { accessKeyId: CALLER.accessKeyId, secretAccessKey: CALLER.secretAccessKey };
const config = (endpoint: string, credentials: Keys = CALLER_KEYS) => ({
  endpoint,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});
const iam = (endpoint: string, credentials?: Keys) => new IAMClient(config(endpoint, credentials));
const sts = (endpoint: string, credentials?: Keys) => new STSClient(config(endpoint, credentials));

/**
 * The error a call failed with: name, HTTP status and message. The SDK names modeled errors after
 * their shape (wire code NoSuchEntity → NoSuchEntityException) and unmodeled ones after the code.
 */
async function failure(
  call: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

async function assumeInto(endpoint: string, accountId: string): Promise<Keys> {
  const out = await sts(endpoint).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/nhiscan-read`,
      RoleSessionName: 'nhiscan',
    }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe('aws emulator: STS', () => {
  it('answers GetCallerIdentity for the caller key', async () => {
    const { endpoint } = await start();
    const out = await sts(endpoint).send(new GetCallerIdentityCommand({}));
    expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({
      UserId: 'AIDASCANNER000000001',
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/scanner',
    });
  });

  it('issues temporary credentials that act in the assumed account', async () => {
    const e = await start();
    const before = Date.now();
    const out = await sts(e.endpoint).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/nhiscan-read',
        RoleSessionName: 'nhiscan',
        DurationSeconds: 900,
      }),
    );
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials!.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials!.SessionToken!.length).toBeGreaterThan(100);
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + 900_000,
    );
    expect(out.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(out.AssumedRoleUser!.Arn).toBe('arn:aws:sts::222222222222:assumed-role/nhiscan-read/nhiscan');

    const keys = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const identity = await sts(e.endpoint, keys).send(new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.Arn]).toEqual([
      '222222222222',
      'arn:aws:sts::222222222222:assumed-role/nhiscan-read/nhiscan',
    ]);

    const listed = await iam(e.endpoint, keys).send(new ListAccessKeysCommand({ UserName: 'ci' }));
    expect(listed.AccessKeyMetadata).toEqual([
      {
        UserName: 'ci',
        AccessKeyId: 'AKIAKEYB000000000001',
        Status: 'Active',
        CreateDate: new Date('2025-05-05T00:00:00Z'),
      },
    ]);
    expect(listed.IsTruncated).toBe(false);
    expect(e.requestLog.at(-1)).toEqual({
      service: 'iam',
      action: 'ListAccessKeys',
      accountId: '222222222222',
      params: { UserName: 'ci' },
    });
    // The user of account A does not exist in account B.
    expect(
      await failure(iam(e.endpoint, keys).send(new ListAccessKeysCommand({ UserName: 'svc-backup' }))),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    // No secret material reaches the log.
    expect(JSON.stringify(e.requestLog)).not.toContain(keys.secretAccessKey);
    expect(JSON.stringify(e.requestLog)).not.toContain(keys.sessionToken);
  });

  it('refuses AssumeRole into another role or an unknown account, and temporary keys without their token', async () => {
    const { endpoint } = await start();
    expect(
      await failure(
        sts(endpoint).send(
          new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/admin', RoleSessionName: 'x1' }),
        ),
      ),
    ).toEqual({
      name: 'AccessDenied',
      status: 403,
      message:
        'User: arn:aws:iam::111111111111:user/scanner is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/admin',
    });
    expect(
      await failure(
        sts(endpoint).send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::999999999999:role/nhiscan-read',
            RoleSessionName: 'x1',
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });

    const keys = await assumeInto(endpoint, '222222222222');
    const withoutToken = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
    expect(await failure(iam(endpoint, withoutToken).send(new ListUsersCommand({})))).toEqual({
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
  });
});

describe('aws emulator: IAM reads', () => {
  it('pages ListAccessKeys one key at a time through the SDK paginator', async () => {
    const e = await start();
    const pages = [];
    for await (const page of paginateListAccessKeys(
      { client: iam(e.endpoint), pageSize: 1 },
      { UserName: 'svc-backup' },
    )) {
      pages.push(page.AccessKeyMetadata!.map((key) => `${key.AccessKeyId} ${key.Status}`));
    }
    expect(pages).toEqual([
      ['AKIAKEY0000000000001 Active'],
      ['AKIAKEY0000000000002 Active'],
      ['AKIAKEY0000000000003 Inactive'],
    ]);
    const calls = e.requestLog.filter((entry) => entry.action === 'ListAccessKeys');
    expect(calls.map((entry) => [entry.params.MaxItems, entry.params.Marker === undefined])).toEqual([
      ['1', true],
      ['1', false],
      ['1', false],
    ]);
  });

  it('returns users, groups, roles and policies from GetAccountAuthorizationDetails', async () => {
    const { endpoint } = await start();
    const out = await iam(endpoint).send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.IsTruncated).toBe(false);
    expect(out.UserDetailList!.map((user) => user.UserName)).toEqual(['scanner', 'svc-backup']);
    expect(out.UserDetailList![1]).toEqual({
      Path: '/',
      UserName: 'svc-backup',
      UserId: 'AIDABACKUP0000000001',
      Arn: 'arn:aws:iam::111111111111:user/svc-backup',
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      UserPolicyList: [
        {
          PolicyName: 'read-s3',
          PolicyDocument: encodeURIComponent(
            '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}',
          ),
        },
      ],
      GroupList: ['admins'],
      AttachedManagedPolicies: [
        { PolicyName: 'backup-writer', PolicyArn: 'arn:aws:iam::111111111111:policy/backup-writer' },
      ],
      Tags: [
        { Key: 'owner', Value: 'ann@acme.example' },
        { Key: 'team', Value: 'platform' },
      ],
    });
    expect(out.GroupDetailList).toEqual([
      {
        Path: '/',
        GroupName: 'admins',
        GroupId: 'AGPAADMINS0000000001',
        Arn: 'arn:aws:iam::111111111111:group/admins',
        CreateDate: new Date('2020-01-01T00:00:00Z'),
        GroupPolicyList: [],
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
      },
    ]);
    expect(
      out.RoleDetailList!.map((role) => [
        role.RoleName,
        role.Tags,
        role.RoleLastUsed,
        role.AttachedManagedPolicies,
      ]),
    ).toEqual([
      [
        'nhiscan-read',
        [{ Key: 'purpose', Value: 'scan' }],
        { LastUsedDate: new Date('2026-11-25T00:00:00Z'), Region: 'us-east-1' },
        [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      ],
    ]);
    expect(
      out.Policies!.map((policy) => [
        policy.Arn,
        policy.AttachmentCount,
        policy.DefaultVersionId,
        JSON.parse(decodeURIComponent(policy.PolicyVersionList![0]!.Document!)),
      ]),
    ).toEqual([
      [
        'arn:aws:iam::111111111111:policy/backup-writer',
        1,
        'v1',
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::backups/*' }],
        },
      ],
      [
        'arn:aws:iam::aws:policy/AdministratorAccess',
        1,
        'v1',
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      ],
      [
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        1,
        'v1',
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['*:Describe*', '*:Get*', '*:List*', 'codecommit:GitPull'],
              Resource: '*',
            },
          ],
        },
      ],
    ]);
  });

  it('filters GetAccountAuthorizationDetails and pages across all entity kinds', async () => {
    const { endpoint } = await start();
    const users = await iam(endpoint).send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'AWSManagedPolicy'] }),
    );
    expect([
      users.UserDetailList!.length,
      users.GroupDetailList,
      users.RoleDetailList,
      users.Policies!.map((p) => p.PolicyName),
    ]).toEqual([2, [], [], ['AdministratorAccess', 'ReadOnlyAccess']]);
    const seen: string[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: iam(endpoint), pageSize: 2 },
      {},
    )) {
      seen.push(
        [
          ...page.UserDetailList!.map((u) => `user:${u.UserName}`),
          ...page.GroupDetailList!.map((g) => `group:${g.GroupName}`),
          ...page.RoleDetailList!.map((r) => `role:${r.RoleName}`),
          ...page.Policies!.map((p) => `policy:${p.PolicyName}`),
        ].join(','),
      );
    }
    expect(seen).toEqual([
      'user:scanner,user:svc-backup',
      'group:admins,role:nhiscan-read',
      'policy:backup-writer,policy:AdministratorAccess',
      'policy:ReadOnlyAccess',
    ]);
  });

  it('lists users, tags, roles and every credential kind with exact values', async () => {
    const { endpoint } = await start();
    const client = iam(endpoint);
    const users = await client.send(new ListUsersCommand({}));
    expect(users.Users![1]).toEqual({
      Path: '/',
      UserName: 'svc-backup',
      UserId: 'AIDABACKUP0000000001',
      Arn: 'arn:aws:iam::111111111111:user/svc-backup',
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      PasswordLastUsed: new Date('2026-10-10T00:00:00Z'),
    });
    const tags = await client.send(new ListUserTagsCommand({ UserName: 'svc-backup', MaxItems: 1 }));
    expect([tags.Tags, tags.IsTruncated, typeof tags.Marker]).toEqual([
      [{ Key: 'owner', Value: 'ann@acme.example' }],
      true,
      'string',
    ]);
    const roles = await client.send(new ListRolesCommand({}));
    expect(roles.Roles!.map((role) => [role.RoleName, role.Arn])).toEqual([
      ['nhiscan-read', 'arn:aws:iam::111111111111:role/nhiscan-read'],
    ]);
    expect(
      (await client.send(new ListSSHPublicKeysCommand({ UserName: 'svc-backup' }))).SSHPublicKeys,
    ).toEqual([
      {
        UserName: 'svc-backup',
        SSHPublicKeyId: 'APKASSH0000000000001',
        Status: 'Active',
        UploadDate: new Date('2025-02-02T00:00:00Z'),
      },
    ]);
    const certificates = await client.send(new ListSigningCertificatesCommand({ UserName: 'svc-backup' }));
    expect(certificates.Certificates!.map((c) => [c.CertificateId, c.Status, c.UploadDate])).toEqual([
      ['CERT0000000000000000000000000001', 'Active', new Date('2025-04-04T00:00:00Z')],
    ]);
    expect(
      (await client.send(new ListServiceSpecificCredentialsCommand({ UserName: 'svc-backup' })))
        .ServiceSpecificCredentials,
    ).toEqual([
      {
        UserName: 'svc-backup',
        Status: 'Active',
        ServiceUserName: 'backup-at-1111',
        CreateDate: new Date('2025-03-03T00:00:00Z'),
        ServiceSpecificCredentialId: 'ACCASSC0000000000001',
        ServiceName: 'codecommit.amazonaws.com',
      },
    ]);
    expect((await client.send(new GetLoginProfileCommand({ UserName: 'svc-backup' }))).LoginProfile).toEqual({
      UserName: 'svc-backup',
      CreateDate: new Date('2024-01-02T00:00:00Z'),
      PasswordResetRequired: false,
    });
    expect(await failure(client.send(new GetLoginProfileCommand({ UserName: 'scanner' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'Login Profile for User scanner cannot be found.',
    });
    const lastUsed = await client.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAKEY0000000000001' }),
    );
    expect([lastUsed.UserName, lastUsed.AccessKeyLastUsed]).toEqual([
      'svc-backup',
      { LastUsedDate: new Date('2026-11-20T10:00:00Z'), ServiceName: 's3', Region: 'eu-west-1' },
    ]);
    expect(
      (await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAKEY0000000000002' })))
        .AccessKeyLastUsed,
    ).toEqual({
      ServiceName: 'N/A',
      Region: 'N/A',
    });
    expect(await failure(client.send(new ListAccessKeysCommand({ UserName: 'nobody' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });
});

describe('aws emulator: IAM writes', () => {
  it('disables a key and the next ListAccessKeys shows it Inactive', async () => {
    const e = await start();
    const client = iam(e.endpoint);
    await client.send(
      new UpdateAccessKeyCommand({
        UserName: 'svc-backup',
        AccessKeyId: 'AKIAKEY0000000000002',
        Status: 'Inactive',
      }),
    );
    const listed = await client.send(new ListAccessKeysCommand({ UserName: 'svc-backup' }));
    expect(listed.AccessKeyMetadata!.map((key) => `${key.AccessKeyId} ${key.Status}`)).toEqual([
      'AKIAKEY0000000000001 Active',
      'AKIAKEY0000000000002 Inactive',
      'AKIAKEY0000000000003 Inactive',
    ]);
    expect(e.estate.accounts[0]!.users[1]!.accessKeys![1]!.status).toBe('Inactive');
    expect(e.requestLog.find((entry) => entry.action === 'UpdateAccessKey')).toEqual({
      service: 'iam',
      action: 'UpdateAccessKey',
      accountId: '111111111111',
      params: { UserName: 'svc-backup', AccessKeyId: 'AKIAKEY0000000000002', Status: 'Inactive' },
    });
  });

  it('deletes a key; then GetAccessKeyLastUsed and a second delete answer NoSuchEntity', async () => {
    const e = await start();
    const client = iam(e.endpoint);
    await client.send(
      new DeleteAccessKeyCommand({ UserName: 'svc-backup', AccessKeyId: 'AKIAKEY0000000000001' }),
    );
    expect(e.estate.accounts[0]!.users[1]!.accessKeys!.map((key) => key.id)).toEqual([
      'AKIAKEY0000000000002',
      'AKIAKEY0000000000003',
    ]);
    expect(
      await failure(client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAKEY0000000000001' }))),
    ).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The Access Key with id AKIAKEY0000000000001 cannot be found.',
    });
    const again = await client
      .send(new DeleteAccessKeyCommand({ UserName: 'svc-backup', AccessKeyId: 'AKIAKEY0000000000001' }))
      .catch((error: { name: string; Code: string; $metadata: { httpStatusCode: number } }) => error);
    expect(again).toMatchObject({
      name: 'NoSuchEntityException',
      Code: 'NoSuchEntity',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('updates and deletes SSH keys, signing certificates, service-specific credentials and the login profile', async () => {
    const e = await start();
    const client = iam(e.endpoint);
    const user = e.estate.accounts[0]!.users[1]!;
    await client.send(
      new UpdateSSHPublicKeyCommand({
        UserName: 'svc-backup',
        SSHPublicKeyId: 'APKASSH0000000000001',
        Status: 'Inactive',
      }),
    );
    await client.send(
      new UpdateSigningCertificateCommand({
        UserName: 'svc-backup',
        CertificateId: 'CERT0000000000000000000000000001',
        Status: 'Inactive',
      }),
    );
    await client.send(
      new UpdateServiceSpecificCredentialCommand({
        UserName: 'svc-backup',
        ServiceSpecificCredentialId: 'ACCASSC0000000000001',
        Status: 'Inactive',
      }),
    );
    expect([
      user.sshPublicKeys![0]!.status,
      user.signingCertificates![0]!.status,
      user.serviceSpecificCredentials![0]!.status,
    ]).toEqual(['Inactive', 'Inactive', 'Inactive']);
    await client.send(
      new DeleteSSHPublicKeyCommand({ UserName: 'svc-backup', SSHPublicKeyId: 'APKASSH0000000000001' }),
    );
    await client.send(
      new DeleteSigningCertificateCommand({
        UserName: 'svc-backup',
        CertificateId: 'CERT0000000000000000000000000001',
      }),
    );
    await client.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'svc-backup',
        ServiceSpecificCredentialId: 'ACCASSC0000000000001',
      }),
    );
    await client.send(new DeleteLoginProfileCommand({ UserName: 'svc-backup' }));
    expect([
      user.sshPublicKeys,
      user.signingCertificates,
      user.serviceSpecificCredentials,
      user.loginProfile,
    ]).toEqual([[], [], [], undefined]);
    expect(
      (await client.send(new ListSSHPublicKeysCommand({ UserName: 'svc-backup' }))).SSHPublicKeys,
    ).toEqual([]);
    expect(
      await failure(client.send(new DeleteLoginProfileCommand({ UserName: 'svc-backup' }))),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(
      await failure(
        client.send(
          new DeleteSSHPublicKeyCommand({ UserName: 'svc-backup', SSHPublicKeyId: 'APKASSH0000000000001' }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });
});

describe('aws emulator: refusals', () => {
  it('answers SignatureDoesNotMatch for a wrong secret and InvalidClientTokenId for an unknown key', async () => {
    const e = await start();
    expect(
      await failure(
        iam(e.endpoint, { accessKeyId: CALLER.accessKeyId, secretAccessKey: 'wrong' }).send(
          new ListUsersCommand({}),
        ),
      ),
    ).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    });
    expect(
      await failure(
        sts(e.endpoint, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(
          new GetCallerIdentityCommand({}),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    expect(e.requestLog.map((entry) => [entry.service, entry.action, entry.accountId])).toEqual([
      ['iam', 'ListUsers', ''],
      ['sts', 'GetCallerIdentity', ''],
    ]);
  });

  it('answers AccessDenied for every IAM call in a denyAll account', async () => {
    const denied = estate();
    denied.accounts[1]!.denyAll = true;
    const e = await start({ estate: denied });
    const keys = await assumeInto(e.endpoint, '222222222222');
    expect(await failure(iam(e.endpoint, keys).send(new ListUsersCommand({})))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message:
        'User: arn:aws:sts::222222222222:assumed-role/nhiscan-read/nhiscan is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action',
    });
    expect(
      await failure(iam(e.endpoint, keys).send(new GetAccountAuthorizationDetailsCommand({}))),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    // The other account still answers.
    expect((await iam(e.endpoint).send(new ListUsersCommand({}))).Users!.length).toBe(2);
  });

  it('throttles each account and service on its own bucket, with Throttling, and counts it', async () => {
    const e = await start({ rateLimit: { requestsPerSecond: 0.01, burst: 2 } });
    const client = iam(e.endpoint);
    await client.send(new ListUsersCommand({}));
    await client.send(new ListUsersCommand({}));
    expect(await failure(client.send(new ListUsersCommand({})))).toEqual({
      name: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
    });
    // STS and Organizations of the same account have buckets of their own (AssumeRole is STS's).
    const keys = await assumeInto(e.endpoint, '222222222222');
    const organizations = new OrganizationsClient(config(e.endpoint));
    await organizations.send(new ListAccountsCommand({}));
    await organizations.send(new ListAccountsCommand({}));
    expect(
      await failure(new OrganizationsClient(config(e.endpoint)).send(new ListAccountsCommand({}))),
    ).toMatchObject({ name: 'TooManyRequestsException', status: 400 });
    // Another account's IAM is not slowed by the first one's.
    expect((await iam(e.endpoint, keys).send(new ListUsersCommand({}))).Users!.length).toBe(1);
    expect(e.throttledCount).toBe(2);
    expect(
      e.requestLog.map((entry) => [entry.service, entry.action, entry.accountId, entry.throttled ?? false]),
    ).toEqual([
      ['iam', 'ListUsers', '111111111111', false],
      ['iam', 'ListUsers', '111111111111', false],
      ['iam', 'ListUsers', '111111111111', true],
      ['sts', 'AssumeRole', '111111111111', false],
      ['organizations', 'ListAccounts', '111111111111', false],
      ['organizations', 'ListAccounts', '111111111111', false],
      ['organizations', 'ListAccounts', '111111111111', true],
      ['iam', 'ListUsers', '222222222222', false],
    ]);
  });

  it('fails every Nth request with 500 InternalFailure', async () => {
    const e = await start({ faults: { failEveryNth: 2 } });
    const client = iam(e.endpoint);
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await client.send(new ListRolesCommand({})).then(
          () => 'ok',
          (error: { name: string; $metadata: { httpStatusCode: number } }) =>
            `${error.name} ${error.$metadata.httpStatusCode}`,
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'InternalFailure 500', 'ok', 'InternalFailure 500']);
  });

  it('answers an unknown Action with 400 InvalidAction', async () => {
    const e = await start();
    const client = iam(e.endpoint);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string };
        request.body = request.body.replace('Action=ListUsers', 'Action=ListBeans');
        return next(args);
      },
      { step: 'build' },
    );
    expect(await failure(client.send(new ListUsersCommand({})))).toMatchObject({
      name: 'InvalidAction',
      status: 400,
    });
    expect(e.requestLog.at(-1)).toMatchObject({ action: 'ListBeans', accountId: '111111111111' });
  });

  it('waits latencyMs before answering', async () => {
    const { endpoint } = await start({ latencyMs: 150 });
    const started = performance.now();
    await sts(endpoint).send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe('aws emulator: Organizations', () => {
  it('lists accounts with NextToken/MaxResults paging', async () => {
    const e = await start();
    const client = new OrganizationsClient(config(e.endpoint));
    const first = await client.send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(first.Accounts!.map((account) => account.Id)).toEqual(['111111111111', '222222222222']);
    expect(typeof first.NextToken).toBe('string');
    expect(first.Accounts![0]).toEqual({
      Id: '111111111111',
      Arn: 'arn:aws:organizations::111111111111:account/o-1111111111/111111111111',
      Email: 'aws+111111111111@example.invalid',
      Name: 'prod',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2020-01-01T00:00:00Z'),
    });
    const pages = [];
    for await (const page of paginateListAccounts({ client, pageSize: 1 }, {})) {
      pages.push(page.Accounts!.map((account) => `${account.Id} ${account.Name} ${account.Status}`));
    }
    expect(pages).toEqual([
      ['111111111111 prod ACTIVE'],
      ['222222222222 dev ACTIVE'],
      ['333333333333 old SUSPENDED'],
    ]);
    expect(e.requestLog.at(-1)).toMatchObject({
      service: 'organizations',
      action: 'ListAccounts',
      accountId: '111111111111',
    });
  });

  it('answers AccessDeniedException as JSON for a member account', async () => {
    const { endpoint } = await start();
    const keys = await assumeInto(endpoint, '222222222222');
    expect(
      await failure(new OrganizationsClient(config(endpoint, keys)).send(new ListAccountsCommand({}))),
    ).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
  });
});
