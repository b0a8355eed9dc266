/**
 * Who owns a generated principal: first a class (an active employee, a leaver, a contractor whose
 * contract runs or has ended, a mover whose credential still carries the old department, or
 * nobody), then a person of that class. A few people own many credentials, most own one or two.
 */
import type { Lifecycle, Roster, RosterEntry } from './people.js';
import type { Random } from './random.js';

export type OwnerClass = 'employee' | 'leaver' | 'contractor' | 'expired-contractor' | 'mover' | 'unowned';

/** Target shares of all credentials; employees take the rest. */
export const OWNER_SHARES = {
  leaver: 0.08,
  contractor: 0.06,
  'expired-contractor': 0.04,
  mover: 0.05,
  unowned: 0.03,
} as const;

/** The people each owner class draws from. Employees' credentials may also belong to (recent) movers. */
const POOLS: Readonly<Record<Exclude<OwnerClass, 'unowned'>, readonly Lifecycle[]>> = {
  employee: ['employee', 'recent-mover', 'mover'],
  leaver: ['leaver'],
  contractor: ['contractor'],
  'expired-contractor': ['expired-contractor'],
  mover: ['mover'],
};

export interface OwnerShares {
  /** Share of this provider's principals whose credentials keep a mover's old department. */
  mover: number;
  /** Share of this provider's principals with no owner at all. */
  unowned: number;
}

export interface Owner {
  ownerClass: OwnerClass;
  entry: RosterEntry | null;
}

export class OwnerPicker {
  private readonly pools: Record<Exclude<OwnerClass, 'unowned'>, number[]>;

  constructor(
    private readonly roster: Roster,
    private readonly random: Random,
  ) {
    const pool = (lifecycles: readonly Lifecycle[]) =>
      lifecycles.flatMap((lifecycle) => roster.byLifecycle[lifecycle]);
    this.pools = {
      employee: pool(POOLS.employee),
      leaver: pool(POOLS.leaver),
      contractor: pool(POOLS.contractor),
      'expired-contractor': pool(POOLS['expired-contractor']),
      mover: pool(POOLS.mover),
    };
  }

  pick(shares: OwnerShares): Owner {
    const roll = this.random.next();
    let edge = 0;
    const classes: [OwnerClass, number][] = [
      ['leaver', OWNER_SHARES.leaver],
      ['contractor', OWNER_SHARES.contractor],
      ['expired-contractor', OWNER_SHARES['expired-contractor']],
      ['mover', shares.mover],
      ['unowned', shares.unowned],
    ];
    for (const [ownerClass, share] of classes) {
      edge += share;
      if (roll < edge) return this.of(ownerClass);
    }
    return this.of('employee');
  }

  private of(ownerClass: OwnerClass): Owner {
    if (ownerClass === 'unowned') return { ownerClass, entry: null };
    const pool = this.pools[ownerClass];
    // Skewed towards the start of a shuffled pool: a few people hold many credentials.
    const draw = this.random.next();
    const index = Math.floor(pool.length * draw * Math.sqrt(draw));
    return { ownerClass, entry: this.roster.entries[pool[index]!]! };
  }
}

/** A leaver's credential was made while they were still there: at least 10 days before they left. */
export function createdNotAfterLeaving(owner: Owner): number | undefined {
  const left = owner.entry?.leftDaysAgo;
  return left === null || left === undefined ? undefined : left + 10;
}
