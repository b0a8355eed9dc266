/**
 * An emulator started in its own worker thread (emulator-thread.mjs): what the benchmark reads
 * from it once it is serving, and what it reads after closing it (request logs, counters).
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface EmulatorThread<Ready, Closed> {
  ready: Ready;
  /** Closes the emulator and ends the thread; resolves with the fields read after closing. */
  close(): Promise<Closed>;
}

export async function startEmulatorThread<Ready, Closed>(spec: {
  /** The emulator's module, as a path from the repository root. */
  module: string;
  start: string;
  options: unknown;
  fields: (keyof Ready & string)[];
  closeFields: (keyof Closed & string)[];
}): Promise<EmulatorThread<Ready, Closed>> {
  const root = join(import.meta.dirname, '..', '..');
  const worker = new Worker(join(import.meta.dirname, 'emulator-thread.mjs'), {
    workerData: { ...spec, module: pathToFileURL(join(root, spec.module)).href },
  });
  const message = async () => {
    const [data] = (await once(worker, 'message')) as [{ ready?: Ready; closed?: Closed }];
    return data;
  };
  const { ready } = await message();
  if (!ready) throw new Error(`${spec.module}: the emulator thread did not start`);
  return {
    ready,
    async close() {
      const closed = message();
      worker.postMessage('close');
      const { closed: fields } = await closed;
      await worker.terminate();
      return fields as Closed;
    },
  };
}
