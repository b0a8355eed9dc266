/**
 * The executor's announce-then-act check, case by case, on a real database: what holds a request
 * (no notice, a changed owner, no delivery, not yet its day) and what does not (its day, an
 * immediate leaver disable, a request already under way, a rule nobody is told about).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceVerdict } from '../../src/notify/gate.js';
import { insertDigest, insertNotice, recordDeliveryRow } from '../../src/notify/store.js';
import type { RevocationRequest } from '../../src/queue/model.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const UID = 'aws:111111111111:access-key:AKIAGATETEST00000001';
const NOW = new Date('2026-12-03T09:00:00Z');

function request(overrides: Partial<RevocationRequest> = {}): RevocationRequest {
  return {
    id: 1,
    credentialUid: UID,
    source: 'aws',
    rule: 'leaver-owned',
    findingUids: [],
    ownerEmployeeId: 'E2',
    privileged: false,
    mode: 'approve',
    requiredApprovals: 1,
    state: 'approved',
    stateReason: null,
    requester: 'nhiscan',
    createdAt: '2026-11-26T12:00:00Z',
    createdRunId: 1,
    updatedAt: '2026-11-26T12:00:00Z',
    steps: [
      {
        ordinal: 1,
        step: 'disable',
        afterDays: 0,
        notBefore: null,
        immediate: false,
        state: 'pending',
        attempts: 0,
        apiCall: null,
        outcome: null,
        detail: null,
        startedAt: null,
        finishedAt: null,
      },
    ],
    decisions: [],
    ...overrides,
  };
}

describe('announceVerdict', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;

  const announce = (rule: string, actAfter: string, delivered: boolean, owner = 'E2') => {
    const digestId = insertDigest(db, {
      recipient: 'carol@acme.example',
      role: 'manager',
      subject: 's',
      body: 'b',
      deadline: actAfter,
      items: [],
      createdAt: '2026-11-26T12:00:00Z',
    });
    const noticeId = insertNotice(db, {
      credentialUid: UID,
      rule,
      findingUid: `${rule}:${UID}`,
      role: 'manager',
      recipient: 'carol@acme.example',
      ownerEmployeeId: owner,
      reasonKey: `${rule}|owner:${owner}|manager:carol@acme.example`,
      actAfter,
      immediate: false,
      digestId,
      createdAt: '2026-11-26T12:00:00Z',
    });
    recordDeliveryRow(db, {
      digestId,
      channel: 'mail',
      target: 'smtp://127.0.0.1:25',
      outcome: delivered ? 'delivered' : 'failed',
      attempts: delivered ? 1 : 4,
      detail: delivered ? '250 OK' : 'SMTP RCPT TO: 550 mailbox unavailable (after 4 attempts)',
      at: '2026-11-26T12:00:01Z',
    });
    return noticeId;
  };

  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('holds a request nobody was told about', () => {
    expect(announceVerdict(db, request(), NOW)).toEqual({
      held: true,
      reason: 'leaver-owned was not announced yet: it is held until a notice is delivered (nhiscan notify)',
    });
  });

  it('holds it while its notice is undelivered, naming the last failure', () => {
    const id = announce('leaver-owned', '2026-12-03', false);
    expect(announceVerdict(db, request(), NOW)).toEqual({
      held: true,
      noticeId: id,
      reason: `notice #${id} to carol@acme.example was not delivered (mail: SMTP RCPT TO: 550 mailbox unavailable (after 4 attempts)): nothing announced, nothing removed`,
    });
  });

  it('holds it before its day and lets it go on that day', () => {
    const id = announce('leaver-owned', '2026-12-04', true);
    expect(announceVerdict(db, request(), NOW)).toEqual({
      held: true,
      noticeId: id,
      notBefore: '2026-12-04',
      reason: `announced to carol@acme.example for 2026-12-04 (notice #${id})`,
    });
    expect(announceVerdict(db, request(), new Date('2026-12-04T00:00:00Z'))).toEqual({ held: false });
  });

  it('holds it when the owner changed since the notice', () => {
    const id = announce('leaver-owned', '2026-12-01', true, 'E9');
    expect(announceVerdict(db, request(), NOW)).toMatchObject({
      held: true,
      reason: `the reason changed since notice #${id} (owner E9, now E2): a new notice starts the clock again`,
    });
  });

  it('does not hold an immediate leaver disable, a request under way, or a rule nobody is told about', () => {
    expect(announceVerdict(db, request({ mode: 'auto' }), NOW)).toEqual({ held: false });
    const started = request();
    started.steps[0]!.state = 'done';
    expect(announceVerdict(db, started, NOW)).toEqual({ held: false });
    expect(announceVerdict(db, request({ rule: 'propagation-gap' }), NOW)).toEqual({ held: false });
  });

  it('takes the leaver-owned notice as the announcement of an earlier request for another rule', () => {
    expect(announceVerdict(db, request({ rule: 'mover-recertify' }), NOW)).toMatchObject({ held: true });
    announce('leaver-owned', '2026-12-03', true);
    expect(announceVerdict(db, request({ rule: 'mover-recertify' }), NOW)).toEqual({ held: false });
  });
});
