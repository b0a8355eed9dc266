/**
 * Schemas several config blocks share: each scanner's options (its options.ts), the HR SCIM block,
 * notification channels and the config itself. In core so that scanners and every input folder can
 * use it; it imports nothing of nhiscan's own.
 */
import { z } from 'zod';

const SECRET_REFERENCE = /^env:[A-Za-z_][A-Za-z0-9_]*$/;

/** A reference to a secret held elsewhere: `env:NAME`. Inline secrets are refused. */
export const secretReference = z
  .string()
  .regex(SECRET_REFERENCE, 'expected a secret reference such as env:NAME (secrets are never inlined)');

export function isSecretReference(value: string): boolean {
  return SECRET_REFERENCE.test(value);
}

/** The name of a source or a channel: unique in its list, safe in file names and messages. */
export const configName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, dot, dash or underscore');
