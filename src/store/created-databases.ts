/**
 * The database files a command created, so that a refused input (exit 2, "nothing written") can
 * take them away again. `openDatabase` notes every file it creates in the scope of the command
 * that runs (`runCli` makes one `CreatedDatabases` per invocation; AsyncLocalStorage keeps
 * concurrent invocations in one process apart); on an InputError `discard()` closes them and
 * deletes each one that still holds no row (with its -wal, -shm and -journal, and the folders created for it).
 * A database that existed before the command is never touched, nor one in which the command
 * committed something before the refusal (a `decision.refused` audit record, for example).
 *
 * No SQLite here: `main.ts` imports this module before any command, and `--version` loads none.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

interface Handle {
  readonly open: boolean;
  close(): unknown;
}

interface CreatedDatabase {
  path: string;
  /** The first folder mkdir created for it (the outermost), if any. */
  createdDir: string | undefined;
  /** Whether the file holds any row, read from the file itself (open.ts supplies it). */
  holdsData: () => boolean;
  handles: Handle[];
}

type Scope = Map<string, CreatedDatabase>;

const scopes = new AsyncLocalStorage<Scope>();

/** open.ts: `path` did not exist and this command created it (and `createdDir`, when mkdir made one). */
export function noteCreatedDatabase(
  path: string,
  createdDir: string | undefined,
  holdsData: () => boolean,
): void {
  const absolute = resolve(path);
  scopes.getStore()?.set(absolute, { path: absolute, createdDir, holdsData, handles: [] });
}

/** open.ts: a connection to `path`; kept only when this command created the file. */
export function noteOpenedDatabase(path: string, handle: Handle): void {
  scopes.getStore()?.get(resolve(path))?.handles.push(handle);
}

/** The databases one command invocation creates. */
export class CreatedDatabases {
  private readonly created: Scope = new Map();

  /** Runs `work`, noting every database file it creates (in any async continuation of it). */
  during<T>(work: () => Promise<T>): Promise<T> {
    return scopes.run(this.created, work);
  }

  /**
   * Closes the databases created and deletes each one that still holds no row, with its side
   * files and the folders made for it. Returns the deleted paths. Never throws: a file that cannot
   * be read or removed stays (the refusal message matters more).
   */
  discard(): string[] {
    const discarded: string[] = [];
    for (const created of this.created.values()) {
      for (const handle of created.handles) if (handle.open) closeQuietly(handle);
      try {
        if (created.holdsData()) continue;
        for (const suffix of ['-wal', '-shm', '-journal', ''])
          rmSync(`${created.path}${suffix}`, { force: true });
        discarded.push(created.path);
        removeCreatedFolders(created);
      } catch {
        // Left in place: it could not be read or removed.
      }
    }
    this.created.clear();
    return discarded;
  }
}

/** Removes the folders mkdir made for the file, innermost first, while they are empty. */
function removeCreatedFolders(created: CreatedDatabase): void {
  if (!created.createdDir) return;
  let folder = dirname(created.path);
  for (;;) {
    rmdirSync(folder); // throws when not empty: stops there
    if (folder === created.createdDir) return;
    const parent = dirname(folder);
    if (parent === folder) return;
    folder = parent;
  }
}

function closeQuietly(handle: Handle): void {
  try {
    handle.close();
  } catch {
    // Already closing; the file is checked and removed below regardless.
  }
}
