/**
 * The three GitHub credential payloads a generated organization holds, written from a credential's
 * timeline: a SAML credential authorization (classic token or SSH key), a fine-grained token grant,
 * a deploy key. Each returns the uid the GitHub scanner gives it.
 */

import type { BuildContext } from '../../../../src/emulate/generate/context.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import { MIDDAY, type Timeline } from '../../../../src/emulate/generate/timeline.js';
import type {
  GithubCredentialAuthorization,
  GithubDeployKey,
  GithubFineGrainedTokenGrant,
} from '../estate.js';
import type { OrgBuilder } from './org.js';

/** What every payload writer is given. */
export interface GithubCredential {
  context: BuildContext;
  builder: OrgBuilder;
  /** A serial number unique in the estate. */
  id: number;
  timeline: Timeline;
  privileged: boolean;
  /** The holder (or for a deploy key, who added it); null only for an unowned deploy key. */
  holder: { login: string; id: number } | null;
}

/** Made in the morning, used in the afternoon: a same-day use follows the creation. */
const madeAt = ({ context, timeline }: GithubCredential) =>
  context.calendar.ago(timeline.createdDaysAgo, context.random.int(0, MIDDAY - 1));
const usedAt = ({ context, timeline }: GithubCredential) =>
  timeline.lastUsedDaysAgo === null
    ? null
    : context.calendar.ago(timeline.lastUsedDaysAgo, context.random.int(MIDDAY, 86_399));
const expiresAt = ({ context, timeline }: GithubCredential) =>
  timeline.expiresInDays === null ? null : context.calendar.timestamp(timeline.expiresInDays, MIDDAY);

/** An OpenSSH ed25519 public key line with a random (fake) key: the scanner computes its SHA256 fingerprint. */
function publicKey(context: BuildContext, comment: string): string {
  const type = Buffer.from('ssh-ed25519');
  const blob = Buffer.alloc(4 + type.length + 4 + 32);
  blob.writeUInt32BE(type.length, 0);
  type.copy(blob, 4);
  blob.writeUInt32BE(32, 4 + type.length);
  context.random.bytes(32).copy(blob, 8 + type.length);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

export function writeAuthorization(
  credential: GithubCredential,
  kind: 'personal-access-token' | 'ssh-key',
): string {
  const { context, builder, id, privileged } = credential;
  const random = context.random;
  const authorization: GithubCredentialAuthorization = {
    login: credential.holder!.login,
    credential_id: 1_000_000 + id,
    credential_type: kind === 'ssh-key' ? 'SSH Key' : 'personal access token',
    credential_authorized_at: madeAt(credential),
    credential_accessed_at: usedAt(credential),
    authorized_credential_id: 3_000_000 + id,
    ...(kind === 'ssh-key'
      ? {
          fingerprint: `SHA256:${random.base64(43)}`,
          authorized_credential_title: `${random.pick(PURPOSES)} key`,
        }
      : {
          token_last_eight: random.hex(8),
          scopes: privileged ? ['admin:org', 'repo'] : random.chance(0.5) ? ['repo'] : ['repo', 'read:org'],
          authorized_credential_note: `${random.pick(PURPOSES)} token`,
          authorized_credential_expires_at: expiresAt(credential),
        }),
  };
  builder.org.credentialAuthorizations.push(authorization);
  return `github:${builder.login}:${kind}:${authorization.credential_id}`;
}

export function writeFineGrainedGrant(credential: GithubCredential): string {
  const { context, builder, id, privileged, timeline } = credential;
  const random = context.random;
  const grant: GithubFineGrainedTokenGrant = {
    id: 1_000_000 + id,
    owner: credential.holder!,
    repository_selection: random.chance(0.3) ? 'all' : 'subset',
    permissions: privileged
      ? { organization: { administration: 'write' }, repository: { contents: 'write', metadata: 'read' } }
      : { repository: { contents: random.chance(0.5) ? 'read' : 'write', metadata: 'read' } },
    access_granted_at: madeAt(credential),
    token_id: 4_000_000 + id,
    token_name: `${random.pick(PURPOSES)} token`,
    token_expired: timeline.state === 'expired',
    token_expires_at: expiresAt(credential),
    token_last_used_at: usedAt(credential),
  };
  builder.org.fineGrainedTokens.push(grant);
  return `github:${builder.login}:fine-grained-pat:${grant.id}`;
}

export function writeDeployKey(credential: GithubCredential, serial: () => number): string {
  const { context, builder, id, privileged, timeline } = credential;
  const repo = builder.nextRepo(serial);
  const key: GithubDeployKey = {
    id: 2_000_000 + id,
    key: publicKey(context, `${repo.name}-deploy`),
    title: `${repo.name} ${privileged ? 'publish' : 'read'}`,
    verified: true,
    created_at: madeAt(credential),
    read_only: !privileged,
    added_by: credential.holder?.login ?? null,
    last_used: usedAt(credential),
    enabled: timeline.state !== 'inactive',
  };
  repo.deployKeys.push(key);
  return `github:${builder.login}/${repo.name}:deploy-key:${key.id}`;
}
