/** Options of a `gitlab` source: the instance, the token, the groups to read, instance-wide PATs. */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';
import { cleartextProblem } from '../../src/core/transport.js';
import { GITLAB_CREDENTIAL_KINDS } from './kinds.js';

/** A group's full path: `acme`, `acme/platform`. */
const groupPath = z
  .string()
  .regex(
    /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/,
    'expected a group full path such as acme/platform',
  );

export const gitlabOptionsSchema = z
  .strictObject({
    /** https://gitlab.com (default) or a self-managed instance; plain http only to this machine. */
    host: z
      .string()
      .url()
      .superRefine((text, context) => {
        const problem = cleartextProblem(new URL(text), 'the GitLab token');
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .transform((text) => text.replace(/\/+$/, ''))
      .default('https://gitlab.com'),
    /** A personal, group or service-account access token, by reference (`env:NAME`). */
    token: secretReference,
    /** Groups to read, each with its subgroups and their projects; each is an account. */
    groups: z.array(groupPath).default([]),
    /**
     * Self-managed, with an administrator's token: list every user's personal access tokens
     * (`GET /personal_access_tokens`) and read their users' emails and SAML identities.
     */
    instance: z.boolean().default(false),
    /**
     * GitLab.com (Ultimate), the token's user an Owner of each configured top-level group: list its
     * enterprise users' PATs from the group's credentials inventory
     * (`GET /groups/:id/manage/personal_access_tokens`), with their group SAML identities.
     */
    credentialsInventory: z.boolean().default(false),
    kinds: z
      .array(z.enum(GITLAB_CREDENTIAL_KINDS))
      .min(1, 'expected at least one credential kind')
      .default([...GITLAB_CREDENTIAL_KINDS]),
    /** Items per list page (`per_page`, GitLab's maximum is 100). */
    perPage: z.number().int().min(1).max(100).default(100),
    /** Retries of one call refused with 429 (after its Retry-After) before that part is partial. */
    rateLimitRetries: z.number().int().min(0).max(10).default(3),
    /** Longest wait for a rate limit to lift before giving up on that part (partial). */
    maxRateLimitWaitSeconds: z.number().int().min(0).max(3600).default(120),
    requestTimeoutSeconds: z.number().int().min(1).max(600).default(30),
  })
  .refine((options) => options.groups.length > 0 || options.instance, {
    message: 'expected groups to read, instance: true, or both',
    path: ['groups'],
  });

export type GitlabOptions = z.infer<typeof gitlabOptionsSchema>;

/** The account of instance-wide records (personal access tokens): the instance's host name. */
export const instanceAccount = (options: GitlabOptions): string => new URL(options.host).hostname;
