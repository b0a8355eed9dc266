/**
 * Errors that map to exit codes. Anything the user can fix (bad flag, bad config, bad input file)
 * is an InputError: exit 2, with a message that names the file, line, key and what was expected.
 */

export interface InputLocation {
  file?: string;
  line?: number;
  column?: number | string;
  /** Dotted key path in a config or JSON document, e.g. `sources[1].path`. */
  key?: string;
}

export function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  if (location.key) parts.push(`key ${location.key}`);
  return parts.join(', ');
}

/** Bad user input: exit code 2, nothing written. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
  constructor(
    readonly problem: string,
    readonly location: InputLocation = {},
    options?: { cause?: unknown },
  ) {
    const where = formatLocation(location);
    super(where ? `${where}: ${problem}` : problem, options);
  }
}

/** A list of input problems reported together (e.g. every bad row of an HR file). */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  readonly exitCode = 2;
  constructor(
    readonly errors: InputError[],
    readonly limit = 20,
  ) {
    super(InputErrors.describe(errors, limit));
  }

  private static describe(errors: InputError[], limit: number): string {
    if (errors.length === 1) return errors[0]!.message;
    const shown = errors.slice(0, limit).map((error) => `  - ${error.message}`);
    const more = errors.length > limit ? [`  … and ${errors.length - limit} more`] : [];
    return [`${errors.length} input errors:`, ...shown, ...more].join('\n');
  }
}

/** A provider call failed; keeps the cause and names the operation. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${provider}: ${operation} failed: ${message}`, options);
  }
}

export function isInputError(error: unknown): error is InputError | InputErrors {
  return error instanceof InputError || error instanceof InputErrors;
}
