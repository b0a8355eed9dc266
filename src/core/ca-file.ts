/** Reads a PEM CA bundle a config key names (hr.caFile, a notice channel's caFile). */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

/** The file's PEM text; an InputError naming the file and key when it is unreadable or not PEM. */
export function readCaFile(file: string, key: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the CA file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { file, key },
      { cause: error },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new InputError('expected PEM certificates (-----BEGIN CERTIFICATE-----) in the CA file', {
      file,
      key,
    });
  return pem;
}
