/**
 * `nhiscan emulate --estate F`: serve an estate's providers on 127.0.0.1 until interrupted, and
 * print a config whose sources point at them (plus the fake credentials to export).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { InputError } from '../../core/errors.js';
import { loadEstate } from '../../emulate/estate.js';
import { startEmulators } from '../../emulate/start-emulators.js';
import type { CliIo } from '../io.js';

interface EmulateFlags {
  estate: string;
  port?: string;
  latency?: string;
}

function nonNegativeInteger(value: string | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new InputError(`expected a whole number, got ${JSON.stringify(value)}`, { key });
  return Number(value);
}

export function registerEmulateCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('emulate')
    .description('Serve the providers of an estate file on 127.0.0.1 and print a ready config; Ctrl-C stops.')
    .requiredOption('--estate <file>', 'estate file (JSON), e.g. fixtures/demo/estate.json')
    .option('--port <n>', 'port for the first emulator (default: any free port)')
    .option('--latency <ms>', 'added latency per request, in milliseconds')
    .action(async (flags: EmulateFlags) => {
      const port = nonNegativeInteger(flags.port, '--port');
      const latencyMs = nonNegativeInteger(flags.latency, '--latency');
      const emulators = await startEmulators(loadEstate(resolve(io.cwd, flags.estate)), { port, latencyMs });
      io.stdout.write('# nhiscan.yaml sources for the emulated estate (add hr: and your other sources)\n');
      io.stdout.write(stringify({ sources: emulators.sources }));
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
