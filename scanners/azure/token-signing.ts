/**
 * SAML token-signing certificates. `addTokenSigningCertificate` (and the SAML certificates of an
 * enterprise app in the Entra admin center) puts three entries on the service principal, all with
 * the certificate's thumbprint as `customKeyIdentifier`: a `Sign` key credential (the private key,
 * which Entra keeps to sign the app's SAML tokens), a `Verify` key credential (its public
 * certificate) and a password credential that opens the private key's PFX, with the Sign key's
 * `keyId`. Together they are one certificate; none of them is a client secret.
 */
import type { Credential } from '../../src/core/model.js';
import type { EntraKeyCredential, EntraPasswordCredential } from './emulator/estate.js';

/** The attribute that marks the listed half (the `Verify` certificate) of a token-signing certificate. */
export const TOKEN_SIGNING_ATTRIBUTE = 'samlTokenSigning';

export interface TokenSigningParts {
  /** keyIds (lower case) of password credentials that open a Sign key's private key. */
  passwords: ReadonlySet<string>;
  /** keyIds (lower case) of `Verify` key credentials that are the public half of a Sign key. */
  certificates: ReadonlySet<string>;
}

const idOf = (keyId: string) => keyId.toLowerCase();

/** The parts of the holder's token-signing certificates, paired as Graph documents them. */
export function tokenSigningParts(holder: {
  passwordCredentials: readonly EntraPasswordCredential[];
  keyCredentials: readonly EntraKeyCredential[];
}): TokenSigningParts {
  const signing = holder.keyCredentials.filter((key) => key.usage === 'Sign');
  const signKeyIds = new Set(signing.map((key) => idOf(key.keyId)));
  const thumbprints = new Set(
    signing.flatMap((key) => (key.customKeyIdentifier ? [key.customKeyIdentifier] : [])),
  );
  return {
    passwords: new Set(
      holder.passwordCredentials
        .filter((password) => signKeyIds.has(idOf(password.keyId)))
        .map((password) => idOf(password.keyId)),
    ),
    certificates: new Set(
      holder.keyCredentials
        .filter(
          (key) =>
            key.usage === 'Verify' && !!key.customKeyIdentifier && thumbprints.has(key.customKeyIdentifier),
        )
        .map((key) => idOf(key.keyId)),
    ),
  };
}

export const isTokenSigningPassword = (parts: TokenSigningParts, password: EntraPasswordCredential) =>
  parts.passwords.has(idOf(password.keyId));

export const isTokenSigningCertificate = (parts: TokenSigningParts, key: EntraKeyCredential) =>
  parts.certificates.has(idOf(key.keyId));

/** Whether a listed credential is the certificate half of a SAML token-signing certificate. */
export const isTokenSigningCredential = (credential: Credential) =>
  credential.kind === 'certificate' && credential.attributes?.[TOKEN_SIGNING_ATTRIBUTE] === 'true';

/** Why last use is unknown for a token-signing certificate, whatever the sign-in report says. */
export const TOKEN_SIGNING_LAST_USE =
  'a SAML token-signing certificate signs the tokens Entra issues for the app; the sign-in activity report does not record that use';

/** The person's task for a token-signing certificate: nhiscan never removes one through Graph. */
export function rotateInstructions(credential: Credential): string {
  const app = credential.principalName ?? credential.principalUid ?? 'the app';
  const which = credential.hint ? ` (thumbprint …${credential.hint})` : '';
  return [
    `rotate the SAML token-signing certificate${which} of ${app} in the Entra admin center`,
    `(Enterprise applications → ${app} → Single sign-on → SAML Certificates): add a new certificate,`,
    'give it to the service provider, make it active, then delete this one;',
    'then run: nhiscan queue confirm ID --by WHO --reason TEXT.',
    'nhiscan never removes it through Graph nor disables the service principal: either stops every user signing in to the app.',
  ].join(' ');
}
