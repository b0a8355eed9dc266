/**
 * The official client (@okta/okta-sdk-nodejs) for one source and one signal: SSWS with the token
 * read from its `env:` reference, or a service app's private key (the client then gets an access
 * token for exactly the scopes it needs, scopesFor), no response cache (a verify must re-read, never see an earlier
 * answer), and the bounded executor (request-executor.ts) carrying the signal, the CA bundle and
 * the rate-limit handling. The org URL was checked by the options schema (https, or http to
 * loopback only); the client is made per listing or revocation, so each has its own signal.
 */
import { Agent } from 'node:https';
import { resolve } from 'node:path';
import { Client } from '@okta/okta-sdk-nodejs';
import { readCaFile } from '../../src/core/ca-file.js';
import { readSecretReference } from '../../src/core/secret-reference.js';
import { API_TOKEN_KIND } from './kinds.js';
import type { OktaOptions } from './options.js';
import { RateLimitState } from './rate-limit-state.js';
import { BoundedRequestExecutor } from './request-executor.js';

/** The org's host, the account of every credential listed from it (`acme.okta.com`). */
export const orgHost = (options: Pick<OktaOptions, 'orgUrl'>): string => new URL(options.orgUrl).hostname;

/** What a client is for: a service app asks for the read scopes to scan, the manage scopes to revoke. */
export type ClientPurpose = 'scan' | 'revoke';

/** One source's client maker: the CA and the rate-limit state are shared by every client it makes. */
export interface OktaClients {
  host: string;
  client(signal: AbortSignal, purpose?: ClientPurpose): Client;
}

/** The OAuth 2.0 scopes a service app asks for: what reading `kinds` needs, or revoking them. */
export function scopesFor(options: Pick<OktaOptions, 'kinds'>, purpose: ClientPurpose): string[] {
  const tokens = options.kinds.includes(API_TOKEN_KIND);
  const apps = options.kinds.some((kind) => kind !== API_TOKEN_KIND);
  if (purpose === 'revoke')
    return [...(tokens ? ['okta.apiTokens.manage'] : []), ...(apps ? ['okta.apps.manage'] : [])];
  return [
    ...(tokens ? ['okta.apiTokens.read', 'okta.users.read', 'okta.roles.read'] : []),
    ...(apps ? ['okta.apps.read'] : []),
  ];
}

/** How the client signs in: SSWS with the token, or `PrivateKey` as the service app. */
function authOf(options: OktaOptions, purpose: ClientPurpose) {
  if (options.oauth)
    return {
      authorizationMode: 'PrivateKey',
      clientId: options.oauth.clientId,
      privateKey: readSecretReference(options.oauth.privateKey, 'oauth.privateKey'),
      scopes: scopesFor(options, purpose),
      ...(options.oauth.keyId ? { keyId: options.oauth.keyId } : {}),
    };
  return { authorizationMode: 'SSWS', token: readSecretReference(options.token ?? '', 'token') };
}

export function oktaClients(options: OktaOptions, baseDir: string): OktaClients {
  let agent: Agent | undefined;
  const limits = new RateLimitState();
  const agentOf = () => {
    if (!options.caFile) return undefined;
    agent ??= new Agent({ ca: readCaFile(resolve(baseDir, options.caFile), 'caFile'), keepAlive: true });
    return agent;
  };
  return {
    host: orgHost(options),
    client(signal, purpose = 'scan') {
      return new Client({
        orgUrl: options.orgUrl.replace(/\/$/, ''),
        ...authOf(options, purpose),
        cacheMiddleware: null,
        requestExecutor: new BoundedRequestExecutor({
          signal,
          agent: agentOf(),
          retries: options.rateLimitRetries,
          maxWaitMs: options.maxRateLimitWaitSeconds * 1000,
          timeoutMs: options.requestTimeoutSeconds * 1000,
          limits,
        }),
      });
    },
  };
}
