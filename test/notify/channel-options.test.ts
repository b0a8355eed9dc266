import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { InputError } from '../../src/core/errors.js';
import { createChannel } from '../../src/notify/channels/create.js';
import { type ChannelOptions, channelSchema } from '../../src/notify/channels/options.js';

const VARIABLE = 'NHISCAN_TEST_CHANNEL_UNSET';

/** Each issue as `path: message`. */
function issues(input: unknown): string[] {
  const result = channelSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue: z.core.$ZodIssue) => `${issue.path.join('.')}: ${issue.message}`);
}

const email = { type: 'email', host: 'smtp.example.com', from: 'nhiscan@example.com' };

afterEach(() => {
  delete process.env[VARIABLE];
});

describe('channel options', () => {
  it('fills in the defaults', () => {
    expect(channelSchema.parse(email)).toEqual({ ...email, port: 587, secure: false, timeoutMs: 10_000 });
    expect(channelSchema.parse({ type: 'webhook', url: 'env:SLACK_URL' })).toEqual({
      type: 'webhook',
      url: 'env:SLACK_URL',
      timeoutMs: 10_000,
    });
  });

  it('refuses an inline password', () => {
    expect(issues({ ...email, username: 'mailer', password: 'hunter2' })).toEqual([
      'password: expected a secret reference such as env:NAME (secrets are never inlined)',
    ]);
  });

  it('wants username and password together', () => {
    expect(issues({ ...email, username: 'mailer' })).toEqual([
      'password: a username needs a password (env:NAME)',
    ]);
    expect(issues({ ...email, password: 'env:SMTP_PASSWORD' })).toEqual([
      'username: a password needs a username',
    ]);
  });

  it('refuses unknown keys and unknown types', () => {
    expect(issues({ ...email, tls: false })).toEqual([': Unrecognized key: "tls"']);
    expect(issues({ type: 'pager', url: 'env:X' })).toEqual([
      "type: Invalid discriminator value. Expected 'webhook' | 'email'",
    ]);
  });

  it('refuses a bad webhook URL, credentials in it, and an inline Slack URL', () => {
    expect(issues({ type: 'webhook', url: 'hooks.example.com/x' })).toEqual([
      'url: expected an http(s) URL or a secret reference such as env:NAME',
    ]);
    expect(issues({ type: 'webhook', url: 'ftp://hooks.example.com/x' })).toEqual([
      'url: expected an http(s) URL, got the scheme "ftp:"',
    ]);
    expect(issues({ type: 'webhook', url: 'https://user:pw@hooks.example.com/x' })).toEqual([
      'url: credentials do not belong in the URL: give the token as token: env:NAME',
    ]);
    expect(issues({ type: 'webhook', url: 'https://hooks.slack.com/services/T0/B0/abc' })).toEqual([
      'url: a Slack webhook URL is a secret: give it as url: env:NAME (secrets are never inlined)',
    ]);
    expect(issues({ type: 'webhook', url: 'https://hooks.example.com/nhiscan', token: 'abc' })).toEqual([
      'token: expected a secret reference such as env:NAME (secrets are never inlined)',
    ]);
  });

  it('refuses a bad name and a bad sender', () => {
    expect(issues({ ...email, name: '-mail', from: 'nobody' })).toEqual([
      'name: expected a name of letters, digits, dot, dash or underscore',
      'from: expected the sender as an email address',
    ]);
  });
});

describe('createChannel', () => {
  const create = (options: unknown) => () =>
    createChannel(channelSchema.parse(options) as ChannelOptions, { baseDir: '/nonexistent' });

  it('names the key of an unset environment variable', () => {
    expect(create({ type: 'webhook', name: 'slack', url: `env:${VARIABLE}` })).toThrow(
      new InputError(`environment variable ${VARIABLE} is not set`, {
        key: 'notifications.channels.slack.url',
      }),
    );
    expect(create({ ...email, username: 'mailer', password: `env:${VARIABLE}` })).toThrow(
      'key notifications.channels.email.password: environment variable NHISCAN_TEST_CHANNEL_UNSET is not set',
    );
    expect(() =>
      createChannel(channelSchema.parse({ ...email, username: `env:${VARIABLE}`, password: 'env:X' }), {
        baseDir: '/',
        key: 'notifications.channels[1]',
      }),
    ).toThrow('key notifications.channels[1].username: environment variable');
  });

  it('checks a URL read from the environment, without repeating it', () => {
    process.env[VARIABLE] = 'not a url /services/SECRET';
    let error: unknown;
    try {
      create({ type: 'webhook', url: `env:${VARIABLE}` })();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'key notifications.channels.webhook.url: expected an http(s) URL',
    );
  });

  it('names the CA file it cannot read, relative to the base directory', () => {
    expect(create({ ...email, caFile: 'missing-ca.pem' })).toThrow(
      '/nonexistent/missing-ca.pem, key notifications.channels.email.caFile: cannot read the CA file (ENOENT)',
    );
  });
});
