/** HR snapshots: each distinct HR import is kept, so a run can say which roster it used. */
import type { Person } from '../core/model.js';
import type { Db } from './open.js';

export interface PeopleSnapshotInput {
  source: string;
  sha256: string;
  fileModifiedAt: string | null;
  people: readonly Person[];
}

export interface PeopleSnapshotRow {
  id: number;
  importedAt: string;
  source: string;
  sha256: string;
  fileModifiedAt: string | null;
  peopleCount: number;
}

const SNAPSHOT_COLUMNS = `id, imported_at AS importedAt, source, sha256, file_modified_at AS fileModifiedAt, people_count AS peopleCount`;

export function latestPeopleSnapshot(db: Db): PeopleSnapshotRow | undefined {
  return db.prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM people_snapshots ORDER BY id DESC LIMIT 1`).get() as
    | PeopleSnapshotRow
    | undefined;
}

export function peopleSnapshot(db: Db, id: number): PeopleSnapshotRow | undefined {
  return db.prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM people_snapshots WHERE id = ?`).get(id) as
    | PeopleSnapshotRow
    | undefined;
}

/** Stores the snapshot unless the latest one has the same content (same sha256 and source); returns its id. */
export function recordPeopleSnapshot(db: Db, input: PeopleSnapshotInput, importedAt: string): number {
  return db.transaction(() => {
    const latest = latestPeopleSnapshot(db);
    if (latest && latest.sha256 === input.sha256 && latest.source === input.source) return latest.id;
    const { lastInsertRowid } = db
      .prepare(
        'INSERT INTO people_snapshots (imported_at, source, sha256, file_modified_at, people_count) VALUES (?, ?, ?, ?, ?)',
      )
      .run(importedAt, input.source, input.sha256, input.fileModifiedAt, input.people.length);
    const id = Number(lastInsertRowid);
    const insert = db.prepare('INSERT INTO people (snapshot_id, employee_id, data) VALUES (?, ?, ?)');
    for (const person of input.people) insert.run(id, person.employeeId, JSON.stringify(person));
    return id;
  })();
}

export function loadPeople(db: Db, snapshotId: number): Person[] {
  const rows = db
    .prepare('SELECT data FROM people WHERE snapshot_id = ? ORDER BY employee_id')
    .all(snapshotId) as {
    data: string;
  }[];
  return rows.map((row) => JSON.parse(row.data) as Person);
}
