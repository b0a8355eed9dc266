/**
 * A TLS certificate made fresh at every start of an https emulator (the Entra token endpoint, the
 * Kubernetes API server, test mail and webhook servers): self-signed, EC P-256, for IP 127.0.0.1
 * and DNS localhost. Clients trust it as their CA, so it never leaves the machine it was made on.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';

const generateKeys = promisify(generateKeyPair);

export interface TlsCertificate {
  keyPem: string;
  certPem: string;
}

export async function tlsCertificate(): Promise<TlsCertificate> {
  const pair = await generateKeys('ec', { namedCurve: 'P-256' });
  const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    keyPair: {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { keyPem: made.private, certPem: made.cert };
}
