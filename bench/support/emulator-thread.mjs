// Runs one emulator in a worker thread, so that a benchmark's scanner and the emulator standing in
// for the provider each have a core, as against a real provider whose CPU is not ours.
// Protocol: workerData { module, start, options, fields, closeFields } → the worker imports
// `module`, awaits `start(options)` and posts { ready: picked fields }; on the message 'close' it
// closes the emulator and posts { closed: picked closeFields } (structured-cloned data only).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const pick = (object, names) => Object.fromEntries(names.map((name) => [name, object[name]]));
const { module, start, options, fields, closeFields } = workerData;
const emulator = await (await import(module))[start](options);
parentPort.postMessage({ ready: pick(emulator, fields) });
parentPort.on('message', async (message) => {
  if (message !== 'close') return;
  await emulator.close();
  parentPort.postMessage({ closed: pick(emulator, closeFields) });
  parentPort.close();
});
