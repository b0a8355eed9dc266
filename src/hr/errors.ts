/**
 * Errors of the HR import. ErrorList collects every problem in one file so the user sees them all
 * at once, up to a cap: past it, reading stops (a file with 50,000 bad rows needs fixing at the
 * source, not a 50,000-line list).
 */
import { InputError, InputErrors, type InputLocation } from '../core/errors.js';

export const MAX_ERRORS = 1000;

export class ErrorList {
  private readonly errors: InputError[] = [];

  constructor(
    readonly file: string,
    private readonly max = MAX_ERRORS,
  ) {}

  /** Records a problem; throws once the cap is reached, saying where reading stopped. */
  add(problem: string, location: Omit<InputLocation, 'file'> = {}): void {
    this.errors.push(new InputError(problem, { file: this.file, ...location }));
    if (this.errors.length >= this.max) {
      const kept = this.errors.slice(0, this.max - 1);
      const stop = new InputError(
        `too many errors: stopped after the first ${kept.length}, listed below; fix them and import again to see any more`,
        { file: this.file, ...location },
      );
      throw new InputErrors([stop, ...kept]);
    }
  }

  /** Throws one InputErrors holding everything collected, if anything was. */
  throwIfAny(): void {
    if (this.errors.length > 0) throw new InputErrors(this.errors);
  }
}

/** Zero people is never a valid roster: a truncated export must not turn everyone into a leaver. */
export function noPeopleError(file: string, what: string): InputError {
  return new InputError(
    `${what}: no people in the HR file; an empty roster is refused (a truncated export must not make everyone a leaver)`,
    { file },
  );
}
