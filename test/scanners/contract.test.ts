/**
 * The plugin contract (src/core/plugin.ts; docs/architecture.md, "The plugin contract"), checked
 * once for every plugin scanners/index.ts registers, each against its own emulator (or file)
 * through its contract fixture, `test/scanners/<id>/contract-fixture.ts` (contract-support.ts says
 * what one gives). A plugin registered later runs here without editing this file, and fails here,
 * naming the missing file, until it has a fixture.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin, registeredPluginIds } from '../../scanners/index.js';
import { isInputError } from '../../src/core/errors.js';
import type { Credential } from '../../src/core/model.js';
import type { Revoker, ScanContext, Scanner, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { countClientRequests } from './client-requests.js';
import type { ContractFixture, ContractSource } from './contract-support.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

async function fixtureOf(id: string): Promise<ContractFixture> {
  const path = join(HERE, id, 'contract-fixture.ts');
  if (!existsSync(path))
    throw new Error(
      `scanner plugin ${id} has no contract fixture: add test/scanners/${id}/contract-fixture.ts exporting contractFixture (see test/scanners/contract-support.ts)`,
    );
  const module = (await import(pathToFileURL(path).href)) as { contractFixture?: ContractFixture };
  if (!module.contractFixture)
    throw new Error(`test/scanners/${id}/contract-fixture.ts does not export contractFixture`);
  return module.contractFixture;
}

const byUid = (a: Credential, b: Credential) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe.each(registeredPluginIds())('the %s plugin keeps the plugin contract', (id) => {
  let plugin: ScannerPlugin;
  let fixture: ContractFixture;
  let source: ContractSource | undefined;

  beforeAll(async () => {
    plugin = await loadPlugin(id);
    fixture = await fixtureOf(id);
  });
  afterEach(async () => {
    if (!source) return;
    await source.close();
    for (const name of Object.keys(source.env)) delete process.env[name];
    source = undefined;
  });

  /** Starts the fixture's provider and creates a scanner for it, options parsed by the plugin's schema. */
  async function open(denied = false): Promise<{ scanner: Scanner; source: ContractSource }> {
    const started = await (denied ? fixture.startDenied() : fixture.start());
    source = started;
    Object.assign(process.env, started.env);
    const options = plugin.optionsSchema.parse(started.options);
    return {
      scanner: plugin.create(options, { name: `contract-${id}`, baseDir: started.baseDir }),
      source: started,
    };
  }

  const contextFor = (started: ContractSource, signal = new AbortController().signal): ScanContext => ({
    signal,
    asOf: new Date('2026-11-26T00:00:00Z'),
    baseDir: started.baseDir,
  });

  async function listAll(scanner: Scanner, started: ContractSource): Promise<ScanPage[]> {
    const pages: ScanPage[] = [];
    for await (const page of scanner.list(contextFor(started))) pages.push(page);
    return pages;
  }

  /** Everything the fixture's readable provider lists, and its scanner's revoker. */
  async function listed(): Promise<{
    credentials: Credential[];
    revoker: Revoker | undefined;
    started: ContractSource;
  }> {
    const { scanner, source: started } = await open();
    const pages = await listAll(scanner, started);
    return {
      credentials: pages.flatMap((page) => page.credentials).sort(byUid),
      revoker: scanner.revoker,
      started,
    };
  }

  const throughProvider = (revoker: Revoker | undefined, credentials: readonly Credential[]) =>
    revoker !== undefined &&
    credentials.some((credential) => revoker.steps(credential).some((step) => step !== 'manual'));

  it('lists credentials from a provider it may read fully, with no page marked partial', async () => {
    const { scanner, source: started } = await open();
    const pages = await listAll(scanner, started);
    expect(pages.flatMap((page) => page.credentials).length).toBeGreaterThan(0);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([]);
  });

  it('stops a scan cancelled before it starts: no page, no provider request, the listing rejects', async () => {
    const { scanner, source: started } = await open();
    const controller = new AbortController();
    controller.abort(new Error('contract: cancelled'));
    const pages: ScanPage[] = [];
    const scan = (async () => {
      for await (const page of scanner.list(contextFor(started, controller.signal))) pages.push(page);
    })();
    await expect(scan).rejects.toBeDefined();
    await settle();
    expect(pages).toEqual([]);
    expect(started.requests()).toBe(0);
  });

  it('stops a scan cancelled after its first page: no further page or request, the listing rejects', async () => {
    const { scanner, source: started } = await open();
    const controller = new AbortController();
    const pages = scanner.list(contextFor(started, controller.signal))[Symbol.asyncIterator]();
    expect((await pages.next()).done).toBe(false);
    // A plugin reading accounts at once may have calls of other accounts in flight at the cancel:
    // those may still land; what it must not do is start one.
    const clientRequests = countClientRequests();
    controller.abort(new Error('contract: cancelled'));
    let more = 0;
    let failure: unknown;
    try {
      while (!(await pages.next()).done) more++;
    } catch (error) {
      failure = error;
    }
    await settle();
    clientRequests.stop();
    expect(more).toBe(0);
    expect(failure).toBeDefined();
    expect(clientRequests.count()).toBe(0);
  });

  it('rejects a scan cancelled after its last page instead of ending it as complete', async () => {
    const { scanner, source: started } = await open();
    const count = (await listAll(scanner, started)).length;
    const controller = new AbortController();
    const pages = scanner.list(contextFor(started, controller.signal))[Symbol.asyncIterator]();
    for (let page = 0; page < count; page++) expect((await pages.next()).done).toBe(false);
    controller.abort(new Error('contract: cancelled'));
    await expect(pages.next()).rejects.toBeDefined();
  });

  it('marks a denied account partial: could not look is never found nothing', async () => {
    const { scanner, source: started } = await open(true);
    const scan = listAll(scanner, started);
    if (fixture.denied === 'input-error') {
      // A plugin that reads its input whole or not at all fails the run instead (exit 2).
      await expect(scan).rejects.toSatisfy(isInputError);
      return;
    }
    const { partialScope } = fixture.denied;
    const scopes = (await scan).flatMap((page) => (page.partial ? [page.partial.scope] : []));
    expect(
      scopes.some((scope) => scope.startsWith(partialScope)),
      `partial scopes: ${scopes.join('; ')}`,
    ).toBe(true);
  });

  it('names every credential after its provider: its uid begins with `provider:` (reports read it there)', async () => {
    const { credentials } = await listed();
    expect(credentials.length).toBeGreaterThan(0);
    for (const credential of credentials)
      expect([credential.uid, credential.uid.startsWith(`${credential.provider}:`)]).toEqual([
        credential.uid,
        true,
      ]);
  });

  it('says why whenever last use is unknown, and never pairs a known last use with a reason', async () => {
    const { credentials } = await listed();
    for (const credential of credentials) {
      if (credential.lastUsedKnown) expect(credential.lastUsedUnknownReason, credential.uid).toBeUndefined();
      else expect(credential.lastUsedUnknownReason?.length ?? 0, credential.uid).toBeGreaterThan(0);
    }
  });

  it('makes last use unknown, never unused, when its source cannot be read or answers nothing', async () => {
    if (fixture.lastUseUnreadable === 'with-the-credential') return;
    const started = await fixture.lastUseUnreadable();
    source = started;
    Object.assign(process.env, started.env);
    const scanner = plugin.create(plugin.optionsSchema.parse(started.options), {
      name: `contract-${id}`,
      baseDir: started.baseDir,
    });
    const credentials = (await listAll(scanner, started)).flatMap((page) => page.credentials);
    expect(credentials.length).toBeGreaterThan(0);
    for (const credential of credentials) {
      expect([credential.uid, credential.lastUsedKnown]).toEqual([credential.uid, false]);
      expect(credential.lastUsedUnknownReason?.length ?? 0, credential.uid).toBeGreaterThan(0);
    }
  });

  it('declares its person-account kinds among its credential kinds, and lists nothing else when focused', async () => {
    const kinds = plugin.personAccountKinds ?? [];
    for (const kind of kinds) expect(plugin.credentialKinds).toContain(kind);
    if (kinds.length === 0) return;
    // Focused on nobody: a termination scan of no one lists nothing at all.
    const { scanner, source: started } = await open();
    const pages: ScanPage[] = [];
    for await (const page of scanner.list({ ...contextFor(started), people: [], focus: [] }))
      pages.push(page);
    expect(pages.flatMap((page) => page.credentials)).toEqual([]);
  });

  it('names the exact call of every step in a dry run, and asks the provider nothing', async () => {
    const { credentials, revoker, started } = await listed();
    if (!revoker) return;
    const before = started.requests();
    for (const credential of credentials) {
      for (const step of revoker.steps(credential)) {
        const planned = await revoker.revoke(credential, step, {
          dryRun: true,
          signal: new AbortController().signal,
        });
        expect(planned.outcome, `${credential.uid} ${step}`).toBe('planned');
        expect(planned.apiCall.length, `${credential.uid} ${step}`).toBeGreaterThan(0);
        if (step === 'manual') expect(planned.manualTask?.instructions).toBeTruthy();
        else expect(planned.apiCall, `${credential.uid} ${step}`).not.toBe('manual');
      }
    }
    expect(started.requests()).toBe(before);
  });

  it('revokes step by step, after which verify says the credential is unusable; revoking again is no error', async () => {
    const { credentials, revoker, started } = await listed();
    if (!revoker) return;
    const signal = new AbortController().signal;
    const context = contextFor(started);
    if (!throughProvider(revoker, credentials)) {
      // Every step is a task for a person: nothing to call, nothing to re-read.
      const [credential] = credentials;
      const result = await revoker.revoke(credential!, 'manual', { dryRun: false, signal });
      expect(result.outcome).toBe('waiting-for-human');
      expect(result.manualTask?.instructions).toBeTruthy();
      expect(started.requests()).toBe(0);
      return;
    }
    // verify may be absent only when every step is manual.
    const verify = revoker.verify?.bind(revoker);
    expect(verify).toBeDefined();
    let target: Credential | undefined;
    for (const credential of credentials) {
      const steps = revoker.steps(credential);
      if (credential.status !== 'active' || steps.includes('manual')) continue;
      if ((await verify!(credential, context)).usable === true) {
        target = credential;
        break;
      }
    }
    expect(target, 'the fixture lists no usable credential revocable through the provider').toBeDefined();
    const steps = revoker.steps(target!);
    for (const step of steps) {
      const before = started.requests();
      const result = await revoker.revoke(target!, step, { dryRun: false, signal });
      expect([result.outcome, step]).toEqual(['revoked', step]);
      expect(started.requests()).toBeGreaterThan(before);
      expect((await verify!(target!, context)).usable, `after ${step}`).toBe(false);
    }
    if (steps.includes('delete')) expect((await verify!(target!, context)).exists).toBe(false);
    const again = await revoker.revoke(target!, steps.at(-1)!, { dryRun: false, signal });
    expect(['revoked', 'already-revoked']).toContain(again.outcome);
  });

  it('declares revoke permissions exactly when it revokes through the provider', async () => {
    const { credentials, revoker } = await listed();
    if (throughProvider(revoker, credentials)) expect(plugin.permissions.revoke.length).toBeGreaterThan(0);
    else expect(plugin.permissions.revoke).toEqual([]);
    // An error no provider sent (no status, no code) is never worth a retry.
    if (revoker) expect(revoker.isTransient(new Error('denied'))).toBe(false);
  });
});
