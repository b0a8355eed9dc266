import { createServer } from 'node:http';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { iamClient } from '../../scanners/aws/clients.js';
import { awsOptionsSchema } from '../../scanners/aws/options.js';
import { listenLocally } from '../../src/emulate/local-server.js';
import { countClientRequests } from './client-requests.js';

describe('countClientRequests (the contract check that a cancelled scan starts no request)', () => {
  it('counts requests sent through node:http (the AWS SDK) and through fetch (undici, Octokit)', async () => {
    const server = createServer((_request, response) => response.end('<x/>'));
    const origin = await listenLocally(server, 0);
    const counter = countClientRequests();
    try {
      await fetch(`${origin}/a`).then((response) => response.text());
      const options = awsOptionsSchema.parse({ accounts: [{ id: '111111111111' }], endpoint: origin });
      const client = iamClient(options, { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'x' });
      client.config.maxAttempts = async () => 1;
      await client.send(new ListUsersCommand({})).catch(() => undefined);
      expect(counter.count()).toBe(2);
    } finally {
      counter.stop();
      server.closeAllConnections();
      server.close();
    }
  });
});
