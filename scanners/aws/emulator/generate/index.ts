/**
 * The AWS part of a generated estate: IAM users holding one or two access keys each, spread over
 * dozens of accounts. What the AWS scanner makes of each user:
 * - owner: one owner tag (`owner`, `owner_email` or `nhi:owner`) naming the person's email or HR
 *   username; an unowned user has no owner tag. The user name (`svc-PURPOSE-NNNNN`, a name-match
 *   guess) never equals an HR identifier, so it never names anyone;
 * - department: the `department` tag — the owner's current department, or for a mover the
 *   previous one (mover-recertify), which a recent mover also still has (inside the grace window);
 * - privilege: membership of the `admins` group (AdministratorAccess); others are in `developers`;
 * - last use: each key's GetAccessKeyLastUsed / credential report date, or none (never used).
 * No console passwords, SSH keys, certificates or service-specific credentials: each would be a
 * credential of its own. Without a console password, a user tagged with a leaver as its owner is
 * a service user, not the leaver's own account: no `iam-user` person-account record is listed.
 */

import {
  accountCount,
  accountWeights,
  type BuildContext,
  serialCode,
  UniqueIds,
} from '../../../../src/emulate/generate/context.js';
import { DEPARTMENTS, ENVIRONMENTS, PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving, type Owner } from '../../../../src/emulate/generate/owners.js';
import { drawTimeline, MIDDAY } from '../../../../src/emulate/generate/timeline.js';
import type { AwsAccountEstate, AwsEstate, AwsUserEstate } from '../estate.js';

export const AWS_SHARE = 0.3;
/** The alphabet of AWS ids after their prefix (AKIA…, AIDA…): upper-case letters and digits 2–7. */
const AWS_ID_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SCANNER_ROLE = 'nhiscan-read';
const SERVICE_POLICY = 'acme-service-runtime';
const SERVICE_ACTIONS = ['s3:GetObject', 's3:PutObject', 'dynamodb:*Item', 'sqs:*Message', 'kms:Decrypt'];
const DEVELOPER_EVERY = 8;
const OWNER_TAG_KEYS = ['owner', 'owner', 'owner', 'owner_email', 'nhi:owner'] as const;
const SERVICES = ['s3', 'sts', 'dynamodb', 'ec2', 'lambda', 'sqs', 'kms'] as const;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;

function emptyAccount(id: string, index: number): AwsAccountEstate {
  const alias = `acme-${DEPARTMENTS[index % DEPARTMENTS.length]}-${ENVIRONMENTS[Math.floor(index / DEPARTMENTS.length) % ENVIRONMENTS.length]}`;
  return {
    id,
    alias: index < DEPARTMENTS.length * ENVIRONMENTS.length ? alias : `${alias}-${index}`,
    scannerRoleName: SCANNER_ROLE,
    users: [],
    roles: [
      {
        name: SCANNER_ROLE,
        roleId: `AROA${id}SCANNER`,
        createDate: '2023-01-10T00:00:00Z',
      },
    ],
    groups: [
      {
        name: 'admins',
        groupId: `AGPA${id}ADMINS`,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
      {
        name: 'developers',
        groupId: `AGPA${id}DEVELOPERS`,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
      {
        name: 'services',
        groupId: `AGPA${id}SERVICES`,
        attachedPolicyArns: [`arn:aws:iam::${id}:policy/${SERVICE_POLICY}`],
      },
    ],
    managedPolicies: [
      {
        arn: `arn:aws:iam::${id}:policy/${SERVICE_POLICY}`,
        name: SERVICE_POLICY,
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: SERVICE_ACTIONS, Resource: '*' }],
        },
      },
    ],
  };
}

/**
 * Which group a user is in: admins (privileged), else one user in DEVELOPER_EVERY in developers
 * (ReadOnlyAccess, which lets it pull from CodeCommit over SSH), the rest in services (a workload
 * policy without CodeCommit). Drawn from the serial, not the random stream, so the rest of the
 * estate is the same whatever the split.
 */
function groupOf(privileged: boolean, serial: number): string {
  if (privileged) return 'admins';
  return serial % DEVELOPER_EVERY === 0 ? 'developers' : 'services';
}

/** The department tag: the old department for a mover's credential (and a recent mover's), else the owner's. */
function departmentTag(context: BuildContext, owner: Owner): string | null {
  const entry = owner.entry;
  if (!entry) return context.random.chance(0.7) ? context.random.pick(DEPARTMENTS) : null;
  if (owner.ownerClass === 'mover' || entry.lifecycle === 'recent-mover')
    return entry.person.previousDepartment;
  return entry.person.department;
}

export function buildAwsEstate(context: BuildContext, credentials: number): AwsEstate {
  const { random, calendar } = context;
  const accountIds = new UniqueIds(() => random.digits(12));
  const accounts = Array.from({ length: accountCount(credentials, 3.75, { min: 3, max: 60 }) }, (_, index) =>
    emptyAccount(accountIds.next(), index),
  );
  const weights = accountWeights(accounts.length);
  let ids = 0;
  const keyId = () => `AKIA${random.upperAlphanumeric(10)}${serialCode(++ids, AWS_ID_DIGITS, 6)}`;
  const userId = () => `AIDA${random.upperAlphanumeric(11)}${serialCode(++ids, AWS_ID_DIGITS, 6)}`;
  const moverShare = 0.05 / AWS_SHARE;
  let serial = 0;
  for (let written = 0; written < credentials; ) {
    const account = accounts[random.weighted(weights)]!;
    const owner = context.owners.pick({ mover: moverShare, unowned: 0.03 });
    const privileged = random.chance(0.05);
    const department = departmentTag(context, owner);
    const keyCount = credentials - written >= 2 && random.chance(0.6) ? 2 : 1;
    const tags: Record<string, string> = {};
    if (owner.entry) {
      const person = owner.entry.person;
      // The email mostly; sometimes the HR username (aliases[0]), which HR also lists.
      tags[random.pick(OWNER_TAG_KEYS)] = random.chance(0.8) ? person.email : person.aliases[0]!;
    }
    if (department) tags.department = department;
    const user: AwsUserEstate = {
      name: `svc-${random.pick(PURPOSES)}-${String(++serial).padStart(5, '0')}`,
      userId: userId(),
      createDate: '',
      tags,
      groups: [groupOf(privileged, serial)],
      accessKeys: [],
    };
    let oldest = 0;
    for (let key = 0; key < keyCount; key++) {
      const timeline = drawTimeline(random, {
        canBeInactive: true,
        canExpire: false,
        expiry: 'never',
        minCreatedDaysAgo: createdNotAfterLeaving(owner),
      });
      const id = keyId();
      oldest = Math.max(oldest, timeline.createdDaysAgo);
      user.accessKeys!.push({
        id,
        status: timeline.state === 'inactive' ? 'Inactive' : 'Active',
        // Made in the morning (distinct seconds: the credential report matches keys to slots by
        // creation time), used in the afternoon, so a same-day use comes after the creation.
        createDate: calendar.ago(timeline.createdDaysAgo, random.int(0, 21_000) * 2 + key),
        ...(timeline.lastUsedDaysAgo === null
          ? {}
          : {
              lastUsed: {
                date: calendar.ago(timeline.lastUsedDaysAgo, random.int(MIDDAY, 86_399)),
                serviceName: random.pick(SERVICES),
                region: random.pick(REGIONS),
              },
            }),
      });
      context.facts.push({
        uid: `aws:${account.id}:access-key:${id}`,
        provider: 'aws',
        account: account.id,
        kind: 'access-key',
        ownerClass: owner.ownerClass,
        owner: owner.entry,
        timeline,
        privileged,
        department,
      });
    }
    user.createDate = calendar.ago(oldest + random.int(1, 200));
    account.users.push(user);
    written += keyCount;
  }
  return {
    callerAccessKey: {
      accessKeyId: keyId(),
      secretAccessKey: `generated-only-not-a-real-secret-${context.seed}`,
      accountId: accounts[0]!.id,
      userName: 'nhiscan-scanner',
    },
    accounts,
  };
}
