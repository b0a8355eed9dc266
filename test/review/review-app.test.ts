/**
 * The review screen through ink-testing-library over a real scanned database, on an 80×24 terminal:
 * the loading spinner, layout and resize, navigation and filters, the details pane, approve and
 * reject with a reason (audit records written by the queue's own code), a privileged request that
 * needs a second, different approver (never the owner), suppression into the baseline (the very
 * file `nhiscan baseline add` writes), recertification through the CLI's own code, the dry-run
 * preview, and read-only mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listRequests } from '../../src/queue/index.js';
import { ReviewApp, type ReviewAppProps } from '../../src/review/app.js';
import type { Db } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { appProps, NOW, openDatabase, scannedFixture } from './fixture.js';

const DOWN = '\u001B[B';
const UP = '\u001B[A';
const ENTER = '\r';
const TAB = '\t';
/** The screen's text with its rows joined: a message may wrap onto the status line's second row. */
const flat = (frame: string | undefined) => frame!.replace(/ *\n */g, ' ');
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Waits until the screen shows what is expected (a decision reloads the data before it redraws). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 20 });

/** What the terminal reports after a resize: its new size, then a `resize` event. */
function resize(screen: { stdout: NodeJS.EventEmitter }, columns: number, rows: number) {
  Object.defineProperty(screen.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(screen.stdout, 'rows', { value: rows, configurable: true });
  screen.stdout.emit('resize');
}

/** The whole first screen at 80×24 (23 rows: ink redraws everything when its output fills the terminal). */
const FIRST_SCREEN = [
  'nhiscan review · findings (6) · as cy@acme.example · unfiltered',
  '▸ Bob Baker <bob@acme.example> — leaver, left 2026-10-01 (2)',
  '› critical leaver-owned        jenkins:ci:api-token:jk-1',
  '  critical leaver-owned        snowflake:prod:key-pair:sf-1',
  '▸ Ann Archer <ann@acme.example> (2)',
  '  medium   stale               datadog:acme:api-key:dd-1',
  '  low      over-age            datadog:acme:api-key:dd-1',
  '▸ No known owner (2)',
  '  high     owner-unknown       datadog:acme:api-key:dd-2',
  '─'.repeat(80),
  'finding     critical leaver-owned: Api token jk-1 of jenkins/ci is owned by lea…',
  'credential  jenkins/ci api-token jk-1 · active · svc-build',
  'dates       created 2026-09-01 · expires — · last use 2026-11-20',
  'owner       Bob Baker <bob@acme.example> — leaver, left 2026-10-01',
  'evidence    confidence 0.95 resolved: declared bob@acme.example ✓',
  'privilege   not privileged',
  'request     #1 pending-approval · approvals 0/1 · leaver-owned',
  'steps       manual pending',
  'history     2026-11-26 nhiscan request.proposed: Api token jk-1 of jenkins/ci i…',
  '',
  '',
  '↑↓ move  / search  o owner  p provider  r rule  s severity  c clear',
  'a approve  x reject  u suppress  R recertify  Tab view  q quit',
];

async function type(stdin: { write(data: string): void }, ...keys: string[]) {
  for (const key of keys) {
    stdin.write(key);
    await tick();
  }
}

describe('nhiscan review', () => {
  let fixture: Awaited<ReturnType<typeof scannedFixture>>;
  let db: Db;
  let baselineFile: string;
  let app: ReturnType<typeof render> | undefined;
  /** The screen on an 80×24 terminal, once the findings are on it. */
  const start = async (reviewer: string, readOnly = false, overrides: Partial<ReviewAppProps> = {}) => {
    app = render(
      React.createElement(ReviewApp, { ...appProps(db, { reviewer, readOnly, baselineFile }), ...overrides }),
    );
    resize(app, 80, 24);
    const screen = app;
    await eventually(() => expect(flat(screen.lastFrame())).toContain('─'.repeat(80)));
    return screen;
  };
  const auditActions = () =>
    db
      .prepare(
        "SELECT actor, action, target, reason FROM audit_log WHERE action LIKE 'request.%' AND actor != 'nhiscan' ORDER BY seq",
      )
      .all();

  const recertifications = () =>
    db
      .prepare(
        'SELECT credential_uid AS credentialUid, rules, recertified_by AS by, reason, until, recorded_at AS recordedAt FROM recertifications ORDER BY id',
      )
      .all();
  const recertifiedAudit = () =>
    db
      .prepare(
        "SELECT actor, target, reason, payload FROM audit_log WHERE action = 'credential.recertified' ORDER BY seq",
      )
      .all();

  beforeEach(async () => {
    fixture = await scannedFixture();
    db = openDatabase(fixture.dbPath);
    baselineFile = join(fixture.dir.path, '.nhiscan-baseline.yaml');
  });
  afterEach(() => {
    app?.unmount();
    app = undefined;
    db.close();
    fixture.dir.remove();
  });

  it('shows a spinner until the findings are read, then the list', async () => {
    app = render(React.createElement(ReviewApp, appProps(db, { reviewer: 'cy@acme.example', baselineFile })));
    expect(app.lastFrame()).toBe('⠋ Loading findings…');
    await eventually(() =>
      expect(app!.lastFrame()!.split('\n')[0]).toBe(
        'nhiscan review · findings (6) · as cy@acme.example · unfiltered',
      ),
    );
  });

  it('fits 80×24, leavers first, and redraws when the terminal is resized', async () => {
    const screen = await start('cy@acme.example');
    const lines = screen.lastFrame()!.split('\n');
    expect(lines).toEqual(FIRST_SCREEN);
    expect(lines.every((text) => text.length <= 80)).toBe(true);

    resize(screen, 120, 30);
    await eventually(() => expect(screen.lastFrame()!.split('\n')).toHaveLength(29));
    const wide = screen.lastFrame()!.split('\n');
    expect(wide.slice(0, 10)).toEqual([
      ...FIRST_SCREEN.slice(0, 9),
      '  low      over-age            datadog:acme:api-key:dd-2',
    ]);
    expect(wide.slice(10, 15)).toEqual(['', '', '', '', '']);
    expect(wide[15]).toBe('─'.repeat(120));
    expect(wide[17]).toBe('credential  jenkins/ci api-token jk-1 · active · svc-build');
    expect(wide[24]).toBe(
      'history     2026-11-26 nhiscan request.proposed: Api token jk-1 of jenkins/ci is owned by leaver Bob Baker (terminated …',
    );

    resize(screen, 80, 24);
    await eventually(() => expect(screen.lastFrame()!.split('\n')).toEqual(FIRST_SCREEN));
  });

  it('moves through the findings and filters them by provider, rule, severity, owner and text', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    const selected = () =>
      lastFrame()!
        .split('\n')
        .find((text) => text.startsWith('›'));
    expect(selected()).toBe('› critical leaver-owned        jenkins:ci:api-token:jk-1');
    await type(stdin, DOWN);
    await eventually(() =>
      expect(selected()).toBe('› critical leaver-owned        snowflake:prod:key-pair:sf-1'),
    );
    await eventually(() =>
      expect(flat(lastFrame())).toContain('privilege   marked privileged in inventory.csv line 3'),
    );
    await type(stdin, 'j', 'j');
    await eventually(() =>
      expect(selected()).toBe('› low      over-age            datadog:acme:api-key:dd-1'),
    );
    await type(stdin, 'k', UP);
    await eventually(() =>
      expect(selected()).toBe('› critical leaver-owned        snowflake:prod:key-pair:sf-1'),
    );
    await type(stdin, 'G');
    await eventually(() =>
      expect(selected()).toBe('› low      over-age            datadog:acme:api-key:dd-2'),
    );
    await type(stdin, DOWN);
    await eventually(() =>
      expect(selected()).toBe('› low      over-age            datadog:acme:api-key:dd-2'),
    );
    await type(stdin, 'g', UP);
    await eventually(() =>
      expect(selected()).toBe('› critical leaver-owned        jenkins:ci:api-token:jk-1'),
    );

    const title = () => lastFrame()!.split('\n')[0];
    const listed = () =>
      lastFrame()!
        .split('\n')
        .slice(1, 9)
        .filter((text) => text.trim() !== '');

    await type(stdin, '/', 'dd-1', ENTER);
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (2) · as cy@acme.example · filters: "dd-1"'),
    );
    await eventually(() =>
      expect(listed()).toEqual([
        '▸ Ann Archer <ann@acme.example> (2)',
        '› medium   stale               datadog:acme:api-key:dd-1',
        '  low      over-age            datadog:acme:api-key:dd-1',
      ]),
    );

    await type(stdin, 'c', 's', 's');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (3) · as cy@acme.example · filters: severity≥high'),
    );
    await eventually(() =>
      expect(listed()).toEqual([
        '▸ Bob Baker <bob@acme.example> — leaver, left 2026-10-01 (2)',
        '› critical leaver-owned        jenkins:ci:api-token:jk-1',
        '  critical leaver-owned        snowflake:prod:key-pair:sf-1',
        '▸ No known owner (1)',
        '  high     owner-unknown       datadog:acme:api-key:dd-2',
      ]),
    );

    await type(stdin, 'c', 'p');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (4) · as cy@acme.example · filters: provider=datadog'),
    );
    await type(stdin, 'p');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (1) · as cy@acme.example · filters: provider=jenkins'),
    );

    // Rules cycle in name order, then back to none.
    await type(stdin, 'c', 'r');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (2) · as cy@acme.example · filters: rule=leaver-owned'),
    );
    await type(stdin, 'r');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (2) · as cy@acme.example · filters: rule=over-age'),
    );
    await eventually(() =>
      expect(listed()).toEqual([
        '▸ Ann Archer <ann@acme.example> (1)',
        '› low      over-age            datadog:acme:api-key:dd-1',
        '▸ No known owner (1)',
        '  low      over-age            datadog:acme:api-key:dd-2',
      ]),
    );
    await type(stdin, 'r', 'r', 'r');
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (6) · as cy@acme.example · unfiltered'),
    );

    await type(stdin, 'o', 'ann', ENTER);
    await eventually(() =>
      expect(title()).toBe('nhiscan review · findings (2) · as cy@acme.example · filters: owner~ann'),
    );
    await type(stdin, 'r');
    await eventually(() =>
      expect(title()).toBe(
        // The filters come last in the title: at 80 columns, their end is what is cut.
        'nhiscan review · findings (0) · as cy@acme.example · filters: rule=leaver-owned…',
      ),
    );
    await eventually(() => expect(listed()).toEqual(['No open findings match the filters.']));
  });

  it('shows the credential, owner, evidence, last use, privileges, steps and history in the details', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    const details = () => lastFrame()!.split('\n').slice(10, 19);
    expect(details()).toEqual(FIRST_SCREEN.slice(10, 19));
    await type(stdin, DOWN);
    await eventually(() =>
      expect(details()).toEqual([
        'finding     critical leaver-owned: Key pair sf-1 of snowflake/prod is owned by …',
        'credential  snowflake/prod key-pair sf-1 · active · svc-etl',
        'dates       created 2026-09-01 · expires — · last use 2026-11-20',
        'owner       Bob Baker <bob@acme.example> — leaver, left 2026-10-01',
        'evidence    confidence 0.95 resolved: declared bob@acme.example ✓',
        'privilege   marked privileged in inventory.csv line 3',
        'request     #2 pending-approval · approvals 0/2 · leaver-owned · privileged',
        'steps       manual pending',
        'history     2026-11-26 nhiscan request.proposed: Key pair sf-1 of snowflake/pro…',
      ]),
    );
    // The ownerless key: the inventory has no last use for it, which is "unknown", not "never".
    await type(stdin, 'G', UP);
    await eventually(() =>
      expect(details()).toEqual([
        'finding     high owner-unknown: Api key dd-2 of datadog/acme has no known owner',
        'credential  datadog/acme api-key dd-2 · active · svc-orphan',
        'dates       created 2026-01-01 · expires — · last use unknown (inventory file h…',
        'owner       no known owner',
        'evidence    confidence 0.00 none: no owner signals',
        'privilege   not privileged',
        'request     none proposed (the revocation settings report this rule only, or it…',
        'source      spreadsheet',
        'history     none',
      ]),
    );
  });

  it('approves with a reason through the queue, which writes the audit record', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'a');
    await eventually(() => expect(flat(lastFrame())).toContain('Reason to approve #1: _'));
    await type(stdin, 'Bob left in October', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'approved #1 as cy@acme.example: approved · approvals 1/1 · leaver-owned',
      ),
    );
    // The details follow the decision; the history shows the newest record first.
    await eventually(() =>
      expect(lastFrame()!.split('\n').slice(16, 19)).toEqual([
        'request     #1 approved · approvals 1/1 · leaver-owned',
        'steps       manual pending',
        'history     2026-11-26 cy@acme.example request.state: approved by 1 of 1 requir…',
      ]),
    );
    await eventually(() =>
      expect(auditActions()).toEqual([
        {
          actor: 'cy@acme.example',
          action: 'request.approved',
          target: 'request:1',
          reason: 'Bob left in October',
        },
        {
          actor: 'cy@acme.example',
          action: 'request.state',
          target: 'request:1',
          reason: 'approved by 1 of 1 required approvers',
        },
      ]),
    );
    // Approved already: nothing more to approve.
    await type(stdin, 'a');
    await eventually(() => expect(flat(lastFrame())).toContain('request #1 is approved: nothing to approve'));
    expect(flat(lastFrame())).not.toContain('Reason to');
  });

  it('approves from the queue view, where the decisions are listed', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    const selected = () =>
      lastFrame()!
        .split('\n')
        .find((text) => text.startsWith('›'));
    await type(stdin, TAB, 'G');
    await eventually(() =>
      expect(selected()).toBe(
        '› #2    pending-approval · approvals 0/2 · leaver-owned · privileged  snowflake…',
      ),
    );
    await type(stdin, 'g');
    await eventually(() =>
      expect(selected()).toBe(
        '› #1    pending-approval · approvals 0/1 · leaver-owned  jenkins:ci:api-token:j…',
      ),
    );
    await type(stdin, DOWN, 'a');
    await eventually(() => expect(flat(lastFrame())).toContain('Reason to approve #2: _'));
    await type(stdin, 'snowflake key of a leaver', ENTER);
    await eventually(() =>
      expect(lastFrame()!.split('\n').slice(0, 3)).toEqual([
        'nhiscan review · queue (2 requests) · as cy@acme.example',
        '  #1    pending-approval · approvals 0/1 · leaver-owned  jenkins:ci:api-token:j…',
        '› #2    pending-approval · approvals 1/2 · leaver-owned · privileged  snowflake…',
      ]),
    );
    await eventually(() =>
      expect(lastFrame()!.split('\n').slice(10, 19)).toEqual([
        '─'.repeat(80),
        'request     #2 pending-approval · approvals 1/2 · leaver-owned · privileged',
        'credential  snowflake:prod:key-pair:sf-1 (source spreadsheet)',
        'reason      —',
        'owner       Bob Baker <bob@acme.example> (E2)',
        'steps       manual pending',
        'decisions   approve by cy@acme.example: snowflake key of a leaver',
        'created     2026-11-26 by nhiscan',
        'history     2026-11-26 cy@acme.example request.approved: snowflake key of a lea…',
      ]),
    );
    await eventually(() =>
      expect(auditActions()).toEqual([
        {
          actor: 'cy@acme.example',
          action: 'request.approved',
          target: 'request:2',
          reason: 'snowflake key of a leaver',
        },
      ]),
    );
  });

  it('rejects with a reason, and refuses an empty one', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'x', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain('a reason is required to reject; nothing recorded'),
    );
    await type(stdin, 'x', 'jenkins token is handed over to Cy', ENTER);
    await eventually(() => expect(flat(lastFrame())).toContain('rejected #1 as cy@acme.example'));
    await eventually(() =>
      expect(listRequests(db, {}).find((request) => request.id === 1)!.state).toBe('rejected'),
    );
    await eventually(() =>
      expect(auditActions()).toEqual([
        {
          actor: 'cy@acme.example',
          action: 'request.rejected',
          target: 'request:1',
          reason: 'rejected by cy@acme.example: jenkins token is handed over to Cy',
        },
      ]),
    );
  });

  it('keeps a privileged request pending until a second, different person approves it', async () => {
    let screen = await start('cy@acme.example');
    await type(screen.stdin, DOWN, 'a', 'first look', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(
        'request     #2 pending-approval · approvals 1/2 · leaver-owned · privileged',
      ),
    );
    await type(screen.stdin, 'a', 'again', ENTER);
    await eventually(() =>
      expect(screen.lastFrame()!.split('\n').slice(19, 21)).toEqual([
        'refused: Cy Chen (E3) already approved request 2; it needs 2 distinct people',
        '',
      ]),
    );
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(
        'request     #2 pending-approval · approvals 1/2 · leaver-owned · privileged',
      ),
    );
    screen.unmount();

    // The owner, a leaver, may not approve the revocation of their own key: a leaver decides nothing.
    screen = await start('bob@acme.example');
    await type(screen.stdin, DOWN, 'a', 'fine by me', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(
        'refused: bob@acme.example is Bob Baker (E2), a leaver since 2026-10-01: only a current person can act',
      ),
    );
    screen.unmount();

    screen = await start('ann@acme.example');
    await type(screen.stdin, DOWN, 'a', 'second approver', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(
        'request     #2 approved · approvals 2/2 · leaver-owned · privileged',
      ),
    );
    await eventually(() =>
      expect(auditActions()).toEqual([
        { actor: 'cy@acme.example', action: 'request.approved', target: 'request:2', reason: 'first look' },
        {
          actor: 'ann@acme.example',
          action: 'request.approved',
          target: 'request:2',
          reason: 'second approver',
        },
        {
          actor: 'ann@acme.example',
          action: 'request.state',
          target: 'request:2',
          reason: 'approved by 2 of 2 required approvers',
        },
      ]),
    );
  });

  it('suppresses a finding until a date by writing the baseline, as `nhiscan baseline add` does', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, DOWN, 'u', '2027-13-01', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'expected a date such as 2027-03-31, got "2027-13-01"; nothing recorded',
      ),
    );
    await eventually(() => expect(existsSync(baselineFile)).toBe(false));
    await type(stdin, 'u', '2027-03-31', ENTER, 'old metrics key, rotating in Q1', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'suppressed over-age until 2027-03-31: added to .nhiscan-baseline.yaml',
      ),
    );
    const finding = db
      .prepare(
        "SELECT uid FROM findings WHERE rule = 'over-age' AND credential_uid = 'datadog:acme:api-key:dd-1'",
      )
      .get() as { uid: string };
    expect(readFileSync(baselineFile, 'utf8')).toBe(
      [
        'entries:',
        `  - finding: ${finding.uid}`,
        '    reason: old metrics key, rotating in Q1',
        '    approvedBy: cy@acme.example',
        '    expires: 2027-03-31',
        '',
      ].join('\n'),
    );
    const byCli = await cli(
      [
        'baseline',
        'add',
        '--finding',
        finding.uid,
        '--reason',
        'old metrics key, rotating in Q1',
        '--by',
        'cy@acme.example',
        '--expires',
        '2027-03-31',
        '--file',
        'by-cli.yaml',
      ],
      { cwd: fixture.dir.path, now: NOW },
    );
    expect(byCli.exitCode).toBe(0);
    expect(readFileSync(join(fixture.dir.path, 'by-cli.yaml'), 'utf8')).toBe(
      readFileSync(baselineFile, 'utf8'),
    );
  });

  it("recertifies the selected finding's credential for its rule, as the reviewer, with the CLI's code", async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, 'R');
    await eventually(() =>
      expect(flat(lastFrame())).toContain('Reason to recertify datadog:acme:api-key:dd-1: _'),
    );
    // A reason wider than the screen scrolls: its end stays in sight.
    await type(stdin, 'feeds the metrics export for the finance dashboards each night');
    await eventually(() => expect(flat(lastFrame())).toContain('for the finance dashboards each night_'));
    await type(stdin, ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain('Keep stale until (YYYY-MM-DD, empty = 90 days): _'),
    );
    await type(stdin, '2027-01-15', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'recertified stale until 2027-01-15 (applies at the next scan): datadog:acme:api-key:dd-1',
      ),
    );
    await eventually(() =>
      expect(recertifications()).toEqual([
        {
          credentialUid: 'datadog:acme:api-key:dd-1',
          rules: '["stale"]',
          by: 'cy@acme.example',
          reason: 'feeds the metrics export for the finance dashboards each night',
          until: '2027-01-15',
          recordedAt: '2026-11-26T12:00:00.000Z',
        },
      ]),
    );
    await eventually(() =>
      expect(recertifiedAudit()).toEqual([
        {
          actor: 'cy@acme.example',
          target: 'datadog:acme:api-key:dd-1',
          reason: 'feeds the metrics export for the finance dashboards each night',
          payload: JSON.stringify({
            credentialUid: 'datadog:acme:api-key:dd-1',
            employeeId: 'E3',
            recertificationId: 1,
            rules: ['stale'],
            until: '2027-01-15',
          }),
        },
      ]),
    );

    // An empty date is the CLI's default: 90 days from today.
    await type(stdin, DOWN, 'R', 'same key, same job', ENTER, ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'recertified over-age until 2027-02-24 (applies at the next scan): datadog:acme:api-key:dd-1',
      ),
    );
    await eventually(() => expect(recertifications()).toHaveLength(2));
    await eventually(() =>
      expect(recertifications()[1]).toMatchObject({ rules: '["over-age"]', until: '2027-02-24' }),
    );
  });

  it('refuses to recertify a leaver-owned finding, pointing to the baseline, and records nothing', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'R');
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'leaver-owned cannot be recertified: a baseline entry (u) can accept it',
      ),
    );
    expect(flat(lastFrame())).not.toContain('Reason to');
    await eventually(() => expect(recertifications()).toEqual([]));
    await eventually(() => expect(recertifiedAudit()).toEqual([]));
  });

  it('refuses a bad date or an empty reason to recertify and records nothing', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, 'R', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain('a reason is required to recertify; nothing recorded'),
    );
    await type(stdin, 'R', 'kept', ENTER, '2027-13-01', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'expected a date such as 2027-03-31, got "2027-13-01"; nothing recorded',
      ),
    );
    await type(stdin, 'R', 'kept', ENTER, '2026-11-01', ENTER);
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'expected a date after today (2026-11-26) and at most 365 days ahead, got 2026-11-01',
      ),
    );
    await type(stdin, 'R', 'kept', ENTER, '2027-01-15', '\u001B');
    await eventually(() => expect(flat(lastFrame())).toContain('cancelled'));
    await eventually(() => expect(recertifications()).toEqual([]));
    await eventually(() => expect(recertifiedAudit()).toEqual([]));
  });

  it('refuses to recertify in read-only mode', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example', true);
    await type(stdin, DOWN, DOWN, 'R');
    await eventually(() =>
      expect(flat(lastFrame())).toContain(
        'read-only: approve, reject, suppress and recertify are disabled (--read-only)',
      ),
    );
    await type(stdin, 'kept', ENTER, ENTER);
    expect(flat(lastFrame())).not.toContain('Reason to');
    await eventually(() => expect(recertifications()).toEqual([]));
    await eventually(() => expect(recertifiedAudit()).toEqual([]));
  });

  it('refuses every change in read-only mode, and still shows the queue and the preview', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example', true);
    const READ_ONLY = 'read-only: approve, reject, suppress and recertify are disabled (--read-only)';
    const lines = () => lastFrame()!.split('\n');
    expect(lines()[0]).toBe('nhiscan review · findings (6) · as cy@acme.example · read-only · unfiltered');
    expect(lines()[22]).toBe('read-only: approve, reject, suppress, recertify off  Tab view  q quit');
    // Each action key on the findings, then on the queue; `1` and `2` switch views and clear the message.
    for (const [view, key] of [
      ['1', 'a'],
      ['1', 'x'],
      ['1', 'u'],
      ['1', 'R'],
      ['2', 'a'],
      ['2', 'x'],
    ] as const) {
      await type(stdin, view);
      expect(flat(lastFrame())).not.toContain(READ_ONLY);
      await type(stdin, key);
      await eventually(() => expect(flat(lastFrame())).toContain(READ_ONLY));
      await type(stdin, ENTER);
      expect(flat(lastFrame())).not.toMatch(/Reason to|Suppress until|Keep .* until/);
    }
    expect(lines().slice(0, 3)).toEqual([
      'nhiscan review · queue (2 requests) · as cy@acme.example · read-only',
      '› #1    pending-approval · approvals 0/1 · leaver-owned  jenkins:ci:api-token:j…',
      '  #2    pending-approval · approvals 0/2 · leaver-owned · privileged  snowflake…',
    ]);
    expect(lines()[22]).toBe('↑↓ move  read-only: approve, reject off  Tab view  q quit');
    await type(stdin, TAB);
    await eventually(() => expect(lines()[1]).toBe('preview line'));
    await eventually(() => expect(auditActions()).toEqual([]));
    await eventually(() =>
      expect(db.prepare('SELECT COUNT(*) AS n FROM revocation_decisions').get()).toEqual({ n: 0 }),
    );
    await eventually(() =>
      expect(listRequests(db, {}).map((request) => request.state)).toEqual([
        'pending-approval',
        'pending-approval',
      ]),
    );
    await eventually(() => expect(recertifications()).toEqual([]));
    await eventually(() => expect(existsSync(baselineFile)).toBe(false));
  });

  it('shows a spinner while the dry run is planned, then the plan, which scrolls when it is long', async () => {
    let finish: (lines: string[]) => void = () => {};
    const planned = Array.from({ length: 30 }, (_, index) => `plan line ${index + 1}`);
    const { lastFrame, stdin } = await start('cy@acme.example', false, {
      preview: () => new Promise<string[]>((resolve) => (finish = resolve)),
    });
    const lines = () => lastFrame()!.split('\n');
    await type(stdin, '3');
    await eventually(() =>
      expect(lines()[0]).toBe('nhiscan review · dry-run preview of queue execute · as cy@acme.example'),
    );
    await eventually(() => expect(lines()[1]).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] planning a dry run…$/));
    finish(planned);
    // 24 rows: the title, 18 plan lines and which they are, 2 status rows, the key help, a spare row.
    await eventually(() =>
      expect(lines().slice(1, 20)).toEqual([...planned.slice(0, 18), 'lines 1–18 of 30 · ↑↓ scroll']),
    );
    expect(lines().slice(20)).toEqual(['', '', '↑↓ scroll  R refresh  Tab view  q quit']);
    await type(stdin, DOWN, 'j');
    await eventually(() => expect(lines().slice(1, 3)).toEqual(['plan line 3', 'plan line 4']));
    await eventually(() => expect(lines()[19]).toBe('lines 3–20 of 30 · ↑↓ scroll'));
    await type(stdin, 'G');
    await eventually(() =>
      expect(lines().slice(18, 20)).toEqual(['plan line 30', 'lines 13–30 of 30 · ↑↓ scroll']),
    );
    await type(stdin, DOWN);
    await eventually(() => expect(lines()[19]).toBe('lines 13–30 of 30 · ↑↓ scroll'));
    await type(stdin, UP, 'g');
    await eventually(() => expect(lines()[19]).toBe('lines 1–18 of 30 · ↑↓ scroll'));
  });

  it('refuses to start without a terminal, pointing to the commands for scripts', async () => {
    const result = await cli(['review', '--db', fixture.dbPath], { cwd: fixture.dir.path, now: NOW });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'review needs an interactive terminal; use `nhiscan findings` and `nhiscan queue list` in scripts',
    );
  });
});
