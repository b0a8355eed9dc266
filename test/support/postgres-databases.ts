/**
 * Fresh databases on a test PostgreSQL server (postgres-server.ts): each test gets its own, created
 * empty or as a copy of another (CREATE DATABASE … TEMPLATE, a file-level copy: fast, exact).
 */
import pg from 'pg';

let made = 0;

/** The URL of `server`'s database `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}

/** A new database on the server; `template` copies an existing one (it must have no connection). */
export async function freshDatabase(
  serverUrl: string,
  template?: string,
): Promise<{ name: string; url: string }> {
  made += 1;
  const name = `nhiscan_${process.pid}_${made}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  return { name, url: databaseUrl(serverUrl, name) };
}
