/**
 * The credentials a person signs in beside: every present credential of an AWS IAM user that also
 * has a present console password (a person signs in as the user), other than the password itself
 * and the person-account record of the user. Their findings map to OWASP NHI10, Human Use of NHI
 * (src/policy/compliance.ts). Only AWS has console passwords in the inventory today.
 */
import type { Db } from './open.js';

export function credentialsOfConsoleUsers(db: Db): Set<string> {
  const rows = db
    .prepare(
      `WITH console_users AS (
         SELECT json_extract(stored_text(data, uid), '$.principalUid') AS principal
           FROM credentials
          WHERE provider = 'aws' AND kind = 'console-password' AND state = 'present')
       SELECT c.uid FROM credentials c
        WHERE c.provider = 'aws' AND c.kind NOT IN ('console-password', 'iam-user') AND c.state = 'present'
          AND EXISTS (SELECT 1 FROM console_users)
          AND json_extract(stored_text(c.data, c.uid), '$.principalUid') IN (SELECT principal FROM console_users)
          AND json_extract(stored_text(c.data, c.uid), '$.nature') IS NOT 'person-account'`,
    )
    .pluck()
    .all() as string[];
  return new Set(rows);
}
