/**
 * `nhiscan emulate --rate-limit`: the limits are printed as comment lines and enforced by the
 * emulators it starts; a bad spec is exit 2 before anything starts; `none` is the default.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { TOKEN, twoProjectEstate } from '../scanners/gcp/estate.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

/** Runs `emulate` until it serves, calls `whileServing` with its stdout, then interrupts it. */
async function emulateWhile(argv: string[], cwd: string, whileServing: (stdout: string) => Promise<void>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const controller = new AbortController();
  const io: CliIo = { stdout, stderr, env: {}, cwd, now: () => new Date(), signal: controller.signal };
  const running = runCli(argv, io);
  const deadline = Date.now() + 30_000;
  while (!err.includes('until interrupted') && !err.includes('error') && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    if (err.includes('until interrupted')) await whileServing(out);
  } finally {
    controller.abort();
  }
  return { exitCode: await running, stdout: out, stderr: err };
}

const listAccounts = (rootUrl: string) =>
  fetch(`${rootUrl}/v1/projects/acme-prod/serviceAccounts`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });

describe('nhiscan emulate --rate-limit', () => {
  const dir = temporaryDirectory();
  writeFileSync(join(dir.path, 'estate.json'), JSON.stringify({ gcp: twoProjectEstate() }));
  afterAll(() => dir.remove());

  it('prints the limits and the emulator enforces them (one IAM read at once, then 429)', async () => {
    const statuses: number[] = [];
    let quotaMessage = '';
    const run = await emulateWhile(
      ['emulate', '--estate', 'estate.json', '--rate-limit', 'gcp.readsPerMinute=1,gcp.burstSeconds=1'],
      dir.path,
      async (stdout) => {
        const { sources } = parse(stdout) as { sources: { rootUrl: string }[] };
        const rootUrl = sources[0]!.rootUrl;
        statuses.push((await listAccounts(rootUrl)).status);
        const refused = await listAccounts(rootUrl);
        statuses.push(refused.status);
        quotaMessage = ((await refused.json()) as { error: { message: string } }).error.message;
      },
    );
    expect(run.exitCode).toBe(0);
    expect(statuses).toEqual([200, 429]);
    expect(quotaMessage).toBe(
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'iam.googleapis.com' for consumer 'project_number:111111111111'.",
    );
    expect(run.stdout).toContain(
      '# rate limits:\n#   gcp: per minute, IAM 1 reads and 600 writes per project; Resource Manager 600 reads and 600 writes and Policy Analyzer 600 reads per quota project; up to 1 s of quota at once; 429 RESOURCE_EXHAUSTED\n',
    );
  });

  it('limits nothing by default', async () => {
    const statuses: number[] = [];
    const run = await emulateWhile(['emulate', '--estate', 'estate.json'], dir.path, async (stdout) => {
      const { sources } = parse(stdout) as { sources: { rootUrl: string }[] };
      for (let i = 0; i < 3; i++) statuses.push((await listAccounts(sources[0]!.rootUrl)).status);
    });
    expect(run.exitCode).toBe(0);
    expect(statuses).toEqual([200, 200, 200]);
    expect(run.stdout).toContain('# rate limits: none\n');
  });

  it.each([
    [
      'gcp.reads=1',
      'key --rate-limit: "gcp.reads=1": unknown key "reads" for gcp; expected one of readsPerMinute, writesPerMinute, resourceManagerReadsPerMinute, resourceManagerWritesPerMinute, policyAnalyzerReadsPerMinute, burstSeconds',
    ],
    ['none,gcp', 'key --rate-limit: "none" cannot be combined with other tokens, got "none,gcp"'],
    ['gcp.burstSeconds=x', 'key --rate-limit: "gcp.burstSeconds=x": expected a positive number, got "x"'],
  ])('refuses --rate-limit %j with exit 2 before serving', async (spec, message) => {
    const run = await cli(['emulate', '--estate', 'estate.json', '--rate-limit', spec], { cwd: dir.path });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`nhiscan: error: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('documents --rate-limit in --help', async () => {
    const run = await cli(['emulate', '--help'], { cwd: dir.path });
    expect(run.stdout).toContain('--rate-limit <spec>');
    expect(run.stdout).toContain('<id>.<key>=<number>');
  });
});
