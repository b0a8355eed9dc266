/**
 * `nhiscan emulate --estate F | --generate SPEC`: serve an estate's providers on 127.0.0.1 until
 * interrupted, and print a config whose sources point at them (plus the fake credentials to
 * export). With `--generate` the estate is made by the seeded generator (src/emulate/generate),
 * and its HR roster, estate file and ground truth are written to `--out` first.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { InputError } from '../../core/errors.js';
import { type Estate, loadEstate } from '../../emulate/estate.js';
import { generateEstate, parseGenerateSpec, writeGeneratedFiles } from '../../emulate/generate/index.js';
import { describeRateLimits, parseRateLimitSpec } from '../../emulate/rate-limit-spec.js';
import type { CliIo } from '../io.js';
import { wholeNumber } from '../options.js';

interface EmulateFlags {
  estate?: string;
  generate?: string;
  out?: string;
  port?: number;
  latency?: number;
  rateLimit?: string;
}

export const DEFAULT_GENERATE_OUT = 'nhiscan-generated';

const ONE_SOURCE = 'expected exactly one of --estate FILE or --generate people=N,credentials=N,seed=N';

/** The estate to serve, and the config lines that go with it (the HR file of a generated one). */
function estateToServe(flags: EmulateFlags, io: CliIo): { estate: Estate; config: Record<string, unknown> } {
  if (flags.estate !== undefined && flags.generate !== undefined)
    throw new InputError(`${ONE_SOURCE}, got both`, { key: '--generate' });
  if (flags.estate !== undefined) {
    if (flags.out !== undefined)
      throw new InputError('applies only with --generate (an --estate file is served as it is)', {
        key: '--out',
      });
    return { estate: loadEstate(resolve(io.cwd, flags.estate)), config: {} };
  }
  if (flags.generate === undefined) throw new InputError(ONE_SOURCE);
  let spec: ReturnType<typeof parseGenerateSpec>;
  try {
    spec = parseGenerateSpec(flags.generate);
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError(error.problem, { key: `--generate ${error.location.key ?? ''}`.trim() });
    throw error;
  }
  const generated = generateEstate(spec);
  const files = writeGeneratedFiles(generated, resolve(io.cwd, flags.out ?? DEFAULT_GENERATE_OUT));
  io.stdout.write(
    `# generated estate: people=${spec.people},credentials=${spec.credentials},seed=${spec.seed},asOf=${spec.asOf}\n`,
  );
  for (const [name, count] of Object.entries(generated.counts)) io.stdout.write(`#   ${name}: ${count}\n`);
  io.stdout.write(`# written: ${files.hr}, ${files.estate}, ${files.truth}\n`);
  io.stdout.write(`# the ground truth holds at ${spec.asOf}: scan with nhiscan scan --as-of ${spec.asOf}\n`);
  return { estate: generated.estate, config: { hr: { source: 'csv', path: files.hr } } };
}

export function registerEmulateCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('emulate')
    .description(
      'Serve the providers of an estate file, or of a generated estate, on 127.0.0.1 and print a ready config; Ctrl-C stops.',
    )
    .option('--estate <file>', 'estate file (JSON) to serve, e.g. fixtures/demo/estate.json')
    .option(
      '--generate <spec>',
      'generate an estate instead: people=N,credentials=N[,seed=N][,asOf=YYYY-MM-DD] (docs/estate-generator.md)',
    )
    .option(
      '--out <dir>',
      `with --generate: where hr.csv, estate.json and ground-truth.ndjson go (default ./${DEFAULT_GENERATE_OUT})`,
    )
    .option('--port <n>', 'port for the first emulator (default: any free port)', wholeNumber('--port'))
    .option('--latency <ms>', 'added latency per request, in milliseconds', wholeNumber('--latency'))
    .option(
      '--rate-limit <spec>',
      "providers' rate limits, comma-separated: none (default: no limits) | real (each provider at its documented limit) | <id> (that provider at real) | <id>.<key>=<number> (from real, one figure changed), e.g. real,gcp.readsPerMinute=600 (src/emulate/README.md lists the keys)",
      (spec: string) => {
        parseRateLimitSpec(spec);
        return spec;
      },
    )
    .action(async (flags: EmulateFlags) => {
      const rateLimits = parseRateLimitSpec(flags.rateLimit ?? 'none');
      const { estate, config } = estateToServe(flags, io);
      const emulators = await (await import('../../emulate/start-emulators.js')).startEmulators(estate, {
        port: flags.port,
        latencyMs: flags.latency,
        rateLimits,
      });
      const limited = describeRateLimits(rateLimits);
      io.stdout.write(limited.length === 0 ? '# rate limits: none\n' : '# rate limits:\n');
      for (const line of limited) io.stdout.write(`#   ${line}\n`);
      io.stdout.write(
        config.hr
          ? '# nhiscan.yaml for the generated estate (add your other sources)\n'
          : '# nhiscan.yaml sources for the emulated estate (add hr: and your other sources)\n',
      );
      io.stdout.write(stringify({ ...config, sources: emulators.sources }));
      io.stdout.write('# the emulated (fake) credentials the sources refer to:\n');
      for (const [name, value] of Object.entries(emulators.env))
        io.stdout.write(`#   export ${name}=${value}\n`);
      io.stderr.write(
        `emulating ${Object.keys(emulators.endpoints).join(', ')} until interrupted (Ctrl-C)\n`,
      );
      await new Promise<void>((resolveStop) => {
        if (io.signal.aborted) resolveStop();
        io.signal.addEventListener('abort', () => resolveStop(), { once: true });
      });
      await emulators.close();
      setExit(0);
    });
}
