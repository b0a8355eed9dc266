/**
 * The GitHub answers the Actions secrets listing reads: organization and repository secrets (names
 * and dates only: GitHub never returns a value) and repository collaborators with their
 * permissions, validated at the boundary (zod) and reduced to the fields used. Checked at compile
 * time against GitHub Enterprise Cloud's OpenAPI types, like payloads.ts.
 */
import type { components } from '@octokit/openapi-types-ghec';
import { z } from 'zod';

type Schemas = components['schemas'];

const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 timestamp');

/** GET /repos/{owner}/{repo}/actions/secrets (`secrets` of the envelope). */
export const repoSecretSchema = z.object({
  name: z.string().min(1),
  created_at: timestamp,
  /** When the value was last set. */
  updated_at: timestamp,
});
export type RepoSecretPayload = z.infer<typeof repoSecretSchema>;

/** GET /orgs/{org}/actions/secrets: `private` = private and internal repositories. */
export const orgSecretSchema = repoSecretSchema.extend({
  visibility: z.enum(['all', 'private', 'selected']),
});
export type OrgSecretPayload = z.infer<typeof orgSecretSchema>;

/** GET /repos/{owner}/{repo}/collaborators (affiliation all): `permissions` as the API reports them. */
export const collaboratorSchema = z.object({
  login: z.string().min(1),
  permissions: z
    .object({
      admin: z.boolean(),
      maintain: z.boolean().optional(),
      push: z.boolean(),
    })
    .optional(),
  role_name: z.string(),
});
export type CollaboratorPayload = z.infer<typeof collaboratorSchema>;

// Compile-time drift checks: every official payload must satisfy what the scanner reads.
type Accepts<Ours, Official extends Ours> = Official;
export type ActionsDriftChecks = [
  Accepts<RepoSecretPayload, Schemas['actions-secret']>,
  Accepts<OrgSecretPayload, Schemas['organization-actions-secret']>,
  Accepts<CollaboratorPayload, Schemas['collaborator']>,
];
