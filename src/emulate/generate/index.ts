/**
 * A seeded estate generator with ground truth: people (the HR roster), provider resources for
 * every emulated provider (scanners/emulators.ts, each building its own part), and every finding
 * the default policy must raise at as-of. The same spec gives the same estate, byte for byte. See
 * docs/estate-generator.md.
 */
import { EMULATED_PROVIDERS } from '../../../scanners/emulators.js';
import type { Person } from '../../core/model.js';
import type { Estate } from '../estate.js';
import { Calendar } from './calendar.js';
import type { BuildContext } from './context.js';
import { tally } from './counts.js';
import type { CredentialFacts } from './facts.js';
import { type ExpectedFinding, groundTruth } from './ground-truth.js';
import { rosterCsv } from './hr-csv.js';
import { OwnerPicker } from './owners.js';
import { RosterBuilder } from './people.js';
import { Random } from './random.js';
import type { GenerateSpec } from './spec.js';

export { type ExpectedFinding, groundTruthNdjson } from './ground-truth.js';
export { DEFAULT_GENERATE_AS_OF, type GenerateSpec, parseGenerateSpec } from './spec.js';
export { type GeneratedFiles, writeGeneratedFiles } from './write-files.js';

export interface GeneratedEstate {
  spec: GenerateSpec;
  /** What the emulators serve: each emulated provider's part under its id ({ aws, github, gcp, azure }). */
  estate: Estate;
  /** The HR roster. */
  people: Person[];
  /** The roster in the CSV format of docs/hr-format.md. */
  hrCsv(): string;
  /** Every finding the default policy must raise at spec.asOf, sorted by credential uid, then rule. */
  truth: ExpectedFinding[];
  /** people.*, credentials.*, accounts.*, findings.* (see counts.ts). */
  counts: Record<string, number>;
}

/**
 * Credentials per provider, in the list's order: each its share of the total, rounded, and the
 * last the rest (AWS 35%, GitHub 25%, GCP 20%, Entra the rest: 20%).
 */
function providerCredentials(total: number): number[] {
  const counts = EMULATED_PROVIDERS.map((provider) => Math.round(total * provider.generator.share));
  const others = counts.slice(0, -1).reduce((sum, count) => sum + count, 0);
  counts[counts.length - 1] = Math.max(0, total - others);
  return counts;
}

export function generateEstate(spec: GenerateSpec): GeneratedEstate {
  const random = new Random(spec.seed, 'estate');
  const calendar = new Calendar(spec.asOf);
  const rosterBuilder = new RosterBuilder(random.fork('people'), calendar);
  const roster = rosterBuilder.build(spec.people);
  const facts: CredentialFacts[] = [];
  // Each provider draws from its own stream, so changing one provider leaves the others as they were.
  const context = (provider: string): BuildContext => {
    const stream = random.fork(provider);
    return {
      random: stream,
      calendar,
      roster,
      rosterBuilder,
      owners: new OwnerPicker(roster, stream),
      facts,
      seed: spec.seed,
    };
  };
  const shares = providerCredentials(spec.credentials);
  const parts: Record<string, unknown> = {};
  for (const [index, provider] of EMULATED_PROVIDERS.entries())
    parts[provider.id] = provider.generator.build(context(provider.id), shares[index]!);
  // Each part was built by the provider listed under its id: the shape Estate gives that id.
  const estate = parts as Estate;
  const truth = groundTruth(facts);
  return {
    spec,
    estate,
    people: roster.people,
    hrCsv: () => rosterCsv(roster.people),
    truth,
    counts: tally(roster, estate, facts, truth),
  };
}
