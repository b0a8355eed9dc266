/**
 * The signing key made fresh at every start: the RSA key that signs access tokens, published as a
 * JWKS entry shaped like Entra's (kid = x5t = the SHA-1 thumbprint of its certificate, x5c). The
 * token endpoint's TLS certificate comes from src/emulate/tls-certificate.ts.
 */
import { createHash, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';

const generateKeys = promisify(generateKeyPair);

/** One entry of a JWKS document, as Entra publishes it. */
export interface SigningJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The JWKS entry; `issuer` is filled in with the authority host once it is known. */
  jwk(issuer: string): SigningJwk;
}

const pems = (pair: { privateKey: KeyObject; publicKey: KeyObject }) => ({
  privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
});

function derOf(certPem: string): Buffer {
  return Buffer.from(certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
}

export async function signingKey(): Promise<SigningKey> {
  const pair = await generateKeys('rsa', { modulusLength: 2048 });
  const made = await generate([{ name: 'commonName', value: 'emulated-entra-token-signing' }], {
    algorithm: 'sha256',
    keyPair: pems(pair),
  });
  const der = derOf(made.cert);
  const kid = createHash('sha1').update(der).digest('base64url');
  const { n, e } = pair.publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    jwk: (issuer) => ({
      kty: 'RSA',
      use: 'sig',
      kid,
      x5t: kid,
      n: n ?? '',
      e: e ?? '',
      x5c: [der.toString('base64')],
      issuer,
    }),
  };
}
