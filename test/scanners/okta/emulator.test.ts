/**
 * The Okta emulator on the wire, checked by the official client itself (@okta/okta-sdk-nodejs over
 * HTTPS, trusting the emulator's certificate) and by raw requests: Okta's cursor paging (`Link`
 * rel="self" and rel="next" with `after` and `limit`), its error bodies as the client parses them
 * (OktaApiError), and its per-endpoint rate-limit headers and 429.
 */
import { Agent, request } from 'node:https';
import { Client, RequestExecutor } from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { OKTA_REAL_RATE_LIMIT } from '../../../scanners/okta/emulator/rate-limit-settings.js';
import { oktaEstate, TOKEN } from './estate.js';
import { type StartedOkta, startOkta } from './start.js';
import { clearEnv } from './support.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function raw(started: StartedOkta, path: string, token = TOKEN): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sent = request(
      new URL(path, started.emulator.orgUrl),
      { ca: started.emulator.caCertificatePem, headers: { authorization: `SSWS ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? JSON.parse(text) : null,
          });
        });
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

/** The official client, trusting the emulator's certificate through an https agent. */
function clientFor(started: StartedOkta, token = TOKEN): Client {
  const agent = new Agent({ ca: started.emulator.caCertificatePem });
  class Trusting extends RequestExecutor {
    override fetch(options: Parameters<RequestExecutor['fetch']>[0]) {
      options.agent = agent;
      return super.fetch(options);
    }
  }
  return new Client({
    orgUrl: started.emulator.orgUrl,
    token,
    cacheMiddleware: null,
    requestExecutor: new Trusting(),
  });
}

describe('okta emulator', () => {
  let started: StartedOkta | undefined;
  afterEach(async () => {
    clearEnv(started);
    await started?.close();
    started = undefined;
  });

  it('pages with Okta’s Link header, which the client follows to the end', async () => {
    started = await startOkta(oktaEstate());
    const origin = started.emulator.orgUrl;
    const first = await raw(started, '/api/v1/api-tokens');
    expect(first.headers.link).toBe(
      `<${origin}/api/v1/api-tokens>; rel="self", <${origin}/api/v1/api-tokens?after=00T2report0000000002&limit=2>; rel="next"`,
    );
    const last = await raw(started, '/api/v1/api-tokens?after=00T2report0000000002&limit=2');
    expect(last.headers.link).toBe(
      `<${origin}/api/v1/api-tokens?after=00T2report0000000002&limit=2>; rel="self"`,
    );
    const ids: string[] = [];
    for await (const token of await clientFor(started).apiTokenApi.listApiTokens()) ids.push(token!.id!);
    expect(ids).toEqual([
      '00T1deploy0000000001',
      '00T2report0000000002',
      '00T3orphan0000000003',
      '00T4expired000000004',
    ]);
    const token = await clientFor(started).apiTokenApi.getApiToken({ apiTokenId: '00T1deploy0000000001' });
    expect([token.created instanceof Date, token.tokenWindow, token.userId]).toEqual([
      true,
      'P30D',
      '00u1alice00000000001',
    ]);
  });

  it('answers errors in Okta’s shape, which the client raises as OktaApiError', async () => {
    started = await startOkta(oktaEstate());
    const missing: Record<string, unknown> = await clientFor(started)
      .apiTokenApi.getApiToken({ apiTokenId: '00Tmissing' })
      .then(
        () => ({}),
        (error: unknown) => error as Record<string, unknown>,
      );
    expect([missing.name, missing.status, missing.errorCode, missing.errorSummary]).toEqual([
      'OktaApiError',
      404,
      'E0000007',
      'Not found: Resource not found: 00Tmissing (ApiToken)',
    ]);
    const refused = await raw(started, '/api/v1/api-tokens', 'fake-wrong');
    expect([refused.status, (refused.body as { errorCode: string }).errorCode]).toEqual([401, 'E0000011']);
    expect(refused.headers['x-rate-limit-limit']).toBeUndefined();
    const filter = await raw(started, '/api/v1/apps?filter=status%20eq%20%22ACTIVE%22');
    expect([filter.status, filter.body]).toEqual([
      400,
      {
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: invalid request',
        errorLink: 'E0000001',
        errorId: expect.stringMatching(/^oae/),
        errorCauses: [{ errorSummary: 'filter: unsupported expression status eq "ACTIVE"' }],
      },
    ]);
  });

  it('counts each endpoint family in its own window and refuses a spent one with 429', async () => {
    const rateLimit = { perWindow: { ...OKTA_REAL_RATE_LIMIT.perWindow, default: 2 }, windowMs: 60_000 };
    started = await startOkta(oktaEstate(), {}, { rateLimit, now: () => 1_800_000_000_000 });
    const answers = [
      await raw(started, '/api/v1/api-tokens'),
      await raw(started, '/api/v1/apps'),
      await raw(started, '/api/v1/api-tokens/00T1deploy0000000001'),
      await raw(started, '/api/v1/api-tokens'),
    ];
    expect(
      answers.map((answer) => [
        answer.status,
        answer.headers['x-rate-limit-limit'],
        answer.headers['x-rate-limit-remaining'],
        answer.headers['x-rate-limit-reset'],
      ]),
    ).toEqual([
      [200, '2', '1', '1800000060'],
      [200, '100', '99', '1800000060'],
      [200, '2', '0', '1800000060'],
      [429, '2', '0', '1800000060'],
    ]);
    expect((answers[3]!.body as { errorCode: string }).errorCode).toBe('E0000047');
    expect(started.emulator.throttledCount).toBe(1);
  });
});
