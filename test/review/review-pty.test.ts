/**
 * `nhiscan review` in a real pseudo-terminal: tmux runs the CLI as a user would, 80×24, against the
 * demo database. The test sends keys, reads the screen, and checks the database afterwards: the
 * approval typed on screen is a decision and an audit record, made by the reviewer from
 * NHISCAN_USER. A second session passes --as and --read-only, in colour: the flags win and nothing
 * changes. CI=true is set in the panes, as on a build agent, where ink would otherwise draw nothing
 * until the app exits. Needs tmux (Debian package; .ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'nhiscan.js');
const SESSION = `nhiscan-review-${process.pid}`;
const ESC = String.fromCharCode(27);
/** A foreground colour escape (30–37, 90–97), alone or after other attributes. */
const FOREGROUND = new RegExp(`${ESC}\\[(?:[0-9;]*;)?(3[0-7]|9[0-7])m`);

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

let session = SESSION;
const screen = () => tmux('capture-pane', '-t', session, '-p');

/** Starts `nhiscan review ARGS` in a fresh 80×24 tmux session with CI=true and the given variables. */
function startReview(name: string, cwd: string, env: string[], args: string): void {
  session = name;
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    '80',
    '-y',
    '24',
    // As on a build agent: ink's CI mode would draw nothing until exit; review must still draw.
    '-e',
    'CI=true',
    ...env.flatMap((variable) => ['-e', variable]),
    `cd '${cwd}' && '${process.execPath}' '${BIN}' review ${args}; echo "exit=$?"; sleep 60`,
  );
}

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
      session,
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
    spawnSync('tmux', ['kill-session', '-t', `${SESSION}-read-only`]);
    dir.remove();
  });

  it('shows the findings at 80×24, takes an approval typed on screen, follows a resize, and quits', async () => {
    startReview(
      SESSION,
      dir.path,
      ['NHISCAN_USER=quin.meyer@acme.example', 'NO_COLOR=1'],
      '--db nhiscan-demo/nhiscan.db',
    );
    // The screen is never blank for long: the first thing on it is the spinner while ink and the
    // findings load or, when the compiled CLI loaded them between two polls, the findings.
    // (load-ink.test.ts checks that the spinner is written to a terminal before ink loads.)
    const loading = await waitForScreen(/\S/);
    expect(loading.split('\n')[0]).toMatch(/^(⠋ Loading findings…|nhiscan review · findings \(197\) )/);
    const first = await waitForScreen(/nhiscan review · findings \(197\)/);
    const lines = first.split('\n');
    expect(lines[0]).toBe('nhiscan review · findings (197) · as quin.meyer@acme.example · unfiltered');
    expect(lines[1]).toBe('▸ Dev Hughes <dev.hughes@acme.example> — leaver, left 2026-08-14 (20)');
    expect(lines[2]).toBe('› critical leaver-owned        aws:111111111111:access-key:AKIADEMO000000000002');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    // Everything fits: the key help is on the last rows of the 24, nothing scrolled away.
    expect(lines.slice(21, 23)).toEqual([
      '↑↓ move  / search  o owner  p provider  r rule  s severity  c clear',
      'a approve  x reject  u suppress  R recertify  Tab view  q quit',
    ]);
    expect(first).toContain('request     #1 pending-approval · approvals 0/2 · leaver-owned · privileged');
    // revocation.leaver auto-disable (the default): the reversible disable needs no approval.
    expect(first).toContain('steps       disable pending, no approval needed → delete (+14 d) pending');
    expect(first).toContain(
      'evidence    confidence 0.95 resolved: tag dev.hughes@acme.example ✓, name-match…',
    );
    // NO_COLOR: bold and inverse stay, but no foreground colour is ever set.
    const styled = tmux('capture-pane', '-t', SESSION, '-p', '-e');
    expect(styled).toContain(`${ESC}[`);
    expect(styled).not.toMatch(FOREGROUND);

    tmux('send-keys', '-t', SESSION, 'a');
    await waitForScreen(/Reason to approve #1: _/);
    tmux('send-keys', '-t', SESSION, '-l', 'left in August; key unused since');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await waitForScreen(/request {5}#1 pending-approval · approvals 1\/2 · leaver-owned · privileged/);
    // The newest history comes first, so the approval is in sight at 80 columns.
    await waitForScreen(
      /history {5}\d{4}-\d\d-\d\d quin\.meyer@acme\.example request\.approved: left in Au[a-z; ]*…/,
    );

    tmux('resize-window', '-t', SESSION, '-x', '100', '-y', '30');
    const wide = await waitForScreen(/─{100}/);
    expect(wide.split('\n')[0]).toBe(
      'nhiscan review · findings (197) · as quin.meyer@acme.example · unfiltered',
    );
    expect(wide.split('\n').slice(27, 29)).toEqual([
      '↑↓ move  / search  o owner  p provider  r rule  s severity  c clear',
      'a approve  x reject  u suppress  R recertify  Tab view  q quit',
    ]);

    tmux('send-keys', '-t', SESSION, 'q');
    await waitForScreen(/exit=0/);

    const db = openDatabase(dbPath);
    try {
      expect(
        db.prepare('SELECT actor, decision, reason FROM revocation_decisions WHERE request_id = 1').all(),
      ).toEqual([
        { actor: 'quin.meyer@acme.example', decision: 'approve', reason: 'left in August; key unused since' },
      ]);
      expect(
        db.prepare("SELECT actor, target, reason FROM audit_log WHERE action = 'request.approved'").all(),
      ).toEqual([
        { actor: 'quin.meyer@acme.example', target: 'request:1', reason: 'left in August; key unused since' },
      ]);
    } finally {
      db.close();
    }
  }, 300_000);

  it('records the --as reviewer over NHISCAN_USER, refuses changes with --read-only, and uses colour', async () => {
    const name = `${SESSION}-read-only`;
    const recorded = () => {
      const db = openDatabase(dbPath);
      try {
        return {
          decisions: db.prepare('SELECT * FROM revocation_decisions ORDER BY request_id, at, actor').all(),
          audit: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all(),
        };
      } finally {
        db.close();
      }
    };
    const before = recorded();
    startReview(
      name,
      dir.path,
      ['NHISCAN_USER=quin.meyer@acme.example'],
      '--db nhiscan-demo/nhiscan.db --as lead@acme.example --read-only',
    );
    const first = await waitForScreen(/nhiscan review · findings \(197\)/);
    expect(first.split('\n')[0]).toBe(
      'nhiscan review · findings (197) · as lead@acme.example · read-only · unfiltered',
    );
    expect(first.split('\n')[22]).toBe(
      'read-only: approve, reject, suppress, recertify off  Tab view  q quit',
    );
    // Without NO_COLOR the leaver's group and the severities are coloured.
    expect(tmux('capture-pane', '-t', name, '-p', '-e')).toMatch(FOREGROUND);

    tmux('send-keys', '-t', name, 'a');
    await waitForScreen(/read-only: approve, reject, suppress and recertify are disabled \(--read-only\)/);
    tmux('send-keys', '-t', name, 'q');
    await waitForScreen(/exit=0/);

    expect(recorded()).toEqual(before);
  }, 300_000);

  it('refuses a reviewer who is nobody in HR before the screen opens, and a leaver too', async () => {
    for (const [suffix, reviewer, message] of [
      ['stranger', 'Mallory', 'key --as: Mallory names nobody in HR'],
      ['leaver', 'dev.hughes@acme.example', 'key --as: dev.hughes@acme.example is Dev Hughes'],
    ] as const) {
      const name = `${SESSION}-${suffix}`;
      startReview(name, dir.path, ['NO_COLOR=1'], `--db nhiscan-demo/nhiscan.db --as ${reviewer}`);
      try {
        const shown = await waitForScreen(/exit=2/);
        expect(shown.replace(/\n/g, '')).toContain(message);
        expect(shown).not.toContain('nhiscan review · findings');
      } finally {
        spawnSync('tmux', ['kill-session', '-t', name]);
      }
    }
  }, 300_000);
});
