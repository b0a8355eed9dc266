import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { silentProgress, terminalProgress } from '../../src/scan/progress.js';

function stream(isTTY: boolean) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  out.isTTY = isTTY;
  out.columns = 40;
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { out, text: () => chunks.join('') };
}

describe('progress', () => {
  it('redraws one line on a terminal and clears it when done', async () => {
    const { out, text } = stream(true);
    const progress = terminalProgress(out as unknown as NodeJS.WriteStream, 0);
    progress.update('scanning spreadsheet: 500 credentials');
    progress.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('\r\x1b[2Kscanning spreadsheet: 500 credentials\r\x1b[2K');
  });

  it('stays quiet when piped', () => {
    const { out } = stream(false);
    expect(terminalProgress(out as unknown as NodeJS.WriteStream)).toBe(silentProgress);
  });
});
