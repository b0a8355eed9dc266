/**
 * Benchmark: scan one emulated AWS account with 2,000 users and 3,000 access keys, with 20 ms of
 * latency per request and a rate limit, through the official SDK. Prints API calls per access
 * key (target ≤ 1.2) and the wall time against the lower bound calls ÷ rate (target ≤ 1.3×).
 *
 * Run: npm run bench:aws   (USERS, KEYS, LATENCY_MS, RATE, CONCURRENCY, SSH=codecommit-users|all|none
 * to change it; its users are in a group with ReadOnlyAccess, which allows codecommit:GitPull, so
 * the default lists every user's SSH keys here, as `all` does)
 *
 * The rate limit is IAM's shape scaled down for a bench that runs in about a minute: IAM throttles
 * per account at a few tens of requests per second; here RATE (default 100/s, burst 20).
 */

import type { AwsEstate, AwsUserEstate } from '../scanners/aws/emulator/estate.js';
import { startAwsEmulator } from '../scanners/aws/emulator/index.js';
import { plugin } from '../scanners/aws/index.js';
import { awsOptionsSchema } from '../scanners/aws/options.js';

const USERS = Number(process.env.USERS ?? 2000);
const KEYS = Number(process.env.KEYS ?? 3000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const RATE = Number(process.env.RATE ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
/** sshPublicKeys: codecommit-users (the default), all or none; SSH=0 and SSH=1 as before. */
const SSH =
  ({ '0': 'none', '1': 'all' } as Record<string, string>)[process.env.SSH ?? ''] ??
  process.env.SSH ??
  'codecommit-users';
/** Client-side pace (requests/s): 95% of the emulated limit, as an operator would configure it. */
const PACE = Number(process.env.PACE ?? Math.floor(RATE * 0.95));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function estate(): AwsEstate {
  const users: AwsUserEstate[] = [];
  let keys = 0;
  for (let i = 0; i < USERS; i++) {
    const count = keys < KEYS ? (KEYS - keys > USERS - i ? 2 : 1) : 0;
    users.push({
      name: `svc-${String(i).padStart(5, '0')}`,
      userId: `AIDABENCH${String(i).padStart(11, '0')}`,
      createDate: '2024-01-01T00:00:00Z',
      tags: { owner: `person${i}@acme.example`, team: `team-${i % 20}` },
      groups: i % 50 === 0 ? ['admins'] : ['developers'],
      accessKeys: Array.from({ length: count }, (_, k) => ({
        id: `AKIABENCH${String(keys + k).padStart(11, '0')}`,
        status: 'Active' as const,
        createDate: `2025-0${1 + k}-0${1 + (i % 9)}T00:00:0${k}Z`,
        ...(i % 7 === 0
          ? {}
          : { lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' } }),
      })),
      ...(i % 40 === 0 ? { loginProfile: { createDate: '2024-02-01T00:00:00Z' } } : {}),
    });
    keys += count;
  }
  return {
    callerAccessKey: {
      accessKeyId: 'BENCHONLYCALLER00001',
      secretAccessKey: 'bench-only',
      accountId: '111111111111',
      userName: 'bench',
    },
    accounts: [
      {
        id: '111111111111',
        users,
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPABENCH00000000001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
          {
            name: 'developers',
            groupId: 'AGPABENCH00000000002',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          },
        ],
      },
    ],
  };
}

const served = estate();
const emulator = await startAwsEmulator({
  estate: served,
  latencyMs: LATENCY_MS,
  rateLimit: { requestsPerSecond: RATE, burst: 20 },
});
process.env.BENCH_AWS_KEY = served.callerAccessKey.accessKeyId;
process.env.BENCH_AWS_SECRET = served.callerAccessKey.secretAccessKey;
const options = awsOptionsSchema.parse({
  endpoint: emulator.endpoint,
  credentials: { accessKeyId: 'env:BENCH_AWS_KEY', secretAccessKey: 'env:BENCH_AWS_SECRET' },
  accounts: [{ id: '111111111111' }],
  concurrency: CONCURRENCY,
  sshPublicKeys: SSH,
  // PACE=0: unpaced (requestsPerSecond left unset; the option accepts only a positive rate).
  ...(PACE > 0 ? { requestsPerSecond: PACE } : {}),
});
const started = performance.now();
let credentials = 0;
let accessKeys = 0;
let partial = 0;
for await (const page of plugin
  .create(options, { name: 'aws' })
  .list({ signal: new AbortController().signal, asOf: new Date(), baseDir: '.' })) {
  credentials += page.credentials.length;
  accessKeys += page.credentials.filter((credential) => credential.kind === 'access-key').length;
  if (page.partial) partial++;
}
const wallMs = performance.now() - started;
await emulator.close();

const requests = emulator.requestLog.length;
const byAction = new Map<string, number>();
for (const entry of emulator.requestLog) byAction.set(entry.action, (byAction.get(entry.action) ?? 0) + 1);
const lowerBoundMs = (requests / RATE) * 1000;
console.log(
  `aws bench: ${USERS} users, ${KEYS} access keys, ${LATENCY_MS} ms latency, ${RATE} req/s (burst 20), concurrency ${CONCURRENCY}, pace ${PACE > 0 ? `${PACE}/s` : 'off'}, ssh listing ${SSH}`,
);
console.log(`credentials ${credentials} (access keys ${accessKeys}), partial pages ${partial}`);
console.log(
  `requests ${requests} (throttled ${emulator.throttledCount}, ${((emulator.throttledCount / requests) * 100).toFixed(1)}%)`,
);
console.log(
  `  ${[...byAction]
    .sort((a, b) => b[1] - a[1])
    .map(([action, count]) => `${action} ${count}`)
    .join(', ')}`,
);
console.log(`API calls per access key ${(requests / accessKeys).toFixed(2)} (target <= 1.2)`);
console.log(
  `wall ${(wallMs / 1000).toFixed(1)} s, lower bound ${(lowerBoundMs / 1000).toFixed(1)} s, ratio ${(wallMs / lowerBoundMs).toFixed(2)} (target <= 1.3)`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
