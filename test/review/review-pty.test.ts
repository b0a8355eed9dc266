/**
 * `nhiscan review` in a real pseudo-terminal: tmux runs the CLI as a user would, 80×24, against the
 * demo database. The test sends keys, reads the screen, and checks the database afterwards: the
 * approval typed on screen is a decision and an audit record, made by the reviewer from
 * NHISCAN_USER. CI=true is set in the pane, as on a build agent, where ink would otherwise draw
 * nothing until the app exits. Needs tmux (Debian package; .ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'nhiscan.js');
const SESSION = `nhiscan-review-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

const screen = () => tmux('capture-pane', '-t', SESSION, '-p');

// Generous: on a loaded two-core CI machine, the first start (tsx compiling the review UI with a
// cold cache, next to the other test workers) has taken longer than 15 s.
async function waitForScreen(pattern: RegExp, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pane = spawnSync(
    'tmux',
    [
      'display-message',
      '-p',
      '-t',
      SESSION,
      'dead=#{pane_dead} command=#{pane_current_command} pid=#{pane_pid}',
    ],
    { encoding: 'utf8' },
  );
  throw new Error(
    `the screen never showed ${pattern} within ${timeoutMs} ms (${pane.stdout.trim()}); it shows:\n${last}`,
  );
}

describe('nhiscan review in a real terminal (tmux)', () => {
  const dir = temporaryDirectory();
  const dbPath = join(dir.path, 'nhiscan-demo', 'nhiscan.db');

  beforeAll(() => {
    const tmuxVersion = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (tmuxVersion.status !== 0)
      throw new Error('tmux is required for this test: apt-get install tmux (.ci/run installs it)');
    const demo = spawnSync(process.execPath, [BIN, 'demo'], { cwd: dir.path, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`nhiscan demo failed: ${demo.stderr}`);
  }, 120_000);
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
    dir.remove();
  });

  it('shows the findings at 80×24, takes an approval typed on screen, follows a resize, and quits', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      SESSION,
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'NHISCAN_USER=reviewer@acme.example',
      '-e',
      'NO_COLOR=1',
      // As on a build agent: ink's CI mode would draw nothing until exit; review must still draw.
      '-e',
      'CI=true',
      `cd '${dir.path}' && '${process.execPath}' '${BIN}' review --db nhiscan-demo/nhiscan.db; echo "exit=$?"; sleep 60`,
    );
    const first = await waitForScreen(/nhiscan review · findings · 149 findings/);
    const lines = first.split('\n');
    expect(lines[0]).toMatch(
      /^nhiscan review · findings · 149 findings · filters: none · as reviewer@acme\.ex/,
    );
    expect(lines[1]).toBe('▸ Dev Hughes <dev.hughes@acme.example> — leaver, left 2026-08-14 (11)');
    expect(lines[2]).toBe('› critical leaver-owned        aws:111111111111:access-key:AKIADEMO000000000002');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(first).toContain('request     #1 pending-approval · approvals 0/2 · leaver-owned · privileged');
    // NO_COLOR: bold and inverse stay, but no foreground colour is ever set.
    const styled = tmux('capture-pane', '-t', SESSION, '-p', '-e');
    const ESC = String.fromCharCode(27);
    expect(styled).toContain(`${ESC}[`);
    expect(styled).not.toMatch(new RegExp(`${ESC}\\[[0-9;]*;?(3[0-7]|9[0-7])m`));

    tmux('send-keys', '-t', SESSION, 'a');
    await waitForScreen(/Reason to approve #1: _/);
    tmux('send-keys', '-t', SESSION, '-l', 'left in August; key unused since');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await waitForScreen(/request {5}#1 pending-approval · approvals 1\/2 · leaver-owned · privileged/);

    tmux('resize-window', '-t', SESSION, '-x', '100', '-y', '30');
    const wide = await waitForScreen(/─{100}/);
    expect(wide.split('\n')[0]).toMatch(/as reviewer@acme\.example$/);

    tmux('send-keys', '-t', SESSION, 'q');
    await waitForScreen(/exit=0/);

    const db = openDatabase(dbPath);
    try {
      expect(
        db.prepare('SELECT actor, decision, reason FROM revocation_decisions WHERE request_id = 1').all(),
      ).toEqual([
        { actor: 'reviewer@acme.example', decision: 'approve', reason: 'left in August; key unused since' },
      ]);
      expect(
        db.prepare("SELECT actor, target, reason FROM audit_log WHERE action = 'request.approved'").all(),
      ).toEqual([
        { actor: 'reviewer@acme.example', target: 'request:1', reason: 'left in August; key unused since' },
      ]);
    } finally {
      db.close();
    }
  }, 300_000);
});
