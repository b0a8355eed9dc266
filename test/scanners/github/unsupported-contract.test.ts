/**
 * The `unsupported` contract (src/core/plugin.ts UnsupportedMark): a part the provider does not
 * offer is listed with the source's problems but keeps the source complete (scan-source), and the
 * merge keeps the credentials it covers as unverified instead of marking them gone (store).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Credential } from '../../../src/core/model.js';
import type { ScannerPlugin, ScanPage } from '../../../src/core/plugin.js';
import { scanSource } from '../../../src/scan/scan-source.js';
import {
  allCredentials,
  beginRun,
  type Db,
  mergeRun,
  openDatabase,
  stagePage,
  type UnsupportedCoverage,
} from '../../../src/store/index.js';
import { credential as build } from '../../support/builders.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

const credential = (account: string, kind: string, id: string): Credential =>
  build(id, { uid: `x:${account}:${kind}:${id}`, provider: 'x', account, kind });

const unsupported = {
  scope: 'org beta credential authorizations',
  reason: 'no SAML (token=ghp_abcdefghijklmnopqrstuvwxyz0123456789)',
  account: 'beta',
  kinds: ['ssh-key'],
};

function fakePlugin(pages: ScanPage[]): ScannerPlugin<unknown> {
  return {
    id: 'fake',
    description: 'fake',
    credentialKinds: ['ssh-key'],
    permissions: { scan: [], revoke: [] },
    optionsSchema: z.unknown(),
    create: () => ({
      async *list() {
        yield* pages;
      },
    }),
  };
}

describe('unsupported parts of a source', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  let run = 0;
  const begin = () => {
    run = beginRun(db, {
      startedAt: `2026-11-${String(10 + run).padStart(2, '0')}T00:00:00.000Z`,
      asOf: '2026-11-26T00:00:00.000Z',
      hrSnapshotId: null,
      onlySources: null,
    });
    return run;
  };
  const scan = (
    status: 'complete' | 'partial',
    credentials: Credential[],
    covered: UnsupportedCoverage[] = [],
  ) => {
    const id = begin();
    stagePage(db, id, 's', { credentials, principals: [] });
    return mergeRun(db, id, [{ name: 's', status, unsupported: covered }]);
  };
  const states = () =>
    Object.fromEntries([...allCredentials(db)].map((c) => [c.credential.uid, [c.state, c.stateReason]]));

  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
    run = 0;
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('keeps the source complete, lists the part with its problems (redacted) and reports what it covers', async () => {
    const pages: ScanPage[] = [
      { credentials: [credential('beta', 'deploy-key', '1')], principals: [], unsupported },
    ];
    const outcome = await scanSource(
      db,
      begin(),
      { name: 's', type: 'fake', plugin: fakePlugin(pages), options: {}, baseDir: '.' },
      { signal: new AbortController().signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' },
    );
    expect(outcome).toEqual({
      name: 's',
      type: 'fake',
      status: 'complete',
      credentials: 1,
      problems: [
        {
          scope: 'org beta credential authorizations',
          reason: 'unsupported (the scan stays complete): no SAML (token=[redacted])',
        },
      ],
      unsupported: [{ account: 'beta', kinds: ['ssh-key'] }],
      redactions: [],
    });
  });

  it('is still partial when another page is partial', async () => {
    const pages: ScanPage[] = [
      { credentials: [], principals: [], unsupported },
      { credentials: [], principals: [], partial: { scope: 'org beta repositories', reason: '502' } },
    ];
    const outcome = await scanSource(
      db,
      begin(),
      { name: 's', type: 'fake', plugin: fakePlugin(pages), options: {}, baseDir: '.' },
      { signal: new AbortController().signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' },
    );
    expect([outcome.status, outcome.problems.map((p) => p.scope)]).toEqual([
      'partial',
      ['org beta credential authorizations', 'org beta repositories'],
    ]);
  });

  it('keeps covered credentials unverified in a complete run and marks the rest gone as usual', () => {
    scan('complete', [
      credential('beta', 'ssh-key', 'a'),
      credential('beta', 'deploy-key', 'b'),
      credential('acme', 'ssh-key', 'c'),
    ]);
    expect(scan('complete', [], [{ account: 'beta', kinds: ['ssh-key', 'personal-access-token'] }])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      gone: 2,
      unverified: 1,
    });
    expect(states()).toEqual({
      'x:acme:ssh-key:c': ['gone', 'not returned by complete scan of source s'],
      'x:beta:deploy-key:b': ['gone', 'not returned by complete scan of source s'],
      'x:beta:ssh-key:a': [
        'unverified',
        'source s did not list ssh-key in beta in run 2: the provider does not offer it there (unsupported)',
      ],
    });
    // Listed again once the provider offers the part again: present.
    scan('complete', [credential('beta', 'ssh-key', 'a')]);
    expect(states()['x:beta:ssh-key:a']).toEqual(['present', null]);
  });
});
