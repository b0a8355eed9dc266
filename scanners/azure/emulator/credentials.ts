/**
 * The writes that revoke credentials, shared by applications and service principals:
 * `removePassword {keyId}` and a PATCH that replaces `keyCredentials` (a certificate is removed by
 * leaving it out). Both change the estate itself, so the next read shows them.
 */
import { randomUUID } from 'node:crypto';
import type { KeyCredential } from '@microsoft/microsoft-graph-types';
import { badRequest, requestBadRequest } from './errors.js';
import type { EntraKeyCredential, EntraPasswordCredential } from './estate.js';
import type { TypeProperties } from './properties.js';

interface CredentialHolder {
  passwordCredentials: EntraPasswordCredential[];
  keyCredentials: EntraKeyCredential[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Body `{ keyId }`; a keyId the holder does not have is 400, worded as Graph words it. */
export function removePassword(holder: CredentialHolder, body: unknown): void {
  const keyId = isObject(body) ? body.keyId : undefined;
  if (typeof keyId !== 'string' || keyId === '') {
    throw requestBadRequest("The request body must contain the parameter 'keyId'.");
  }
  const index = holder.passwordCredentials.findIndex((credential) => sameId(credential.keyId, keyId));
  if (index < 0) throw requestBadRequest(`No password credential found with keyId ${keyId}.`);
  holder.passwordCredentials.splice(index, 1);
}

/**
 * A PATCH body as an object whose properties all belong to the type (else 400, as Graph's OData
 * layer words it) and are among those the emulator can update (else 400 in the emulator's words).
 */
export function patchOf(
  body: unknown,
  properties: TypeProperties,
  updatable: readonly string[],
): Record<string, unknown> {
  if (!isObject(body)) throw requestBadRequest('The request body must be a JSON object.');
  for (const name of Object.keys(body)) {
    if (!properties.structural.has(name) && !properties.navigation.has(name)) {
      throw badRequest(
        `The property '${name}' does not exist on type '${properties.type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    if (!updatable.includes(name)) {
      throw requestBadRequest(`The emulator does not update '${name}' (it updates ${updatable.join(', ')}).`);
    }
  }
  return body;
}

/**
 * The new `keyCredentials`: an entry whose keyId the holder has keeps the stored certificate (its
 * `key` is not needed, though Graph asks for it); a new entry must bring its `key`.
 */
export function replaceKeyCredentials(holder: CredentialHolder, value: unknown): void {
  if (!Array.isArray(value)) {
    throw badRequest(
      "Cannot convert a primitive value to the expected type 'Collection(microsoft.graph.keyCredential)'.",
    );
  }
  const next: EntraKeyCredential[] = [];
  for (const entry of value) {
    if (!isObject(entry)) throw badRequest('Each entry of keyCredentials must be a keyCredential object.');
    const keyId = typeof entry.keyId === 'string' ? entry.keyId : undefined;
    const stored =
      keyId === undefined ? undefined : holder.keyCredentials.find((key) => sameId(key.keyId, keyId));
    if (stored) {
      next.push(stored);
    } else if (typeof entry.key === 'string' && entry.key !== '') {
      next.push({ ...(entry as KeyCredential), keyId: keyId ?? randomUUID() });
    } else {
      throw requestBadRequest(`Key credential ${keyId ?? '(no keyId)'} is new and has no 'key' value.`);
    }
  }
  holder.keyCredentials.splice(0, holder.keyCredentials.length, ...next);
}

/** `accountEnabled` must be a boolean. */
export function booleanOf(value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw badRequest("Cannot convert a primitive value to the expected type 'Edm.Boolean'.");
  }
  return value;
}
