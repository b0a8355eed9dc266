/**
 * Which @azure/identity credential a source gets: ClientSecretCredential when a secret is
 * configured (the emulator tests prove it works with authorityHost, instance discovery off and the
 * CA trusted through its pipeline), else DefaultAzureCredential for the tenant.
 */
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { azureOptionsSchema } from '../../../scanners/azure/options.js';
import { tokenCredential } from '../../../scanners/azure/token-credential.js';
import { CLIENT_ID, CLIENT_SECRET, SECRET_ENV, TENANT } from './estate.js';

afterEach(() => {
  delete process.env[SECRET_ENV];
});

describe('azure token credential', () => {
  it('is a ClientSecretCredential when a client secret is configured', () => {
    process.env[SECRET_ENV] = CLIENT_SECRET;
    const options = azureOptionsSchema.parse({
      tenantId: TENANT,
      credentials: { clientId: CLIENT_ID, clientSecret: `env:${SECRET_ENV}` },
      authorityHost: 'https://login.microsoftonline.us',
    });
    expect(tokenCredential(options, '.')).toBeInstanceOf(ClientSecretCredential);
  });

  it('is DefaultAzureCredential otherwise', () => {
    const options = azureOptionsSchema.parse({ tenantId: TENANT });
    expect(tokenCredential(options, '.')).toBeInstanceOf(DefaultAzureCredential);
  });

  it('refuses a client secret written inline', () => {
    const parsed = azureOptionsSchema.safeParse({
      tenantId: TENANT,
      credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'credentials.clientSecret',
        'expected a secret reference such as env:NAME (secrets are never inlined)',
      ],
    ]);
  });
});
