/**
 * The review screen through ink-testing-library over a real scanned database: navigation and
 * filters, approve and reject with a reason (audit records written by the queue's own code), a
 * privileged request that needs a second, different approver, suppression into the baseline,
 * recertification through the CLI's own code, and read-only mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listRequests } from '../../src/queue/index.js';
import { ReviewApp } from '../../src/review/app.js';
import type { Db } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { appProps, NOW, openDatabase, scannedFixture } from './fixture.js';

const DOWN = '\u001B[B';
const ENTER = '\r';
const TAB = '\t';
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Waits until the screen shows what is expected (a decision reloads the data before it redraws). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 20 });

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
  const start = async (reviewer: string, readOnly = false) => {
    app = render(React.createElement(ReviewApp, appProps(db, { reviewer, readOnly, baselineFile })));
    await tick();
    await tick();
    return app;
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

  it('groups findings by owner with leavers first, moves, and filters', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    const frame = lastFrame()!;
    const lines = frame.split('\n');
    expect(lines[0]).toBe('nhiscan review · findings · 6 findings · filters: none · as cy@acme.example');
    expect(lines.slice(1, 9)).toEqual([
      '▸ Bob Baker <bob@acme.example> — leaver, left 2026-10-01 (2)',
      '› critical leaver-owned        jenkins:ci:api-token:jk-1',
      '  critical leaver-owned        snowflake:prod:key-pair:sf-1',
      '▸ Ann Archer <ann@acme.example> (2)',
      '  medium   stale               datadog:acme:api-key:dd-1',
      '  low      over-age            datadog:acme:api-key:dd-1',
      '▸ No known owner (2)',
      '  high     owner-unknown       datadog:acme:api-key:dd-2',
    ]);
    expect(frame).toContain(
      'owner       Bob Baker <bob@acme.example> — leaver, left 2026-10-01 · confidence 0.95 resolved',
    );
    expect(frame).toContain('request     #1 pending-approval · approvals 0/1 · leaver-owned');

    await type(stdin, DOWN);
    await eventually(() =>
      expect(lastFrame()).toContain('› critical leaver-owned        snowflake:prod:key-pair:sf-1'),
    );
    await eventually(() =>
      expect(lastFrame()).toContain('privilege   marked privileged in inventory.csv line 3'),
    );

    await type(stdin, '/', 'dd-1', ENTER);
    expect(lastFrame()!.split('\n')[0]).toBe(
      'nhiscan review · findings · 2 findings · filters: "dd-1" · as cy@acme.example',
    );
    expect(lastFrame()).not.toContain('jk-1');

    await type(stdin, 'c', 's', 's');
    expect(lastFrame()!.split('\n')[0]).toBe(
      'nhiscan review · findings · 3 findings · filters: severity≥high · as cy@acme.example',
    );
    await type(stdin, 'c', 'p');
    expect(lastFrame()!.split('\n')[0]).toBe(
      'nhiscan review · findings · 4 findings · filters: provider=datadog · as cy@acme.example',
    );
    await type(stdin, 'c', 'o', 'ann', ENTER);
    expect(lastFrame()!.split('\n')[0]).toBe(
      'nhiscan review · findings · 2 findings · filters: owner~ann · as cy@acme.example',
    );
  });

  it('approves with a reason through the queue, which writes the audit record', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'a');
    await eventually(() => expect(lastFrame()).toContain('Reason to approve #1: _'));
    await type(stdin, 'Bob left in October', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain(
        'approved #1 as cy@acme.example: approved · approvals 1/1 · leaver-owned',
      ),
    );
    await eventually(() =>
      expect(lastFrame()).toContain('request     #1 approved · approvals 1/1 · leaver-owned'),
    );
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
    ]);
  });

  it('rejects with a reason, and refuses an empty one', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'x', ENTER);
    await eventually(() => expect(lastFrame()).toContain('a reason is required to reject; nothing recorded'));
    await type(stdin, 'x', 'jenkins token is handed over to Cy', ENTER);
    await eventually(() => expect(lastFrame()).toContain('rejected #1 as cy@acme.example'));
    expect(listRequests(db, {}).find((request) => request.id === 1)!.state).toBe('rejected');
    expect(auditActions()).toEqual([
      {
        actor: 'cy@acme.example',
        action: 'request.rejected',
        target: 'request:1',
        reason: 'rejected by cy@acme.example: jenkins token is handed over to Cy',
      },
    ]);
  });

  it('keeps a privileged request pending until a second, different person approves it', async () => {
    let screen = await start('cy@acme.example');
    await type(screen.stdin, DOWN, 'a', 'first look', ENTER);
    await eventually(() =>
      expect(screen.lastFrame()).toContain(
        'request     #2 pending-approval · approvals 1/2 · leaver-owned · privileged',
      ),
    );
    await type(screen.stdin, 'a', 'again', ENTER);
    await eventually(() => expect(screen.lastFrame()).toContain('refused: '));
    await eventually(() =>
      expect(screen.lastFrame()).toContain(
        'request     #2 pending-approval · approvals 1/2 · leaver-owned · privileged',
      ),
    );
    screen.unmount();

    screen = await start('ann@acme.example');
    await type(screen.stdin, DOWN, 'a', 'second approver', ENTER);
    await eventually(() =>
      expect(screen.lastFrame()).toContain(
        'request     #2 approved · approvals 2/2 · leaver-owned · privileged',
      ),
    );
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
    ]);
  });

  it('suppresses a finding until a date by writing the baseline', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, DOWN, 'u', '2027-13-01', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain('expected a date such as 2027-03-31, got "2027-13-01"; nothing recorded'),
    );
    expect(existsSync(baselineFile)).toBe(false);
    await type(stdin, 'u', '2027-03-31', ENTER, 'old metrics key, rotating in Q1', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain(
        'suppressed over-age until 2027-03-31 in the baseline (applies at the next scan)',
      ),
    );
    const written = readFileSync(baselineFile, 'utf8');
    expect(written).toContain('reason: old metrics key, rotating in Q1');
    expect(written).toContain('approvedBy: cy@acme.example');
    expect(written).toContain('expires: 2027-03-31');
  });

  it("recertifies the selected finding's credential for its rule, as the reviewer, with the CLI's code", async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, 'R');
    await eventually(() => expect(lastFrame()).toContain('Reason to recertify datadog:acme:api-key:dd-1: _'));
    // A reason wider than the screen scrolls: its end stays in sight.
    await type(stdin, 'feeds the metrics export for the finance dashboards each night');
    await eventually(() => expect(lastFrame()).toContain('for the finance dashboards each night_'));
    await type(stdin, ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain('Keep stale until (YYYY-MM-DD, empty = 90 days): _'),
    );
    await type(stdin, '2027-01-15', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain(
        'recertified stale until 2027-01-15 (applies at the next scan): datadog:acme:api-key:dd-1',
      ),
    );
    expect(recertifications()).toEqual([
      {
        credentialUid: 'datadog:acme:api-key:dd-1',
        rules: '["stale"]',
        by: 'cy@acme.example',
        reason: 'feeds the metrics export for the finance dashboards each night',
        until: '2027-01-15',
        recordedAt: '2026-11-26T12:00:00.000Z',
      },
    ]);
    expect(recertifiedAudit()).toEqual([
      {
        actor: 'cy@acme.example',
        target: 'datadog:acme:api-key:dd-1',
        reason: 'feeds the metrics export for the finance dashboards each night',
        payload: JSON.stringify({
          credentialUid: 'datadog:acme:api-key:dd-1',
          recertificationId: 1,
          rules: ['stale'],
          until: '2027-01-15',
        }),
      },
    ]);

    // An empty date is the CLI's default: 90 days from today.
    await type(stdin, DOWN, 'R', 'same key, same job', ENTER, ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain(
        'recertified over-age until 2027-02-24 (applies at the next scan): datadog:acme:api-key:dd-1',
      ),
    );
    expect(recertifications()).toHaveLength(2);
    expect(recertifications()[1]).toMatchObject({ rules: '["over-age"]', until: '2027-02-24' });
  });

  it('refuses to recertify a leaver-owned finding, pointing to the baseline, and records nothing', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, 'R');
    await eventually(() =>
      expect(lastFrame()).toContain('leaver-owned cannot be recertified: a baseline entry (u) can accept it'),
    );
    expect(lastFrame()).not.toContain('Reason to');
    expect(recertifications()).toEqual([]);
    expect(recertifiedAudit()).toEqual([]);
  });

  it('refuses a bad date or an empty reason to recertify and records nothing', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example');
    await type(stdin, DOWN, DOWN, 'R', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain('a reason is required to recertify; nothing recorded'),
    );
    await type(stdin, 'R', 'kept', ENTER, '2027-13-01', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain('expected a date such as 2027-03-31, got "2027-13-01"; nothing recorded'),
    );
    await type(stdin, 'R', 'kept', ENTER, '2026-11-01', ENTER);
    await eventually(() =>
      expect(lastFrame()).toContain(
        'expected a date after today (2026-11-26) and at most 365 days ahead, got 2026-11-01',
      ),
    );
    await type(stdin, 'R', 'kept', ENTER, '2027-01-15', '\u001B');
    await eventually(() => expect(lastFrame()).toContain('cancelled'));
    expect(recertifications()).toEqual([]);
    expect(recertifiedAudit()).toEqual([]);
  });

  it('refuses to recertify in read-only mode', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example', true);
    await type(stdin, DOWN, DOWN, 'R');
    await eventually(() =>
      expect(lastFrame()).toContain(
        'read-only: approve, reject, suppress and recertify are disabled (--read-only)',
      ),
    );
    await type(stdin, 'kept', ENTER, ENTER);
    expect(lastFrame()).not.toContain('Reason to');
    expect(recertifications()).toEqual([]);
    expect(recertifiedAudit()).toEqual([]);
  });

  it('shows the queue and changes nothing in read-only mode', async () => {
    const { lastFrame, stdin } = await start('cy@acme.example', true);
    expect(lastFrame()!.split('\n')[0]).toContain('(read-only)');
    await type(stdin, 'a');
    await eventually(() =>
      expect(lastFrame()).toContain(
        'read-only: approve, reject, suppress and recertify are disabled (--read-only)',
      ),
    );
    await type(stdin, 'u', 'x');
    expect(lastFrame()).not.toContain('Reason to');
    await type(stdin, TAB);
    expect(lastFrame()!.split('\n').slice(0, 3)).toEqual([
      'nhiscan review · queue · 6 findings · filters: none · as cy@acme.example (read-only)',
      '› #1    pending-approval · approvals 0/1 · leaver-owned  jenkins:ci:api-token:jk-1',
      '  #2    pending-approval · approvals 0/2 · leaver-owned · privileged  snowflake:prod:key-pair:sf-1',
    ]);
    await type(stdin, 'a');
    await eventually(() =>
      expect(lastFrame()).toContain(
        'read-only: approve, reject, suppress and recertify are disabled (--read-only)',
      ),
    );
    await type(stdin, TAB);
    await eventually(() => expect(lastFrame()).toContain('preview line'));
    expect(auditActions()).toEqual([]);
    expect(existsSync(baselineFile)).toBe(false);
  });

  it('refuses to start without a terminal, pointing to the commands for scripts', async () => {
    const result = await cli(['review', '--db', fixture.dbPath], { cwd: fixture.dir.path, now: NOW });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'review needs an interactive terminal; use `nhiscan findings` and `nhiscan queue list` in scripts',
    );
  });
});
