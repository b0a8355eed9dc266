import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE, plugin } from '../../../scanners/inventory-file/index.js';
import { parseInventory } from '../../../scanners/inventory-file/inventory.js';
import type { ScanContext, ScanPage } from '../../../src/core/plugin.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department';
const dir = temporaryDirectory();
afterAll(() => dir.remove());

const contextFor = (baseDir: string, signal = new AbortController().signal): ScanContext => ({
  signal,
  asOf: new Date('2026-11-26T00:00:00Z'),
  baseDir,
});
async function collect(iterable: AsyncIterable<ScanPage>): Promise<ScanPage[]> {
  const pages: ScanPage[] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe('inventory-file plugin', () => {
  it('declares its id, permissions and a strict options schema', () => {
    expect(plugin.id).toBe('inventory-file');
    expect(plugin.permissions).toEqual({ scan: ['read access to the inventory file'], revoke: [] });
    expect(plugin.optionsSchema.safeParse({ path: 'inv.csv' }).success).toBe(true);
    expect(plugin.optionsSchema.safeParse({ path: 'inv.csv', sheet: 2 }).success).toBe(false);
    expect(plugin.optionsSchema.safeParse({ path: '' }).success).toBe(false);
    expect(plugin.optionsSchema.safeParse({}).success).toBe(false);
  });

  it('reads the bundled sample: 10 credentials in one complete page', async () => {
    const scanner = plugin.create({ path: 'sample.csv' }, { name: 'sample' });
    const pages = await collect(
      scanner.list(contextFor(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'inventory'))),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]!.partial).toBeUndefined();
    expect(pages[0]!.credentials).toHaveLength(10);
    expect(pages[0]!.principals).toHaveLength(9);
    expect(pages[0]!.credentials.map((credential) => credential.uid)).toContain(
      'vendor-portal:billing:password:vp-admin',
    );
  });

  it('lists pages of at most 500 credentials, each with its own principals once', async () => {
    const rows = Array.from({ length: 2 * PAGE_SIZE + 1 }, (_, i) => `x,a,k,id${i},p${i % 3},,,,,,,`);
    writeFileSync(join(dir.path, 'big.csv'), [HEADER, ...rows].join('\n'));
    const scanner = plugin.create({ path: 'big.csv' }, { name: 'sheet' });
    const pages = await collect(scanner.list(contextFor(dir.path)));
    expect(pages.map((page) => [page.credentials.length, page.principals.length, page.partial])).toEqual([
      [500, 3, undefined],
      [500, 3, undefined],
      [1, 1, undefined],
    ]);
    expect(pages[2]!.credentials[0]!.externalId).toBe('id1000');
    expect(pages[2]!.principals.map((principal) => principal.uid)).toEqual(['x:a:principal:p1']);
  });

  it('yields one empty, complete page for a header-only file (an empty list, not a failure)', async () => {
    writeFileSync(join(dir.path, 'empty-list.csv'), `${HEADER}\n`);
    const scanner = plugin.create({ path: 'empty-list.csv' }, { name: 'sheet' });
    expect(await collect(scanner.list(contextFor(dir.path)))).toEqual([{ credentials: [], principals: [] }]);
  });

  it('throws an AbortError when aborted before or between pages', async () => {
    const rows = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => `x,a,k,id${i},,,,,,,,`);
    writeFileSync(join(dir.path, 'two-pages.csv'), [HEADER, ...rows].join('\n'));
    const scanner = plugin.create({ path: 'two-pages.csv' }, { name: 'sheet' });

    const before = new AbortController();
    before.abort();
    await expect(collect(scanner.list(contextFor(dir.path, before.signal)))).rejects.toMatchObject({
      name: 'AbortError',
    });

    const between = new AbortController();
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of scanner.list(contextFor(dir.path, between.signal))) {
          seen.push(page.credentials.length);
          between.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([500]);
  });

  it('names the file as the user wrote it when it is missing', async () => {
    const scanner = plugin.create({ path: 'nope/inv.csv' }, { name: 'sheet' });
    await expect(collect(scanner.list(contextFor(dir.path)))).rejects.toThrow(
      `nope/inv.csv: inventory file not found (looked for ${join(dir.path, 'nope/inv.csv')})`,
    );
    await expect(collect(scanner.list(contextFor(dir.path)))).rejects.toMatchObject({
      name: 'InputError',
      exitCode: 2,
    });
  });

  it('resolves a relative path against the config folder and accepts an absolute one', async () => {
    writeFileSync(join(dir.path, 'one.csv'), `${HEADER}\nx,a,k,id1,,,,,,,,\n`);
    const relative = plugin.create({ path: 'one.csv' }, { name: 'sheet' });
    const absolute = plugin.create({ path: join(dir.path, 'one.csv') }, { name: 'sheet' });
    expect((await collect(relative.list(contextFor(dir.path))))[0]!.credentials).toHaveLength(1);
    expect((await collect(absolute.list(contextFor('/nonexistent'))))[0]!.credentials).toHaveLength(1);
  });
});

describe('inventory-file revoke: a manual task', () => {
  const scanner = plugin.create({ path: 'unused.csv' }, { name: 'sheet' });
  const [held, unheld] = parseInventory(
    Buffer.from(
      `${HEADER}\njenkins,ci.acme.example,api-token,jk-1,svc-ci,,,,,,,\npagerduty,acme,rest-api-key,pd-1,,,,,,,,\n`,
    ),
    { file: 'inv.csv', sourceName: 'sheet' },
  ).credentials;
  const options = (dryRun: boolean) => ({ dryRun, signal: new AbortController().signal });
  const instructions =
    'Revoke api-token jk-1 for svc-ci in jenkins/ci.acme.example by hand, then run `nhiscan queue confirm ID --by WHO --reason TEXT`';

  it('waits for a human, with instructions', async () => {
    expect(await scanner.revoker.revoke(held!, 'manual', options(false))).toEqual({
      outcome: 'waiting-for-human',
      apiCall: 'manual',
      manualTask: { instructions },
    });
  });

  it('is planned in a dry run, with the same call and instructions', async () => {
    expect(await scanner.revoker.revoke(held!, 'manual', options(true))).toEqual({
      outcome: 'planned',
      apiCall: 'manual',
      manualTask: { instructions },
    });
  });

  it('words the task for the step, and leaves out a missing principal', async () => {
    const text = async (step: 'disable' | 'delete' | 'revoke-sessions', credential = held!) =>
      (await scanner.revoker.revoke(credential, step, options(false))).manualTask?.instructions;
    expect(await text('delete')).toBe(instructions);
    expect(await text('disable')).toBe(instructions.replace('Revoke', 'Disable'));
    expect(await text('revoke-sessions')).toBe(instructions.replace('Revoke', 'End the sessions of'));
    expect(await text('delete', unheld)).toBe(
      'Revoke rest-api-key pd-1 in pagerduty/acme by hand, then run `nhiscan queue confirm ID --by WHO --reason TEXT`',
    );
  });

  it('has one manual step and no verify: nothing can re-read a spreadsheet system', () => {
    expect(scanner.revoker.steps(held!)).toEqual(['manual']);
    expect('verify' in scanner.revoker).toBe(false);
    expect(scanner.revoker.isTransient(new Error('anything'))).toBe(false);
  });
});
