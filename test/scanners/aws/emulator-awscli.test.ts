/**
 * Cross-check of the AWS emulator with an independent client: the AWS CLI (botocore) if installed,
 * else python3 with boto3. botocore signs, encodes and parses on its own, so this catches a wire
 * detail the JS SDK tolerates but AWS clients in general would not. When neither is installed the
 * test passes but warns that the cross-check did not run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';

const run = promisify(execFile);

const CALLER = {
  accessKeyId: 'AKIACLICALLER0000001',
  secretAccessKey: 'cli-secret/with+chars',
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
          {
            name: 'svc-backup',
            userId: 'AIDABACKUP0000000001',
            createDate: '2024-01-01T00:00:00Z',
            tags: { owner: 'ann@acme.example' },
            groups: ['admins'],
            inlinePolicies: [
              {
                name: 'read-s3',
                document: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
                },
              },
            ],
            accessKeys: [
              { id: 'AKIAKEY0000000000001', status: 'Active', createDate: '2025-01-01T00:00:00Z' },
              { id: 'AKIAKEY0000000000002', status: 'Active', createDate: '2025-06-01T12:30:00Z' },
            ],
          },
        ],
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPAADMINS0000000001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
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

/** What both clients report, normalized so the same assertions apply. */
interface Observed {
  identity: { UserId: string; Account: string; Arn: string };
  keys: string[];
  inlineDocument: unknown;
  policyNames: string[];
  accounts: string[];
  afterDisable: string[];
  assumedKeys: string[];
  wrongSecret: string;
}

type Client = 'awscli' | 'boto3';

/** NHISCAN_AWS_CROSSCHECK=awscli|boto3|none forces one path (to exercise each of them). */
async function detectClient(): Promise<Client | undefined> {
  const forced = process.env.NHISCAN_AWS_CROSSCHECK;
  if (forced === 'none') return undefined;
  if (forced === 'awscli' || forced === 'boto3') return forced;
  try {
    await run('aws', ['--version'], { timeout: 30_000 });
    return 'awscli';
  } catch {}
  try {
    await run('python3', ['-c', 'import boto3'], { timeout: 30_000 });
    return 'boto3';
  } catch {}
  return undefined;
}

/** The environment without the developer's own AWS settings. */
function cleanEnv(keys: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    ...keys,
  };
}

const callerEnv = (secret = CALLER.secretAccessKey) => ({
  AWS_ACCESS_KEY_ID: CALLER.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secret,
});
const iso = (text: string) => new Date(text).toISOString();

async function viaAwsCli(endpoint: string): Promise<Observed> {
  const aws = async (args: string[], keys: Record<string, string> = callerEnv()) => {
    const { stdout } = await run('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], {
      env: cleanEnv(keys),
      timeout: 30_000,
    });
    return stdout.trim() === '' ? {} : JSON.parse(stdout);
  };
  const listKeys = async (user: string, keys?: Record<string, string>) =>
    (await aws(['iam', 'list-access-keys', '--user-name', user], keys)).AccessKeyMetadata.map(
      (key: { AccessKeyId: string; Status: string; CreateDate: string }) =>
        `${key.AccessKeyId} ${key.Status} ${iso(key.CreateDate)}`,
    );
  const identity = await aws(['sts', 'get-caller-identity']);
  const keys = await listKeys('svc-backup');
  const details = await aws(['iam', 'get-account-authorization-details']);
  const organizations = await aws(['organizations', 'list-accounts', '--page-size', '1']);
  await aws([
    'iam',
    'update-access-key',
    '--user-name',
    'svc-backup',
    '--access-key-id',
    'AKIAKEY0000000000002',
    '--status',
    'Inactive',
  ]);
  const afterDisable = await listKeys('svc-backup');
  const assumed = (
    await aws([
      'sts',
      'assume-role',
      '--role-arn',
      'arn:aws:iam::222222222222:role/nhiscan-read',
      '--role-session-name',
      'cli',
    ])
  ).Credentials;
  const assumedKeys = await listKeys('ci', {
    AWS_ACCESS_KEY_ID: assumed.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: assumed.SecretAccessKey,
    AWS_SESSION_TOKEN: assumed.SessionToken,
  });
  const wrongSecret = await aws(['iam', 'list-users'], callerEnv('not-the-secret')).then(
    () => 'no error',
    (error: { stderr: string }) => /\((\w+)\)/.exec(error.stderr)?.[1] ?? error.stderr,
  );
  return {
    identity,
    keys,
    inlineDocument: details.UserDetailList[0].UserPolicyList[0].PolicyDocument,
    policyNames: details.Policies.map((policy: { PolicyName: string }) => policy.PolicyName),
    accounts: organizations.Accounts.map(
      (account: { Id: string; Status: string }) => `${account.Id} ${account.Status}`,
    ),
    afterDisable,
    assumedKeys,
    wrongSecret,
  };
}

const BOTO3_SCRIPT = `
import json, sys
import boto3, botocore.config, botocore.exceptions
endpoint, key, secret = sys.argv[1:4]
cfg = botocore.config.Config(retries={"max_attempts": 1})
def client(service, **keys):
    keys = keys or {"aws_access_key_id": key, "aws_secret_access_key": secret}
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=cfg, **keys)
def keys_of(user, iam=None):
    iam = iam or client("iam")
    return [f"{k['AccessKeyId']} {k['Status']} {k['CreateDate'].isoformat()}" for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]]
identity = client("sts").get_caller_identity()
keys = keys_of("svc-backup")
details = client("iam").get_account_authorization_details()
accounts = [f"{a['Id']} {a['Status']}" for page in client("organizations").get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 1}) for a in page["Accounts"]]
client("iam").update_access_key(UserName="svc-backup", AccessKeyId="AKIAKEY0000000000002", Status="Inactive")
after = keys_of("svc-backup")
c = client("sts").assume_role(RoleArn="arn:aws:iam::222222222222:role/nhiscan-read", RoleSessionName="cli")["Credentials"]
assumed = keys_of("ci", client("iam", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"]))
try:
    client("iam", aws_access_key_id=key, aws_secret_access_key="not-the-secret").list_users()
    wrong = "no error"
except botocore.exceptions.ClientError as error:
    wrong = error.response["Error"]["Code"]
print(json.dumps({
    "identity": {k: identity[k] for k in ("UserId", "Account", "Arn")},
    "keys": keys,
    "inlineDocument": details["UserDetailList"][0]["UserPolicyList"][0]["PolicyDocument"],
    "policyNames": [p["PolicyName"] for p in details["Policies"]],
    "accounts": accounts,
    "afterDisable": after,
    "assumedKeys": assumed,
    "wrongSecret": wrong,
}))
`;

async function viaBoto3(endpoint: string): Promise<Observed> {
  const { stdout } = await run(
    'python3',
    ['-c', BOTO3_SCRIPT, endpoint, CALLER.accessKeyId, CALLER.secretAccessKey],
    {
      env: cleanEnv({}),
      timeout: 60_000,
    },
  );
  const observed = JSON.parse(stdout) as Observed;
  const normalize = (line: string) => line.replace(/\S+$/, (date) => iso(date));
  return {
    ...observed,
    keys: observed.keys.map(normalize),
    afterDisable: observed.afterDisable.map(normalize),
    assumedKeys: observed.assumedKeys.map(normalize),
  };
}

const client = await detectClient();

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('aws emulator: independent-client cross-check', () => {
  it('answers the AWS CLI / boto3 exactly as the JS SDK expects', async () => {
    if (!client) {
      console.warn(
        'aws emulator cross-check NOT RUN: neither the AWS CLI (`aws`) nor python3 with boto3 is installed (or NHISCAN_AWS_CROSSCHECK=none), so the emulator was checked only with the JS SDK.',
      );
      return;
    }
    emulator = await startAwsEmulator({ estate: estate() });
    const observed =
      client === 'awscli' ? await viaAwsCli(emulator.endpoint) : await viaBoto3(emulator.endpoint);
    console.info(`aws emulator cross-check ran with ${client}`);
    expect(observed).toEqual({
      identity: {
        UserId: 'AIDAEMULATEDCALLER01',
        Account: '111111111111',
        Arn: 'arn:aws:iam::111111111111:user/scanner',
      },
      keys: [
        'AKIAKEY0000000000001 Active 2025-01-01T00:00:00.000Z',
        'AKIAKEY0000000000002 Active 2025-06-01T12:30:00.000Z',
      ],
      // botocore URL-decodes IAM policy documents into JSON objects, as it does for AWS's answers.
      inlineDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
      },
      policyNames: ['AdministratorAccess'],
      accounts: ['111111111111 ACTIVE', '222222222222 ACTIVE', '333333333333 SUSPENDED'],
      afterDisable: [
        'AKIAKEY0000000000001 Active 2025-01-01T00:00:00.000Z',
        'AKIAKEY0000000000002 Inactive 2025-06-01T12:30:00.000Z',
      ],
      assumedKeys: ['AKIAKEYB000000000001 Active 2025-05-05T00:00:00.000Z'],
      wrongSecret: 'SignatureDoesNotMatch',
    });
    expect(
      emulator.requestLog
        .filter((entry) => entry.action === 'ListAccounts')
        .map((entry) => entry.params.MaxResults),
    ).toEqual(['1', '1', '1']);
    expect(emulator.estate.accounts[0]!.users[0]!.accessKeys![1]!.status).toBe('Inactive');
  });
});
