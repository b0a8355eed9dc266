/**
 * The two-organization estate with leavers still reaching it through their own GitHub accounts:
 * bob (left, SAML identity in acme) a member, vendor-vic (contract ended, `github:` alias) an
 * outside collaborator, dan (left, alias) an owner of beta, fay (left, no GitHub account) invited
 * by email; ann, cyd, eve and gil (invited as an owner) are active. HR_CSV and PEOPLE say so.
 */
import type { GithubEstate } from '../../../scanners/github/emulator/estate.js';
import type { Person } from '../../../src/core/model.js';
import { person } from '../../support/builders.js';
import { twoOrgEstate } from './estate.js';

export const AS_OF = '2026-11-26';

export function memberEstate(): GithubEstate {
  const estate = twoOrgEstate();
  const acme = estate.orgs[0]!;
  acme.invitations = [
    {
      id: 9101,
      login: null,
      email: 'fay@acme.example',
      role: 'direct_member',
      created_at: '2026-09-01T10:00:00Z',
      inviter: { login: 'ann', id: 11 },
      team_count: 1,
      invitation_source: 'member',
    },
    {
      id: 9102,
      login: 'gil',
      email: null,
      role: 'admin',
      created_at: '2026-11-01T10:00:00Z',
      inviter: { login: 'ann', id: 11 },
      team_count: 0,
    },
  ];
  return estate;
}

export const HR_CSV = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,,',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,,github:cyd',
  'E4,dan@beta.example,Dan,terminated,employee,2020-01-01,2026-11-01,,github:dan',
  'E5,eve@beta.example,Eve,active,employee,2020-01-01,,,github:eve',
  'E6,vic@vendor.example,Vic,active,contractor,2025-01-01,,2026-10-31,github:vendor-vic',
  'E7,fay@acme.example,Fay,terminated,employee,2020-01-01,2026-08-31,,',
  'E8,gil@acme.example,Gil,active,employee,2026-10-15,,,github:gil',
  '',
].join('\n');

/** HR_CSV as the scan context carries it. */
export const PEOPLE: Person[] = [
  person('E1', { email: 'ann@acme.example', name: 'Ann' }),
  person('E2', {
    email: 'bob@acme.example',
    name: 'Bob',
    status: 'terminated',
    terminationDate: '2026-10-01',
  }),
  person('E3', { email: 'cyd@acme.example', name: 'Cyd', aliases: ['github:cyd'] }),
  person('E4', {
    email: 'dan@beta.example',
    name: 'Dan',
    status: 'terminated',
    terminationDate: '2026-11-01',
    aliases: ['github:dan'],
  }),
  person('E5', { email: 'eve@beta.example', name: 'Eve', aliases: ['github:eve'] }),
  person('E6', {
    email: 'vic@vendor.example',
    name: 'Vic',
    workerType: 'contractor',
    contractEndDate: '2026-10-31',
    aliases: ['github:vendor-vic'],
  }),
  person('E7', {
    email: 'fay@acme.example',
    name: 'Fay',
    status: 'terminated',
    terminationDate: '2026-08-31',
  }),
  person('E8', { email: 'gil@acme.example', name: 'Gil', aliases: ['github:gil'] }),
];
