/**
 * `db: postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=FILE` as node-postgres's
 * connection settings. The URL never holds the password: it comes from the config's
 * `dbPassword: env:NAME`, read when connecting, else node-postgres reads PGPASSWORD or ~/.pgpass,
 * as libpq does. Off the loopback interface the connection
 * is TLS with the server's certificate and name verified (sslmode=verify-full), or refused.
 */
import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import { InputError } from '../../core/errors.js';
import { readSecretReference } from '../../core/secret-reference.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const PARAMETERS = new Set(['sslmode', 'sslrootcert', 'host']);

/** The `env:NAME` reference each URL's password is read from (config's dbPassword): never the secret. */
const passwordReferences = new Map<string, string>();

/** Notes that `url`'s password is read from `reference` (env:NAME) when connecting. */
export function passwordFor(url: string, reference: string): void {
  passwordReferences.set(url, reference);
}

export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** Where the URL points, for messages: never the password (the URL may not hold one anyway). */
export function describeTarget(config: ClientConfig): string {
  return `PostgreSQL ${config.user ?? ''}@${config.host}:${config.port}/${config.database}`;
}

export function postgresConfig(target: string, key = 'db'): ClientConfig {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new InputError('expected postgres://USER@HOST:PORT/DATABASE', { key });
  }
  if (url.password)
    throw new InputError(
      'the URL holds a password: give it through the environment (PGPASSWORD) or ~/.pgpass instead',
      { key },
    );
  for (const name of url.searchParams.keys())
    if (!PARAMETERS.has(name))
      throw new InputError(`unknown connection parameter ${name} (expected sslmode, sslrootcert or host)`, {
        key,
      });
  const socketFolder = url.searchParams.get('host');
  if (socketFolder !== null && !socketFolder.startsWith('/'))
    throw new InputError('host= names a Unix socket folder (an absolute path)', { key });
  const host = socketFolder ?? decodeURIComponent(url.hostname);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!host || !database) throw new InputError('expected postgres://USER@HOST:PORT/DATABASE', { key });
  const local = socketFolder !== null || LOOPBACK.has(host);
  const sslmode = url.searchParams.get('sslmode') ?? (local ? 'disable' : undefined);
  if (sslmode !== 'verify-full' && !(local && sslmode === 'disable'))
    throw new InputError(
      local
        ? 'sslmode must be disable or verify-full'
        : 'sslmode=verify-full is required off the loopback interface (the server certificate and name are checked)',
      { key },
    );
  const rootCertificate = url.searchParams.get('sslrootcert');
  let ca: string | undefined;
  if (rootCertificate !== null) {
    try {
      ca = readFileSync(rootCertificate, 'utf8');
    } catch (error) {
      throw new InputError(`sslrootcert: cannot read the file (${(error as NodeJS.ErrnoException).code})`, {
        key,
      });
    }
  }
  const passwordReference = passwordReferences.get(target);
  return {
    ...(passwordReference ? { password: readSecretReference(passwordReference, 'dbPassword') } : {}),
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    database,
    user: decodeURIComponent(url.username) || process.env.PGUSER || undefined,
    ssl:
      sslmode === 'verify-full'
        ? { rejectUnauthorized: true, servername: host, ...(ca ? { ca } : {}) }
        : false,
    application_name: 'nhiscan',
    // A server that does not answer is an error, never a caller blocked for good.
    connectionTimeoutMillis: 15_000,
    keepAlive: true,
    // Batched writes write their values as literals (literals.ts), which relies on this.
    options: '-c standard_conforming_strings=on',
    // A write transaction waits this long for another process's (SQLite's busy_timeout is the like).
    lock_timeout: 120_000,
  };
}
