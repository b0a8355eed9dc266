/**
 * The GitHub answers the scanner reads, validated at the boundary (zod) and reduced to the fields
 * it uses. Each schema is checked at compile time against GitHub Enterprise Cloud's OpenAPI types
 * (where SAML lives), so a drift from the real API fails to compile.
 */
import type { components } from '@octokit/openapi-types-ghec';
import { z } from 'zod';

type Schemas = components['schemas'];

const login = z.string().min(1);
const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 timestamp');

export const credentialAuthorizationSchema = z.object({
  login,
  credential_id: z.number().int(),
  credential_type: z.string(),
  token_last_eight: z.string().nullish(),
  credential_authorized_at: timestamp,
  credential_accessed_at: timestamp.nullable(),
  authorized_credential_expires_at: timestamp.nullish(),
  scopes: z.array(z.string()).nullish(),
  fingerprint: z.string().nullish(),
});
export type CredentialAuthorizationPayload = z.infer<typeof credentialAuthorizationSchema>;

const permissionMap = z.record(z.string(), z.string());
export const fineGrainedGrantSchema = z.object({
  id: z.number().int(),
  owner: z.object({ login }),
  token_id: z.number().int(),
  token_name: z.string(),
  token_expired: z.boolean(),
  token_expires_at: timestamp.nullable(),
  token_last_used_at: timestamp.nullable(),
  access_granted_at: timestamp,
  repository_selection: z.string(),
  permissions: z.object({
    organization: permissionMap.optional(),
    repository: permissionMap.optional(),
    other: permissionMap.optional(),
  }),
});
export type FineGrainedGrantPayload = z.infer<typeof fineGrainedGrantSchema>;

export const deployKeySchema = z.object({
  id: z.number().int(),
  /** The public key: read only to compute its fingerprint, never kept. */
  key: z.string(),
  title: z.string(),
  read_only: z.boolean(),
  created_at: timestamp,
  /** Absent on servers that predate it; null when GitHub does not know who added the key. */
  added_by: z.string().nullish(),
  /** Absent on servers that predate it (unknown); null when the key was never used. */
  last_used: timestamp.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type DeployKeyPayload = z.infer<typeof deployKeySchema>;

export const userSchema = z.object({ login, id: z.number().int() });
export type UserPayload = z.infer<typeof userSchema>;

export const repositorySchema = z.object({
  name: z.string().min(1),
  id: z.number().int(),
  private: z.boolean(),
  archived: z.boolean().optional(),
});
export type RepositoryPayload = z.infer<typeof repositorySchema>;

export const installationSchema = z.object({
  id: z.number().int(),
  app_id: z.number().int(),
  app_slug: z.string(),
  created_at: timestamp,
  repository_selection: z.string(),
  permissions: z.record(z.string(), z.string().optional()),
  target_type: z.string(),
  /** Set while the installation is suspended. */
  suspended_at: timestamp.nullish(),
});
export type InstallationPayload = z.infer<typeof installationSchema>;

/** One node of organization.samlIdentityProvider.externalIdentities (GraphQL). */
export const externalIdentitySchema = z.object({
  samlIdentity: z
    .object({
      nameId: z.string().nullish(),
      emails: z.array(z.object({ value: z.string().nullish() })).nullish(),
    })
    .nullish(),
  user: z.object({ login }).nullish(),
});
export type ExternalIdentityPayload = z.infer<typeof externalIdentitySchema>;

export const externalIdentitiesPageSchema = z.object({
  organization: z
    .object({
      samlIdentityProvider: z
        .object({
          externalIdentities: z.object({
            pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
            nodes: z.array(externalIdentitySchema.nullable()),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

/** Validates one page of items; the error names the item and field that is wrong. */
export function parseItems<T>(schema: z.ZodType<T>, data: unknown, what: string): T[] {
  const result = z.array(schema).safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`unexpected ${what} payload at [${issue.path.join('.')}]: ${issue.message}`);
}

// Compile-time drift checks: every official payload must satisfy what the scanner reads.
type Accepts<Ours, Official extends Ours> = Official;
export type DriftChecks = [
  Accepts<CredentialAuthorizationPayload, Schemas['credential-authorization']>,
  Accepts<FineGrainedGrantPayload, Schemas['organization-programmatic-access-grant']>,
  Accepts<DeployKeyPayload, Schemas['deploy-key']>,
  Accepts<UserPayload, Schemas['simple-user']>,
  Accepts<RepositoryPayload, Schemas['minimal-repository']>,
  Accepts<InstallationPayload, Schemas['installation']>,
];
