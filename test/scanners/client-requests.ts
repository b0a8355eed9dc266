/**
 * Counts the HTTP requests this process starts, whatever client sends them (node:http for the
 * AWS SDK and gaxios, undici for fetch and Octokit), through Node's diagnostics channels: how a
 * test proves a cancelled scan starts no request, even while requests sent before the cancel are
 * still landing at the emulator.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

const CHANNELS = ['http.client.request.start', 'undici:request:create'] as const;

export function countClientRequests(): { count(): number; stop(): void } {
  let started = 0;
  const onRequest = () => {
    started += 1;
  };
  for (const channel of CHANNELS) subscribe(channel, onRequest);
  return {
    count: () => started,
    stop: () => {
      for (const channel of CHANNELS) unsubscribe(channel, onRequest);
    },
  };
}
