/**
 * The boto3 side of the peer benchmark: bench/peer/iam_loop.py run by python3 against the peer
 * emulator, with AWS_* set to the emulator's fake caller credentials and no AWS config or profile
 * files, so nothing leaves 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALLER_ENV, type PeerEmulator } from './emulator.js';
import type { KeyFindings } from './findings.js';

const SCRIPT = join(import.meta.dirname, 'iam_loop.py');
export const INSTALL_HINT = 'python3-boto3 not installed (apt-get install -y python3-boto3)';

/** The script's closing line: what it counted and how long its loop took. */
export interface LoopSummary {
  threads: number;
  accounts: number;
  users: number;
  accessKeys: number;
  calls: number;
  attempts: number;
  retries: number;
  wallSeconds: number;
  retryMode: string;
  maxAttempts: number;
  boto3: string;
  botocore: string;
  python: string;
}

export interface LoopRun {
  /** The child process's wall time, interpreter start included (as nhiscan's CLI start is). */
  wallMs: number;
  summary: LoopSummary;
  keys: KeyFindings;
}

/**
 * The first interpreter that imports boto3, with its boto3 version: PYTHON when set, else python3
 * on PATH, then Debian's /usr/bin/python3 (python3-boto3). Undefined when none does.
 */
export function findBoto3(): { python: string; version: string } | undefined {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return undefined;
}

function loopEnv(emulator: PeerEmulator): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.PYENV_VERSION ? { PYENV_VERSION: process.env.PYENV_VERSION } : {}),
    AWS_ACCESS_KEY_ID: emulator.env[CALLER_ENV.accessKeyId],
    AWS_SECRET_ACCESS_KEY: emulator.env[CALLER_ENV.secretAccessKey],
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function readOutput(path: string): { summary: LoopSummary; keys: KeyFindings } {
  const keys: KeyFindings = new Map();
  let summary: LoopSummary | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as {
      summary?: LoopSummary;
      accessKeyId?: string;
      lastUsedDate?: string | null;
    };
    if (record.summary) summary = record.summary;
    else if (record.accessKeyId) keys.set(record.accessKeyId, record.lastUsedDate ?? null);
  }
  if (!summary) throw new Error(`${path}: no summary line (the loop did not finish)`);
  return { summary, keys };
}

export async function runBoto3Loop(
  emulator: PeerEmulator,
  options: { python: string; threads: number; dir: string; retry: { mode: string; maxAttempts: number } },
): Promise<LoopRun> {
  const out = join(options.dir, `iam-loop-${options.threads}.jsonl`);
  const args = [
    SCRIPT,
    '--endpoint',
    emulator.endpoint,
    '--threads',
    String(options.threads),
    '--out',
    out,
    '--retry-mode',
    options.retry.mode,
    '--max-attempts',
    String(options.retry.maxAttempts),
  ];
  for (const account of emulator.accounts)
    args.push('--account', account.roleName ? `${account.id}:${account.roleName}` : account.id);
  const stderr: Buffer[] = [];
  const started = performance.now();
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(options.python, args, {
      env: loopEnv(emulator),
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', resolveExit);
  });
  const wallMs = performance.now() - started;
  if (code !== 0) {
    console.error(Buffer.concat(stderr).toString('utf8').slice(-4000));
    throw new Error(`iam_loop.py --threads ${options.threads} exited ${code}`);
  }
  return { wallMs, ...readOutput(out) };
}
