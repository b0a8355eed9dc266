/**
 * The Google API clients of one source: IAM v1 and Cloud Resource Manager v3 through the official
 * generated clients (@googleapis/iam, @googleapis/cloudresourcemanager), and Policy Analyzer v1
 * through the same googleapis-common request machinery they use. They share one auth client
 * (Application Default Credentials, or a static access token by reference), one retry policy
 * (429 RESOURCE_EXHAUSTED, 5xx and lost connections, with exponential backoff), a request
 * counter, and optional client-side paces keyed like Google's quotas (quota-pacers.ts): IAM calls
 * per project read, Resource Manager and Policy Analyzer calls on the caller's quota project.
 */
import { cloudresourcemanager, type cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { iam, type iam_v1 } from '@googleapis/iam';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import type { GaxiosOptions, RetryConfig } from 'googleapis-common';
import type { Pacer } from '../../src/core/pacer.js';
import { readSecretReference } from '../../src/core/secret-reference.js';
import type { GcpOptions } from './options.js';
import { type PolicyAnalyzerClient, policyAnalyzerClient } from './policy-analyzer.js';
import { quotaPacers } from './quota-pacers.js';

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export type GcpApi = 'iam' | 'cloudresourcemanager' | 'policyanalyzer';

export interface RequestStats {
  /** HTTP attempts sent (retries included). */
  requests: number;
  /** Attempts repeated after 429, 5xx or a lost connection. */
  retries: number;
}

export interface GcpClients {
  iam: iam_v1.Iam;
  resourceManager: cloudresourcemanager_v3.Cloudresourcemanager;
  policyAnalyzer: PolicyAnalyzerClient;
  stats: RequestStats;
  /**
   * Obtains the access token once, before calls go out in parallel: concurrent first calls would
   * each refresh Application Default Credentials. A failure is left for the calls to report.
   */
  authorize(): Promise<void>;
}

type AuthClient = GoogleAuth | OAuth2Client;

function authClient(options: GcpOptions): AuthClient {
  if (options.credentials) {
    const client = new OAuth2Client();
    client.setCredentials({
      access_token: readSecretReference(options.credentials.accessToken, 'credentials.accessToken'),
    });
    return client;
  }
  return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
}

export function rootUrlFor(options: GcpOptions, api: GcpApi): string | undefined {
  return options.rootUrls?.[api] ?? options.rootUrl;
}

function retryConfig(options: GcpOptions, stats: RequestStats): RetryConfig {
  return {
    retry: options.retries,
    // getIamPolicy and the :disable calls are POSTs that are safe to repeat (reads, or idempotent).
    httpMethodsToRetry: ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'POST'],
    statusCodesToRetry: [
      [408, 408],
      [429, 429],
      [500, 599],
    ],
    noResponseRetries: 2,
    retryDelay: 200,
    maxRetryDelay: 32_000,
    onRetryAttempt: () => {
      stats.retries += 1;
    },
  };
}

const urlOf = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** Counts (and paces, when asked) every attempt, retries included. */
function countingFetch(stats: RequestStats, pacerFor: (url: string) => Pacer | undefined): typeof fetch {
  return async (input, init) => {
    const pacer = pacerFor(urlOf(input));
    if (pacer) await pacer.take();
    stats.requests += 1;
    return fetch(input, init);
  };
}

export function gcpClients(options: GcpOptions): GcpClients {
  const stats: RequestStats = { requests: 0, retries: 0 };
  const auth = authClient(options);
  const pacers = quotaPacers(options);
  const shared = (pacerFor: (url: string) => Pacer | undefined): GaxiosOptions => ({
    retryConfig: retryConfig(options, stats),
    timeout: options.requestTimeoutSeconds * 1000,
    fetchImplementation: countingFetch(stats, pacerFor),
  });
  const iamRoot = rootUrlFor(options, 'iam');
  const resourceManagerRoot = rootUrlFor(options, 'cloudresourcemanager');
  return {
    iam: iam({ version: 'v1', auth, ...shared(pacers.iam), ...(iamRoot ? { rootUrl: iamRoot } : {}) }),
    resourceManager: cloudresourcemanager({
      version: 'v3',
      auth,
      ...shared(pacers.quotaProject),
      ...(resourceManagerRoot ? { rootUrl: resourceManagerRoot } : {}),
    }),
    policyAnalyzer: policyAnalyzerClient({
      auth,
      ...shared(pacers.quotaProject),
      rootUrl: rootUrlFor(options, 'policyanalyzer') ?? 'https://policyanalyzer.googleapis.com/',
    }),
    stats,
    authorize: async () => {
      await auth.getAccessToken().catch(() => undefined);
    },
  };
}
