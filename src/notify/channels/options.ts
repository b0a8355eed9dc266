/**
 * The `notifications.channels[]` entries of nhiscan.yaml: a webhook (Slack, Teams, any JSON
 * receiver) or an SMTP server. Secrets are `env:NAME` references, never inline.
 */
import { z } from 'zod';
import { configName as channelName, isSecretReference, secretReference } from '../../core/common-schemas.js';
import { cleartextProblem } from '../../core/transport.js';

const timeoutMs = z.number().int().min(1).default(10_000);

/**
 * Why a webhook URL is refused, or undefined when it is a usable http(s) URL. `inConfig`: written in
 * nhiscan.yaml itself (where a Slack URL, a secret, is refused) rather than read from `env:NAME`.
 * The message never repeats the URL.
 */
export function webhookUrlProblem(value: string, inConfig: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return inConfig
      ? 'expected an http(s) URL or a secret reference such as env:NAME'
      : 'expected an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `expected an http(s) URL, got the scheme ${JSON.stringify(url.protocol)}`;
  if (url.username || url.password)
    return 'credentials do not belong in the URL: give the token as token: env:NAME';
  if (inConfig && url.hostname === 'hooks.slack.com')
    return 'a Slack webhook URL is a secret: give it as url: env:NAME (secrets are never inlined)';
  return undefined;
}

export const webhookChannelSchema = z
  .strictObject({
    type: z.literal('webhook'),
    name: channelName.optional(),
    /** `env:NAME` (a Slack or Teams webhook URL is a secret) or a literal http(s) URL. */
    url: z.string().superRefine((value, context) => {
      const problem = isSecretReference(value) ? undefined : webhookUrlProblem(value, true);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    /** `env:NAME`: sent as `Authorization: Bearer <value>`. */
    token: secretReference.optional(),
    timeoutMs,
  })
  .superRefine((channel, context) => {
    // A literal URL is checked here; one read from env:NAME is checked when the channel is made.
    if (!channel.token || isSecretReference(channel.url) || webhookUrlProblem(channel.url, true)) return;
    const problem = cleartextProblem(new URL(channel.url));
    if (problem) context.addIssue({ code: 'custom', path: ['url'], message: problem });
  });

export const emailChannelSchema = z
  .strictObject({
    type: z.literal('email'),
    name: channelName.optional(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** true: implicit TLS (port 465); false: STARTTLS, which is then required. */
    secure: z.boolean().default(false),
    from: z.email('expected the sender as an email address'),
    /** A literal user name or `env:NAME`. */
    username: z.string().min(1).optional(),
    password: secretReference.optional(),
    /** Extra CA certificates (PEM) for a private server, relative to the config file. */
    caFile: z.string().min(1).optional(),
    timeoutMs,
  })
  .superRefine((options, context) => {
    if (options.username !== undefined && options.password === undefined)
      context.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'a username needs a password (env:NAME)',
      });
    if (options.password !== undefined && options.username === undefined)
      context.addIssue({ code: 'custom', path: ['username'], message: 'a password needs a username' });
  });

export const channelSchema = z.discriminatedUnion('type', [webhookChannelSchema, emailChannelSchema]);

export type WebhookChannelOptions = z.infer<typeof webhookChannelSchema>;
export type EmailChannelOptions = z.infer<typeof emailChannelSchema>;
export type ChannelOptions = z.infer<typeof channelSchema>;
