/**
 * Loading ink for `nhiscan review`: the terminal shows the loading spinner while ink is imported
 * (seconds on a slow machine) and the line is cleared after; CI variables are hidden from ink's
 * import and restored. That ink then draws under CI=true is proven in a real terminal
 * (review-pty.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importInkForTerminal } from '../../src/review/load-ink.js';

describe('importInkForTerminal', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('shows the spinner on a terminal while ink loads, clears it, and restores CI', async () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('CONTINUOUS_INTEGRATION', '1');
    const written: string[] = [];
    // What ink's import would see: the spinner goes up after CI is hidden, and is cleared before it is back.
    const ciWhileWriting: (string | undefined)[] = [];
    const ink = await importInkForTerminal({
      isTTY: true,
      write: (text: string) => {
        written.push(text);
        ciWhileWriting.push(process.env.CI ?? process.env.CONTINUOUS_INTEGRATION);
      },
    });
    expect(typeof ink.render).toBe('function');
    expect(written).toEqual(['⠋ Loading findings…', '\r\u001B[2K']);
    expect(ciWhileWriting).toEqual([undefined, undefined]);
    expect(process.env.CI).toBe('true');
    expect(process.env.CONTINUOUS_INTEGRATION).toBe('1');
  });

  it('writes nothing when the output is not a terminal', async () => {
    const written: string[] = [];
    await importInkForTerminal({ isTTY: false, write: (text: string) => written.push(text) });
    expect(written).toEqual([]);
  });
});
