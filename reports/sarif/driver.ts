/**
 * The SARIF `tool.driver`: name, version, rules, and `informationUri` only when package.json has a
 * `homepage` that is an absolute http(s) URL. nhiscan's package.json has none today (the package is
 * private and unpublished), so the driver has no informationUri rather than an invented one; adding
 * a homepage adds it, with no change here.
 */
import { packageJson } from '../../src/core/package-root.js';
import { SARIF_RULES } from './rules.js';

/** `homepage` when it is an absolute http(s) URL, else undefined. */
export function informationUri(homepage: unknown): string | undefined {
  if (typeof homepage !== 'string' || !URL.canParse(homepage)) return undefined;
  const { protocol } = new URL(homepage);
  return protocol === 'https:' || protocol === 'http:' ? homepage : undefined;
}

let homepageUri: { value: string | undefined } | undefined;

/** package.json's homepage as an informationUri, read once. */
function packageInformationUri(): string | undefined {
  homepageUri ??= { value: informationUri((packageJson() as { homepage?: unknown }).homepage) };
  return homepageUri.value;
}

export function sarifDriver(version: string) {
  const uri = packageInformationUri();
  return {
    name: 'nhiscan',
    semanticVersion: version,
    ...(uri ? { informationUri: uri } : {}),
    rules: SARIF_RULES,
  };
}
