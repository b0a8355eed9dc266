/**
 * Why a GitLab credential is privileged: a token scope that writes or administers (`api`, `sudo`,
 * `admin_mode`, `write_repository`, `write_registry`, `write_package_registry`), an access token's
 * role of Maintainer or Owner, a deploy key that can push. Pure.
 */
const PRIVILEGED_SCOPES: Readonly<Record<string, string>> = {
  api: 'scope api (read and write the whole API)',
  sudo: 'scope sudo (act as any user)',
  admin_mode: 'scope admin_mode (administrator actions)',
  write_repository: 'scope write_repository (push to repositories)',
  write_registry: 'scope write_registry (push container images)',
  write_package_registry: 'scope write_package_registry (publish packages)',
};

const ROLE_NAMES: Readonly<Record<number, string>> = { 40: 'Maintainer', 50: 'Owner' };

export function scopeReasons(scopes: readonly string[] | undefined): string[] {
  return (scopes ?? []).flatMap((scope) => {
    const reason = PRIVILEGED_SCOPES[scope];
    return reason ? [reason] : [];
  });
}

/** An access token's role on its group or project: Maintainer (40) and Owner (50) administer it. */
export function roleReasons(accessLevel: number | undefined): string[] {
  const role = accessLevel === undefined ? undefined : ROLE_NAMES[accessLevel];
  return role ? [`role ${role} (access level ${accessLevel})`] : [];
}

export const deployKeyReasons = (canPush: boolean | undefined): string[] =>
  canPush ? ['can_push (writes to the repository)'] : [];
