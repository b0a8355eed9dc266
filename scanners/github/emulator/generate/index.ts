/**
 * The GitHub part of a generated estate: several organizations, half of them with SAML single
 * sign-on. What the GitHub scanner makes of each credential:
 * - SAML organizations: credential authorizations (classic tokens and SSH keys), fine-grained
 *   token grants and deploy keys; every holder has a SAML identity whose nameId is their HR email
 *   (a `saml-identity` signal, or `creator` for a deploy key's added_by);
 * - other organizations: fine-grained token grants and deploy keys, owned through the `github:LOGIN`
 *   alias every holder has in HR (`login`, or `creator`); credential authorizations answer 404
 *   there, which the scanner marks unsupported (the scan stays complete);
 * - unowned: a deploy key without added_by (a token always names its holder);
 * - department: none (GitHub has none, so no mover-recertify here);
 * - privilege: scope admin:org (classic token), organization administration:write (fine-grained),
 *   write access (deploy key); an SSH key is never privileged;
 * - last use: credential_accessed_at, token_last_used_at, last_used (null: never used);
 * - expired: a token past its expiry; inactive: a deploy key disabled by policy.
 * No app installations: they are no credential, and cost a call per organization anyway.
 * Members who have left (leavers, expired contractors) are recorded as `org-membership`
 * person-account records (member-facts.ts): the downstream account check finds them.
 */

import { accountCount, accountWeights, type BuildContext } from '../../../../src/emulate/generate/context.js';
import { createdNotAfterLeaving } from '../../../../src/emulate/generate/owners.js';
import { drawTimeline } from '../../../../src/emulate/generate/timeline.js';
import type { GithubEstate } from '../estate.js';
import {
  type GithubCredential,
  writeAuthorization,
  writeDeployKey,
  writeFineGrainedGrant,
} from './credentials.js';
import { recordMembershipFacts } from './member-facts.js';
import { OrgBuilder } from './org.js';

export const GITHUB_SHARE = 0.22;
const ORG_NAMES = [
  'acme',
  'acme-labs',
  'acme-data',
  'acme-mobile',
  'acme-infra',
  'acme-security',
  'acme-payments',
  'acme-research',
] as const;

type Kind = 'personal-access-token' | 'ssh-key' | 'fine-grained-pat' | 'deploy-key';
/**
 * Kind mix per organization type. Deploy keys are kept to a small share: GitHub lists them one
 * repository per request, and at 100,000 credentials a larger share would exceed the scanner's
 * default requestBudget (4,000) and GitHub's 5,000 requests an hour.
 */
const SAML_KINDS: readonly [Kind, number][] = [
  ['personal-access-token', 0.5],
  ['ssh-key', 0.15],
  ['fine-grained-pat', 0.25],
  ['deploy-key', 0.1],
];
const PLAIN_KINDS: readonly [Kind, number][] = [
  ['fine-grained-pat', 0.85],
  ['deploy-key', 0.15],
];

export function buildGithubEstate(context: BuildContext, credentials: number): GithubEstate {
  const { random } = context;
  const orgCount = accountCount(credentials, 32, { min: 2, max: ORG_NAMES.length });
  const orgs = Array.from(
    { length: orgCount },
    (_, index) => new OrgBuilder(context, ORG_NAMES[index]!, 90_001 + index, index < Math.ceil(orgCount / 2)),
  );
  const weights = accountWeights(orgs.length);
  let counter = 0;
  const serial = () => ++counter;

  for (let written = 0; written < credentials; written++) {
    const builder = orgs[random.weighted(weights)]!;
    const mix = builder.saml ? SAML_KINDS : PLAIN_KINDS;
    const kind = mix[random.weighted(mix.map(([, share]) => share))]![0];
    const share = (wanted: Kind) => mix.find(([candidate]) => candidate === wanted)?.[1] ?? 0;
    // Only a deploy key can lack an owner signal: it carries this provider's whole unowned share.
    const pick = () =>
      context.owners.pick({
        mover: 0,
        unowned: kind === 'deploy-key' ? Math.min(1, 0.03 / share('deploy-key')) : 0,
      });
    // A person who has left and joins the organization here brings a second record, their
    // membership (a person account, counted in the budget): it needs room for both.
    const joinsDeparted = (candidate: ReturnType<typeof pick>) =>
      candidate.entry !== null &&
      (candidate.entry.lifecycle === 'leaver' || candidate.entry.lifecycle === 'expired-contractor') &&
      !builder.isMember(candidate.entry);
    let owner = pick();
    while (joinsDeparted(owner) && credentials - written < 2) owner = pick();
    if (joinsDeparted(owner)) written++;
    // An SSH key cannot be privileged: the other kinds carry the whole privileged share.
    const privileged = kind !== 'ssh-key' && random.chance(0.05 / (1 - share('ssh-key')));
    const token = kind === 'personal-access-token' || kind === 'fine-grained-pat';
    const timeline = drawTimeline(random, {
      canBeInactive: kind === 'deploy-key',
      canExpire: token,
      expiry: token ? 'sometimes' : 'never',
      minCreatedDaysAgo: createdNotAfterLeaving(owner),
    });
    const credential: GithubCredential = {
      context,
      builder,
      id: serial(),
      timeline,
      privileged,
      holder: owner.entry ? builder.member(owner.entry) : null,
    };
    const uid =
      kind === 'fine-grained-pat'
        ? writeFineGrainedGrant(credential)
        : kind === 'deploy-key'
          ? writeDeployKey(credential, serial)
          : writeAuthorization(credential, kind);
    context.facts.push({
      uid,
      provider: 'github',
      account: builder.login,
      kind,
      ownerClass: owner.ownerClass,
      owner: owner.entry,
      timeline,
      privileged,
      department: null,
    });
  }
  recordMembershipFacts(
    context,
    orgs.map((builder) => builder.org),
  );
  return {
    token: `ghp_generatedOnlyNotARealToken${context.seed}`,
    scopes: ['admin:org', 'read:org', 'repo'],
    viewer: { login: 'nhiscan-scanner', id: 199_999 },
    orgs: orgs.map((builder) => builder.org),
  };
}
