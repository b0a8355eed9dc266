/**
 * The repository file every SARIF result points at. nhiscan's findings are about credentials, not
 * lines of code, yet GitHub code scanning shows a result only with a file location; so results
 * point at line 1 of a file that is in the repository and governs them: the config (default) or
 * the baseline. The path must stay the same from run to run: it is part of GitHub's alert identity.
 */

export const DEFAULT_SARIF_LOCATION = 'nhiscan.yaml';

/**
 * A repository-relative path as a relative URI reference (`docs/my file.yaml` →
 * `docs/my%20file.yaml`), or an error message saying why it cannot be one.
 */
export function sarifArtifactUri(path: string): { uri: string } | { error: string } {
  const given = path.trim().replaceAll('\\', '/');
  if (given === '') return { error: 'expected a repository-relative file path such as nhiscan.yaml' };
  if (given.startsWith('/') || /^[A-Za-z]:/.test(given) || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(given)) {
    return {
      error: `expected a path relative to the repository root (GitHub matches it against the checkout), got ${JSON.stringify(path)}`,
    };
  }
  const segments = given.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.includes('..')) {
    return { error: `expected a file inside the repository, got ${JSON.stringify(path)}` };
  }
  return { uri: segments.map((segment) => encodeURIComponent(segment)).join('/') };
}
