/**
 * `nhiscan hr`: lifecycle events and HR snapshots. `import` records an HR file as a snapshot (and
 * its diff), `event` stores NDJSON events (a file or stdin), `serve` receives them as signed
 * webhooks (and can scan on a termination), `diff` shows what the last HR import changed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { listAuditRecords } from '../../audit/list.js';
import { loadConfig } from '../../config/load.js';
import { DEFAULT_HR_CHANGE_GUARD_PERCENT } from '../../config/schema.js';
import { decodeUtf8 } from '../../core/csv.js';
import { InputError } from '../../core/errors.js';
import { listedPeople } from '../../hr/departed.js';
import { parseHrEvents } from '../../hr/events/parse.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS } from '../../hr/events/signature.js';
import { auditEvents, hrWebhookServer } from '../../hr/events/webhook.js';
import { parseHrFile } from '../../hr/index.js';
import type { SnapshotDiff } from '../../hr/snapshot-diff.js';
import { DEFAULT_HR_CHANGE_MIN_PEOPLE } from '../../queue/guards.js';
import { recordSnapshotDiff, withHrEvents } from '../../scan/hr-roster.js';
import { scanOnTermination } from '../../scan/on-terminate.js';
import { recordHrEvents } from '../../store/hr-events.js';
import { latestPeopleSnapshot, openDatabase, recordPeopleSnapshot } from '../../store/index.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfig, databasePath, existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, writeLine } from '../io.js';
import { parseAsOf } from '../options.js';

/** The events file (or stdin), decoded strictly: bytes that are not UTF-8 are refused by line. */
async function readInput(io: CliIo, file: string): Promise<{ text: string; name: string }> {
  if (file !== '-') {
    const path = resolve(io.cwd, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new InputError(`cannot read the events file (${(error as NodeJS.ErrnoException).code})`, {
        file: path,
      });
    }
    return { text: decodeUtf8(bytes, path), name: path };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { text: decodeUtf8(Buffer.concat(chunks), 'stdin'), name: 'stdin' };
}

/** An HTTP header name as it is usually written: x-nhiscan-signature → X-Nhiscan-Signature. */
const headerName = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/** The lines of a snapshot diff under its summary: one per kind of change, one per changed email. */
function diffLines(diff: Partial<SnapshotDiff> | undefined): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(diff ?? {})) {
    if (!Array.isArray(value) || value.length === 0) continue;
    if (key === 'emailChanged') {
      for (const change of value as SnapshotDiff['emailChanged'])
        lines.push(`  ${change.employeeId} email ${change.from} → ${change.to}`);
    } else {
      lines.push(
        `  ${key}: ${value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(', ')}`,
      );
    }
  }
  return lines;
}

function warnUnapplied(
  io: CliIo,
  unapplied: readonly { id: string; type: string; employeeId: string }[],
): void {
  for (const event of unapplied)
    writeLine(
      io.stderr,
      `warning: HR event ${event.id} (${event.type} ${event.employeeId}) names no employee in the HR data or a hire event; it was not applied`,
    );
}

export function registerHrCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const hr = program
    .command('hr')
    .description('HR lifecycle events (joiner, mover, leaver) and HR snapshot changes.');

  addDatabaseOptions(
    hr
      .command('import <file>')
      .description(
        'Record the HR file FILE (.csv or .json) as a new HR snapshot and audit what changed since the last one.',
      ),
  )
    .option(
      '--as-of <iso>',
      'date the HR events and leavers are judged at, e.g. 2026-11-26 (default: now)',
      parseAsOf,
    )
    .option('--json', 'print the recorded snapshot and its change as JSON')
    .addHelpText(
      'after',
      `
The file is read and checked as a scan reads hr.path (docs/hr-format.md): any error rejects it
whole, naming the file and line, and nothing is stored (exit 2). The stored HR events in effect at
--as-of are applied, as a scan would, and the change since the previous snapshot (new leavers,
removed people, added, rehired, changed emails) is an hr.snapshot audit record: see \`nhiscan hr diff\`.

Importing only records a snapshot: it raises, approves, cancels and revokes nothing, whatever the
file says. Requests change only at the next scan, and \`queue execute --apply\` compares that scan's
HR with the HR of the scan before it (revocation.hrChangeGuardPercent), never with an imported
snapshot: importing a truncated file cannot make a truncated export look like no change.`,
    )
    .action(async (file: string, flags: DatabaseFlags & { asOf?: Date; json?: boolean }) => {
      const asOf = flags.asOf ?? io.now();
      const path = resolve(io.cwd, file);
      // Everything the user gave is checked before the database is opened.
      const exported = parseHrFile(path);
      const dbPath = await databasePath(io, flags);
      let fileModifiedAt: string | null = null;
      try {
        fileModifiedAt = statSync(path).mtime.toISOString();
      } catch {
        fileModifiedAt = null;
      }
      const settings = await importSettings(io, flags);
      const db = openDatabase(dbPath);
      try {
        const time = io.now().toISOString();
        const imported = db.transaction(() => {
          const hr = withHrEvents(db, { ...exported, fileModifiedAt }, asOf, {
            missingMeans: settings.missingMeans,
          });
          const previous = latestPeopleSnapshot(db);
          const snapshotId = recordPeopleSnapshot(db, hr, time);
          const recorded = previous?.id !== snapshotId;
          if (recorded) recordSnapshotDiff(db, previous, snapshotId, hr, asOf, time, 'hr-import');
          return { hr, snapshotId, recorded };
        })();
        const { hr, snapshotId, recorded } = imported;
        warnUnapplied(io, hr.unapplied);
        const record = recorded
          ? listAuditRecords(db, { limit: 0, targets: [`hr-snapshot:${snapshotId}`] }).find(
              (entry) => entry.action === 'hr.snapshot',
            )
          : undefined;
        const diff = (record?.payload as { diff?: SnapshotDiff } | undefined)?.diff;
        if (diff) warnLargeChange(io, diff, listedPeople(hr.people).length, settings);
        const extra = {
          ...(hr.carried.length > 0 ? { carriedByHrEvents: hr.carried } : {}),
          ...(hr.departed.length > 0 ? { departedPeople: hr.departed } : {}),
          ...(hr.unapplied.length > 0 ? { unappliedHrEvents: hr.unapplied } : {}),
        };
        if (flags.json) {
          const result = record
            ? { recorded: true, ...(record.payload as Record<string, unknown>), ...extra }
            : {
                recorded: false,
                snapshotId,
                source: hr.source,
                sha256: hr.sha256,
                people: hr.people.length,
                ...extra,
              };
          io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else {
          writeLine(
            io.stdout,
            record
              ? `HR snapshot ${snapshotId} recorded from ${hr.source} (${hr.people.length} people): ${record.reason}`
              : `HR snapshot ${snapshotId} unchanged: ${hr.source} (${hr.people.length} people) is the same as the latest snapshot; nothing recorded`,
          );
          const payload = record?.payload as { diff?: Partial<SnapshotDiff> } | undefined;
          for (const line of diffLines(payload?.diff)) writeLine(io.stdout, line);
          if (hr.carried.length > 0)
            writeLine(io.stdout, `  kept as leavers by terminate events: ${hr.carried.join(', ')}`);
          if (hr.departed.length > 0)
            writeLine(
              io.stdout,
              `  kept as departed leavers (no longer in the export; hr.missingMeans: departed): ${sampleIds(hr.departed)}`,
            );
          writeLine(
            io.stdout,
            'nothing was raised, cancelled or revoked: the next scan acts on HR, behind the queue guards',
          );
        }
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });

  addDatabaseOptions(
    hr
      .command('event <file>')
      .description(
        'Store NDJSON HR events from FILE (or - for stdin); every line is checked before any is stored.',
      ),
  )
    .addHelpText(
      'after',
      `
One JSON object per line: {"id", "type": hire|transfer|terminate|rehire|contract-extend, "employeeId",
"effectiveDate": "YYYY-MM-DD", …}. Events apply at the next scan, on top of the HR export, in
effective-date order; the same id again is a duplicate and changes nothing. See docs/hr-format.md.`,
    )
    .action(async (file: string, flags: DatabaseFlags) => {
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

  addDatabaseOptions(
    hr
      .command('diff')
      .description('Show what the latest HR import changed: new leavers, removed people, changed emails.'),
  )
    .option('--json', 'print the change as JSON')
    .action(async (flags: DatabaseFlags & { json?: boolean }) => {
      const db = await existingDatabase(io, flags);
      try {
        const last = listAuditRecords(db, { limit: 0 })
          .filter((record) => record.action === 'hr.snapshot')
          .at(-1);
        if (!last) {
          io.stdout.write('no HR import recorded yet: run `nhiscan scan` or `nhiscan hr import FILE`\n');
        } else if (flags.json) {
          io.stdout.write(`${JSON.stringify(last.payload, null, 2)}\n`);
        } else {
          const payload = last.payload as {
            diff?: Partial<SnapshotDiff>;
            source?: string;
            people?: number;
          };
          io.stdout.write(`${last.time} ${payload.source} (${payload.people} people): ${last.reason}\n`);
          for (const line of diffLines(payload.diff)) writeLine(io.stdout, line);
        }
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });

  addDatabaseOptions(
    hr
      .command('serve')
      .description(
        'Receive HR events as HMAC-signed webhooks (POST /events); refuses bad signatures and replays.',
      ),
  )
    .option('--port <n>', 'port to listen on', parsePort, '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--secret-env <name>',
      'environment variable holding the shared secret',
      'NHISCAN_HR_WEBHOOK_SECRET',
    )
    .option(
      '--on-terminate <action>',
      'scan: when a termination takes effect, scan what that person can hold (their sources, their own accounts); none',
      parseOnTerminate,
      'none',
    )
    .addHelpText(
      'after',
      `
Each delivery is POST /events with an NDJSON body (the events of \`nhiscan hr event\`, at most 1 MiB)
and two headers:
  ${headerName(TIMESTAMP_HEADER)}: the time of sending in unix seconds; refused when more than
      ${TOLERANCE_SECONDS} s from this server's clock
  ${headerName(SIGNATURE_HEADER)}: sha256=HEX, the lowercase hex HMAC-SHA256 of "TIMESTAMP.BODY" (the
      timestamp header's value, a dot, the raw body) keyed with the shared secret
Answers: 202 {stored, duplicates}; 401 a missing or wrong signature or timestamp, or one outside
the window; 409 the same signature again (a replay) or an event id reused with other content; 400 a
malformed event (nothing of the batch is stored); 413 a body over 1 MiB. See docs/hr-format.md.`,
    )
    .action(
      async (
        flags: DatabaseFlags & {
          port: string;
          host: string;
          secretEnv: string;
          onTerminate: 'scan' | 'none';
        },
      ) => {
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

/** --port: digits (the default, 8787, is given as text too). */
function parsePort(value: string): string {
  if (!/^\d+$/.test(value))
    throw new InputError(`expected a port number, got ${JSON.stringify(value)}`, { key: '--port' });
  return value;
}

function parseOnTerminate(value: string): 'scan' | 'none' {
  if (value !== 'scan' && value !== 'none')
    throw new InputError(`expected scan or none, got ${JSON.stringify(value)}`, { key: '--on-terminate' });
  return value;
}

/** At most ten ids, then how many more. */
function sampleIds(ids: readonly string[]): string {
  return ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`;
}

/** What an import takes from the config in use (its defaults when there is no config). */
async function importSettings(io: CliIo, flags: DatabaseFlags) {
  const file = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
  if (!flags.config && !existsSync(file))
    return {
      percent: DEFAULT_HR_CHANGE_GUARD_PERCENT,
      minPeople: DEFAULT_HR_CHANGE_MIN_PEOPLE,
      missingMeans: 'departed' as const,
    };
  const config = await loadConfig(file);
  return {
    percent: config.revocation.hrChangeGuardPercent,
    minPeople: config.revocation.hrChangeGuardMinPeople,
    missingMeans: config.hr.missingMeans,
  };
}

/**
 * Importing records a truncated file like any other: it revokes nothing, and after a scan with it
 * the queue is frozen and queue execute --apply refuses. Say so at once, so nobody scans with it.
 * `people` counts the people the file lists (departed people carried forward are not in it).
 */
function warnLargeChange(
  io: CliIo,
  diff: SnapshotDiff,
  people: number,
  limits: { percent: number; minPeople: number },
): void {
  const before = people - diff.added.length + diff.removed.length;
  if (before === 0) return;
  const changed = diff.removed.length + diff.newLeavers.length;
  const percent = (changed / before) * 100;
  if (percent <= limits.percent || changed < limits.minPeople) return;
  writeLine(
    io.stderr,
    `nhiscan: warning: this file changes ${percent.toFixed(1)}% of the ${before} people HR had (${diff.removed.length} removed, ${diff.newLeavers.length} new leaver(s)), more than revocation.hrChangeGuardPercent ${limits.percent}%. If it is a truncated export, do not scan with it: after such a scan, queue execute --apply refuses until someone acknowledges the change (--accept-hr-change).`,
  );
}
