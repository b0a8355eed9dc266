/**
 * Applies HR events to a roster as of a date: events that have taken effect (effectiveDate ≤ as-of),
 * in effective-date order, ties in arrival order. The roster is a copy; the snapshot is untouched.
 * - hire: adds the person (or updates them when the export already has them);
 * - transfer: new department; the old one becomes previousDepartment and the date transferDate, so
 *   mover-recertify applies after the grace window;
 * - terminate: status terminated, terminationDate = effective date;
 * - rehire: active again, the termination cleared, hireDate = effective date;
 * - contract-extend: the new contract end date.
 * An event for someone neither in the snapshot nor hired by an event is reported, not guessed at.
 *
 * A person missing from the export is "removed", not a leaver, unless an event says so: when the
 * events in effect for someone missing from `people` end in a termination, their record is taken
 * from `earlier` (the previous snapshot) and terminated, so an export that drops leavers does not
 * turn a termination event into "nobody" and cancel the revocation it started.
 *
 * With `departedOn` (hr.missingMeans: departed), everyone else `earlier` lists and the roster lacks
 * after the events is carried as departed (src/hr/departed.ts); the events naming them then apply,
 * except terminate/rehire/hire events dated before their departure (already in `earlier`), so a
 * rehire dated on or after the departure brings them back.
 */
import { normalizeIdentifierInput } from '../../core/input-limits.js';
import type { Person } from '../../core/model.js';
import { carryDeparted } from '../departed.js';
import type { HrEvent } from './model.js';

export interface StoredHrEvent {
  seq: number;
  event: HrEvent;
}

export interface AppliedRoster {
  people: Person[];
  applied: number;
  /** Events in effect whose person is unknown. */
  unknown: StoredHrEvent[];
  /** Employee ids missing from the export, kept from `earlier` because a terminate event names them. */
  carried: string[];
  /** Employee ids missing from the export and carried from `earlier` as departed (with `departedOn`). */
  departed: string[];
}

export interface ApplyOptions {
  /** Carry people `earlier` lists and the roster lacks as departed, missed first on this day (YYYY-MM-DD). */
  departedOn?: string;
}

export function applyHrEvents(
  people: readonly Person[],
  events: readonly StoredHrEvent[],
  asOf: Date,
  earlier: readonly Person[] = [],
  options: ApplyOptions = {},
): AppliedRoster {
  const asOfDay = asOf.toISOString().slice(0, 10);
  const roster = new Map(
    people.map((person) => [person.employeeId, { ...person, aliases: [...person.aliases] }]),
  );
  const due = events
    .filter((entry) => entry.event.effectiveDate <= asOfDay)
    .map(withNormalizedIds)
    .sort((a, b) => a.event.effectiveDate.localeCompare(b.event.effectiveDate) || a.seq - b.seq);
  const carried = carryTerminated(roster, due, earlier);
  let unknown: StoredHrEvent[] = [];
  let applied = 0;
  for (const entry of due) {
    if (applyEvent(roster, entry.event)) applied++;
    else unknown.push(entry);
  }
  const departed = options.departedOn ? carryDeparted(roster, earlier, options.departedOn) : [];
  if (departed.length > 0) {
    const ids = new Set(departed);
    for (const entry of unknown) {
      if (!ids.has(entry.event.employeeId)) continue;
      const person = roster.get(entry.event.employeeId)!;
      const lifecycle = entry.event.type !== 'transfer' && entry.event.type !== 'contract-extend';
      if (!(lifecycle && entry.event.effectiveDate < person.departedOn!) && applyEvent(roster, entry.event))
        applied++;
    }
    unknown = unknown.filter((entry) => !ids.has(entry.event.employeeId));
  }
  return { people: [...roster.values()], applied, unknown, carried, departed };
}

/**
 * The event with its identifiers in NFKC, as HR records are read: an event stored before
 * identifiers were normalised still finds its person.
 */
function withNormalizedIds(entry: StoredHrEvent): StoredHrEvent {
  const event = { ...entry.event, employeeId: normalizeIdentifierInput(entry.event.employeeId) };
  if (event.type === 'hire') {
    event.email = normalizeIdentifierInput(event.email);
    event.aliases = event.aliases.map(normalizeIdentifierInput);
  }
  if ((event.type === 'hire' || event.type === 'transfer') && event.managerEmail)
    event.managerEmail = normalizeIdentifierInput(event.managerEmail);
  return { ...entry, event };
}

/** Applies one event to the roster; false when it names nobody the roster has (and is not a hire). */
function applyEvent(roster: Map<string, Person>, event: HrEvent): boolean {
  const person = roster.get(event.employeeId);
  if (event.type === 'hire') {
    roster.set(event.employeeId, {
      ...(person ?? {
        previousDepartment: null,
        transferDate: null,
        terminationDate: null,
      }),
      employeeId: event.employeeId,
      email: event.email,
      name: event.name,
      status: 'active',
      workerType: event.workerType,
      hireDate: event.effectiveDate,
      terminationDate: null,
      contractEndDate: event.contractEndDate ?? null,
      department: event.department ?? person?.department ?? null,
      managerEmail: event.managerEmail ?? person?.managerEmail ?? null,
      previousDepartment: person?.previousDepartment ?? null,
      transferDate: person?.transferDate ?? null,
      aliases: [...new Set([...(person?.aliases ?? []), ...event.aliases])],
    });
    return true;
  }
  if (!person) return false;
  switch (event.type) {
    case 'transfer':
      if (person.department !== event.department) {
        person.previousDepartment = person.department;
        person.department = event.department;
        person.transferDate = event.effectiveDate;
      }
      if (event.managerEmail) person.managerEmail = event.managerEmail;
      break;
    case 'terminate':
      person.status = 'terminated';
      person.terminationDate = event.effectiveDate;
      break;
    case 'rehire':
      person.status = 'active';
      person.terminationDate = null;
      person.hireDate = event.effectiveDate;
      if (event.department) person.department = event.department;
      break;
    case 'contract-extend':
      person.contractEndDate = event.contractEndDate;
      break;
  }
  return true;
}

/** Adds to `roster` the people of `earlier` it lacks whose last due terminate/rehire/hire event is a terminate. */
function carryTerminated(
  roster: Map<string, Person>,
  due: readonly StoredHrEvent[],
  earlier: readonly Person[],
): string[] {
  const last = new Map<string, HrEvent['type']>();
  for (const { event } of due)
    if (event.type === 'terminate' || event.type === 'rehire' || event.type === 'hire')
      last.set(event.employeeId, event.type);
  const carried: string[] = [];
  for (const person of earlier) {
    if (
      roster.has(person.employeeId) ||
      last.get(normalizeIdentifierInput(person.employeeId)) !== 'terminate'
    )
      continue;
    roster.set(person.employeeId, { ...person, aliases: [...person.aliases] });
    carried.push(person.employeeId);
  }
  return carried.sort();
}
