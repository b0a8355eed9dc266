/**
 * Writing a file the user named (`report --out`, `audit export --out`, `audit checkpoint --out`):
 * - never half-written: the text goes to a new temporary file beside the target, which is renamed
 *   over it only once complete (a failure removes the temporary file and leaves the target as it was);
 * - never through a symbolic link: a target that is a link is refused, and the temporary file is
 *   created exclusively (O_EXCL, O_NOFOLLOW), so nothing already there is opened or followed;
 * - never onto what it must not replace: nhiscan's own database and its SQLite side files
 *   (`-wal`, `-shm`, `-journal`), by path or by the same file under another name;
 * - mode 0600, whatever the mode of a file it replaces (a report holds owners and credential ids).
 */
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';

const SQLITE_SIDE_FILES = ['', '-wal', '-shm', '-journal'];

function sameFile(a: string, b: string): boolean {
  try {
    const left = statSync(a);
    const right = statSync(b);
    return left.dev === right.dev && left.ino === right.ino;
  } catch {
    return false;
  }
}

/** Refuses a target that is a link, a directory, or one of the protected files. */
function checkTarget(file: string, flag: string, protect: readonly string[]): void {
  for (const database of protect) {
    const path = resolve(database);
    if (SQLITE_SIDE_FILES.some((suffix) => file === `${path}${suffix}`) || sameFile(file, path)) {
      throw new InputError(
        'refusing to write over the nhiscan database (or one of its files); choose another path',
        {
          file,
          key: flag,
        },
      );
    }
  }
  let stat: ReturnType<typeof lstatSync> | undefined;
  try {
    stat = lstatSync(file);
  } catch {
    return; // a new file
  }
  if (stat.isSymbolicLink())
    throw new InputError('refusing to write through a symbolic link; name the real file', {
      file,
      key: flag,
    });
  if (!stat.isFile()) throw new InputError('expected a regular file to write', { file, key: flag });
}

/** Writes `chunks` to `file` (see the module comment); returns how many chunks were written. */
export function writeOutputFile(
  target: string,
  chunks: Iterable<string> | string,
  options: { flag: string; protect?: readonly string[] },
): number {
  const file = resolve(target);
  checkTarget(file, options.flag, options.protect ?? []);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let count = 0;
  let fd: number | undefined;
  try {
    fd = openSync(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    let buffer = '';
    for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
      buffer += chunk;
      count++;
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        file,
        key: options.flag,
      },
    );
  }
  return count;
}
