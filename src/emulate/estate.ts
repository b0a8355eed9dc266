/** An emulated estate file: provider resources the emulators serve (people come from the HR file). */
import { readFileSync } from 'node:fs';
import type { Estate } from '../../scanners/emulators.js';
import { InputError } from '../core/errors.js';
import { jsonSyntaxProblem } from '../core/json-syntax.js';

export type { Estate } from '../../scanners/emulators.js';

export function loadEstate(file: string): Estate {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'estate file not found' : `cannot read estate file (${code})`, {
      file,
    });
  }
  try {
    const estate = JSON.parse(text) as unknown;
    if (typeof estate !== 'object' || estate === null || Array.isArray(estate)) {
      throw new InputError('expected a JSON object with provider keys such as aws', { file });
    }
    return estate as Estate;
  } catch (error) {
    if (error instanceof InputError || !(error instanceof SyntaxError)) throw error;
    // V8's message quotes the text around the error: keep only what it says is wrong.
    throw new InputError(`not valid JSON: ${jsonSyntaxProblem(error, text).problem}`, { file });
  }
}
