/**
 * The GCP part of a generated estate: service accounts holding one or two user-managed keys each,
 * spread over dozens of projects, every project with Policy Analyzer readable. What the GCP
 * scanner makes of each account:
 * - owner: the description's `owner: EMAIL` (declared); for some accounts the same person is also
 *   bound as serviceAccountUser on the account itself (iam-binding, agreeing). An unowned account's
 *   description names nobody and it has no bindings. The account id (`PURPOSE-NNNNN`, a name-match
 *   guess) never equals an HR identifier;
 * - department: none (the GCP scanner reads none, so no mover-recertify here);
 * - privilege: roles/editor on the project for the account;
 * - last use: the key's Policy Analyzer lastAuthenticatedTime, or none (never used);
 * - expired: validBeforeTime passed; inactive: the key is disabled.
 * Some leavers and expired contractors are also bound directly on a project (`user:EMAIL`, viewer
 * or editor): each such binding takes the place of one credential and is a person-account record
 * (leaver-access-remains). Some active employees are bound too; they are listed by nobody.
 */

import {
  accountCount,
  accountWeights,
  type BuildContext,
  DECIMAL_DIGITS,
  HEX_DIGITS,
  serialCode,
  UniqueIds,
} from '../../../../src/emulate/generate/context.js';
import { DEPARTMENTS, ENVIRONMENTS, PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving } from '../../../../src/emulate/generate/owners.js';
import { drawTimeline } from '../../../../src/emulate/generate/timeline.js';
import type { GcpEstate, GcpProjectEstate, GcpServiceAccountEstate } from '../estate.js';
import { ProjectUserBindings, userBindingFacts } from './user-bindings.js';

export const GCP_SHARE = 0.17;
const NO_EXPIRY = '9999-12-31T23:59:59Z';
/** Of leavers' and expired contractors' picks: bound directly on the project instead of owning a key. */
const LEAVER_BINDING_SHARE = 0.25;
/** Of employees' picks: also bound directly on the project (listed by nobody). */
const EMPLOYEE_BINDING_SHARE = 0.03;

/** `acme-DEPARTMENT-ENVIRONMENT[-N]`: unique, at most 30 characters. */
function projectId(index: number): string {
  const department = DEPARTMENTS[index % DEPARTMENTS.length]!;
  const round = Math.floor(index / DEPARTMENTS.length);
  const environment = ENVIRONMENTS[round % ENVIRONMENTS.length]!;
  const repeat = Math.floor(round / ENVIRONMENTS.length);
  return `acme-${department}-${environment}${repeat > 0 ? `-${repeat}` : ''}`;
}

const sentence = (purpose: string) => `${purpose.replace(/-/g, ' ')} service account`;

export function buildGcpEstate(context: BuildContext, credentials: number): GcpEstate {
  const { random, calendar } = context;
  const projectNumbers = new UniqueIds(() => random.digits(12));
  const projects: GcpProjectEstate[] = Array.from(
    { length: accountCount(credentials, 3.5, { min: 3, max: 60 }) },
    (_, index) => ({
      projectId: projectId(index),
      projectNumber: projectNumbers.next(),
      iamPolicy: { version: 1, etag: `BwX${random.base64(8)}`, bindings: [] },
      serviceAccounts: [],
    }),
  );
  const editors = projects.map(() => [] as string[]);
  const viewers = projects.map(() => [] as string[]);
  const weights = accountWeights(projects.length);
  const users = new ProjectUserBindings();
  let ids = 0;
  const uniqueId = () => `1${random.digits(12)}${serialCode(++ids, DECIMAL_DIGITS, 8)}`;
  const newKeyId = () => `${random.hex(30)}${serialCode(++ids, HEX_DIGITS, 10)}`;
  let serial = 0;
  for (let written = 0; written < credentials; ) {
    const projectIndex = random.weighted(weights);
    const project = projects[projectIndex]!;
    const owner = context.owners.pick({ mover: 0, unowned: 0.03 });
    const privileged = random.chance(0.05);
    const keyCount = credentials - written >= 2 && random.chance(0.6) ? 2 : 1;
    const purpose = random.pick(PURPOSES);
    const email = `${purpose}-${String(++serial).padStart(5, '0')}@${project.projectId}.iam.gserviceaccount.com`;
    const person = owner.entry?.person;
    const gone = owner.ownerClass === 'leaver' || owner.ownerClass === 'expired-contractor';
    if (person && gone && random.chance(LEAVER_BINDING_SHARE)) {
      const role = privileged ? 'roles/editor' : 'roles/viewer';
      if (users.bind(projectIndex, person.email, role)) {
        context.facts.push(userBindingFacts(project.projectId, owner, role));
        written += 1;
        continue;
      }
    }
    if (person && owner.ownerClass === 'employee' && random.chance(EMPLOYEE_BINDING_SHARE))
      users.bind(projectIndex, person.email, 'roles/editor');
    const account: GcpServiceAccountEstate = {
      account: {
        email,
        uniqueId: uniqueId(),
        displayName: purpose,
        description: person ? `${sentence(purpose)}. owner: ${person.email}` : sentence(purpose),
      },
      keys: [],
    };
    if (person && random.chance(0.3)) {
      account.iamPolicy = {
        version: 1,
        etag: `BwX${random.base64(8)}`,
        bindings: [{ role: 'roles/iam.serviceAccountUser', members: [`user:${person.email}`] }],
      };
    }
    (privileged ? editors : viewers)[projectIndex]!.push(`serviceAccount:${email}`);
    for (let key = 0; key < keyCount; key++) {
      const timeline = drawTimeline(random, {
        canBeInactive: true,
        canExpire: true,
        expiry: 'sometimes',
        minCreatedDaysAgo: createdNotAfterLeaving(owner),
      });
      const keyId = newKeyId();
      account.keys.push({
        keyId,
        key: {
          name: `projects/${project.projectId}/serviceAccounts/${email}/keys/${keyId}`,
          keyType: 'USER_MANAGED',
          keyOrigin: 'GOOGLE_PROVIDED',
          keyAlgorithm: 'KEY_ALG_RSA_2048',
          validAfterTime: calendar.ago(timeline.createdDaysAgo, random.int(0, 43_000)),
          validBeforeTime:
            timeline.expiresInDays === null ? NO_EXPIRY : calendar.timestamp(timeline.expiresInDays, 43_200),
          ...(timeline.state === 'inactive'
            ? { disabled: true, disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED' }
            : {}),
        },
        // Policy Analyzer reports the day only.
        ...(timeline.lastUsedDaysAgo === null
          ? {}
          : { lastAuthenticatedTime: calendar.ago(timeline.lastUsedDaysAgo) }),
      });
      context.facts.push({
        uid: `gcp:${project.projectId}:service-account-key:${keyId}`,
        provider: 'gcp',
        account: project.projectId,
        kind: 'service-account-key',
        ownerClass: owner.ownerClass,
        owner: owner.entry,
        timeline,
        privileged,
        department: null,
      });
    }
    project.serviceAccounts.push(account);
    written += keyCount;
  }
  for (const [index, project] of projects.entries()) {
    const bindings = project.iamPolicy.bindings!;
    if (editors[index]!.length > 0) bindings.push({ role: 'roles/editor', members: editors[index] });
    if (viewers[index]!.length > 0) bindings.push({ role: 'roles/viewer', members: viewers[index] });
    users.addTo(index, project.iamPolicy);
  }
  return { token: `generated-gcp-token-not-real-${context.seed}`, projects };
}
