/**
 * The two-project estate with people bound directly on the projects: Bob (left 2026-10-01) as
 * viewer and owner of acme-prod, Eve (left 2026-09-01) as viewer of acme-dev (and a deleted
 * account of Bob's there, which grants nothing), Fay (a contractor whose contract ended
 * 2026-11-01) through her partner e-mail alias under a condition; Ann and Gil (whose termination
 * is still to come) are active, and a group is no person. Fake values only.
 */

import type { GcpEstate } from '../../../scanners/gcp/emulator/estate.js';
import type { Person } from '../../../src/core/model.js';
import { person as personOf } from '../../support/builders.js';
import { twoProjectEstate } from './estate.js';

export const FAY_CONDITION = {
  title: 'until 2027',
  expression: 'request.time < timestamp("2027-01-01T00:00:00Z")',
};

export function leaverBindingEstate(): GcpEstate {
  const estate = twoProjectEstate();
  const [prod, dev] = estate.projects;
  prod!.iamPolicy = {
    version: 3,
    etag: 'BwYprod',
    bindings: [
      {
        role: 'roles/editor',
        members: ['serviceAccount:deployer@acme-prod.iam.gserviceaccount.com', 'user:ann@acme.example'],
      },
      {
        role: 'roles/viewer',
        members: ['serviceAccount:backup@acme-prod.iam.gserviceaccount.com', 'user:bob@acme.example'],
      },
      { role: 'roles/owner', members: ['user:bob@acme.example', 'user:gil@acme.example'] },
      {
        role: 'roles/storage.objectViewer',
        members: ['user:fay.k@partner.example', 'group:ops@acme.example'],
        condition: FAY_CONDITION,
      },
    ],
  };
  dev!.iamPolicy = {
    version: 1,
    etag: 'BwYdev',
    bindings: [
      {
        role: 'roles/viewer',
        members: ['user:eve@acme.example', 'deleted:user:bob@acme.example?uid=123456789'],
      },
    ],
  };
  return estate;
}

export const LEAVER_HR_CSV = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,,',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,,cyd',
  'E4,dee@acme.example,Dee,active,employee,2020-01-01,,,',
  'E5,eve@acme.example,Eve,terminated,employee,2020-01-01,2026-09-01,,',
  'E6,fay@acme.example,Fay,active,contractor,2025-01-01,,2026-11-01,fay.k@partner.example;github:fayk',
  'E7,gil@acme.example,Gil,active,employee,2020-01-01,2026-12-31,,',
  '',
].join('\n');

const person = (fields: Partial<Person> & Pick<Person, 'employeeId' | 'email' | 'name'>): Person =>
  personOf(fields.employeeId, { department: null, ...fields });

/** LEAVER_HR_CSV as the scan gives it to the scanner. */
export const LEAVER_PEOPLE: Person[] = [
  person({ employeeId: 'E1', email: 'ann@acme.example', name: 'Ann' }),
  person({
    employeeId: 'E2',
    email: 'bob@acme.example',
    name: 'Bob',
    status: 'terminated',
    terminationDate: '2026-10-01',
  }),
  person({ employeeId: 'E3', email: 'cyd@acme.example', name: 'Cyd', aliases: ['cyd'] }),
  person({ employeeId: 'E4', email: 'dee@acme.example', name: 'Dee' }),
  person({
    employeeId: 'E5',
    email: 'eve@acme.example',
    name: 'Eve',
    status: 'terminated',
    terminationDate: '2026-09-01',
  }),
  person({
    employeeId: 'E6',
    email: 'fay@acme.example',
    name: 'Fay',
    workerType: 'contractor',
    hireDate: '2025-01-01',
    contractEndDate: '2026-11-01',
    aliases: ['fay.k@partner.example', 'github:fayk'],
  }),
  person({ employeeId: 'E7', email: 'gil@acme.example', name: 'Gil', terminationDate: '2026-12-31' }),
];
