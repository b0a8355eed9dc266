/** What every provider builder is given: its own random stream, the calendar, the roster, the facts list. */
import type { Calendar } from './calendar.js';
import type { CredentialFacts } from './facts.js';
import type { OwnerPicker } from './owners.js';
import type { Roster, RosterBuilder } from './people.js';
import type { Random } from './random.js';

export interface BuildContext {
  random: Random;
  calendar: Calendar;
  roster: Roster;
  /** Gives a person a GitHub login (and its HR alias) on first use. */
  rosterBuilder: RosterBuilder;
  owners: OwnerPicker;
  /** Every credential a builder writes is recorded here, with the decisions behind it. */
  facts: CredentialFacts[];
  seed: number;
}

/**
 * How many accounts (organizations, projects, tenants) a provider's credentials spread over: it
 * grows with the square root of the credentials (a larger company has more accounts, and larger
 * ones), `divisor` setting the scale, within `range`.
 */
export function accountCount(credentials: number, divisor: number, range: { min: number; max: number }) {
  return Math.max(range.min, Math.min(range.max, Math.ceil(Math.sqrt(credentials) / divisor)));
}

/**
 * Weights for spreading principals over accounts: a few large accounts and a long tail (Zipf-like,
 * 1/√rank). Only correctly rounded operations (÷, √) are used, so every platform draws alike.
 */
export function accountWeights(count: number): number[] {
  return Array.from({ length: count }, (_, index) => 1 / Math.sqrt(index + 1));
}

/**
 * A serial number written in an alphabet, `width` characters wide: appended to random characters
 * it makes an id unique by construction (the estate's ids number in the hundreds of thousands).
 */
export function serialCode(serial: number, alphabet: string, width: number): string {
  let code = '';
  let rest = serial;
  for (let index = 0; index < width; index++) {
    code = alphabet[rest % alphabet.length] + code;
    rest = Math.floor(rest / alphabet.length);
  }
  return code;
}

export const HEX_DIGITS = '0123456789abcdef';
export const DECIMAL_DIGITS = '0123456789';

/** Unique ids from a random shape, for the few (accounts, projects): draws again on a repeat. */
export class UniqueIds {
  private readonly seen = new Set<string>();

  constructor(private readonly make: () => string) {}

  next(): string {
    let id = this.make();
    while (this.seen.has(id)) id = this.make();
    this.seen.add(id);
    return id;
  }
}
