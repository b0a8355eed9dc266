/** A fresh self-signed certificate for 127.0.0.1 (EC P-256): the emulator's TLS and the kubeconfig's CA. */
import { generate } from 'selfsigned';

export interface TlsCertificate {
  keyPem: string;
  certPem: string;
}

export async function tlsCertificate(): Promise<TlsCertificate> {
  const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { keyPem: made.private, certPem: made.cert };
}
