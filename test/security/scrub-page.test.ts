/**
 * The choke point between scanners and the store (src/scan/scrub-page.ts, scan-source.ts): every
 * string of a page is checked, a secret inside is replaced by `[redacted:<kind>]` with the rest of
 * the field kept, one redaction per field names the credential (by its redacted uid) and the field;
 * names are checked as name-like, ids are not; provider text outside pages (scopes, reasons, error
 * messages) goes through the redactor.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { scanSource } from '../../src/scan/scan-source.js';
import { scrubPage } from '../../src/scan/scrub-page.js';
import { beginRun, type Db, openDatabase } from '../../src/store/index.js';
import { credential } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const GITHUB = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const SLACK = 'xoxb-1234567890-abcdefghijklmnop';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** 36 distinct letters and digits: random to a name-like field, an ordinary id elsewhere. */
const OPAQUE = 'q7Xk2Lm9Pz4Rt8Vw3Ny6Bc1Hd5Jf0GsZaYbWe';

describe('scrubPage', () => {
  it('keeps each field with its secret replaced, and names the credential by its redacted uid', () => {
    const { page, redactions } = scrubPage({
      credentials: [
        credential('x', {
          uid: `aws:111122223333:console-password:${GITHUB}`,
          externalId: OPAQUE,
          principalName: `svc ${OPAQUE}`,
          department: `ops ${AWS_SECRET}`,
          ownerSignals: [{ kind: 'tag', value: `ann@acme.example token=${SLACK}`, source: 'tag owner' }],
          attributes: { [GITHUB]: 'v', note: `${SLACK} and ${GITHUB}` },
        }),
      ],
      principals: [
        { uid: 'p1', provider: 'aws', account: '1', kind: 'iam-user', name: 'n', tags: { t: SLACK } },
      ],
    });
    expect(page.credentials[0]).toEqual(
      credential('x', {
        uid: 'aws:111122223333:console-password:[redacted:github-token]',
        externalId: OPAQUE,
        principalName: 'svc [redacted:random-string]',
        department: 'ops [redacted:aws-secret-key]',
        ownerSignals: [
          { kind: 'tag', value: 'ann@acme.example token=[redacted:slack-token]', source: 'tag owner' },
        ],
        attributes: {
          '[redacted:github-token]': 'v',
          note: '[redacted:slack-token] and [redacted:github-token]',
        },
      }),
    );
    expect(page.principals).toEqual([
      {
        uid: 'p1',
        provider: 'aws',
        account: '1',
        kind: 'iam-user',
        name: 'n',
        tags: { t: '[redacted:slack-token]' },
      },
    ]);
    const named = 'credential aws:111122223333:console-password:[redacted:github-token] field';
    expect(redactions).toEqual([
      {
        scope: `${named} uid`,
        reason: 'held what looks like a GitHub token; stored as [redacted:github-token]',
      },
      {
        scope: `${named} principalName`,
        reason:
          'held what looks like a long random string (a key or token); stored as [redacted:random-string]',
      },
      {
        scope: `${named} department`,
        reason: 'held what looks like an AWS secret access key; stored as [redacted:aws-secret-key]',
      },
      {
        scope: `${named} ownerSignals[0].value`,
        reason: 'held what looks like a Slack token; stored as [redacted:slack-token]',
      },
      {
        scope: `${named} attributes.[redacted:github-token]`,
        reason: 'held what looks like a GitHub token; stored as [redacted:github-token]',
      },
      {
        scope: `${named} attributes.note`,
        reason:
          'held what looks like a Slack token and a GitHub token; stored as [redacted:slack-token] and [redacted:github-token]',
      },
      {
        scope: 'principal p1 field tags.t',
        reason: 'held what looks like a Slack token; stored as [redacted:slack-token]',
      },
    ]);
  });

  it('leaves a page without secrets as it was, with no redaction', () => {
    const listed: ScanPage = {
      credentials: [
        credential('AKIAEXAMPLE000000001', {
          principalName: 'etl-deploy',
          hint: 'SHA256:/7qVHQUtJQ/7Bcgx0v2JxSaWlXS8vhpfsrSJ7WaF8yo',
          attributes: { keyOrigin: 'GOOGLE_PROVIDED', keyId: 'ab'.repeat(20) },
        }),
      ],
      principals: [],
    };
    const { page, redactions } = scrubPage(listed);
    expect([page, redactions]).toEqual([listed, []]);
  });
});

describe('scanSource with provider text holding secrets', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  const plugin = (pages: ScanPage[], failure?: Error): ScannerPlugin<unknown> => ({
    id: 'fake',
    description: 'fake',
    credentialKinds: ['ssh-key'],
    permissions: { scan: [], revoke: [] },
    optionsSchema: z.unknown(),
    create: () => ({
      async *list() {
        yield* pages;
        if (failure) throw failure;
      },
    }),
  });
  const scan = (pages: ScanPage[], failure?: Error) =>
    scanSource(
      db,
      beginRun(db, {
        startedAt: '2026-11-26T00:00:00.000Z',
        asOf: '2026-11-26T00:00:00.000Z',
        hrSnapshotId: null,
        onlySources: null,
      }),
      { name: 's', type: 'fake', plugin: plugin(pages, failure), options: {}, baseDir: '.' },
      { signal: new AbortController().signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' },
    );

  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('redacts partial scopes and reasons, a failure message, and an unsupported account as its credentials', async () => {
    const account = `org-${GITHUB}`;
    const outcome = await scan(
      [
        {
          credentials: [credential('k1', { uid: `x:${account}:ssh-key:k1`, account, kind: 'ssh-key' })],
          principals: [],
          partial: { scope: `repo ${account}/api`, reason: `502 from proxy (${SLACK})` },
          unsupported: { scope: 'saml', reason: 'no SAML', account, kinds: ['ssh-key'] },
        },
      ],
      new Error(`connection reset after ${AWS_SECRET}`),
    );
    expect(outcome).toEqual({
      name: 's',
      type: 'fake',
      status: 'failed',
      credentials: 1,
      problems: [
        { scope: 'repo org-[redacted]/api', reason: '502 from proxy ([redacted])' },
        { scope: 'saml', reason: 'unsupported (the scan stays complete): no SAML' },
        { scope: 'source s', reason: 'connection reset after [redacted]' },
      ],
      unsupported: [{ account: 'org-[redacted:github-token]', kinds: ['ssh-key'] }],
      redactions: [
        {
          scope: 'credential x:org-[redacted:github-token]:ssh-key:k1 field uid',
          reason: 'held what looks like a GitHub token; stored as [redacted:github-token]',
        },
        {
          scope: 'credential x:org-[redacted:github-token]:ssh-key:k1 field account',
          reason: 'held what looks like a GitHub token; stored as [redacted:github-token]',
        },
      ],
    });
    const staged = db.prepare("SELECT uid, data FROM scan_staging WHERE entity = 'credential'").all() as {
      uid: string;
      data: string;
    }[];
    expect(staged.map((row) => [row.uid, JSON.parse(row.data).account])).toEqual([
      ['x:org-[redacted:github-token]:ssh-key:k1', 'org-[redacted:github-token]'],
    ]);
  });
});
