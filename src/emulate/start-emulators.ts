/**
 * Starts an emulator for every provider present in an estate, on 127.0.0.1, and says how to reach
 * them: the source entries a config needs and the environment variables holding the (fake)
 * credentials. Used by `nhiscan demo` and `nhiscan emulate`.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { startAzureEmulator } from '../../scanners/azure/emulator/index.js';
import { startGcpEmulator } from '../../scanners/gcp/emulator/index.js';
import { startGithubEmulator } from '../../scanners/github/emulator/index.js';
import type { PrimaryRateLimitOptions } from '../../scanners/github/emulator/types.js';
import type { Estate } from './estate.js';

/** A token bucket: the shape of AWS IAM's, GCP's per-minute quotas and Graph's throttling. */
export interface TokenBucketLimit {
  requestsPerSecond: number;
  burst: number;
}

/** Per-provider rate limits the emulators enforce (none when absent; GitHub's default is 5,000/hour). */
export interface EmulatorRateLimits {
  aws?: TokenBucketLimit;
  gcp?: TokenBucketLimit;
  azure?: TokenBucketLimit;
  github?: PrimaryRateLimitOptions;
}

/** What one emulator has answered so far: every request, and how many of them were throttled. */
export interface EmulatorTraffic {
  requests: number;
  throttled: number;
}

export interface RunningEmulators {
  /** `sources[]` entries for nhiscan.yaml, pointing at the emulators. */
  sources: Record<string, unknown>[];
  /** Environment variables the sources' `env:` references expect (fake credentials only). */
  env: Record<string, string>;
  endpoints: Record<string, string>;
  /** Requests answered so far per provider (aws, github, gcp, azure), throttled ones included. */
  traffic(): Record<string, EmulatorTraffic>;
  close(): Promise<void>;
}

export async function startEmulators(
  estate: Estate,
  options: { port?: number; latencyMs?: number; rateLimits?: EmulatorRateLimits } = {},
): Promise<RunningEmulators> {
  const counters: Record<string, () => EmulatorTraffic> = {};
  const closers: (() => Promise<void>)[] = [];
  // With a fixed --port the first emulator takes it and each next one the port after.
  let nextPort = options.port ?? 0;
  const portFor = () => (nextPort === 0 ? 0 : nextPort++);
  const running: RunningEmulators = {
    sources: [],
    env: {},
    endpoints: {},
    traffic: () => Object.fromEntries(Object.entries(counters).map(([name, count]) => [name, count()])),
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
  if (estate.aws) {
    const aws = await startAwsEmulator({
      estate: estate.aws,
      port: portFor(),
      latencyMs: options.latencyMs ?? 0,
      ...(options.rateLimits?.aws ? { rateLimit: options.rateLimits.aws } : {}),
    });
    closers.push(() => aws.close());
    counters.aws = () => ({ requests: aws.requestLog.length, throttled: aws.throttledCount });
    running.endpoints.aws = aws.endpoint;
    running.env.NHISCAN_EMULATED_AWS_ACCESS_KEY_ID = estate.aws.callerAccessKey.accessKeyId;
    running.env.NHISCAN_EMULATED_AWS_SECRET_ACCESS_KEY = estate.aws.callerAccessKey.secretAccessKey;
    running.sources.push({
      type: 'aws',
      name: 'aws',
      accounts: estate.aws.accounts.map((account) => ({
        id: account.id,
        ...(account.scannerRoleName ? { roleName: account.scannerRoleName } : {}),
      })),
      endpoint: aws.endpoint,
      credentials: {
        accessKeyId: 'env:NHISCAN_EMULATED_AWS_ACCESS_KEY_ID',
        secretAccessKey: 'env:NHISCAN_EMULATED_AWS_SECRET_ACCESS_KEY',
      },
    });
  }
  if (estate.github) {
    const github = await startGithubEmulator({
      estate: estate.github,
      port: portFor(),
      latencyMs: options.latencyMs ?? 0,
      ...(options.rateLimits?.github ? { rateLimit: options.rateLimits.github } : {}),
    });
    closers.push(() => github.close());
    counters.github = () => ({ requests: github.requestLog.length, throttled: github.throttledCount });
    running.endpoints.github = github.endpoint;
    running.env.NHISCAN_EMULATED_GITHUB_TOKEN = estate.github.token;
    running.sources.push({
      type: 'github',
      name: 'github',
      orgs: estate.github.orgs.map((org) => org.login),
      baseUrl: github.endpoint,
      auth: { token: 'env:NHISCAN_EMULATED_GITHUB_TOKEN' },
    });
  }
  if (estate.gcp) {
    const gcp = await startGcpEmulator({
      estate: estate.gcp,
      port: portFor(),
      latencyMs: options.latencyMs ?? 0,
      ...(options.rateLimits?.gcp ? { rateLimit: options.rateLimits.gcp } : {}),
    });
    closers.push(() => gcp.close());
    counters.gcp = () => ({ requests: gcp.requestLog.length, throttled: gcp.throttledCount });
    running.endpoints.gcp = gcp.endpoint;
    running.env.NHISCAN_EMULATED_GCP_TOKEN = estate.gcp.token;
    running.sources.push({
      type: 'gcp',
      name: 'gcp',
      projects: estate.gcp.projects.map((project) => project.projectId),
      rootUrl: gcp.endpoint,
      credentials: { accessToken: 'env:NHISCAN_EMULATED_GCP_TOKEN' },
    });
  }
  if (estate.azure) {
    const azure = await startAzureEmulator({
      estate: estate.azure,
      graphPort: portFor(),
      tokenPort: portFor(),
      latencyMs: options.latencyMs ?? 0,
      ...(options.rateLimits?.azure ? { rateLimit: options.rateLimits.azure } : {}),
    });
    // Graph requests: the token endpoint is not rate limited (a token lasts the whole scan).
    counters.azure = () => ({
      requests: azure.requestLog.filter((entry) => entry.server === 'graph').length,
      throttled: azure.throttledCount,
    });
    // The token endpoint's certificate is made at start-up: the sources trust it through a CA file.
    const folder = mkdtempSync(join(tmpdir(), 'nhiscan-entra-'));
    const caFile = join(folder, 'authority-ca.pem');
    writeFileSync(caFile, azure.caCertificatePem);
    closers.push(async () => {
      await azure.close();
      rmSync(folder, { recursive: true, force: true });
    });
    running.endpoints.azure = azure.graphEndpoint;
    running.endpoints.entraAuthority = azure.authorityHost;
    for (const [index, tenant] of estate.azure.tenants.entries()) {
      const variable = `NHISCAN_EMULATED_ENTRA_SECRET_${index + 1}`;
      running.env[variable] = tenant.client.clientSecret;
      running.sources.push({
        type: 'azure',
        name: estate.azure.tenants.length === 1 ? 'entra' : `entra-${index + 1}`,
        tenantId: tenant.tenantId,
        credentials: { clientId: tenant.client.clientId, clientSecret: `env:${variable}` },
        graphUrl: azure.graphEndpoint,
        authorityHost: azure.authorityHost,
        authorityCaFile: caFile,
      });
    }
  }
  return running;
}
