/**
 * The GitHub answers the downstream account checks read: pending organization invitations and one
 * user's organization membership, validated at the boundary (zod) and reduced to the fields used.
 * Checked at compile time against GitHub Enterprise Cloud's OpenAPI types, like payloads.ts.
 */
import type { components } from '@octokit/openapi-types-ghec';
import { z } from 'zod';

type Schemas = components['schemas'];

const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 timestamp');

/** GET /orgs/{org}/invitations: `login` is null when the invitee has no GitHub account (by email). */
export const invitationSchema = z.object({
  id: z.number().int(),
  login: z.string().min(1).nullable(),
  email: z.string().nullable(),
  /** direct_member, admin, billing_manager or hiring_manager. */
  role: z.string(),
  created_at: timestamp,
  inviter: z.object({ login: z.string() }),
  team_count: z.number().int(),
});
export type InvitationPayload = z.infer<typeof invitationSchema>;

/** GET /orgs/{org}/memberships/{username}: `pending` means invited, not yet a member. */
export const membershipSchema = z.object({
  state: z.enum(['active', 'pending']),
  role: z.string(),
});
export type MembershipPayload = z.infer<typeof membershipSchema>;

// Compile-time drift checks: every official payload must satisfy what the scanner reads.
type Accepts<Ours, Official extends Ours> = Official;
export type MemberDriftChecks = [
  Accepts<InvitationPayload, Schemas['organization-invitation']>,
  Accepts<MembershipPayload, Schemas['org-membership']>,
];
