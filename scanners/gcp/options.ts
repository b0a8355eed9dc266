/** Options of a `gcp` source: projects, API root URLs (the emulator), credentials, owner conventions. */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';

/** GCP project ids: 6–30 characters, lowercase letters, digits and hyphens, starting with a letter. */
const projectId = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    'expected a GCP project id (6-30 lowercase letters, digits, hyphens)',
  );

const role = z.string().regex(/^(roles|projects\/[^/]+\/roles|organizations\/\d+\/roles)\/[\w.]+$/, {
  message: 'expected an IAM role name such as roles/iam.serviceAccountUser',
});

export const DEFAULT_OWNER_PATTERN = String.raw`owner:\s*([^\s,;]+)`;

/** Roles on the service account itself whose holders are read as (lower-confidence) owners. */
export const DEFAULT_OWNER_ROLES = [
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountTokenCreator',
] as const;

/** Roles on the project that make a service account (and so each of its keys) privileged. */
export const DEFAULT_PRIVILEGED_ROLES = [
  'roles/owner',
  'roles/editor',
  'roles/resourcemanager.projectIamAdmin',
  'roles/iam.securityAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.roleAdmin',
] as const;

const rootUrl = z.string().url();

/** Chosen from bench/gcp-scan.bench.ts runs (docs/performance.md, GCP). */
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_PROJECT_CONCURRENCY = 64;

export const gcpOptionsSchema = z.strictObject({
  projects: z.array(projectId).min(1, 'expected at least one project id'),
  /** One root URL for IAM, Cloud Resource Manager and Policy Analyzer (the emulator), or one per API. */
  rootUrl: rootUrl.optional(),
  rootUrls: z
    .strictObject({
      iam: rootUrl.optional(),
      cloudresourcemanager: rootUrl.optional(),
      policyanalyzer: rootUrl.optional(),
    })
    .optional(),
  /**
   * A static OAuth 2.0 access token by reference (env:NAME). Without it, Application Default
   * Credentials are used (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server).
   */
  credentials: z.strictObject({ accessToken: secretReference }).optional(),
  /**
   * A regular expression matched (case-insensitively) against each service account's description;
   * its first capture group is the owner (default `owner: EMAIL`).
   */
  ownerDescriptionPattern: z
    .string()
    .default(DEFAULT_OWNER_PATTERN)
    .superRefine((pattern, context) => {
      let groups = 0;
      try {
        // An alternation with the empty string always matches, so its length counts the groups.
        groups = new RegExp(`${pattern}|`).exec('')!.length - 1;
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
        return;
      }
      if (groups < 1)
        context.addIssue({
          code: 'custom',
          message: 'expected a capture group around the owner, e.g. owner:\\s*(\\S+)',
        });
    }),
  /** Read each service account's own IAM policy for owner signals (one call per service account). */
  serviceAccountIamPolicy: z.boolean().default(true),
  ownerRoles: z.array(role).default([...DEFAULT_OWNER_ROLES]),
  privilegedRoles: z.array(role).default([...DEFAULT_PRIVILEGED_ROLES]),
  /** Read last authentication from Policy Analyzer (one paged query per project). */
  lastUse: z.boolean().default(true),
  /**
   * Add "disable the whole service account" to each key's revocation, after the key is disabled.
   * It stops every key of the account and every workload running as it, so such a request always
   * needs approval.
   */
  disableServiceAccount: z.boolean().default(false),
  /** Service accounts per list page (IAM allows 1–100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Service accounts read in parallel per project (each: its keys and its IAM policy at once). */
  concurrency: z.number().int().min(1).max(32).default(DEFAULT_CONCURRENCY),
  /** Projects read in parallel (each has its own IAM quota, and its own pace). */
  projectConcurrency: z.number().int().min(1).max(256).default(DEFAULT_PROJECT_CONCURRENCY),
  /**
   * Client-side pace of IAM calls, per project: IAM charges each call to the project it reads
   * (default quota 6,000 reads a minute per project, 100/s). Unset = unpaced.
   */
  requestsPerSecond: z.number().positive().optional(),
  /**
   * Client-side pace of the calls Google charges to the caller's quota project, shared by every
   * project read (Resource Manager getIamPolicy: 600 a minute, 10/s; Policy Analyzer). Unset =
   * `requestsPerSecond`.
   */
  quotaProjectRequestsPerSecond: z.number().positive().optional(),
  /** Retries of one request after 429 RESOURCE_EXHAUSTED, 5xx or a lost connection. */
  retries: z.number().int().min(0).max(10).default(6),
  /** One HTTP attempt taking longer fails (and is retried). */
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(60),
});

export type GcpOptions = z.infer<typeof gcpOptionsSchema>;
