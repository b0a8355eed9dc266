/** `store.observationRetentionDays` in nhiscan.yaml: its default, a value, and what is refused. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOneSourceConfig } from '../support/one-source-config.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('store.observationRetentionDays', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  const load = (store: string[]) => loadOneSourceConfig(dir.path, store).loaded;

  it('is 90 days when the config does not set it', async () => {
    expect((await load([])).store).toEqual({ observationRetentionDays: 90 });
  });

  it('takes a whole number of days', async () => {
    expect((await load(['store: { observationRetentionDays: 400 }'])).store).toEqual({
      observationRetentionDays: 400,
    });
  });

  it('refuses 0, a fraction, text and an unknown key, naming the key and its line', async () => {
    const file = join(dir.path, 'nhiscan.yaml');
    const refusal = async (store: string) => {
      const error = await load([store]).then(
        () => undefined,
        (thrown: Error) => thrown.message,
      );
      return error?.replace(file, 'FILE');
    };
    const days =
      'FILE, line 5, key store.observationRetentionDays: expected a whole number of days, at least 1';
    expect(await refusal('store: { observationRetentionDays: 0 }')).toBe(days);
    expect(await refusal('store: { observationRetentionDays: 1.5 }')).toBe(days);
    expect(await refusal('store: { observationRetentionDays: ninety }')).toBe(days);
    expect(await refusal('store: { observationRetention: 30 }')).toBe(
      'FILE, line 5, key store.observationRetention: unknown key observationRetention',
    );
  });
});
