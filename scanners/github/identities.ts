/**
 * An organization's SAML external identities (GraphQL organization.samlIdentityProvider
 * .externalIdentities, cursor-paged), which link a GitHub login to the IdP account (nameId, emails).
 */
import { type IdentityDirectory, identityDirectory, NO_IDENTITIES } from './owners.js';
import { type ExternalIdentityPayload, externalIdentitiesPageSchema } from './payloads.js';
import type { GithubScan } from './scan.js';

const IDENTITIES_QUERY = `query ($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { samlIdentity { nameId emails { value } } user { login } }
      }
    }
  }
}`;

/**
 * Whether a GraphQL error says the schema has no `samlIdentityProvider` at all (GitHub Enterprise
 * Server, where SAML is configured for the instance, not per organization): no SAML here, not a failure.
 */
export function isSamlFieldMissing(error: unknown): boolean {
  const errors = (error as { name?: string; errors?: { message?: string; extensions?: { code?: string } }[] })
    ?.errors;
  return (
    (error as { name?: string })?.name === 'GraphqlResponseError' &&
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (item) =>
        /samlIdentityProvider/.test(item.message ?? '') &&
        (item.extensions?.code === 'undefinedField' || /doesn't exist/.test(item.message ?? '')),
    )
  );
}

/** The organization's SAML identities; `saml` false when it has no SAML identity provider. */
export async function readIdentities(
  scan: GithubScan,
  org: string,
): Promise<{ saml: boolean; identities: IdentityDirectory }> {
  const nodes: (ExternalIdentityPayload | null)[] = [];
  let after: string | null = null;
  do {
    let answer: unknown;
    try {
      answer = await scan.client.graphql(IDENTITIES_QUERY, {
        org,
        first: Math.min(scan.options.perPage, 100),
        after,
        request: { signal: scan.signal },
      });
    } catch (error) {
      if (isSamlFieldMissing(error)) return { saml: false, identities: NO_IDENTITIES };
      throw error;
    }
    const parsed = externalIdentitiesPageSchema.safeParse(answer);
    if (!parsed.success)
      throw new Error(`unexpected GraphQL externalIdentities payload: ${parsed.error.message}`);
    const organization = parsed.data.organization;
    if (!organization) throw new Error(`GraphQL: organization ${org} was not found`);
    const provider = organization.samlIdentityProvider;
    if (!provider) return { saml: false, identities: NO_IDENTITIES };
    const connection = provider.externalIdentities;
    nodes.push(...connection.nodes);
    after = connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null;
  } while (after);
  return { saml: true, identities: identityDirectory(nodes) };
}
