/**
 * The peer benchmark's one AWS emulator: the AWS part of a generated estate, served with latency
 * and a per-account token bucket, and what each side needs to reach it. Counts are read from the
 * emulator's request log so a run can be split per account (the lower bound is the busiest
 * account's calls ÷ its rate).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsEstate } from '../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { generateEstate } from '../../src/emulate/generate/index.js';

export interface PeerSettings {
  people: number;
  credentials: number;
  seed: number;
  asOf: string;
  latencyMs: number;
  /** Per-account (and per-service) token bucket, as the AWS emulator applies it. */
  rate: number;
  burst: number;
}

/** Fake credentials of the estate's caller, for `env:` references and boto3's AWS_* variables. */
export const CALLER_ENV = {
  accessKeyId: 'NHISCAN_PEER_AWS_ACCESS_KEY_ID',
  secretAccessKey: 'NHISCAN_PEER_AWS_SECRET_ACCESS_KEY',
} as const;

export interface PeerEmulator {
  estate: AwsEstate;
  endpoint: string;
  accounts: { id: string; roleName?: string }[];
  users: number;
  accessKeys: number;
  /** Writes hr.csv (the generated roster) into `dir`: nhiscan ties keys to owners with it. */
  writeHr(dir: string): string;
  /** The caller's fake credentials under CALLER_ENV's names. */
  env: Record<string, string>;
  /** A mark to measure from: `since(mark)` is what was answered after it. */
  mark(): number;
  since(mark: number): TrafficSlice;
  close(): Promise<void>;
}

export interface TrafficSlice {
  requests: number;
  throttled: number;
  /** Answered (not throttled) IAM requests per account. */
  iamCallsByAccount: Map<string, number>;
  /** Answered requests per action (IAM and STS). */
  byAction: Map<string, number>;
}

export async function startPeerEmulator(settings: PeerSettings): Promise<PeerEmulator> {
  const generated = generateEstate({
    people: settings.people,
    credentials: settings.credentials,
    seed: settings.seed,
    asOf: settings.asOf,
  });
  const estate = generated.estate.aws;
  if (!estate) throw new Error('the generated estate has no aws part (raise CREDENTIALS)');
  const emulator: AwsEmulator = await startAwsEmulator({
    estate,
    latencyMs: settings.latencyMs,
    rateLimit: { requestsPerSecond: settings.rate, burst: settings.burst },
  });
  const users = estate.accounts.flatMap((account) => account.users);
  return {
    estate,
    endpoint: emulator.endpoint,
    accounts: estate.accounts.map((account) => ({
      id: account.id,
      ...(account.scannerRoleName ? { roleName: account.scannerRoleName } : {}),
    })),
    users: users.length,
    accessKeys: users.reduce((sum, user) => sum + (user.accessKeys?.length ?? 0), 0),
    writeHr(dir) {
      const path = join(dir, 'hr.csv');
      writeFileSync(path, generated.hrCsv());
      return path;
    },
    env: {
      [CALLER_ENV.accessKeyId]: estate.callerAccessKey.accessKeyId,
      [CALLER_ENV.secretAccessKey]: estate.callerAccessKey.secretAccessKey,
    },
    mark: () => emulator.requestLog.length,
    since(mark) {
      const slice: TrafficSlice = {
        requests: 0,
        throttled: 0,
        iamCallsByAccount: new Map(),
        byAction: new Map(),
      };
      for (const entry of emulator.requestLog.slice(mark)) {
        slice.requests += 1;
        if (entry.throttled) {
          slice.throttled += 1;
          continue;
        }
        slice.byAction.set(entry.action, (slice.byAction.get(entry.action) ?? 0) + 1);
        if (entry.service === 'iam')
          slice.iamCallsByAccount.set(
            entry.accountId,
            (slice.iamCallsByAccount.get(entry.accountId) ?? 0) + 1,
          );
      }
      return slice;
    },
    close: () => emulator.close(),
  };
}
