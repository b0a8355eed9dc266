/** Options of an `okta` source: the org URL, its API token or service app by reference, trust, paging, limits, owners. */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';
import { cleartextProblem } from '../../src/core/transport.js';
import { OKTA_CREDENTIAL_KINDS } from './kinds.js';

/** Admin roles whose holder's API tokens are privileged: they can change users, apps or policy. */
export const DEFAULT_PRIVILEGED_ROLES = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
] as const;

/** An OAuth 2.0 service app: its client id and private key (PEM or JWK JSON), by reference. */
const serviceApp = z.strictObject({
  clientId: z.string().min(1),
  privateKey: secretReference,
  /** The key's id, when the key itself (a PEM) does not carry one. */
  keyId: z.string().min(1).optional(),
});

export const oktaOptionsSchema = z
  .strictObject({
    /**
     * The org URL, e.g. https://acme.okta.com: https, or plain http to a loopback address only (the
     * API token never crosses a network in clear). The official client itself refuses plain http.
     */
    orgUrl: z
      .string()
      .url()
      .superRefine((text, context) => {
        const url = new URL(text);
        const problem = cleartextProblem(url, 'the Okta API token');
        if (problem) context.addIssue({ code: 'custom', message: problem });
        else if (url.pathname !== '/' || url.search !== '')
          context.addIssue({
            code: 'custom',
            message: 'expected the org URL alone, e.g. https://acme.okta.com',
          });
      }),
    /** An SSWS API token, by reference (`env:NAME`); or `oauth`. */
    token: secretReference.optional(),
    /**
     * Sign in as an OAuth 2.0 service app instead (the client's `PrivateKey` mode): it asks the org's
     * token endpoint for the read scopes of the kinds listed, and for the manage scopes to revoke.
     */
    oauth: serviceApp.optional(),
    /** PEM CA bundle to trust for the org (relative to the config file's folder): a proxy's, the emulator's. */
    caFile: z.string().min(1).optional(),
    /** Credential kinds this source lists. */
    kinds: z
      .array(z.enum(OKTA_CREDENTIAL_KINDS))
      .min(1, 'expected at least one credential kind')
      .default([...OKTA_CREDENTIAL_KINDS]),
    /** Items per list page (`limit`; Okta pages with the `after` cursor of its `Link` header). */
    pageSize: z.number().int().min(1).max(200).default(200),
    /** Keys of an app's `profile` whose value (a string or a list of them) names its owners. */
    ownerProfileKeys: z.array(z.string().min(1).max(100)).default(['owner']),
    /** Admin role types that make an API token privileged (its creator holds one). */
    privilegedRoles: z.array(z.string().min(1)).default([...DEFAULT_PRIVILEGED_ROLES]),
    /** Retries of one request answered 429 before that part is partial. */
    rateLimitRetries: z.number().int().min(0).max(10).default(2),
    /** Longest wait for an endpoint's X-Rate-Limit-Reset before giving up on that part (partial). */
    maxRateLimitWaitSeconds: z.number().int().min(0).max(600).default(70),
    /** One HTTP attempt taking longer fails. */
    requestTimeoutSeconds: z.number().int().min(1).max(600).default(30),
  })
  .superRefine((options, context) => {
    if ((options.token === undefined) === (options.oauth === undefined))
      context.addIssue({
        code: 'custom',
        message: 'expected exactly one of token (an SSWS API token) or oauth (a service app)',
      });
  });

export type OktaOptions = z.infer<typeof oktaOptionsSchema>;
