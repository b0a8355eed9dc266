/**
 * Options of an `azure` source: one Entra tenant (`tenantId`) or several (`tenants`, read in
 * parallel, each paced on its own), Graph and authority endpoints, credentials.
 */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');

/** Graph application permissions that make every credential of the app privileged. */
export const DEFAULT_PRIVILEGED_PERMISSIONS = [
  'Application.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
  'AppRoleAssignment.ReadWrite.All',
  'Directory.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'Domain.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'User.ReadWrite.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.ReadWrite.PermissionGrant',
  'Mail.ReadWrite',
  'Mail.Send',
  'Files.ReadWrite.All',
  'Sites.FullControl.All',
] as const;

const clientSecretCredentials = z.strictObject({ clientId: guid, clientSecret: secretReference });

/**
 * Graph's identity-and-access quota for the smallest tenants is 3,500 resource units per 10 s per
 * app and tenant (https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits):
 * the default pace stays under it for a tenant of any size.
 */
export const DEFAULT_RESOURCE_UNITS_PER_10S = 3000;

const optionsObject = z.strictObject({
  /** The Entra tenant id (a GUID); or `tenants` for several. */
  tenantId: guid.optional(),
  /**
   * Several tenants in one source, read `tenantConcurrency` at a time, each with its own pacer;
   * a tenant without `credentials` uses the source's (a multi-tenant app registration).
   */
  tenants: z
    .array(z.strictObject({ tenantId: guid, credentials: clientSecretCredentials.optional() }))
    .min(1)
    .optional(),
  /** Tenants read at once. */
  tenantConcurrency: z.number().int().min(1).max(16).default(4),
  /** Microsoft Graph root; https://graph.microsoft.us etc. for national clouds, or the emulator. */
  graphUrl: z.string().url().default('https://graph.microsoft.com'),
  /** The token scope: the Graph resource of the cloud, `/.default`. */
  graphScope: z.string().min(1).default('https://graph.microsoft.com/.default'),
  /**
   * A client secret by reference (ClientSecretCredential). Without it, DefaultAzureCredential is
   * used (environment, workload identity, managed identity, Azure CLI…).
   */
  credentials: clientSecretCredentials.optional(),
  /** Authority host for non-public clouds or the emulator; instance discovery is then disabled. */
  authorityHost: z.string().url().optional(),
  /** A PEM file of extra CA certificates the authority's TLS certificate chains to (private clouds, the emulator). */
  authorityCaFile: z.string().min(1).optional(),
  privilegedPermissions: z.array(z.string().min(1)).default([...DEFAULT_PRIVILEGED_PERMISSIONS]),
  /** Last use from the beta report appCredentialSignInActivities (needs AuditLog.Read.All). */
  lastUse: z.boolean().default(true),
  /**
   * For each leaver and expired contractor in HR, find their own Entra user (`upn:` alias, email as
   * userPrincipalName, `mail eq`), listed as a `sign-in-sessions` person-account record: active
   * while enabled or while its sessions predate the leaving (steps disable, revoke-sessions).
   */
  leaverSessions: z.boolean().default(true),
  /** Items per Graph page ($top, 1–999). */
  pageSize: z.number().int().min(1).max(999).default(999),
  /**
   * Reads in flight at once per tenant, for owners with role assignments, and for user lookups
   * (32: measured in docs/performance.md; the resource-unit pace, not this, keeps under Graph's limit).
   */
  concurrency: z.number().int().min(1).max(32).default(32),
  /**
   * Client-side pace per tenant, in Graph's resource units per 10 s (each request charged its
   * documented cost); 0 = unpaced (429s are waited out).
   */
  resourceUnitsPer10s: z.number().int().min(0).max(150_000).default(DEFAULT_RESOURCE_UNITS_PER_10S),
  /** An additional cap per tenant in requests per second (proxies that count requests); unset = none. */
  requestsPerSecond: z.number().positive().optional(),
  /** Retries of one request after 429, 503/504 or a lost connection. */
  retries: z.number().int().min(0).max(10).default(6),
  /** The longest Retry-After honoured; a longer one fails that part (partial). */
  maxRetryAfterSeconds: z.number().int().min(1).max(3600).default(120),
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(60),
});

export const azureOptionsSchema = optionsObject.superRefine((options, context) => {
  if ((options.tenantId === undefined) === (options.tenants === undefined))
    context.addIssue({
      code: 'custom',
      path: [options.tenantId === undefined ? 'tenantId' : 'tenants'],
      message: 'expected exactly one of tenantId (one tenant) or tenants (several)',
    });
  const seen = new Set<string>();
  for (const [index, tenant] of (options.tenants ?? []).entries()) {
    const id = tenant.tenantId.toLowerCase();
    if (seen.has(id))
      context.addIssue({
        code: 'custom',
        path: ['tenants', index, 'tenantId'],
        message: `tenant ${tenant.tenantId} is listed twice`,
      });
    seen.add(id);
  }
});

export type AzureOptions = z.infer<typeof azureOptionsSchema>;

/** The source's options for one of its tenants. */
export type AzureTenantOptions = Omit<AzureOptions, 'tenantId' | 'tenants'> & { tenantId: string };

/** Each tenant of the source, in the order configured, with the credentials it signs in with. */
export function tenantsOf(options: AzureOptions): AzureTenantOptions[] {
  const { tenants, tenantId, credentials, ...shared } = options;
  const listed = tenants ?? [{ tenantId: tenantId as string, credentials }];
  return listed.map((tenant) => {
    const signIn = tenant.credentials ?? credentials;
    return { ...shared, tenantId: tenant.tenantId, ...(signIn ? { credentials: signIn } : {}) };
  });
}
