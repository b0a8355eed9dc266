/** Writes a generated estate as files: hr.csv, estate.json (for `--estate`), ground-truth.ndjson. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExpectedFinding, groundTruthNdjson } from './ground-truth.js';

/** What is written of a `GeneratedEstate` (index.ts). */
export interface EstateFiles {
  hrCsv(): string;
  estate: unknown;
  truth: readonly ExpectedFinding[];
}

export interface GeneratedFiles {
  hr: string;
  estate: string;
  truth: string;
}

export function writeGeneratedFiles(generated: EstateFiles, directory: string): GeneratedFiles {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const files: GeneratedFiles = {
    hr: join(directory, 'hr.csv'),
    estate: join(directory, 'estate.json'),
    truth: join(directory, 'ground-truth.ndjson'),
  };
  writeFileSync(files.hr, generated.hrCsv(), { mode: 0o600 });
  writeFileSync(files.estate, `${JSON.stringify(generated.estate)}\n`, { mode: 0o600 });
  writeFileSync(files.truth, groundTruthNdjson(generated.truth), { mode: 0o600 });
  return files;
}
