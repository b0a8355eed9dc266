/**
 * Counts an emulator's requests in flight and open connections. A test waits for both to reach
 * zero before trusting the estate: a client that died mid-request may still have bytes on the
 * wire, which the server reads (and applies) only after the client is gone.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Traffic {
  readonly inFlight: number;
  readonly openConnections: number;
  /** Wraps a request handler so each request counts as in flight until its promise settles. */
  track(
    handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  ): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Counts the server's connections. */
  watch(server: Server): void;
}

export function trafficCounter(): Traffic {
  let inFlight = 0;
  let openConnections = 0;
  return {
    get inFlight() {
      return inFlight;
    },
    get openConnections() {
      return openConnections;
    },
    track: (handle) => async (request, response) => {
      inFlight += 1;
      try {
        await handle(request, response);
      } finally {
        inFlight -= 1;
      }
    },
    watch(server) {
      server.on('connection', (socket) => {
        openConnections += 1;
        socket.once('close', () => {
          openConnections -= 1;
        });
      });
    },
  };
}
