/**
 * A token never follows a redirect: GitLab's PRIVATE-TOKEN is a header fetch keeps on any hop, and
 * node-fetch 2 (inside the Okta client) keeps Authorization on a same-host hop, plain http
 * included. Each scanner refuses the redirect, so the part is partial (could not look) and the
 * place it pointed to never hears from it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { plugin as gitlab } from '../../scanners/gitlab/index.js';
import { plugin as okta } from '../../scanners/okta/index.js';
import type { ScannerPlugin, ScanPage } from '../../src/core/plugin.js';

const TOKEN_ENV = 'NHISCAN_TEST_REDIRECT_TOKEN';
const TOKEN = 'redirect-canary-token-value';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function pagesOf<Options>(plugin: ScannerPlugin<Options>, options: unknown): Promise<ScanPage[]> {
  const scanner = plugin.create(plugin.optionsSchema.parse(options), { name: plugin.id });
  const pages: ScanPage[] = [];
  const context = {
    signal: new AbortController().signal,
    asOf: new Date('2026-11-26T00:00:00Z'),
    baseDir: '.',
  };
  for await (const page of scanner.list(context)) pages.push(page);
  return pages;
}

describe('scanners refuse to follow a redirect with a token', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    delete process.env[TOKEN_ENV];
  });

  async function redirecting() {
    const heard: IncomingHttpHeaders[] = [];
    const target = await listen((request, response) => {
      heard.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    const origin = await listen((request, response) => {
      response.writeHead(302, { location: `${target.url}${request.url}` }).end();
    });
    servers.push(target.server, origin.server);
    process.env[TOKEN_ENV] = TOKEN;
    return { heard, origin: origin.url };
  }

  it('gitlab: the group is partial and the redirect target hears nothing', async () => {
    const { heard, origin } = await redirecting();
    const pages = await pagesOf(gitlab, { host: origin, token: `env:${TOKEN_ENV}`, groups: ['acme'] });
    expect(pages.flatMap((page) => page.credentials)).toEqual([]);
    expect(pages.map((page) => page.partial?.scope)).toContain('group acme');
    expect(heard).toEqual([]);
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
  });

  it('okta: both parts are partial and the redirect target hears nothing', async () => {
    const { heard, origin } = await redirecting();
    const pages = await pagesOf(okta, { orgUrl: origin, token: `env:${TOKEN_ENV}` });
    expect(pages.flatMap((page) => page.credentials)).toEqual([]);
    expect(pages.map((page) => page.partial?.scope).sort()).toEqual([
      'org 127.0.0.1 api tokens',
      'org 127.0.0.1 apps',
    ]);
    expect(heard).toEqual([]);
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
  });
});
