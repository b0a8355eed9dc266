/** Options of an `azure` source: one Entra tenant, Graph and authority endpoints, credentials. */
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

export const azureOptionsSchema = z.strictObject({
  /** The Entra tenant id (a GUID). */
  tenantId: guid,
  /** Microsoft Graph root; https://graph.microsoft.us etc. for national clouds, or the emulator. */
  graphUrl: z.string().url().default('https://graph.microsoft.com'),
  /** The token scope: the Graph resource of the cloud, `/.default`. */
  graphScope: z.string().min(1).default('https://graph.microsoft.com/.default'),
  /**
   * A client secret by reference (ClientSecretCredential). Without it, DefaultAzureCredential is
   * used (environment, workload identity, managed identity, Azure CLI…).
   */
  credentials: z.strictObject({ clientId: guid, clientSecret: secretReference }).optional(),
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
  /** Applications or service principals read in parallel (owners, role assignments). */
  concurrency: z.number().int().min(1).max(16).default(4),
  /** Client-side pace of Graph requests (Graph's limits vary by resource); unset = unpaced. */
  requestsPerSecond: z.number().positive().optional(),
  /** Retries of one request after 429, 503/504 or a lost connection. */
  retries: z.number().int().min(0).max(10).default(6),
  /** The longest Retry-After honoured; a longer one fails that part (partial). */
  maxRetryAfterSeconds: z.number().int().min(1).max(3600).default(120),
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(60),
});

export type AzureOptions = z.infer<typeof azureOptionsSchema>;
