/**
 * The revocation queue as the html report reads it from the store (src/report/report-queue.ts),
 * on the demo database: requests with their steps and decisions, when each was approved, and which
 * done steps a re-read of the provider verified (from the steps' audit records). Then
 * `nhiscan report --format html` shows a leaver's disable, and the JSON report's bytes do not move.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append.js';
import { recordDecision, setRequestState, updateStep } from '../../src/queue/store.js';
import { collectReportInput } from '../../src/report/report-input.js';
import { collectReportQueue, withReportQueue } from '../../src/report/report-queue.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const APPROVED_FIRST = '2026-11-26T13:00:00.000Z';
const APPROVED_SECOND = '2026-11-26T14:00:00.000Z';
const DISABLED = '2026-11-26T15:00:00.000Z';

describe('the revocation queue in the html report', () => {
  const dir = temporaryDirectory();
  let db: string;
  let jsonBefore: string;
  beforeAll(async () => {
    expect((await cli(['demo'], { cwd: dir.path })).exitCode).toBe(0);
    db = join(dir.path, 'nhiscan-demo', 'nhiscan.db');
    const json = await cli(['report', '--format', 'json', '--db', db], { cwd: dir.path });
    expect(json.exitCode).toBe(0);
    jsonBefore = json.stdout;
  }, 300_000);
  afterAll(() => dir.remove());

  it('reads every request with its steps, the plan the demo made, and nothing for the other formats', () => {
    const page = readFileSync(join(dir.path, 'nhiscan-demo', 'report.html'), 'utf8');
    expect(page).toContain(
      '<p class="note">Dry-run plan as of 2026-11-26: 17 steps would run now; nothing was changed.</p>',
    );
    expect(page).toContain('<p>65 requests in the queue.</p>');
    const store = openDatabase(db);
    try {
      const queue = collectReportQueue(store);
      expect(queue.requests.map((request) => request.id)).toEqual(
        Array.from({ length: 65 }, (_, n) => n + 1),
      );
      expect(queue.requests[0]).toMatchObject({
        id: 1,
        credentialUid: 'aws:111111111111:access-key:AKIADEMO000000000002',
        rule: 'leaver-owned',
        ownerEmployeeId: 'E1031',
        state: 'pending-approval',
        requiredApprovals: 2,
        approvedAt: null,
        decisions: [],
      });
      expect(
        queue.requests[0]!.steps.map(({ step, state, immediate, verifiedAt }) => ({
          step,
          state,
          immediate,
          verifiedAt,
        })),
      ).toEqual([
        { step: 'disable', state: 'pending', immediate: true, verifiedAt: null },
        { step: 'delete', state: 'pending', immediate: false, verifiedAt: null },
      ]);
      // An auto request is approved when it is made.
      expect(queue.requests[3]).toMatchObject({ id: 4, mode: 'auto', state: 'approved' });
      expect(queue.requests[3]!.approvedAt).toBe(queue.requests[3]!.createdAt);
      const collected = collectReportInput(store, { generatedAt: new Date('2026-11-26T12:00:00Z') });
      expect(withReportQueue(store, 'json', collected)).toBe(collected);
      expect(withReportQueue(store, 'html', collected).queue).toEqual(queue);
    } finally {
      store.close();
    }
  });

  it('dates approval at the approval that completed the count, and verification at the re-read that showed it', () => {
    const store = openDatabase(db);
    try {
      const request = collectReportQueue(store).requests[0]!;
      recordDecision(store, 1, {
        actor: 'E1001',
        decision: 'approve',
        reason: 'leaver',
        at: APPROVED_SECOND,
      });
      recordDecision(store, 1, { actor: 'E1002', decision: 'approve', reason: 'leaver', at: APPROVED_FIRST });
      setRequestState(
        store,
        { ...request, state: 'pending-approval' },
        {
          state: 'in-progress',
          reason: 'executing disable',
          actor: 'nhiscan',
          action: 'request.state',
          now: DISABLED,
        },
      );
      const doneWith = (requestId: number, verify: object, outcome = 'revoked') => {
        updateStep(store, requestId, 0, { state: 'done', outcome, finishedAt: DISABLED });
        appendAudit(store, {
          time: DISABLED,
          actor: 'nhiscan',
          action: 'step.done',
          target: `request:${requestId}`,
          reason: 'disable',
          payload: { requestId, ordinal: 0, step: 'disable', verify },
        });
      };
      doneWith(1, { usable: false, exists: true });
      doneWith(2, { usable: 'unknown', exists: 'unknown' });
      doneWith(3, { usable: 'unknown', exists: 'unknown' }, 'verified-after-restart');
      const [first, second, third] = collectReportQueue(store).requests;
      expect(first!.approvedAt).toBe(APPROVED_SECOND);
      expect(first!.decisions.map((decision) => decision.at)).toEqual([APPROVED_FIRST, APPROVED_SECOND]);
      expect(first!.steps[0]).toMatchObject({ state: 'done', finishedAt: DISABLED, verifiedAt: DISABLED });
      // The provider could not say: done, not verified.
      expect(second!.steps[0]).toMatchObject({ state: 'done', verifiedAt: null });
      expect(third!.steps[0]).toMatchObject({ state: 'done', verifiedAt: DISABLED });
    } finally {
      store.close();
    }
  });

  it("shows the leaver's disable in `report --format html`, and the JSON report is the same bytes", async () => {
    const out = join(dir.path, 'report.html');
    const html = await cli(['report', '--format', 'html', '--out', out, '--db', db], { cwd: dir.path });
    expect(html).toMatchObject({ exitCode: 0, stderr: '' });
    const page = readFileSync(out, 'utf8');
    // Dev Hughes left 2026-08-14; request #1's disable was done and verified on 2026-11-26.
    expect(page).toContain(
      'Dev Hughes: terminated 2026-08-14, request created 2026-11-26, approved 2026-11-26, disabled 2026-11-26, verified 2026-11-26; disabled 104 days after termination and verified.',
    );
    expect(page).toContain('class="chart-value">disabled after 104 d, verified</text>');
    // Without a dry run there is no plan on the page.
    expect(page).not.toContain('Dry-run plan');
    const json = await cli(['report', '--format', 'json', '--db', db], { cwd: dir.path });
    expect(json.stdout).toBe(jsonBefore);
  });
});
