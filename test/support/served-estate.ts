/**
 * A generated estate served by the four emulators, in a folder with its HR file and an
 * nhiscan.yaml pointing at them (what `nhiscan scan` in that folder reads), with the emulators'
 * fake credentials in process.env. `close` stops the emulators, restores the environment and
 * removes the folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type GeneratedEstate, generateEstate } from '../../src/emulate/generate/index.js';
import { type RunningEmulators, startEmulators } from '../../src/emulate/start-emulators.js';
import { temporaryDirectory } from './temporary-directory.js';

export interface ServedEstate {
  dir: string;
  generated: GeneratedEstate;
  emulators: RunningEmulators;
  close(): Promise<void>;
}

export async function serveGeneratedEstate(
  spec: Parameters<typeof generateEstate>[0],
  config: Record<string, unknown> = {},
): Promise<ServedEstate> {
  const dir = temporaryDirectory();
  const generated = generateEstate(spec);
  const emulators = await startEmulators(generated.estate);
  const previousEnv: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(emulators.env)) {
    previousEnv[name] = process.env[name];
    process.env[name] = value;
  }
  writeFileSync(join(dir.path, 'hr.csv'), generated.hrCsv());
  writeFileSync(
    join(dir.path, 'nhiscan.yaml'),
    stringify({
      db: 'nhiscan.db',
      hr: { source: 'csv', path: 'hr.csv' },
      sources: emulators.sources,
      ...config,
    }),
  );
  return {
    dir: dir.path,
    generated,
    emulators,
    async close() {
      await emulators.close();
      for (const [name, value] of Object.entries(previousEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      dir.remove();
    },
  };
}
