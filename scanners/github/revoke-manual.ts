/**
 * The GitHub records a person acts on by hand, and their re-reads:
 * - an App installation: only the app itself (with its JWT) can uninstall or suspend it through
 *   the API (DELETE /app/installations/{id}, PUT …/suspended); an organization owner does it in
 *   the organization's settings. Re-read: GET /orgs/{org}/installations (gone, or suspended).
 * - an Actions secret: the remedy is rotation (a new value, set by whoever holds the service it
 *   unlocks), never deletion, which would break every workflow using it. Re-read: GET the secret
 *   (404 = gone); the rotation itself is seen by the next scan (`updated_at`).
 * The step is `manual`: `waiting-for-human` with instructions (a dry run: `planned`, no call).
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { GithubClient } from './client.js';
import { isNotFound } from './errors.js';
import type { GithubCredentialKind, ParsedCredentialUid } from './kinds.js';
import { pageItemsOf } from './paginate.js';
import { installationSchema, parseItems } from './payloads.js';

export const MANUAL_KINDS = ['app-installation', 'actions-secret'] as const;
export type ManualKind = (typeof MANUAL_KINDS)[number];

export function isManualKind(kind: string): kind is ManualKind {
  return (MANUAL_KINDS as readonly string[]).includes(kind);
}

const CONFIRM = 'then run `nhiscan queue confirm ID --by WHO --reason TEXT`';

/** What a person has to do. `ID` stays a placeholder: the queue shows the request id. */
export function manualInstructions(credential: Credential, parsed: ParsedCredentialUid): string {
  const { org, repo, id } = parsed;
  if (parsed.kind === 'app-installation') {
    const app = credential.principalName ?? `installation ${id}`;
    return `Uninstall (or suspend) the GitHub App ${app}, installation ${id}, from organization ${org}: an organization owner opens the organization's Settings › GitHub Apps › ${app} › Configure and chooses Uninstall (or Suspend); GitHub's API lets only the app itself do either; ${CONFIRM}.`;
  }
  const where = repo ? `--repo ${org}/${repo}` : `--org ${org}`;
  const holder = repo ? `repository ${org}/${repo}` : `organization ${org}`;
  return `Rotate the Actions secret ${id} of ${holder}: issue a new value at the service it unlocks, set it with \`gh secret set ${id} ${where}\`, revoke the old value at that service, ${CONFIRM}. Do not delete the secret: workflows using it would fail.`;
}

export function manualRevoke(
  credential: Credential,
  parsed: ParsedCredentialUid,
  step: RevokeStep,
  dryRun: boolean,
): RevokeResult {
  if (step !== 'manual')
    throw new Error(
      `github: ${credential.uid} is acted on by hand: step ${step} is refused; its only step is manual`,
    );
  return {
    outcome: dryRun ? 'planned' : 'waiting-for-human',
    apiCall: 'manual',
    manualTask: { instructions: manualInstructions(credential, parsed) },
  };
}

async function verifyInstallation(
  client: GithubClient,
  org: string,
  id: string,
  signal: AbortSignal,
): Promise<VerifyResult> {
  for await (const page of pageItemsOf(
    client,
    'GET /orgs/{org}/installations',
    { org, per_page: 100 },
    signal,
  )) {
    const found = parseItems(installationSchema, page, 'installation').find(
      (installation) => String(installation.id) === id,
    );
    if (!found) continue;
    return found.suspended_at
      ? { usable: false, exists: true, detail: `installation suspended at ${found.suspended_at}` }
      : { usable: true, exists: true, detail: 'installation still active' };
  }
  return { usable: false, exists: false, detail: `installation ${id} no longer on ${org}` };
}

async function verifySecret(
  client: GithubClient,
  { org, repo, id }: ParsedCredentialUid,
  signal: AbortSignal,
): Promise<VerifyResult> {
  try {
    const { data } = repo
      ? await client.request('GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
          owner: org,
          repo,
          secret_name: id,
          request: { signal },
        })
      : await client.request('GET /orgs/{org}/actions/secrets/{secret_name}', {
          org,
          secret_name: id,
          request: { signal },
        });
    return { usable: true, exists: true, detail: `secret exists, value last set ${data.updated_at}` };
  } catch (error) {
    if (isNotFound(error)) return { usable: false, exists: false, detail: 'secret no longer exists' };
    throw error;
  }
}

/** Re-reads the record; a failed read is thrown (revoke.ts turns it into `unknown`). */
export function verifyManual(
  client: GithubClient,
  parsed: ParsedCredentialUid & { kind: GithubCredentialKind },
  signal: AbortSignal,
): Promise<VerifyResult> {
  return parsed.kind === 'app-installation'
    ? verifyInstallation(client, parsed.org, parsed.id, signal)
    : verifySecret(client, parsed, signal);
}
