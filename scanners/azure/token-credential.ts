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

/** What a credential needs: the tenant (one of the source's), its sign-in and the authority. */
type CredentialOptions = Pick<AzureOptions, 'credentials' | 'authorityHost' | 'authorityCaFile'> & {
  tenantId?: string | undefined;
};

function authorityOptions(options: CredentialOptions, baseDir: string) {
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

export function tokenCredential(options: CredentialOptions, baseDir: string): TokenCredential {
  const { tenantId } = options;
  if (!tenantId) throw new Error('azure: a token credential is made for one tenant (tenantsOf)');
  const authority = authorityOptions(options, baseDir);
  if (options.credentials) {
    return new ClientSecretCredential(
      tenantId,
      options.credentials.clientId,
      readSecretReference(options.credentials.clientSecret, 'credentials.clientSecret'),
      authority,
    );
  }
  return new DefaultAzureCredential({ tenantId, ...authority });
}
