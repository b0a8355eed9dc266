/**
 * The AWS emulator as an emulated provider (src/emulate/emulated-provider.ts): how `nhiscan demo`,
 * `nhiscan emulate` and the benchmarks start it and point an `aws` source at it, and the AWS part
 * of a generated estate.
 */
import type { EmulatedProvider, TokenBucketLimit } from '../../../src/emulate/emulated-provider.js';
import type { AwsEstate } from './estate.js';
import { AWS_SHARE, buildAwsEstate } from './generate/index.js';

export const emulatedProvider: EmulatedProvider<'aws', AwsEstate, TokenBucketLimit> = {
  id: 'aws',
  async start(estate, options) {
    // The servers load only when started: generating an estate (or listing the commands) needs none.
    const { startAwsEmulator } = await import('./server.js');
    const aws = await startAwsEmulator({
      estate,
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    return {
      sources: [
        {
          type: 'aws',
          name: 'aws',
          accounts: estate.accounts.map((account) => ({
            id: account.id,
            ...(account.scannerRoleName ? { roleName: account.scannerRoleName } : {}),
          })),
          endpoint: aws.endpoint,
          credentials: {
            accessKeyId: 'env:NHISCAN_EMULATED_AWS_ACCESS_KEY_ID',
            secretAccessKey: 'env:NHISCAN_EMULATED_AWS_SECRET_ACCESS_KEY',
          },
        },
      ],
      env: {
        NHISCAN_EMULATED_AWS_ACCESS_KEY_ID: estate.callerAccessKey.accessKeyId,
        NHISCAN_EMULATED_AWS_SECRET_ACCESS_KEY: estate.callerAccessKey.secretAccessKey,
      },
      endpoints: { aws: aws.endpoint },
      traffic: () => ({
        requests: aws.requestLog.length,
        throttled: aws.throttledCount,
        byScope: aws.usage(),
      }),
      close: () => aws.close(),
    };
  },
  generator: {
    share: AWS_SHARE,
    build: buildAwsEstate,
    accounts: (estate) => estate.accounts.length,
  },
  rateLimits: {
    // AWS publishes no rate for IAM's read calls: see the README's "Rate limits".
    real: { requestsPerSecond: 20, burst: 20 },
    keys: {
      requestsPerSecond: {
        describe: 'requests per second per account and service (IAM, STS, Organizations)',
        apply: (limit, value) => ({ ...limit, requestsPerSecond: value }),
      },
      burst: {
        describe: 'token-bucket size per account and service',
        apply: (limit, value) => ({ ...limit, burst: Math.max(1, Math.round(value)) }),
      },
    },
    describe: (limit) =>
      `token bucket ${limit.requestsPerSecond}/s, burst ${limit.burst}, per account and service (IAM publishes no figure)`,
  },
};
