/**
 * The provider revocation steps of a credential, asked of the revoker of the plugin that listed it;
 * undefined when the plugin has no revoker (the request becomes one manual step).
 */
import type { SourceConfig } from '../config/load.js';
import type { Credential } from '../core/model.js';
import type { RevokeStep, Scanner } from '../core/plugin.js';

export function revocationStepsFor(
  sources: readonly SourceConfig[],
): (source: string, credential: Credential) => RevokeStep[] | undefined {
  const scanners = new Map<string, Scanner>();
  return (sourceName, credential) => {
    const source = sources.find((candidate) => candidate.name === sourceName);
    if (!source) return undefined;
    let scanner = scanners.get(sourceName);
    if (!scanner) {
      scanner = source.plugin.create(source.options, { name: source.name, baseDir: source.baseDir });
      scanners.set(sourceName, scanner);
    }
    return scanner.revoker?.steps(credential);
  };
}
