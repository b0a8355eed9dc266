/**
 * Stored HR events. An event id is stored once: the same event again (a webhook retry, a file sent
 * twice) is a duplicate and changes nothing; the same id with different content is refused, and
 * then nothing of the batch is stored.
 */
import { canonicalJson } from '../audit/canonical-json.js';
import { InputError } from '../core/errors.js';
import type { StoredHrEvent } from '../hr/events/apply.js';
import type { HrEvent } from '../hr/events/model.js';
import type { Db } from './open.js';

export interface RecordedEvents {
  stored: HrEvent[];
  duplicates: HrEvent[];
}

export function recordHrEvents(
  db: Db,
  events: readonly HrEvent[],
  origin: string,
  receivedAt: string,
): RecordedEvents {
  return db.transaction(() => {
    const existing = db.prepare('SELECT data FROM hr_events WHERE event_id = ?');
    const insert = db.prepare(
      'INSERT INTO hr_events (event_id, type, employee_id, effective_date, data, received_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const result: RecordedEvents = { stored: [], duplicates: [] };
    const seen = new Map<string, string>();
    for (const event of events) {
      const data = canonicalJson(event);
      const before = (existing.get(event.id) as { data: string } | undefined)?.data ?? seen.get(event.id);
      if (before !== undefined) {
        if (before !== data)
          throw new InputError(
            `event ${JSON.stringify(event.id)} was already received with different content; an event id names one event`,
            { key: 'id' },
          );
        result.duplicates.push(event);
        continue;
      }
      insert.run(event.id, event.type, event.employeeId, event.effectiveDate, data, receivedAt, origin);
      seen.set(event.id, data);
      result.stored.push(event);
    }
    return result;
  })();
}

export function listHrEvents(db: Db): StoredHrEvent[] {
  return (
    db.prepare('SELECT seq, data FROM hr_events ORDER BY seq').all() as { seq: number; data: string }[]
  ).map((row) => ({ seq: row.seq, event: JSON.parse(row.data) as HrEvent }));
}
