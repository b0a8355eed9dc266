/** `scan.sourceConcurrency` in nhiscan.yaml: its default, a value, and what is refused. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOneSourceConfig } from '../support/one-source-config.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('scan.sourceConcurrency', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  const file = join(dir.path, 'nhiscan.yaml');
  const load = (scan: string[]) => loadOneSourceConfig(dir.path, scan).loaded;
  const refusal = (scan: string) =>
    load([scan]).then(
      () => undefined,
      (thrown: Error) => thrown.message.replace(file, 'FILE'),
    );

  it('is 1 (one source at a time) when the config does not set it, and takes 1 to 16', async () => {
    expect((await load([])).scan).toEqual({ sourceConcurrency: 1 });
    expect((await load(['scan: { sourceConcurrency: 4 }'])).scan).toEqual({ sourceConcurrency: 4 });
  });

  it('refuses 0, 17, a fraction and an unknown key, naming the key and its line', async () => {
    const expected = 'FILE, line 5, key scan.sourceConcurrency: expected a whole number from 1 to 16';
    for (const value of ['0', '17', '1.5', 'all'])
      expect(await refusal(`scan: { sourceConcurrency: ${value} }`)).toBe(expected);
    expect(await refusal('scan: { concurrency: 2 }')).toBe(
      'FILE, line 5, key scan.concurrency: unknown key concurrency',
    );
  });
});
