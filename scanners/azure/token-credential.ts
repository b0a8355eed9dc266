/**
 * The token credential of a source, from @azure/identity: ClientSecretCredential when a secret is
 * configured (with the authority host and instance discovery off for non-public clouds and the
 * emulator, and the authority's CA trusted through the credential's own HTTP pipeline), else
 * DefaultAzureCredential for the tenant.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { InputError } from '../../src/core/errors.js';
import { readSecretReference } from '../../src/core/secret-reference.js';
import type { AzureOptions } from './options.js';

function authorityOptions(options: AzureOptions, baseDir: string) {
  if (!options.authorityHost) return {};
  let ca: string | undefined;
  if (options.authorityCaFile) {
    const file = resolve(baseDir, options.authorityCaFile);
    try {
      ca = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the authority CA file (${(error as NodeJS.ErrnoException).code})`, {
        file,
        key: 'authorityCaFile',
      });
    }
  }
  return {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: true,
    ...(ca ? { tlsOptions: { ca } } : {}),
  };
}

export function tokenCredential(options: AzureOptions, baseDir: string): TokenCredential {
  const authority = authorityOptions(options, baseDir);
  if (options.credentials) {
    return new ClientSecretCredential(
      options.tenantId,
      options.credentials.clientId,
      readSecretReference(options.credentials.clientSecret, 'credentials.clientSecret'),
      authority,
    );
  }
  return new DefaultAzureCredential({ tenantId: options.tenantId, ...authority });
}
