/**
 * The notices benchmark: generate a seeded estate, serve it through the emulators (no latency, no
 * rate limits), scan it once without notifying, then run the real `nhiscan notify` in a child
 * process three times against a local webhook receiver on 127.0.0.1:
 *  - a dry run (`--dry-run --json`): the digests it would send;
 *  - the real run: every digest posted to the receiver; wall time, digests per second, peak RSS;
 *  - a second real run with nothing new: no digest, no post.
 * It checks that each digest was posted exactly once, one digest per recipient, that the dry run
 * predicted the real run, and that the database and audit log hold what was sent. Exits 1 when a
 * check fails.
 *
 * Run: npm run bench:notify
 *   PEOPLE=10000 CREDENTIALS=20000 SEED=1 (the defaults), HOOK_LATENCY_MS=20 (the receiver's answer
 *   time), KEEP=1 keeps the working directory (config, HR file, database).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateEstate } from '../src/emulate/generate/index.js';
import { startEmulators } from '../src/emulate/start-emulators.js';
import type { NotifyResult } from '../src/notify/index.js';
import { openDatabase } from '../src/store/index.js';
import { count, line, type MeasuredRun, runMeasuredCli, seconds } from './support/measured-cli.js';

const PEOPLE = Number(process.env.PEOPLE ?? 10_000);
const CREDENTIALS = Number(process.env.CREDENTIALS ?? 20_000);
const SEED = Number(process.env.SEED ?? 1);
const HOOK_LATENCY_MS = Number(process.env.HOOK_LATENCY_MS ?? 20);
const AS_OF = '2026-11-26';

/** What the receiver saw of one POST. */
interface Post {
  digestId: number;
  recipient: string;
}

/** A webhook receiver: answers 200 after HOOK_LATENCY_MS, records each digest it was sent. */
async function startReceiver() {
  const posts: Post[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let malformed = 0;
  /** When the first request of a run arrived and the last answer went out (performance.now()). */
  let firstAt = 0;
  let lastAt = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (firstAt === 0) firstAt = performance.now();
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { nhiscan?: Partial<Post> };
        const { digestId, recipient } = body.nhiscan ?? {};
        if (request.method !== 'POST' || typeof digestId !== 'number' || typeof recipient !== 'string')
          malformed++;
        else posts.push({ digestId, recipient });
      } catch {
        malformed++;
      }
      setTimeout(() => {
        inFlight--;
        lastAt = performance.now();
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, HOOK_LATENCY_MS);
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    stats: () => ({ peakInFlight, malformed, postingMs: lastAt - firstAt }),
    /** Forgets what was received so far (between runs). */
    reset() {
      posts.length = 0;
      peakInFlight = 0;
      malformed = 0;
      firstAt = 0;
      lastAt = 0;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'nhiscan-notify-'));
const generateStarted = performance.now();
const generated = generateEstate({ people: PEOPLE, credentials: CREDENTIALS, seed: SEED, asOf: AS_OF });
writeFileSync(join(workDir, 'hr.csv'), generated.hrCsv());
console.log(
  `nhiscan notify bench: ${count(PEOPLE)} people, ${count(CREDENTIALS)} credentials, seed ${SEED}, as of ${AS_OF}, webhook answers in ${HOOK_LATENCY_MS} ms, node ${process.version}`,
);
line('estate generated in', seconds(performance.now() - generateStarted));

const emulators = await startEmulators(generated.estate, { latencyMs: 0 });
const receiver = await startReceiver();
const dbPath = join(workDir, 'nhiscan.db');
const configPath = join(workDir, 'nhiscan.yaml');
writeFileSync(
  configPath,
  stringify({
    db: dbPath,
    hr: { source: 'csv', path: 'hr.csv' },
    sources: emulators.sources,
    notifications: {
      securityContact: 'security@acme.example',
      retries: 0,
      channels: [{ type: 'webhook', name: 'hook', url: 'env:BENCH_HOOK_URL' }],
    },
  }),
);

type ChildRun = MeasuredRun;

/** Runs the real CLI with this bench's config in a child process: exit code, output, wall time, peaks. */
function runCli(label: string, args: string[]): Promise<ChildRun> {
  return runMeasuredCli([...args, '--config', configPath], {
    cwd: workDir,
    env: { ...process.env, ...emulators.env, BENCH_HOOK_URL: receiver.url },
    usageFile: join(workDir, `usage-${label}.json`),
  });
}

/** A notify run's JSON result; a run that printed none is an error, with the tail of its output. */
async function notifyOnce(label: string, args: string[]): Promise<{ run: ChildRun; result: NotifyResult }> {
  const run = await runCli(label, ['notify', '--json', ...args]);
  try {
    return { run, result: JSON.parse(run.stdout) as NotifyResult };
  } catch (error) {
    console.error(run.stderr.slice(-4000));
    throw new Error(`the ${label} notify exited ${run.code} without a JSON result`, { cause: error });
  }
}

function dbCounts() {
  const db = openDatabase(dbPath);
  try {
    const rows = (sql: string, ...params: string[]) => (db.prepare(sql).get(...params) as { n: number }).n;
    const audited = (action: string) => rows('SELECT count(*) AS n FROM audit_log WHERE action = ?', action);
    return {
      notices: rows('SELECT count(*) AS n FROM notices'),
      digests: rows('SELECT count(*) AS n FROM notice_digests'),
      deliveries: rows("SELECT count(*) AS n FROM notice_deliveries WHERE outcome = 'delivered'"),
      created: audited('notice.created'),
      delivered: audited('notice.delivered'),
      failed: audited('notice.delivery-failed'),
    };
  } finally {
    db.close();
  }
}

const recipientsOf = (result: NotifyResult) =>
  result.digests.map((digest) => digest.recipient.toLowerCase()).sort();
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);
const rss = (run: ChildRun) => `${(run.usage.maxRssKiB / 1024).toFixed(0)} MiB`;

const checks: { label: string; ok: boolean; detail: string }[] = [];
const check = (label: string, ok: boolean, detail: string) => checks.push({ label, ok, detail });

try {
  const scan = await runCli('scan', ['scan', '--no-notify', '--as-of', AS_OF, '--fail-on', 'none']);
  if (scan.code !== 0) {
    console.error(scan.stderr.slice(-4000));
    throw new Error(`the scan exited ${scan.code}`);
  }
  line('scan (--no-notify)', `${seconds(scan.wallMs)}, peak RSS ${rss(scan)}`);
  check('scan --no-notify sent nothing', receiver.posts.length === 0, `${receiver.posts.length} post(s)`);

  const dry = await notifyOnce('dry-run', ['--dry-run']);
  const dryRecipients = recipientsOf(dry.result);
  console.log('\nnotify --dry-run');
  line('digests', count(dry.result.digests.length));
  line('notices announced', count(dry.result.announced));
  line('distinct recipients', count(new Set(dryRecipients).size));
  line('wall', seconds(dry.run.wallMs));
  line('peak RSS', rss(dry.run));
  check('dry run exits 0', dry.run.code === 0, `exit ${dry.run.code}`);
  check('dry run posts nothing', receiver.posts.length === 0, `${receiver.posts.length} post(s)`);
  const afterDry = dbCounts();
  check(
    'dry run records nothing',
    afterDry.notices === 0 && afterDry.digests === 0 && afterDry.created === 0,
    `${afterDry.notices} notices, ${afterDry.digests} digests, ${afterDry.created} notice.created`,
  );

  receiver.reset();
  const real = await notifyOnce('notify', []);
  const posts = [...receiver.posts];
  const hook = receiver.stats();
  const digests = real.result.digests.length;
  const realRecipients = recipientsOf(real.result);
  const postedIds = posts.map((post) => post.digestId);
  const distinctPosted = new Set(postedIds);
  const delivered = real.result.deliveries.filter((delivery) => delivery.delivered).length;
  const roles = new Map<string, number>();
  for (const digest of real.result.digests) roles.set(digest.role, (roles.get(digest.role) ?? 0) + 1);
  console.log('\nnotify (real)');
  line('digests', `${count(digests)} (${[...roles].map(([role, n]) => `${role} ${count(n)}`).join(', ')})`);
  line('notices announced', count(real.result.announced));
  line('posts received', `${count(posts.length)} (at most ${hook.peakInFlight} in flight)`);
  line('deliveries reported', `${count(delivered)} delivered of ${count(real.result.deliveries.length)}`);
  line('wall', seconds(real.run.wallMs));
  line(
    'digests/s',
    `${(digests / (real.run.wallMs / 1000)).toFixed(1)} over the wall; ${(posts.length / (hook.postingMs / 1000)).toFixed(1)} over the ${seconds(hook.postingMs)} from first post to last answer`,
  );
  line('peak RSS', rss(real.run));
  check('notify exits 0', real.run.code === 0, `exit ${real.run.code}`);
  check('nothing undelivered', real.result.undelivered.length === 0, `${real.result.undelivered.length}`);
  check(
    'every digest posted exactly once',
    posts.length === digests &&
      distinctPosted.size === posts.length &&
      real.result.digests.every((digest) => distinctPosted.has(digest.id)) &&
      hook.malformed === 0,
    `${posts.length} posts, ${distinctPosted.size} distinct digest ids, ${digests} digests, ${hook.malformed} malformed`,
  );
  check(
    'one digest per recipient',
    new Set(realRecipients).size === digests &&
      new Set(posts.map((post) => post.recipient.toLowerCase())).size === digests,
    `${count(new Set(realRecipients).size)} distinct recipients, ${count(digests)} digests`,
  );
  check(
    'dry run predicted the digests and recipients',
    dry.result.digests.length === digests && sameList(dryRecipients, realRecipients),
    `${count(dry.result.digests.length)} vs ${count(digests)} digests, recipients ${sameList(dryRecipients, realRecipients) ? 'the same' : 'differ'}`,
  );
  check(
    'dry run predicted the notices announced',
    dry.result.announced === real.result.announced,
    `${count(dry.result.announced)} vs ${count(real.result.announced)}`,
  );

  receiver.reset();
  const again = await notifyOnce('again', []);
  console.log('\nnotify again (nothing new)');
  line('digests', count(again.result.digests.length));
  line('posts received', count(receiver.posts.length));
  line('wall', seconds(again.run.wallMs));
  line('peak RSS', rss(again.run));
  check('second notify exits 0', again.run.code === 0, `exit ${again.run.code}`);
  check(
    'second notify sends nothing',
    again.result.digests.length === 0 && again.result.announced === 0 && receiver.posts.length === 0,
    `${again.result.digests.length} digests, ${again.result.announced} announced, ${receiver.posts.length} posts`,
  );

  const stored = dbCounts();
  console.log('\ndatabase');
  line('notices rows', count(stored.notices));
  line('notice_digests rows', count(stored.digests));
  line('notice_deliveries delivered', count(stored.deliveries));
  line('audit notice.created', count(stored.created));
  line('audit notice.delivered', count(stored.delivered));
  line('audit notice.delivery-failed', count(stored.failed));
  check(
    'a notices row per notice announced',
    stored.notices === real.result.announced,
    `${count(stored.notices)} rows, ${count(real.result.announced)} announced`,
  );
  check(
    'a digest row and a notice.created per digest',
    stored.digests === digests && stored.created === digests,
    `${count(stored.digests)} rows, ${count(stored.created)} records, ${count(digests)} digests`,
  );
  check(
    'a notice.delivered per post',
    stored.delivered === posts.length && stored.deliveries === posts.length && stored.failed === 0,
    `${count(stored.delivered)} records, ${count(stored.deliveries)} delivery rows, ${count(posts.length)} posts, ${stored.failed} failed`,
  );

  console.log('\nchecks');
  for (const { label, ok, detail } of checks)
    console.log(`  ${ok ? 'ok    ' : 'FAILED'} ${label}: ${detail}`);
  if (checks.some((entry) => !entry.ok)) process.exitCode = 1;
} finally {
  await Promise.all([emulators.close(), receiver.close()]);
  if (process.env.KEEP === '1') console.log(`\nworking directory kept: ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
