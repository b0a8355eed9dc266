/**
 * `nhiscan emulate --rate-limit <spec>`: which emulated providers enforce a rate limit, and at what.
 * Comma-separated tokens: `none` (alone: no limits, the default), `real` (every provider that models
 * its limit, at the figures it documents), `<id>` (that provider at real), `<id>.<key>=<number>`
 * (that provider, from real, with the key applied; tokens apply left to right). The keys and the
 * real figures are each provider's own (`EmulatedProvider.rateLimits`).
 */
import { EMULATED_PROVIDERS, type EmulatorRateLimits } from '../../scanners/emulators.js';
import { InputError } from '../core/errors.js';
import type { EmulatedProvider, RateLimitSettings } from './emulated-provider.js';

const FLAG = '--rate-limit';
const GRAMMAR = 'none, real, <id> or <id>.<key>=<number>';
const KEY_SETTING = /^([^.=]+)\.([^.=]+)=(.*)$/;
const POSITIVE_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

type Modelled = { id: string; settings: RateLimitSettings<unknown> };

function modelled(providers: readonly EmulatedProvider[]): Modelled[] {
  return providers.flatMap((provider) =>
    provider.rateLimits
      ? [{ id: provider.id, settings: provider.rateLimits as RateLimitSettings<unknown> }]
      : [],
  );
}

const fail = (problem: string) => new InputError(problem, { key: FLAG });

export function parseRateLimitSpec(
  spec: string,
  providers: readonly EmulatedProvider[] = EMULATED_PROVIDERS,
): EmulatorRateLimits {
  const tokens = spec.split(',').map((token) => token.trim());
  if (tokens.some((token) => token === ''))
    throw fail(`empty token in ${JSON.stringify(spec)}; expected comma-separated ${GRAMMAR}`);
  if (tokens.includes('none')) {
    if (tokens.length > 1)
      throw fail(`"none" cannot be combined with other tokens, got ${JSON.stringify(spec)}`);
    return {};
  }
  const known = modelled(providers);
  const ids = known.map((provider) => provider.id).join(', ');
  const find = (id: string, token: string): Modelled => {
    const found = known.find((provider) => provider.id === id);
    if (!found)
      throw fail(`${JSON.stringify(token)}: unknown provider ${JSON.stringify(id)}; expected one of ${ids}`);
    return found;
  };
  const limits = new Map<string, unknown>();
  const current = (provider: Modelled) =>
    limits.has(provider.id) ? limits.get(provider.id) : provider.settings.real;
  for (const token of tokens) {
    if (token === 'real') {
      for (const provider of known) limits.set(provider.id, current(provider));
      continue;
    }
    const setting = KEY_SETTING.exec(token);
    if (!setting) {
      if (/[.=]/.test(token)) throw fail(`${JSON.stringify(token)}: expected ${GRAMMAR}`);
      const provider = find(token, token);
      limits.set(provider.id, current(provider));
      continue;
    }
    const [, id, key, value] = setting as unknown as [string, string, string, string];
    const provider = find(id, token);
    const entry = Object.hasOwn(provider.settings.keys, key) ? provider.settings.keys[key] : undefined;
    if (!entry)
      throw fail(
        `${JSON.stringify(token)}: unknown key ${JSON.stringify(key)} for ${id}; expected one of ${Object.keys(provider.settings.keys).join(', ')}`,
      );
    const number = Number(value);
    if (!POSITIVE_NUMBER.test(value) || !(number > 0))
      throw fail(`${JSON.stringify(token)}: expected a positive number, got ${JSON.stringify(value)}`);
    limits.set(provider.id, entry.apply(current(provider), number));
  }
  // In the providers' own order, whatever the order of the tokens.
  const ordered = known.filter((provider) => limits.has(provider.id));
  return Object.fromEntries(
    ordered.map((provider) => [provider.id, limits.get(provider.id)]),
  ) as EmulatorRateLimits;
}

/** `<id>: <describe>` per limited provider, in the providers' order; none when nothing is limited. */
export function describeRateLimits(
  limits: EmulatorRateLimits,
  providers: readonly EmulatedProvider[] = EMULATED_PROVIDERS,
): string[] {
  const given: Readonly<Record<string, unknown>> = limits;
  return modelled(providers)
    .filter((provider) => given[provider.id] !== undefined)
    .map((provider) => `${provider.id}: ${provider.settings.describe(given[provider.id])}`);
}
