/**
 * The azure plugin's contract fixture (test/scanners/contract-support.ts): the tenant of the
 * scanner tests; denied, the scanner's app holds no Graph permission to read applications and
 * service principals, which Graph answers with 403 Authorization_RequestDenied.
 */
import { type ContractFixture, startEmulated } from '../contract-support.js';
import { TENANT, tenantEstate } from './estate.js';

function deniedTenant() {
  const tenant = tenantEstate();
  tenant.client.roles = ['AuditLog.Read.All'];
  return tenant;
}

export const contractFixture: ContractFixture = {
  start: () => startEmulated('azure', { tenants: [tenantEstate()] }),
  startDenied: () => startEmulated('azure', { tenants: [deniedTenant()] }),
  denied: { partialScope: `tenant ${TENANT}` },
  // The sign-in activity report answers 200 with nothing at all (it has been reported to).
  lastUseUnreadable: () =>
    startEmulated('azure', { tenants: [{ ...tenantEstate(), signInReport: { answer: 'empty' } }] }),
};
