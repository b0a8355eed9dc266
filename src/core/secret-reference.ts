/** Reads a secret through its `env:NAME` reference (config never holds a secret inline). */
import { InputError } from './errors.js';

/** The value of the environment variable an `env:NAME` reference names; `key` locates it in the config. */
export function readSecretReference(reference: string, key: string): string {
  const name = reference.slice('env:'.length);
  const value = process.env[name];
  if (!value) throw new InputError(`environment variable ${name} is not set`, { key });
  return value;
}
