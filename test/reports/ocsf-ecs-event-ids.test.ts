/**
 * Event ids across the two formats: the OCSF event and the ECS document of one fact have different
 * ids (the format is hashed in), each stable across renders, so a receiver deduplicating on the id
 * across sourcetypes or indices keeps both, and a dead-letter file holding both formats loses neither.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ecsEvents } from '../../reports/ecs/index.js';
import type { ReportEvent } from '../../reports/events.js';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import {
  appendDeadLetters,
  type DeadLetter,
  readDeadLetters,
  removeDelivered,
} from '../../src/sinks/dead-letter.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { RICH } from './ecs-rich-fixture.js';
import { SIEM_INPUT } from './siem-fixture.js';

const options = { includeInventory: true, actions: RICH.actions };
const ocsf = ocsfEvents(RICH.input, options);
const ecs = ecsEvents(RICH.input, options);
const ids = (events: readonly ReportEvent[]) => events.map((item) => item.id);

describe('event ids per format', () => {
  it('pins the leaver finding’s ids: sha256 of format, "finding", uid, status, last seen, resolved', () => {
    // sha256("ocsf\0finding\0nhi-aaa…\0open\02026-11-26T11:00:00.000Z\0"), first 32 hex; "ecs" likewise.
    expect(ocsfEvents(SIEM_INPUT)[0]!.id).toBe('nhi-evt-f3a8985da806fea1748febd219ca774b');
    expect(ecsEvents(SIEM_INPUT)[0]!.id).toBe('nhi-evt-e242cd73c4884596428bcaac3689a6a8');
  });

  it('never gives an OCSF event and an ECS document the same id: findings, credentials, revocations', () => {
    expect(ocsf).toHaveLength(ecs.length);
    const ocsfIds = new Set(ids(ocsf));
    expect(ocsfIds.size).toBe(ocsf.length);
    expect(new Set(ids(ecs)).size).toBe(ecs.length);
    expect(ids(ecs).filter((id) => ocsfIds.has(id))).toEqual([]);
    // An OCSF revocation's id is its audit record's hash (sha256 hex), as the audit export gives it.
    const actions = RICH.actions.length;
    for (const id of [...ids(ocsf.slice(0, -actions)), ...ids(ecs)])
      expect(id).toMatch(/^nhi-evt-[0-9a-f]{32}$/);
    for (const id of ids(ocsf.slice(-actions))) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps each format’s ids across renders, and the event’s own id field equal to it', () => {
    expect(ids(ocsfEvents(RICH.input, options))).toEqual(ids(ocsf));
    expect(ids(ecsEvents(RICH.input, options))).toEqual(ids(ecs));
    expect(ocsf.map((item) => (item.event.metadata as { uid: string }).uid)).toEqual(ids(ocsf));
    expect(ecs.map((item) => (item.event.event as { id: string }).id)).toEqual(ids(ecs));
  });

  it('keeps the OCSF revocation id the audit record’s hash; the ECS one names that hash', () => {
    const hashes = RICH.actions.map((action) => action.metadata.uid);
    expect(ids(ocsf.slice(-hashes.length))).toEqual(hashes);
    expect(
      ecs
        .slice(-hashes.length)
        .map((item) => (item.event.nhiscan as { action: { audit_hash: string } }).action),
    ).toEqual(hashes.map((hash) => expect.objectContaining({ audit_hash: hash })));
  });

  describe('in one dead-letter file', () => {
    const dir = temporaryDirectory();
    afterAll(() => dir.remove());
    const letters = (format: string, events: readonly ReportEvent[]): DeadLetter[] =>
      events.map((item) => ({
        ...item,
        format,
        sink: 'hec',
        error: 'HTTP 503',
        attempts: 1,
        deadLetteredAt: '2026-11-26T12:00:00.000Z',
      }));

    it('keeps both formats’ events of the same report, and delivering one format removes only its own', () => {
      const path = join(dir.path, 'dead.ndjson');
      expect(appendDeadLetters(path, letters('ocsf', ocsf))).toBe(ocsf.length);
      expect(appendDeadLetters(path, letters('ecs', ecs))).toBe(ecs.length);
      removeDelivered(path, new Set(ids(ocsf)));
      expect(readDeadLetters(path).map((letter) => [letter.format, letter.id])).toEqual(
        ecs.map((item) => ['ecs', item.id]),
      );
    });
  });
});
