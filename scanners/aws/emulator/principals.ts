/**
 * Who a key is: the estate's long-term caller key, or temporary credentials issued by AssumeRole
 * that act in the assumed account until they expire.
 */
import { randomBytes } from 'node:crypto';
import { AwsApiError } from './errors.js';
import type { AwsEstate } from './estate.js';

export interface Principal {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Long-term key of an IAM user, or an assumed-role session. */
  kind: 'user' | 'assumed-role';
  /** user: the IAM user name; assumed-role: the role name. */
  name: string;
  sessionName?: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface PrincipalRegistry {
  /** The principal for a key id, checking the session token; throws InvalidClientTokenId/ExpiredToken. */
  resolve(accessKeyId: string, sessionToken: string | undefined, now?: Date): Principal;
  /** Temporary credentials acting as `roleName` in `accountId`. */
  issue(accountId: string, roleName: string, sessionName: string, durationSeconds: number): Principal;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const randomId = (length: number) =>
  Array.from(randomBytes(length), (byte) => BASE32[byte % BASE32.length]).join('');

const invalidToken = () =>
  new AwsApiError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');

export function principalRegistry(estate: AwsEstate): PrincipalRegistry {
  const issued = new Map<string, Principal>();
  return {
    resolve(accessKeyId, sessionToken, now = new Date()) {
      const caller = estate.callerAccessKey;
      if (accessKeyId === caller.accessKeyId) {
        return {
          accountId: caller.accountId,
          accessKeyId,
          secretAccessKey: caller.secretAccessKey,
          kind: 'user',
          name: caller.userName,
        };
      }
      const temporary = issued.get(accessKeyId);
      if (!temporary || sessionToken !== temporary.sessionToken) throw invalidToken();
      if (temporary.expiration && temporary.expiration <= now) {
        throw new AwsApiError('ExpiredToken', 403, 'The security token included in the request is expired');
      }
      return temporary;
    },
    issue(accountId, roleName, sessionName, durationSeconds) {
      const principal: Principal = {
        accountId,
        accessKeyId: `ASIA${randomId(16)}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        kind: 'assumed-role',
        name: roleName,
        sessionName,
        sessionToken: randomBytes(96).toString('base64'),
        expiration: new Date(Date.now() + durationSeconds * 1000),
      };
      issued.set(principal.accessKeyId, principal);
      return principal;
    },
  };
}

/** The ARN GetCallerIdentity reports for a principal. */
export function principalArn(principal: Principal): string {
  return principal.kind === 'user'
    ? `arn:aws:iam::${principal.accountId}:user/${principal.name}`
    : `arn:aws:sts::${principal.accountId}:assumed-role/${principal.name}/${principal.sessionName}`;
}
