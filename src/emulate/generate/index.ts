/**
 * A seeded estate generator with ground truth: people (the HR roster), provider resources for all
 * four emulators, and every finding the default policy must raise at as-of. The same spec gives
 * the same estate, byte for byte. See docs/estate-generator.md.
 */
import type { Person } from '../../core/model.js';
import type { Estate } from '../estate.js';
import { AWS_SHARE, buildAwsEstate } from './aws.js';
import { buildAzureEstate } from './azure.js';
import { Calendar } from './calendar.js';
import type { BuildContext } from './context.js';
import { tally } from './counts.js';
import type { CredentialFacts } from './facts.js';
import { buildGcpEstate, GCP_SHARE } from './gcp.js';
import { buildGithubEstate, GITHUB_SHARE } from './github.js';
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
  /** What the emulators serve: { aws, github, gcp, azure }. */
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

/** Credentials per provider: AWS 35%, GitHub 25%, GCP 20%, Entra the rest (20%). */
function providerCredentials(total: number) {
  const aws = Math.round(total * AWS_SHARE);
  const github = Math.round(total * GITHUB_SHARE);
  const gcp = Math.round(total * GCP_SHARE);
  return { aws, github, gcp, azure: Math.max(0, total - aws - github - gcp) };
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
  const estate: Estate = {
    aws: buildAwsEstate(context('aws'), shares.aws),
    github: buildGithubEstate(context('github'), shares.github),
    gcp: buildGcpEstate(context('gcp'), shares.gcp),
    azure: buildAzureEstate(context('azure'), shares.azure),
  };
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
