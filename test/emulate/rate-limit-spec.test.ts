/**
 * `--rate-limit` specs: none / real / <id> / <id>.<key>=<number>, applied left to right from each
 * provider's documented figures; every malformed token is an InputError naming it and what was expected.
 */
import { describe, expect, it } from 'vitest';
import { emulatedProvider as gcp } from '../../scanners/gcp/emulator/provider.js';
import { REAL_GCP_QUOTAS } from '../../scanners/gcp/emulator/quotas.js';
import type { EmulatedProvider, RateLimitSettings } from '../../src/emulate/emulated-provider.js';
import { describeRateLimits, parseRateLimitSpec } from '../../src/emulate/rate-limit-spec.js';

interface Bucket {
  perSecond: number;
  burst: number;
}

const bucketSettings: RateLimitSettings<Bucket> = {
  real: { perSecond: 20, burst: 40 },
  keys: {
    perSecond: { describe: 'requests a second', apply: (limit, value) => ({ ...limit, perSecond: value }) },
    burst: { describe: 'burst', apply: (limit, value) => ({ ...limit, burst: value }) },
  },
  describe: (limit) => `${limit.perSecond}/s, burst ${limit.burst}, per account`,
};

const provider = (id: string, rateLimits?: RateLimitSettings<Bucket>): EmulatedProvider =>
  ({
    id,
    start: () => Promise.reject(new Error('not started in this test')),
    generator: { share: 0.5, build: () => ({}), accounts: () => 1 },
    ...(rateLimits ? { rateLimits } : {}),
  }) as EmulatedProvider;

// `beta` has no rate-limit model yet: it is not a valid id.
const PROVIDERS = [provider('alpha', bucketSettings), provider('beta'), provider('gamma', bucketSettings)];
const parse = (spec: string) => parseRateLimitSpec(spec, PROVIDERS);

describe('parseRateLimitSpec', () => {
  it('none (alone) limits nothing', () => {
    expect(parse('none')).toEqual({});
    expect(parse(' none ')).toEqual({});
  });

  it('real puts every provider with a model at its documented limit, in the providers’ order', () => {
    const limits = parse('real');
    expect(limits).toEqual({ alpha: { perSecond: 20, burst: 40 }, gamma: { perSecond: 20, burst: 40 } });
    expect(Object.keys(limits)).toEqual(['alpha', 'gamma']);
  });

  it('an id alone is that provider at real; keys apply from real, left to right', () => {
    expect(parse('gamma')).toEqual({ gamma: { perSecond: 20, burst: 40 } });
    expect(parse('gamma.burst=5')).toEqual({ gamma: { perSecond: 20, burst: 5 } });
    expect(parse('gamma.burst=5, alpha, gamma.perSecond=2.5')).toEqual({
      alpha: { perSecond: 20, burst: 40 },
      gamma: { perSecond: 2.5, burst: 5 },
    });
    expect(parse('alpha.perSecond=3,real')).toEqual({
      alpha: { perSecond: 3, burst: 40 },
      gamma: { perSecond: 20, burst: 40 },
    });
    expect(Object.keys(parse('gamma,alpha'))).toEqual(['alpha', 'gamma']);
  });

  it.each([
    [
      '',
      'key --rate-limit: empty token in ""; expected comma-separated none, real, <id> or <id>.<key>=<number>',
    ],
    [
      'alpha,,gamma',
      'key --rate-limit: empty token in "alpha,,gamma"; expected comma-separated none, real, <id> or <id>.<key>=<number>',
    ],
    ['none,alpha', 'key --rate-limit: "none" cannot be combined with other tokens, got "none,alpha"'],
    ['real,none', 'key --rate-limit: "none" cannot be combined with other tokens, got "real,none"'],
    ['delta', 'key --rate-limit: "delta": unknown provider "delta"; expected one of alpha, gamma'],
    ['beta', 'key --rate-limit: "beta": unknown provider "beta"; expected one of alpha, gamma'],
    [
      'beta.burst=3',
      'key --rate-limit: "beta.burst=3": unknown provider "beta"; expected one of alpha, gamma',
    ],
    [
      'alpha.rate=3',
      'key --rate-limit: "alpha.rate=3": unknown key "rate" for alpha; expected one of perSecond, burst',
    ],
    [
      'alpha.toString=3',
      'key --rate-limit: "alpha.toString=3": unknown key "toString" for alpha; expected one of perSecond, burst',
    ],
    ['alpha.burst=ten', 'key --rate-limit: "alpha.burst=ten": expected a positive number, got "ten"'],
    ['alpha.burst=0', 'key --rate-limit: "alpha.burst=0": expected a positive number, got "0"'],
    ['alpha.burst=-2', 'key --rate-limit: "alpha.burst=-2": expected a positive number, got "-2"'],
    ['alpha.burst=', 'key --rate-limit: "alpha.burst=": expected a positive number, got ""'],
    ['alpha.burst=1e3', 'key --rate-limit: "alpha.burst=1e3": expected a positive number, got "1e3"'],
    ['alpha=3', 'key --rate-limit: "alpha=3": expected none, real, <id> or <id>.<key>=<number>'],
    ['alpha.burst', 'key --rate-limit: "alpha.burst": expected none, real, <id> or <id>.<key>=<number>'],
    ['a.b.c=1', 'key --rate-limit: "a.b.c=1": expected none, real, <id> or <id>.<key>=<number>'],
  ])('refuses %j', (spec, message) => {
    expect(() => parse(spec)).toThrow(expect.objectContaining({ name: 'InputError', message }));
  });

  it('describes each limited provider on one line, prefixed with its id', () => {
    expect(describeRateLimits(parse('gamma.burst=5,alpha'), PROVIDERS)).toEqual([
      'alpha: 20/s, burst 40, per account',
      'gamma: 20/s, burst 5, per account',
    ]);
    expect(describeRateLimits({}, PROVIDERS)).toEqual([]);
  });

  it('takes GCP’s documented quotas and keys from its emulator', () => {
    const gcpOnly = [gcp];
    expect(parseRateLimitSpec('gcp', gcpOnly)).toEqual({ gcp: REAL_GCP_QUOTAS });
    expect(parseRateLimitSpec('gcp.readsPerMinute=600,gcp.burstSeconds=1', gcpOnly)).toEqual({
      gcp: { ...REAL_GCP_QUOTAS, iam: { readsPerMinute: 600, writesPerMinute: 600 }, burstSeconds: 1 },
    });
    expect(describeRateLimits(parseRateLimitSpec('real', gcpOnly), gcpOnly)).toEqual([
      'gcp: per minute, IAM 6,000 reads and 600 writes per project; Resource Manager 600 reads and 600 writes and Policy Analyzer 600 reads per quota project; up to 60 s of quota at once; 429 RESOURCE_EXHAUSTED',
    ]);
    expect(() => parseRateLimitSpec('gcp.reads=1', gcpOnly)).toThrow(
      'key --rate-limit: "gcp.reads=1": unknown key "reads" for gcp; expected one of readsPerMinute, writesPerMinute, resourceManagerReadsPerMinute, resourceManagerWritesPerMinute, policyAnalyzerReadsPerMinute, burstSeconds',
    );
  });
});
