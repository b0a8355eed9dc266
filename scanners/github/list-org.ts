/**
 * Lists one organization: members and outside collaborators (principals), their SAML identities
 * (GraphQL), App installations (principals and `app-installation` records), the downstream account
 * checks of people who have left (member-access.ts), then the credentials —
 * SAML credential authorizations, fine-grained token grants, every repository's deploy keys, the
 * organization's and every repository's Actions secrets (actions-secrets.ts). Anything that cannot
 * be read becomes a partial page naming the scope and the reason, never an empty result; an
 * organization without SAML gets an `unsupported` mark for its authorizations instead.
 */
import type { Credential, Principal } from '../../src/core/model.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { listActionsSecrets } from './actions-secrets.js';
import { installationCredential } from './app-installations.js';
import { listDeployKeys } from './deploy-keys.js';
import { isNotFound } from './errors.js';
import { readIdentities } from './identities.js';
import { AUTHORIZATION_KINDS, type GithubCredentialKind } from './kinds.js';
import { listMemberAccess } from './member-access.js';
import { type IdentityDirectory, NO_IDENTITIES } from './owners.js';
import {
  credentialAuthorizationSchema,
  fineGrainedGrantSchema,
  installationSchema,
  userSchema,
} from './payloads.js';
import { Problems, withProblems } from './problems.js';
import { listRepositories } from './repositories.js';
import { type GithubScan, listPages } from './scan.js';
import {
  authorizationCredential,
  fineGrainedTokenCredential,
  installationPrincipal,
  type MemberRole,
  type OrgContext,
  userPrincipal,
} from './transform.js';

export async function* listOrganization(scan: GithubScan, org: string): AsyncGenerator<ScanPage> {
  const kinds = new Set<GithubCredentialKind>(scan.options.kinds);
  const problems = new Problems(scan);
  scan.progress?.(`github ${org}: members and SAML identities`);

  // People and their SAML identities first: every credential's owner signals need them.
  const roles = new Map<string, { login: string; role: MemberRole }>();
  for (const role of ['admin', 'member'] as const) {
    try {
      for await (const users of listPages(
        scan,
        'GET /orgs/{org}/members',
        { org, role },
        userSchema,
        'member',
      ))
        for (const user of users) roles.set(user.login.toLowerCase(), { login: user.login, role });
    } catch (error) {
      problems.add(`org ${org} ${role === 'admin' ? 'owners' : 'members'}`, error);
    }
  }
  try {
    for await (const users of listPages(
      scan,
      'GET /orgs/{org}/outside_collaborators',
      { org },
      userSchema,
      'outside collaborator',
    ))
      for (const user of users)
        roles.set(user.login.toLowerCase(), { login: user.login, role: 'outside-collaborator' });
  } catch (error) {
    problems.add(`org ${org} outside collaborators`, error);
  }
  let saml: boolean | undefined;
  let identities: IdentityDirectory = NO_IDENTITIES;
  try {
    ({ saml, identities } = await readIdentities(scan, org));
  } catch (error) {
    problems.add(`org ${org} SAML identities`, error);
  }
  const principals: Principal[] = [...roles.values()].map(({ login, role }) =>
    userPrincipal(org, login, role, identities.get(login.toLowerCase())),
  );
  if (scan.focused) {
    // A termination scan: only the people's own accounts (no installation, credential or repository).
    yield* withProblems({ credentials: [], principals }, problems);
    yield* listMemberAccess(scan, { org, identities }, roles, problems);
    return;
  }
  const installationRecords: Credential[] = [];
  try {
    for await (const installations of listPages(
      scan,
      'GET /orgs/{org}/installations',
      { org },
      installationSchema,
      'installation',
    ))
      for (const installation of installations) {
        principals.push(installationPrincipal(org, installation));
        if (kinds.has('app-installation'))
          installationRecords.push(installationCredential(org, installation));
      }
  } catch (error) {
    problems.add(`org ${org} app installations`, error);
  }
  yield* withProblems({ credentials: installationRecords, principals }, problems);

  const context: OrgContext = { org, identities };
  yield* listMemberAccess(scan, context, roles, problems);
  const authorizationKinds = AUTHORIZATION_KINDS.filter((kind) => kinds.has(kind));
  if (authorizationKinds.length > 0)
    yield* listAuthorizations(scan, context, saml, authorizationKinds, problems);

  if (kinds.has('fine-grained-pat')) {
    const credentials: Credential[] = [];
    try {
      for await (const grants of listPages(
        scan,
        'GET /orgs/{org}/personal-access-tokens',
        { org },
        fineGrainedGrantSchema,
        'fine-grained token grant',
      ))
        for (const grant of grants) credentials.push(fineGrainedTokenCredential(context, grant));
    } catch (error) {
      problems.add(`org ${org} fine-grained tokens`, error);
    }
    yield* withProblems({ credentials, principals: [] }, problems);
  }

  if (!kinds.has('deploy-key') && !kinds.has('actions-secret')) return;
  const repos = await listRepositories(scan, org, problems);
  if (problems.size > 0) yield* withProblems({ credentials: [], principals: [] }, problems);
  if (kinds.has('deploy-key')) yield* listDeployKeys(scan, context, repos, problems);
  if (kinds.has('actions-secret')) {
    const owners = [...roles.values()].filter(({ role }) => role === 'admin').map(({ login }) => login);
    yield* listActionsSecrets(scan, context, repos, owners, problems);
  }
}

/**
 * SAML credential authorizations. A 404 from an organization GraphQL shows without a SAML identity
 * provider is `unsupported` (nothing of these kinds can exist there: the scan stays complete); a
 * 404 while SAML is configured, or unknown, stays a partial page (a token without access looks alike).
 */
async function* listAuthorizations(
  scan: GithubScan,
  context: OrgContext,
  saml: boolean | undefined,
  authorizationKinds: GithubCredentialKind[],
  problems: Problems,
): AsyncGenerator<ScanPage> {
  const { org } = context;
  const credentials: Credential[] = [];
  let unsupported: ScanPage['unsupported'];
  try {
    for await (const authorizations of listPages(
      scan,
      'GET /orgs/{org}/credential-authorizations',
      { org },
      credentialAuthorizationSchema,
      'credential authorization',
    )) {
      for (const authorization of authorizations) {
        const credential = authorizationCredential(context, authorization);
        if (authorizationKinds.includes(credential.kind as GithubCredentialKind))
          credentials.push(credential);
      }
    }
  } catch (error) {
    const scope = `org ${org} credential authorizations`;
    if (isNotFound(error) && saml === false) {
      unsupported = {
        scope,
        reason: `${org} does not use SAML single sign-on (GET /orgs/${org}/credential-authorizations answered 404 and GraphQL shows no SAML identity provider), so no token or SSH key authorization can exist there`,
        account: org,
        kinds: authorizationKinds,
      };
    } else if (isNotFound(error)) {
      const why = saml
        ? 'the organization has a SAML identity provider, so the token may lack access (an organization owner with read:org is needed)'
        : 'whether the organization uses SAML is unknown because its SAML identities could not be read';
      problems.explained(scope, error, why);
    } else {
      problems.add(scope, error);
    }
  }
  yield* withProblems({ credentials, principals: [], ...(unsupported ? { unsupported } : {}) }, problems);
}
