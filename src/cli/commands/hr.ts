/**
 * `nhiscan hr`: lifecycle events and HR snapshots. `event` stores NDJSON events (a file or stdin),
 * `serve` receives them as signed webhooks (and can scan on a termination), `diff` shows what the
 * last HR import changed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { listAuditRecords } from '../../audit/list.js';
import { InputError } from '../../core/errors.js';
import { scanOnTermination } from '../../hr/events/on-terminate.js';
import { parseHrEvents } from '../../hr/events/parse.js';
import { auditEvents, hrWebhookServer } from '../../hr/events/webhook.js';
import { recordHrEvents } from '../../store/hr-events.js';
import { openDatabase } from '../../store/index.js';
import { commandConfig, existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

interface DbFlags {
  config?: string;
  db?: string;
}

async function readInput(io: CliIo, file: string): Promise<{ text: string; name: string }> {
  if (file !== '-') {
    const path = resolve(io.cwd, file);
    try {
      return { text: readFileSync(path, 'utf8'), name: path };
    } catch (error) {
      throw new InputError(`cannot read the events file (${(error as NodeJS.ErrnoException).code})`, {
        file: path,
      });
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { text: Buffer.concat(chunks).toString('utf8'), name: 'stdin' };
}

export function registerHrCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const hr = program
    .command('hr')
    .description('HR lifecycle events (joiner, mover, leaver) and HR snapshot changes.');

  hr.command('event <file>')
    .description(
      'Store NDJSON HR events from FILE (or - for stdin); every line is checked before any is stored.',
    )
    .option('--config <file>', 'config file (default: ./nhiscan.yaml)')
    .option('--db <file>', 'database file (overrides the config key db)')
    .addHelpText(
      'after',
      `
One JSON object per line: {"id", "type": hire|transfer|terminate|rehire|contract-extend, "employeeId",
"effectiveDate": "YYYY-MM-DD", …}. Events apply at the next scan, on top of the HR export, in
effective-date order; the same id again is a duplicate and changes nothing. See docs/hr-format.md.`,
    )
    .action(async (file: string, flags: DbFlags) => {
      const input = await readInput(io, file);
      const events = parseHrEvents(input.text, input.name);
      const db = await existingDatabase(io, flags);
      try {
        const time = io.now().toISOString();
        const origin = `file:${input.name}`;
        const recorded = db.transaction(() => {
          const result = recordHrEvents(db, events, origin, time);
          if (result.stored.length > 0) auditEvents(db, result.stored, origin, time);
          return result;
        })();
        io.stdout.write(
          `stored ${recorded.stored.length} HR event(s), ${recorded.duplicates.length} duplicate(s) ignored; they apply at the next scan\n`,
        );
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });

  hr.command('diff')
    .description('Show what the latest HR import changed: new leavers, removed people, changed emails.')
    .option('--config <file>', 'config file (default: ./nhiscan.yaml)')
    .option('--db <file>', 'database file (overrides the config key db)')
    .option('--json', 'print the change as JSON')
    .action(async (flags: DbFlags & { json?: boolean }) => {
      const db = await existingDatabase(io, flags);
      try {
        const last = listAuditRecords(db, { limit: 0 })
          .filter((record) => record.action === 'hr.snapshot')
          .at(-1);
        if (!last) {
          io.stdout.write('no HR import recorded yet: run `nhiscan scan`\n');
        } else if (flags.json) {
          io.stdout.write(`${JSON.stringify(last.payload, null, 2)}\n`);
        } else {
          const payload = last.payload as {
            diff?: Record<string, unknown>;
            source?: string;
            people?: number;
          };
          io.stdout.write(`${last.time} ${payload.source} (${payload.people} people): ${last.reason}\n`);
          for (const [key, value] of Object.entries(payload.diff ?? {}))
            if (Array.isArray(value) && value.length > 0)
              io.stdout.write(
                `  ${key}: ${value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(', ')}\n`,
              );
        }
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });

  hr.command('serve')
    .description(
      'Receive HR events as HMAC-signed webhooks (POST /events); refuses bad signatures and replays.',
    )
    .option('--config <file>', 'config file (default: ./nhiscan.yaml)')
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--secret-env <name>',
      'environment variable holding the shared secret',
      'NHISCAN_HR_WEBHOOK_SECRET',
    )
    .option('--on-terminate <action>', 'scan: start a scan when a termination takes effect; none', 'none')
    .action(
      async (flags: DbFlags & { port: string; host: string; secretEnv: string; onTerminate: string }) => {
        if (!/^\d+$/.test(flags.port))
          throw new InputError(`expected a port number, got ${JSON.stringify(flags.port)}`, {
            key: '--port',
          });
        if (!['scan', 'none'].includes(flags.onTerminate))
          throw new InputError(`expected scan or none, got ${JSON.stringify(flags.onTerminate)}`, {
            key: '--on-terminate',
          });
        const secret = io.env[flags.secretEnv];
        if (!secret || secret.length < 16)
          throw new InputError(
            `environment variable ${flags.secretEnv} must hold the shared secret (16 characters or more)`,
            {
              key: '--secret-env',
            },
          );
        const config = await commandConfig(io, flags);
        const db = openDatabase(config.dbPath);
        const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
        const server = hrWebhookServer({
          db,
          secret,
          now: io.now,
          log,
          ...(flags.onTerminate === 'scan' ? { onStored: scanOnTermination(config, io.now, log) } : {}),
        });
        await new Promise<void>((resolveListen, reject) => {
          server.once('error', reject);
          server.listen(Number(flags.port), flags.host, () => resolveListen());
        });
        log(`listening on http://${flags.host}:${flags.port}/events (on terminate: ${flags.onTerminate})`);
        await new Promise<void>((resolveStop) =>
          io.signal.addEventListener('abort', () => resolveStop(), { once: true }),
        );
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        db.close();
        setExit(EXIT.clean);
      },
    );
}
