/** A channel from its validated options: secrets read from the environment, the CA file from disk. */
import { resolve } from 'node:path';
import { readCaFile } from '../../core/ca-file.js';
import { isSecretReference } from '../../core/common-schemas.js';
import { InputError } from '../../core/errors.js';
import { readSecretReference } from '../../core/secret-reference.js';
import { cleartextProblem } from '../../core/transport.js';
import { emailChannel } from './email.js';
import { type ChannelOptions, webhookUrlProblem } from './options.js';
import type { NoticeChannel } from './types.js';
import { webhookChannel } from './webhook.js';

export interface ChannelContext {
  /** The directory `caFile` is relative to (the config file's). */
  baseDir: string;
  /** Where these options sit in the config, for messages (default `notifications.channels.NAME`). */
  key?: string;
}

/** Throws InputError naming the key of an unset variable, a bad URL or an unreadable CA file. */
export function createChannel(options: ChannelOptions, context: ChannelContext): NoticeChannel {
  const name = options.name ?? options.type;
  const key = (field: string) => `${context.key ?? `notifications.channels.${name}`}.${field}`;
  const secretOrLiteral = (value: string, field: string) =>
    isSecretReference(value) ? readSecretReference(value, key(field)) : value;

  if (options.type === 'webhook') {
    const url = webhookUrl(secretOrLiteral(options.url, 'url'), key('url'), options.token !== undefined);
    return webhookChannel({
      name,
      url,
      ...(options.token !== undefined ? { token: readSecretReference(options.token, key('token')) } : {}),
      timeoutMs: options.timeoutMs,
    });
  }
  const auth =
    options.username !== undefined && options.password !== undefined
      ? {
          user: secretOrLiteral(options.username, 'username'),
          pass: readSecretReference(options.password, key('password')),
        }
      : undefined;
  return emailChannel({
    name,
    host: options.host,
    port: options.port,
    secure: options.secure,
    from: options.from,
    ...(auth ? { auth } : {}),
    ...(options.caFile !== undefined
      ? { ca: readCaFile(resolve(context.baseDir, options.caFile), key('caFile')) }
      : {}),
    timeoutMs: options.timeoutMs,
  });
}

/** The URL, checked as the schema checks a literal one (an `env:` value is only known now). */
/** The webhook's URL; a token goes only over https (or plain http to this machine). */
function webhookUrl(value: string, key: string, withToken: boolean): URL {
  const problem = webhookUrlProblem(value, false);
  if (problem) throw new InputError(problem, { key });
  const url = new URL(value);
  const cleartext = withToken ? cleartextProblem(url) : undefined;
  if (cleartext) throw new InputError(cleartext, { key });
  return url;
}
