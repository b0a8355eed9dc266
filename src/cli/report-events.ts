/**
 * `nhiscan report` event and sink flags: --ocsf-class, --include-inventory, --include-actions;
 * --sink hec|webhook with --url, --token env:NAME, --dead-letter, --replay-dead-letter and the retry
 * knobs. Registers them and checks every one before anything is read or sent (exit 2 names the
 * flag): a value alone while commander parses it (`oneOf`, `wholeNumber`, `parseSinkUrl`), the flags
 * together in `eventSettings`. The token is read from the environment only and never printed.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RenderOptions, ReportFormat } from '../../reports/index.js';
import { InputError } from '../core/errors.js';
import { cleartextProblem } from '../core/transport.js';
import { readDeadLetters } from '../sinks/dead-letter.js';
import { DELIVERY_DEFAULTS } from '../sinks/deliver.js';
import {
  DEFAULT_DEAD_LETTER,
  DEFAULT_REQUEST_TIMEOUT_MS,
  SINKS,
  type SinkKind,
  type SinkSettings,
} from '../sinks/report-sink.js';
import type { CliIo } from './io.js';
import { oneOf, wholeNumber } from './options.js';

const OCSF_CLASSES = ['iam-analysis', 'detection'] as const;
const EVENT_FORMATS = ['ocsf', 'ecs'];

export interface EventFlags {
  ocsfClass?: (typeof OCSF_CLASSES)[number];
  includeInventory?: boolean;
  includeActions?: boolean;
  sink?: SinkKind;
  url?: URL;
  token?: string;
  hecIndex?: string;
  deadLetter?: string;
  replayDeadLetter?: string;
  batchSize?: number;
  retries?: number;
  retryDelay?: number;
  requestTimeout?: number;
}

export interface EventSettings {
  render: Pick<RenderOptions, 'ocsfClass' | 'includeInventory'>;
  includeActions: boolean;
  sink: SinkSettings | undefined;
}

export function addEventOptions(command: Command): Command {
  return command
    .option(
      '--ocsf-class <class>',
      `OCSF finding class: ${OCSF_CLASSES.join('|')} (default iam-analysis)`,
      oneOf('--ocsf-class', OCSF_CLASSES),
    )
    .option(
      '--include-inventory',
      'ocsf/ecs: add every credential (OCSF User Inventory Info 5003, ECS asset)',
    )
    .option(
      '--include-actions',
      'ocsf/ecs: add the revocations the queue carried out (OCSF Account Change 3001, ECS iam event)',
    )
    .option(
      '--sink <sink>',
      `send the events instead of printing them: ${SINKS.join('|')}`,
      oneOf('--sink', SINKS),
    )
    .option('--url <url>', 'sink URL (HEC: base URL or the /services/collector/event endpoint)', parseSinkUrl)
    .option('--token <ref>', 'sink token as env:NAME (HEC: required; webhook: sent as a Bearer token)')
    .option('--hec-index <index>', 'HEC: the Splunk index (default: the token’s default index)')
    .option('--dead-letter <file>', `where undelivered events go (default ./${DEFAULT_DEAD_LETTER})`)
    .option('--replay-dead-letter <file>', 're-send the events of a dead-letter file (no database needed)')
    .option(
      '--batch-size <n>',
      `events per request (default ${DELIVERY_DEFAULTS.batchSize})`,
      wholeNumber('--batch-size', 1),
    )
    .option(
      '--retries <n>',
      `retries per request after the first attempt (default ${DELIVERY_DEFAULTS.retries})`,
      wholeNumber('--retries'),
    )
    .option(
      '--retry-delay <ms>',
      `first backoff delay, doubling each retry (default ${DELIVERY_DEFAULTS.retryDelayMs})`,
      wholeNumber('--retry-delay'),
    )
    .option(
      '--request-timeout <ms>',
      `per-request timeout (default ${DEFAULT_REQUEST_TIMEOUT_MS})`,
      wholeNumber('--request-timeout', 1),
    )
    .addHelpText(
      'after',
      `
Event formats and sinks (docs/formats.md):
  nhiscan report --format ocsf --include-inventory --include-actions --out nhiscan.ocsf.ndjson
  nhiscan report --format ocsf --sink hec --url https://splunk.example.com:8088 --token env:HEC_TOKEN
  nhiscan report --format ocsf --sink hec --url https://splunk.example.com:8088 --token env:HEC_TOKEN \\
      --replay-dead-letter ${DEFAULT_DEAD_LETTER}
  nhiscan report --format ecs --sink webhook --url https://hooks.example.com/nhiscan --token env:HOOK_TOKEN

With --sink: exit 0 when every event was delivered; 3 when some were not (they are kept in the
dead-letter file: replay it when the receiver is back); 2 for a bad flag (nothing sent).
With --include-actions: exit 1 when the audit log does not verify (nothing reported).`,
    );
}

/** An http(s) URL without credentials in it. */
export function parseSinkUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `expected an http(s) URL such as https://splunk.example.com:8088, got ${JSON.stringify(value)}`,
      { key: '--url' },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`expected an http(s) URL, got the scheme ${JSON.stringify(url.protocol)}`, {
      key: '--url',
    });
  }
  if (url.username || url.password || url.searchParams.has('token')) {
    throw new InputError('credentials do not belong in the URL: pass the token as --token env:NAME', {
      key: '--url',
    });
  }
  return url;
}

/** The token an `env:NAME` reference names, from the environment. Never echoes an inline value. */
export function resolveTokenRef(ref: string, env: NodeJS.ProcessEnv): string {
  const match = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
  if (!match) {
    throw new InputError(
      'expected a reference to an environment variable such as env:HEC_TOKEN (tokens are never passed inline)',
      { key: '--token' },
    );
  }
  const value = env[match[1]!];
  if (!value)
    throw new InputError(`environment variable ${match[1]} is not set or empty`, { key: '--token' });
  return value;
}

const SINK_ONLY_FLAGS: readonly [keyof EventFlags, string][] = [
  ['url', '--url'],
  ['token', '--token'],
  ['hecIndex', '--hec-index'],
  ['deadLetter', '--dead-letter'],
  ['replayDeadLetter', '--replay-dead-letter'],
  ['batchSize', '--batch-size'],
  ['retries', '--retries'],
  ['retryDelay', '--retry-delay'],
  ['requestTimeout', '--request-timeout'],
];

/** Checks every event and sink flag (InputError naming the flag); resolves the token. */
export function eventSettings(
  flags: EventFlags & { out?: string },
  format: ReportFormat,
  io: CliIo,
): EventSettings {
  const eventFormat = EVENT_FORMATS.includes(format.id);
  if (flags.ocsfClass !== undefined && format.id !== 'ocsf') {
    throw new InputError('applies to --format ocsf only', { key: '--ocsf-class' });
  }
  for (const [flag, key] of [
    ['includeInventory', '--include-inventory'],
    ['includeActions', '--include-actions'],
  ] as const) {
    if (flags[flag] && !eventFormat) {
      throw new InputError(`applies to the event formats (${EVENT_FORMATS.join(', ')})`, { key });
    }
  }
  const render = {
    ...(flags.ocsfClass ? { ocsfClass: flags.ocsfClass } : {}),
    ...(flags.includeInventory ? { includeInventory: true } : {}),
  };
  const includeActions = flags.includeActions === true;

  if (flags.sink === undefined) {
    for (const [flag, key] of SINK_ONLY_FLAGS) {
      if (flags[flag] !== undefined) throw new InputError(`needs --sink ${SINKS.join('|')}`, { key });
    }
    return { render, includeActions, sink: undefined };
  }
  const kind = flags.sink;
  if (!format.events) {
    throw new InputError(`the ${kind} sink sends event formats: use --format ${EVENT_FORMATS.join(' or ')}`, {
      key: '--format',
    });
  }
  if (flags.out !== undefined)
    throw new InputError('choose one: --out writes a file, --sink sends', { key: '--out' });
  const url = flags.url;
  if (url === undefined) throw new InputError(`the ${kind} sink needs --url URL`, { key: '--url' });
  if (kind === 'hec' && flags.token === undefined) {
    throw new InputError('the hec sink needs --token env:NAME (the HEC token, read from the environment)', {
      key: '--token',
    });
  }
  const cleartext = flags.token === undefined ? undefined : cleartextProblem(url);
  if (cleartext) throw new InputError(cleartext, { key: '--url' });
  if (flags.hecIndex !== undefined && kind !== 'hec') {
    throw new InputError('applies to --sink hec only', { key: '--hec-index' });
  }
  const replay = flags.replayDeadLetter !== undefined;
  if (replay) {
    if (flags.deadLetter !== undefined) {
      throw new InputError('a replay keeps what fails again in the replayed file itself', {
        key: '--dead-letter',
      });
    }
    if (flags.includeInventory || flags.includeActions || flags.ocsfClass) {
      throw new InputError('a replay sends the dead-letter file’s events as they are', {
        key: flags.includeInventory
          ? '--include-inventory'
          : flags.includeActions
            ? '--include-actions'
            : '--ocsf-class',
      });
    }
  }
  const token = flags.token === undefined ? undefined : resolveTokenRef(flags.token, io.env);
  const deadLetterPath = resolve(io.cwd, flags.replayDeadLetter ?? flags.deadLetter ?? DEFAULT_DEAD_LETTER);
  if (replay && !existsSync(deadLetterPath)) {
    throw new InputError(`no dead-letter file ${deadLetterPath}: nothing to replay`, {
      key: '--replay-dead-letter',
    });
  }
  if (!replay && !existsSync(dirname(deadLetterPath))) {
    throw new InputError(`the folder ${dirname(deadLetterPath)} does not exist`, { key: '--dead-letter' });
  }
  readDeadLetters(deadLetterPath); // a malformed file is an input error before anything is read or sent
  return {
    render,
    includeActions,
    sink: {
      kind,
      url,
      token,
      tokenRef: flags.token,
      hecIndex: flags.hecIndex,
      deadLetterPath,
      replay,
      batchSize: flags.batchSize ?? DELIVERY_DEFAULTS.batchSize,
      retries: flags.retries ?? DELIVERY_DEFAULTS.retries,
      retryDelayMs: flags.retryDelay ?? DELIVERY_DEFAULTS.retryDelayMs,
      requestTimeoutMs: flags.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    },
  };
}
