/**
 * The generated HR roster. Each person is given a lifecycle first (employee, leaver, contractor,
 * expired contractor, mover, recent mover) and their HR record is written from it, with every date
 * well away from the policy thresholds (as-of, the 30-day mover grace). The lifecycle is what the
 * ground truth reads; the HR record is what nhiscan reads.
 */
import type { Person } from '../../core/model.js';
import type { Calendar } from './calendar.js';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './names.js';
import type { Random } from './random.js';

export type Lifecycle =
  | 'employee'
  | 'leaver'
  | 'contractor'
  | 'expired-contractor'
  | 'mover'
  | 'recent-mover';

/** Share of people per lifecycle (employees take the rest). */
const LIFECYCLE_SHARES: Readonly<Record<Exclude<Lifecycle, 'employee'>, number>> = {
  leaver: 0.1,
  contractor: 0.07,
  'expired-contractor': 0.04,
  mover: 0.05,
  'recent-mover': 0.01,
};

export interface RosterEntry {
  index: number;
  person: Person;
  lifecycle: Lifecycle;
  /** Leavers: days between the termination date and as-of (at least 5). */
  leftDaysAgo: number | null;
  /** Movers: days between the transfer and as-of (recent movers 8–20, movers 45–600). */
  transferDaysAgo: number | null;
  /** The person's GitHub login, once they have one (its `github:` alias is then in HR). */
  githubLogin: string | null;
}

export interface Roster {
  entries: RosterEntry[];
  people: Person[];
  /** Roster indexes by lifecycle, in a shuffled order. */
  byLifecycle: Record<Lifecycle, number[]>;
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

/** Exactly the share of each lifecycle (at least one each), in a random order. */
function lifecycles(random: Random, count: number): Lifecycle[] {
  const assigned: Lifecycle[] = [];
  for (const [lifecycle, share] of Object.entries(LIFECYCLE_SHARES) as [Lifecycle, number][]) {
    const wanted = Math.max(1, Math.round(count * share));
    for (let index = 0; index < wanted; index++) assigned.push(lifecycle);
  }
  while (assigned.length < count) assigned.push('employee');
  return shuffle(random, assigned.slice(0, count));
}

/** Makes identifiers unique by numbering repeats: ada.costa, ada.costa2… */
class UniqueNames {
  private readonly taken = new Set<string>();
  private readonly nextNumber = new Map<string, number>();

  take(base: string): string {
    let number = this.nextNumber.get(base) ?? 1;
    let name = number === 1 ? base : `${base}${number}`;
    while (this.taken.has(name)) name = `${base}${++number}`;
    this.taken.add(name);
    this.nextNumber.set(base, number + 1);
    return name;
  }
}

const capitalize = (word: string) => word[0]!.toUpperCase() + word.slice(1);

export class RosterBuilder {
  private readonly emails = new UniqueNames();
  private readonly usernames = new UniqueNames();
  private readonly logins = new UniqueNames();

  constructor(
    private readonly random: Random,
    private readonly calendar: Calendar,
  ) {}

  build(count: number): Roster {
    const order = lifecycles(this.random, count);
    const entries = order.map((lifecycle, index) => this.entry(index, lifecycle));
    const managers = entries
      .filter((entry) => entry.lifecycle === 'employee')
      .slice(0, Math.max(1, count / 25));
    for (const entry of entries) {
      const manager = this.random.pick(managers);
      if (manager !== entry) entry.person.managerEmail = manager.person.email;
    }
    // Half the people have a GitHub login from the start; others get one when they first hold a GitHub credential.
    for (const entry of entries) if (this.random.chance(0.5)) this.githubLoginOf(entry);
    const byLifecycle: Record<Lifecycle, number[]> = {
      employee: [],
      leaver: [],
      contractor: [],
      'expired-contractor': [],
      mover: [],
      'recent-mover': [],
    };
    for (const entry of entries) byLifecycle[entry.lifecycle].push(entry.index);
    return { entries, people: entries.map((entry) => entry.person), byLifecycle };
  }

  /** The person's GitHub login; given one (and its `github:` alias in HR) the first time it is asked for. */
  githubLoginOf(entry: RosterEntry): string {
    if (entry.githubLogin === null) {
      const [first, last] = entry.person.email.split('@')[0]!.split('.') as [string, string];
      const style = this.random.int(0, 2);
      const base = style === 0 ? `${first}${last}` : style === 1 ? `${first}-${last}` : `${first[0]}${last}`;
      entry.githubLogin = this.logins.take(base.replace(/\d+$/, ''));
      entry.person.aliases.push(`github:${entry.githubLogin}`);
    }
    return entry.githubLogin;
  }

  private entry(index: number, lifecycle: Lifecycle): RosterEntry {
    const random = this.random;
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const email = `${this.emails.take(`${first}.${last}`)}@acme.example`;
    const username = this.usernames.take(`${first[0]}${last}`);
    const department = random.pick(DEPARTMENTS);
    const person: Person = {
      employeeId: `E${String(100001 + index)}`,
      email,
      name: `${capitalize(first)} ${capitalize(last)}`,
      status: 'active',
      workerType:
        lifecycle === 'contractor' || lifecycle === 'expired-contractor' ? 'contractor' : 'employee',
      // Everyone was hired long before any of their credentials (at most ~1,400 days old) was made.
      hireDate: this.calendar.date(-random.int(1500, 7000)),
      terminationDate: null,
      contractEndDate: null,
      department,
      managerEmail: null,
      previousDepartment: null,
      transferDate: null,
      aliases: [username],
    };
    const entry: RosterEntry = {
      index,
      person,
      lifecycle,
      leftDaysAgo: null,
      transferDaysAgo: null,
      githubLogin: null,
    };
    switch (lifecycle) {
      case 'leaver':
        // Most leavers are terminated in HR; some still show active with a past termination date (HR lag).
        if (random.chance(0.9)) {
          person.status = 'terminated';
          entry.leftDaysAgo = random.int(15, 900);
        } else {
          entry.leftDaysAgo = random.int(5, 12);
        }
        person.terminationDate = this.calendar.date(-entry.leftDaysAgo);
        break;
      case 'contractor':
        person.contractEndDate = this.calendar.date(random.int(60, 700));
        break;
      case 'expired-contractor':
        person.contractEndDate = this.calendar.date(-random.int(10, 400));
        break;
      case 'mover':
      case 'recent-mover': {
        entry.transferDaysAgo = lifecycle === 'mover' ? random.int(45, 600) : random.int(8, 20);
        let previous = random.pick(DEPARTMENTS);
        while (previous === department) previous = random.pick(DEPARTMENTS);
        person.previousDepartment = previous;
        person.transferDate = this.calendar.date(-entry.transferDaysAgo);
        break;
      }
      case 'employee':
        break;
    }
    return entry;
  }
}
