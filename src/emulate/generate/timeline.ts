/**
 * A credential's life, decided before it is written in any provider's shape: whether it is active,
 * disabled or expired, how many days ago it was made and last used, when it expires, and whether
 * it is meant to be stale. Every day count keeps clear of the policy thresholds (as-of, the 7-day
 * new-key grace, the 90-day stale and age limits), so no rule is a boundary call.
 */
import type { Random } from './random.js';

export type CredentialState = 'active' | 'inactive' | 'expired';

export interface Timeline {
  state: CredentialState;
  createdDaysAgo: number;
  /** null: never used (and the provider says so). */
  lastUsedDaysAgo: number | null;
  /** Days from as-of to the expiry (negative: already passed); null: no expiry. */
  expiresInDays: number | null;
}

export interface TimelineOptions {
  /** The provider can show the credential disabled (an Inactive AWS key, a disabled GCP key…). */
  canBeInactive: boolean;
  /** The credential kind can expire (has an end date). */
  canExpire: boolean;
  /** Whether an unexpired credential carries a future end date: never, sometimes, always. */
  expiry: 'never' | 'sometimes' | 'always';
  /** Made at least this many days ago (a leaver's credential predates their leaving). */
  minCreatedDaysAgo?: number;
}

/** Generated credentials are made before midday and used after it, so a same-day use follows the creation. */
export const MIDDAY = 43_200;

/** Shares of all credentials (where the kind allows it). */
export const INACTIVE_SHARE = 0.03;
export const EXPIRED_SHARE = 0.02;
/** Of active credentials: 0.21 × ~95% active ≈ 20% of all credentials stale. */
export const STALE_SHARE_OF_ACTIVE = 0.21;

/** Moves a day count out of the windows around the 7- and 90-day thresholds. */
export function clearOfThresholds(days: number): number {
  if (days >= 5 && days <= 11) return 12 + (days - 5);
  if (days >= 81 && days <= 99) return 100 + (days - 81);
  return days;
}

/** An age past the 90-day limits, weighted towards the younger end (100–1,400 days). */
function oldAge(random: Random): number {
  const draw = random.next();
  return 100 + Math.floor(1300 * draw * draw);
}

/** Any age, as estates hold them: a few brand new, a quarter young, most older than 90 days. */
function anyAge(random: Random): number {
  const band = random.next();
  if (band < 0.02) return random.int(0, 4);
  if (band < 0.25) return random.int(12, 80);
  return oldAge(random);
}

function atLeast(days: number, minimum: number | undefined, random: Random): number {
  if (minimum === undefined || days >= minimum) return days;
  return clearOfThresholds(minimum + random.int(0, 120));
}

function futureExpiry(random: Random, expiry: TimelineOptions['expiry']): number | null {
  if (expiry === 'never' || (expiry === 'sometimes' && random.chance(0.5))) return null;
  return random.int(30, 730);
}

export function drawTimeline(random: Random, options: TimelineOptions): Timeline {
  const roll = random.next();
  if (options.canBeInactive && roll < INACTIVE_SHARE) {
    const created = atLeast(anyAge(random), options.minCreatedDaysAgo, random);
    return {
      state: 'inactive',
      createdDaysAgo: created,
      lastUsedDaysAgo: random.chance(0.3) ? null : random.int(Math.min(created, 100), created),
      expiresInDays: futureExpiry(random, options.expiry),
    };
  }
  if (options.canExpire && roll >= 1 - EXPIRED_SHARE) {
    const created = atLeast(random.int(120, 1400), options.minCreatedDaysAgo, random);
    const expiredDaysAgo = random.int(10, Math.min(400, created - 20));
    return {
      state: 'expired',
      createdDaysAgo: created,
      lastUsedDaysAgo: random.chance(0.2) ? null : random.int(expiredDaysAgo + 1, created),
      expiresInDays: -expiredDaysAgo,
    };
  }
  if (random.chance(STALE_SHARE_OF_ACTIVE)) {
    // Stale: last used more than 100 days ago, or never used and made more than 100 days ago.
    const created = atLeast(Math.max(110, oldAge(random)), options.minCreatedDaysAgo, random);
    return {
      state: 'active',
      createdDaysAgo: created,
      lastUsedDaysAgo: random.chance(0.3) ? null : random.int(100, Math.min(created - 5, 900)),
      expiresInDays: futureExpiry(random, options.expiry),
    };
  }
  const created = atLeast(anyAge(random), options.minCreatedDaysAgo, random);
  // Not stale: used within the last 80 days, or never used but made less than 81 days ago.
  const neverUsed = created <= 4 ? random.chance(0.5) : created <= 80 ? random.chance(0.15) : false;
  return {
    state: 'active',
    createdDaysAgo: created,
    lastUsedDaysAgo: neverUsed ? null : random.int(0, Math.min(80, created)),
    expiresInDays: futureExpiry(random, options.expiry),
  };
}
