/**
 * The small workspace several HR tests start from: Bob owns Jenkins token jk-1 and Ann owns jk-2,
 * listed by an inventory file, with leaver requests waiting for approval.
 */
export const JENKINS_INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,department',
  'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-11-01,2026-11-20,platform',
  'jenkins,ci,api-token,jk-2,svc-deploy,ann@acme.example,2026-11-01,2026-11-20,platform',
];

export const JENKINS_CONFIG = [
  'hr: { source: csv, path: hr.csv }',
  'sources:',
  '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
  'revocation: { leaver: approve }',
];

/** Writes inventory.csv and nhiscan.yaml through the test's own writer (HR is the test's to write). */
export function writeJenkinsWorkspace(write: (name: string, lines: string[]) => void): void {
  write('inventory.csv', JENKINS_INVENTORY);
  write('nhiscan.yaml', JENKINS_CONFIG);
}

type Run = (argv: string[]) => Promise<{ stdout: string }>;

/** `nhiscan findings --json` as `CREDENTIAL RULE` lines. */
export async function findingLines(run: Run): Promise<string[]> {
  return (
    JSON.parse((await run(['findings', '--json'])).stdout) as { rule: string; credentialUid: string }[]
  ).map((finding) => `${finding.credentialUid} ${finding.rule}`);
}

/** `nhiscan queue list --all --json` as [id, credential, state, why] rows. */
export async function requestRows(run: Run): Promise<(string | number | null)[][]> {
  return (
    JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout) as {
      id: number;
      credentialUid: string;
      state: string;
      stateReason: string | null;
    }[]
  ).map((request) => [request.id, request.credentialUid, request.state, request.stateReason]);
}
