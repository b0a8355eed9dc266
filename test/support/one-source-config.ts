/**
 * nhiscan.yaml with one aws source and the given extra lines after it (line 5 on), loaded: what the
 * tests of a top-level setting need. Returns the file's path too, for the line in its errors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';

const ONE_SOURCE_CONFIG = [
  'hr: { source: csv, path: hr.csv }',
  'sources:',
  '  - type: aws',
  '    accounts: [{ id: "111122223333" }]',
];

export function loadOneSourceConfig(dir: string, extraLines: string[]) {
  const file = join(dir, 'nhiscan.yaml');
  writeFileSync(file, [...ONE_SOURCE_CONFIG, ...extraLines, ''].join('\n'));
  return { file, loaded: loadConfig(file) };
}
