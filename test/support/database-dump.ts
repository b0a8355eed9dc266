/** A full, ordered dump of every table, to assert that a rejected run changed nothing. */
import Database from 'better-sqlite3';

export function dumpDatabase(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    const dump: Record<string, unknown[]> = { user_version: [db.pragma('user_version', { simple: true })] };
    for (const { name } of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map(
        (c) => `"${c.name}"`,
      );
      dump[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${columns.join(', ')}`).all();
    }
    return dump;
  } finally {
    db.close();
  }
}
