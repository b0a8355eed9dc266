import type { Credential } from '../../src/core/model.js';

/**
 * The fields of a listed credential that vary, as `key=value` words, for scanner tests that pin an
 * exact inventory one line per credential (each test adds its own uid and principal form).
 */
export function credentialFacts(credential: Credential): string[] {
  return [
    `created=${credential.createdAt}`,
    `expires=${credential.expiresAt}`,
    `used=${credential.lastUsedKnown ? credential.lastUsedAt : 'unknown'}`,
    `privileged=[${credential.privilegedReasons.join('; ')}]`,
    `owner=[${credential.ownerSignals.map((signal) => `${signal.kind}:${signal.value}`).join(', ')}]`,
    `hint=${credential.hint ?? '-'}`,
    `attributes=${
      credential.attributes
        ? `{${Object.entries(credential.attributes)
            .map(([key, value]) => `${key}:${value}`)
            .join(', ')}}`
        : '-'
    }`,
  ];
}
