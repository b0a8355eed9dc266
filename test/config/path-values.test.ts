/**
 * A file path in nhiscan.yaml is checked for secret material one segment at a time: a temporary
 * folder's random suffix joined to the rest of the path is not a token, while a token written as
 * a segment (or anywhere outside a path key) is still refused, without its value.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const dir = temporaryDirectory('nhiscan-config-');
afterAll(() => dir.remove());

function config(name: string, extra: string): string {
  const file = join(dir.path, name);
  writeFileSync(
    file,
    [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - type: inventory-file',
      '    path: inventory.csv',
      extra,
    ].join('\n'),
  );
  return file;
}

// A mkdtemp folder as `/tmp/nhiscan-test-XXXXXX`: about 1 in 80 of them, read as one word with the
// path, looked like a random token (the flaky refusal this test pins down).
const TEMP_PATH = '/tmp/nhiscan-test-2VTHAV/okta-ca.pem';
const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

describe('path values in nhiscan.yaml', () => {
  it('takes a path whose segments are no secret, however the whole reads', async () => {
    const loaded = await loadConfig(config('temp-path.yaml', `baseline: ${TEMP_PATH}`));
    expect(loaded.baselinePath).toBe(TEMP_PATH);
  });

  it('still refuses a token written as a path segment, and anywhere outside a path key', async () => {
    const refusal = async (name: string, extra: string) =>
      String(await loadConfig(config(name, extra)).catch((error: unknown) => error));
    const inPath = await refusal('token-segment.yaml', `baseline: /keys/${TOKEN}/x.yaml`);
    expect(inPath).toContain(
      'token-segment.yaml, line 5, key baseline: this value holds what looks like a GitHub token (not shown)',
    );
    expect(inPath).not.toContain(TOKEN);
    const elsewhere = await refusal('token-elsewhere.yaml', `governance: { note: "${TOKEN}" }`);
    expect(elsewhere).toContain(
      'line 5, key governance.note: this value holds what looks like a GitHub token',
    );
  });
});
