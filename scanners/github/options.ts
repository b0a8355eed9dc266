/** Options of a `github` source: organizations, the API base URL (GHES, the emulator), auth, budget. */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';
import { cleartextProblem } from '../../src/core/transport.js';
import { GITHUB_CREDENTIAL_KINDS } from './kinds.js';

const orgLogin = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'expected a GitHub organization login');

export const githubOptionsSchema = z.strictObject({
  orgs: z.array(orgLogin).min(1, 'expected at least one organization'),
  /** REST base URL: https://api.github.com (default), https://HOST/api/v3 for GHES, or the emulator. */
  baseUrl: z
    .string()
    .url()
    .superRefine((text, context) => {
      const problem = cleartextProblem(new URL(text), 'the GitHub token');
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default('https://api.github.com'),
  /** A token (PAT or installation token) by reference, or a GitHub App. */
  auth: z.union([
    z.strictObject({ token: secretReference }),
    z.strictObject({
      appId: z.number().int().positive(),
      privateKey: secretReference,
      installationId: z.number().int().positive(),
    }),
  ]),
  /**
   * Credential kinds this source lists. GitHub lets only a classic token of an org owner read SAML
   * authorizations and only a GitHub App read fine-grained token grants, so a SAML organization is
   * scanned completely by two sources: a token for the authorizations, an App for the rest.
   */
  kinds: z
    .array(z.enum(GITHUB_CREDENTIAL_KINDS))
    .min(1, 'expected at least one credential kind')
    .default([...GITHUB_CREDENTIAL_KINDS]),
  perPage: z.number().int().min(1).max(100).default(100),
  /** Most requests one scan may make (GitHub's budget is 5,000/hour per token); partial beyond it. */
  requestBudget: z.number().int().positive().default(4000),
  /** Repositories read in parallel per organization. */
  concurrency: z.number().int().min(1).max(16).default(8),
  /** Organizations read in parallel; they share the token's budgets and `secondaryRateLimit`. */
  organizationConcurrency: z.number().int().min(1).max(16).default(4),
  /**
   * GitHub's secondary limits per token, which the client keeps under instead of collecting
   * refusals (documented: 100 requests in flight, 900 REST and 2,000 GraphQL points a minute; a
   * GET costs 1 point, another method 5). Lower them when another client shares the token.
   */
  secondaryRateLimit: z
    .strictObject({
      concurrent: z.number().int().min(1).max(100).default(100),
      pointsPerMinute: z.number().int().min(1).default(900),
      graphqlPointsPerMinute: z.number().int().min(1).default(2000),
    })
    .default({ concurrent: 100, pointsPerMinute: 900, graphqlPointsPerMinute: 2000 }),
  /** Retries of one request refused by a rate limit (primary or secondary) before that part is partial. */
  rateLimitRetries: z.number().int().min(0).max(10).default(3),
  /** Longest wait for a rate limit to lift before giving up on that part (partial). */
  maxRateLimitWaitSeconds: z.number().int().min(0).max(3600).default(120),
  /**
   * Milliseconds between the starts of the scan's GraphQL queries (the SAML identities, 100 a
   * page). GitHub's secondary limit for GraphQL is 2,000 points a minute and a query costs 1;
   * without this, plugin-throttling spaces them 1 s apart, its advice for mutations. Revocation's
   * writes keep the 1 s spacing.
   */
  graphqlIntervalMs: z.number().int().min(0).max(5000).default(100),
  /** One HTTP attempt taking longer fails (and is retried like a 5xx). */
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(30),
});

export type GithubOptions = z.infer<typeof githubOptionsSchema>;
