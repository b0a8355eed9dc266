/**
 * The slice of GitHub's GraphQL schema the emulator serves: `organization(login:)` with its SAML
 * identity provider and external identities (cursor pagination, `first`/`last` ≤ 100, `login`,
 * `userName` and `membersOnly` filters), `viewer` and `rateLimit`. Field names, arguments and
 * nullability follow GitHub's public schema (schema.docs.graphql, as published in
 * @octokit/graphql-schema); values come from the estate.
 */
import { createHash } from 'node:crypto';
import type { GithubEstate, GithubExternalIdentity, GithubOrgEstate, GithubUserRef } from '../estate.js';
import type { RateLimitStatus } from '../rate-limit.js';
import { legacyNodeId, viewerOf } from '../representations.js';
import { FieldError, objectType, type Schema } from './execute.js';

export interface GraphqlRoot {
  estate: GithubEstate;
  /** http://127.0.0.1:PORT, for `url` fields. */
  origin: string;
  /** The `graphql` resource's primary rate limit, this request counted. */
  rateLimit(): RateLimitStatus;
}

interface OrgSource {
  root: GraphqlRoot;
  org: GithubOrgEstate;
}

interface IdentitySource extends OrgSource {
  identity: GithubExternalIdentity;
}

interface EdgeSource extends IdentitySource {
  cursor: string;
}

interface ConnectionSource extends OrgSource {
  totalCount: number;
  edges: EdgeSource[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

interface UserSource {
  root: GraphqlRoot;
  user: GithubUserRef;
}

export const MAX_PAGE_SIZE = 100;

const encodeCursor = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');

function decodeCursor(cursor: unknown, argument: 'after' | 'before'): number {
  const match =
    typeof cursor === 'string'
      ? /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))
      : null;
  if (!match)
    throw new FieldError(`\`${argument}\` does not appear to be a valid cursor.`, 'INVALID_CURSOR_ARGUMENTS');
  return Number(match[1]);
}

/** A stable GUID for an identity the estate gives none: derived from the org and the NameID. */
export function identityGuid(org: GithubOrgEstate, identity: GithubExternalIdentity): string {
  if (identity.guid) return identity.guid;
  const hex = createHash('sha1').update(`${org.login}\0${identity.nameId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function pageSize(value: unknown, argument: 'first' | 'last'): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FieldError(`\`${argument}\` must be a non-negative integer.`, 'INVALID_PAGINATION');
  }
  if (value > MAX_PAGE_SIZE) {
    throw new FieldError(
      `Requesting ${value} records on the \`externalIdentities\` connection exceeds the \`${argument}\` limit of ${MAX_PAGE_SIZE} records.`,
      'EXCESSIVE_PAGINATION',
    );
  }
  return value;
}

function externalIdentities(source: OrgSource, args: Record<string, unknown>): ConnectionSource {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first === undefined && last === undefined) {
    throw new FieldError(
      'You must provide a `first` or `last` value to properly paginate the `externalIdentities` connection.',
      'MISSING_PAGINATION_BOUNDARIES',
    );
  }
  const { org } = source;
  const members = new Set(org.members.map((member) => member.login.toLowerCase()));
  const login = typeof args.login === 'string' ? args.login.toLowerCase() : undefined;
  const userName = typeof args.userName === 'string' ? args.userName.toLowerCase() : undefined;
  const all = org.externalIdentities.filter(
    (identity) =>
      (login === undefined || identity.login.toLowerCase() === login) &&
      (userName === undefined || identity.nameId.toLowerCase() === userName) &&
      (args.membersOnly !== true || members.has(identity.login.toLowerCase())),
  );
  let start = args.after === null || args.after === undefined ? 0 : decodeCursor(args.after, 'after') + 1;
  let end =
    args.before === null || args.before === undefined ? all.length : decodeCursor(args.before, 'before');
  end = Math.min(end, all.length);
  start = Math.min(start, end);
  const boundedStart = start;
  const boundedEnd = end;
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const edges = all.slice(start, end).map((identity, offset) => ({
    ...source,
    identity,
    cursor: encodeCursor(start + offset),
  }));
  return {
    ...source,
    totalCount: all.length,
    edges,
    pageInfo: {
      hasNextPage: end < boundedEnd || (first === undefined && end < all.length),
      hasPreviousPage: start > boundedStart || (last === undefined && start > 0),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function findOrg(root: GraphqlRoot, login: unknown): OrgSource {
  const wanted = typeof login === 'string' ? login.toLowerCase() : '';
  const org = root.estate.orgs.find((candidate) => candidate.login.toLowerCase() === wanted);
  if (!org)
    throw new FieldError(
      `Could not resolve to an Organization with the login of '${String(login)}'.`,
      'NOT_FOUND',
    );
  return { root, org };
}

const userType = objectType<UserSource>(
  'User',
  {
    login: { type: 'String', nonNull: true, resolve: ({ user }) => user.login },
    id: { type: 'ID', nonNull: true, resolve: ({ user }) => legacyNodeId('User', user.id) },
    databaseId: { type: 'Int', resolve: ({ user }) => user.id },
    name: { type: 'String', resolve: () => null },
    email: { type: 'String', nonNull: true, resolve: () => '' },
    url: { type: 'URI', nonNull: true, resolve: ({ root, user }) => `${root.origin}/${user.login}` },
  },
  ['Node', 'Actor'],
);

const emailType = objectType<string>('UserEmailMetadata', {
  value: { type: 'String', nonNull: true, resolve: (email) => email },
  primary: { type: 'Boolean', resolve: () => null },
  type: { type: 'String', resolve: () => null },
});

const attributeType = objectType<{ name: string; value: string }>('ExternalIdentityAttribute', {
  name: { type: 'String', nonNull: true, resolve: (attribute) => attribute.name },
  value: { type: 'String', nonNull: true, resolve: (attribute) => attribute.value },
  metadata: { type: 'String', resolve: () => null },
});

const samlAttributesType = objectType<GithubExternalIdentity>('ExternalIdentitySamlAttributes', {
  nameId: { type: 'String', resolve: (identity) => identity.nameId },
  username: { type: 'String', resolve: () => null },
  emails: {
    type: 'UserEmailMetadata',
    list: true,
    resolve: (identity) => (identity.emails.length > 0 ? identity.emails : null),
  },
  givenName: { type: 'String', resolve: () => null },
  familyName: { type: 'String', resolve: () => null },
  groups: { type: 'String', list: true, resolve: () => null },
  attributes: {
    type: 'ExternalIdentityAttribute',
    list: true,
    nonNull: true,
    resolve: (identity) => [
      { name: 'NameID', value: identity.nameId },
      ...identity.emails.map((email) => ({ name: 'emails', value: email })),
    ],
  },
});

const scimAttributesType = objectType<never>('ExternalIdentityScimAttributes', {
  username: { type: 'String', resolve: () => null },
  emails: { type: 'UserEmailMetadata', list: true, resolve: () => null },
  givenName: { type: 'String', resolve: () => null },
  familyName: { type: 'String', resolve: () => null },
  groups: { type: 'String', list: true, resolve: () => null },
});

const invitationType = objectType<never>(
  'OrganizationInvitation',
  {
    id: { type: 'ID', nonNull: true, resolve: () => null },
    email: { type: 'String', resolve: () => null },
  },
  ['Node'],
);

const identityType = objectType<IdentitySource>(
  'ExternalIdentity',
  {
    guid: { type: 'String', nonNull: true, resolve: ({ org, identity }) => identityGuid(org, identity) },
    id: {
      type: 'ID',
      nonNull: true,
      resolve: ({ org, identity }) =>
        Buffer.from(`ExternalIdentity:${identityGuid(org, identity)}`).toString('base64'),
    },
    samlIdentity: { type: 'ExternalIdentitySamlAttributes', resolve: ({ identity }) => identity },
    scimIdentity: { type: 'ExternalIdentityScimAttributes', resolve: () => null },
    organizationInvitation: { type: 'OrganizationInvitation', resolve: () => null },
    user: {
      type: 'User',
      resolve: ({ root, org, identity }) => {
        const known = [...org.members, ...org.outsideCollaborators].find(
          (user) => user.login.toLowerCase() === identity.login.toLowerCase(),
        );
        return { root, user: known ?? { login: identity.login, id: 0 } };
      },
    },
  },
  ['Node'],
);

const edgeType = objectType<EdgeSource>('ExternalIdentityEdge', {
  cursor: { type: 'String', nonNull: true, resolve: (edge) => edge.cursor },
  node: { type: 'ExternalIdentity', resolve: (edge) => edge },
});

const pageInfoType = objectType<ConnectionSource['pageInfo']>('PageInfo', {
  hasNextPage: { type: 'Boolean', nonNull: true, resolve: (info) => info.hasNextPage },
  hasPreviousPage: { type: 'Boolean', nonNull: true, resolve: (info) => info.hasPreviousPage },
  startCursor: { type: 'String', resolve: (info) => info.startCursor },
  endCursor: { type: 'String', resolve: (info) => info.endCursor },
});

const connectionType = objectType<ConnectionSource>('ExternalIdentityConnection', {
  totalCount: { type: 'Int', nonNull: true, resolve: (connection) => connection.totalCount },
  pageInfo: { type: 'PageInfo', nonNull: true, resolve: (connection) => connection.pageInfo },
  edges: { type: 'ExternalIdentityEdge', list: true, resolve: (connection) => connection.edges },
  nodes: { type: 'ExternalIdentity', list: true, resolve: (connection) => connection.edges },
});

const providerType = objectType<OrgSource>(
  'OrganizationIdentityProvider',
  {
    id: {
      type: 'ID',
      nonNull: true,
      resolve: ({ org }) => legacyNodeId('OrganizationIdentityProvider', org.id),
    },
    ssoUrl: { type: 'URI', resolve: ({ org }) => `https://sso.example.invalid/saml/${org.login}` },
    issuer: { type: 'String', resolve: ({ org }) => `https://sso.example.invalid/${org.login}` },
    digestMethod: { type: 'URI', resolve: () => 'http://www.w3.org/2001/04/xmlenc#sha256' },
    signatureMethod: { type: 'URI', resolve: () => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' },
    idpCertificate: { type: 'X509Certificate', resolve: () => null },
    organization: { type: 'Organization', resolve: (source) => source },
    externalIdentities: {
      type: 'ExternalIdentityConnection',
      nonNull: true,
      args: ['after', 'before', 'first', 'last', 'login', 'membersOnly', 'userName'],
      resolve: externalIdentities,
    },
  },
  ['Node'],
);

const organizationType = objectType<OrgSource>(
  'Organization',
  {
    login: { type: 'String', nonNull: true, resolve: ({ org }) => org.login },
    id: { type: 'ID', nonNull: true, resolve: ({ org }) => legacyNodeId('Organization', org.id) },
    databaseId: { type: 'Int', resolve: ({ org }) => org.id },
    name: { type: 'String', resolve: ({ org }) => org.name ?? org.login },
    url: { type: 'URI', nonNull: true, resolve: ({ root, org }) => `${root.origin}/${org.login}` },
    samlIdentityProvider: {
      type: 'OrganizationIdentityProvider',
      resolve: (source) => (source.org.saml ? source : null),
    },
  },
  ['Node', 'Actor'],
);

const rateLimitType = objectType<RateLimitStatus>('RateLimit', {
  cost: { type: 'Int', nonNull: true, resolve: () => 1 },
  limit: { type: 'Int', nonNull: true, resolve: (status) => status.limit },
  nodeCount: { type: 'Int', nonNull: true, resolve: () => 1 },
  remaining: { type: 'Int', nonNull: true, resolve: (status) => status.remaining },
  used: { type: 'Int', nonNull: true, resolve: (status) => status.used },
  resetAt: {
    type: 'DateTime',
    nonNull: true,
    resolve: (status) => new Date(status.reset * 1000).toISOString(),
  },
});

const queryType = objectType<GraphqlRoot>('Query', {
  organization: { type: 'Organization', args: ['login'], resolve: (root, args) => findOrg(root, args.login) },
  viewer: { type: 'User', nonNull: true, resolve: (root) => ({ root, user: viewerOf(root.estate) }) },
  rateLimit: { type: 'RateLimit', args: ['dryRun'], resolve: (root) => root.rateLimit() },
});

const mutationType = objectType<GraphqlRoot>('Mutation', {});

export const githubSchema: Schema = {
  query: 'Query',
  mutation: 'Mutation',
  types: new Map(
    [
      queryType,
      mutationType,
      organizationType,
      providerType,
      connectionType,
      edgeType,
      pageInfoType,
      identityType,
      samlAttributesType,
      scimAttributesType,
      attributeType,
      emailType,
      invitationType,
      userType,
      rateLimitType,
    ].map((type) => [type.name, type]),
  ),
};
