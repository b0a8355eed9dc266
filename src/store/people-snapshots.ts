/** HR snapshots: each distinct HR import is kept, so a run can say which roster it used. */
import type { Person } from '../core/model.js';
import type { Db } from './open.js';
import { decodeStoredText, type StoredText, storeText } from './stored-text.js';

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
    for (const person of input.people)
      insert.run(id, person.employeeId, storeText(db, JSON.stringify(person), person.employeeId));
    return id;
  })();
}

export function loadPeople(db: Db, snapshotId: number): Person[] {
  const rows = db
    .prepare('SELECT employee_id AS employeeId, data FROM people WHERE snapshot_id = ? ORDER BY employee_id')
    .all(snapshotId) as StoredPersonRow[];
  return rows.map(parseStoredPerson);
}

/**
 * The people of a snapshot whose employee id is not in `listed`: who an export has dropped since
 * then. Only they are read and parsed, however large the roster.
 */
export function peopleMissingFrom(db: Db, snapshotId: number, listed: readonly string[]): Person[] {
  const rows = db
    .prepare(
      `SELECT employee_id AS employeeId, data FROM people WHERE snapshot_id = ?
          AND employee_id NOT IN (SELECT value FROM json_each(?)) ORDER BY employee_id`,
    )
    .all(snapshotId, JSON.stringify(listed)) as StoredPersonRow[];
  return rows.map(parseStoredPerson);
}

/** SQL: the person row is one the export listed (not carried forward as departed, src/hr/departed.ts). */
const LISTED = "json_extract(stored_text(data, employee_id), '$.departedOn') IS NULL";

/** How many people the export of this snapshot listed. */
export function listedCount(db: Db, snapshotId: number): number {
  return (
    db.prepare(`SELECT COUNT(*) AS n FROM people WHERE snapshot_id = ? AND ${LISTED}`).get(snapshotId) as {
      n: number;
    }
  ).n;
}

/** Employee ids listed in snapshot `from` and not listed in snapshot `to`, in id order. */
export function listedThenDropped(db: Db, from: number, to: number): string[] {
  return (
    db
      .prepare(
        `SELECT p.employee_id AS id FROM people p WHERE p.snapshot_id = ? AND ${LISTED.replace('data, employee_id', 'p.data, p.employee_id')}
            AND NOT EXISTS (SELECT 1 FROM people q WHERE q.snapshot_id = ? AND q.employee_id = p.employee_id
                            AND ${LISTED.replace('data, employee_id', 'q.data, q.employee_id')})
          ORDER BY p.employee_id`,
      )
      .all(from, to) as { id: string }[]
  ).map((row) => row.id);
}

/**
 * Listed people of a snapshot who may be leavers (terminated, or with a termination date), in id
 * order: a leaver test reads only these, not the whole roster.
 */
export function possibleLeavers(db: Db, snapshotId: number): Person[] {
  const rows = db
    .prepare(
      `WITH snapshot AS MATERIALIZED (
         SELECT employee_id, stored_text(data, employee_id) AS text FROM people WHERE snapshot_id = ?)
       SELECT employee_id AS employeeId, text AS data FROM snapshot
        WHERE json_extract(text, '$.departedOn') IS NULL
          AND (json_extract(text, '$.status') = 'terminated' OR json_extract(text, '$.terminationDate') IS NOT NULL)
        ORDER BY employee_id`,
    )
    .all(snapshotId) as StoredPersonRow[];
  return rows.map(parseStoredPerson);
}

/** The listed people of a snapshot with these employee ids. */
export function listedPeopleWithIds(db: Db, snapshotId: number, ids: readonly string[]): Map<string, Person> {
  const rows = db
    .prepare(
      `SELECT employee_id AS employeeId, data FROM people WHERE snapshot_id = ? AND ${LISTED}
          AND employee_id IN (SELECT value FROM json_each(?))`,
    )
    .all(snapshotId, JSON.stringify(ids)) as StoredPersonRow[];
  return new Map(
    rows.map((row) => {
      const person = parseStoredPerson(row);
      return [person.employeeId, person];
    }),
  );
}

/** A people row as read: `data` is stored compressed, keyed by the employee id (stored-text.ts). */
export interface StoredPersonRow {
  employeeId: string;
  data: StoredText;
}

export function parseStoredPerson(row: StoredPersonRow): Person {
  return JSON.parse(decodeStoredText(row.data, row.employeeId)) as Person;
}
