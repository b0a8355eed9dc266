import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, InputErrors, ProviderError } from '../../src/core/errors.js';
import type { Person } from '../../src/core/model.js';
import { ScimClient } from '../../src/hr/scim/client.js';
import { readScimPeople, type ScimOptions, scimOptionsSchema } from '../../src/hr/scim/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  ENTERPRISE,
  failNext,
  HR_EXTENSION,
  rewritePage,
  type ScimServer,
  startScimServer,
  UserStore,
} from './support/scim-server.js';

const TOKEN = 'scim-test-token-5f1c2a9e7b';
const TOKEN_VARIABLE = 'NHISCAN_TEST_SCIM_TOKEN';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A SCIM User payload as an HR system would provision it. */
function user(options: {
  employeeNumber?: string;
  userName: string;
  displayName?: string;
  name?: Record<string, string>;
  emails?: { value: string; type?: string; primary?: boolean }[];
  active?: boolean;
  userType?: string;
  department?: string;
  hr?: Record<string, string>;
  /** The enterprise manager's resource id (default `mgr-1`, which names no user). */
  managerId?: string;
}): Record<string, unknown> {
  const { employeeNumber, department, hr, managerId, ...core } = options;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE, ...(hr ? [HR_EXTENSION] : [])],
    ...core,
    [ENTERPRISE]: {
      ...(employeeNumber === undefined ? {} : { employeeNumber }),
      ...(department === undefined ? {} : { department }),
      manager: { value: managerId ?? 'mgr-1', displayName: 'Grace Hopper' },
    },
    ...(hr ? { [HR_EXTENSION]: hr } : {}),
  };
}

const WORKFORCE = [
  user({
    employeeNumber: 'E1001',
    userName: 'bjensen@acme.example',
    displayName: 'Barbara Jensen',
    emails: [
      { value: 'babs@home.example', type: 'home' },
      { value: 'barbara.jensen@acme.example', type: 'work', primary: true },
    ],
    active: true,
    userType: 'Employee',
    department: 'Platform',
    hr: { hireDate: '2019-04-01', managerEmail: 'grace.hopper@acme.example' },
  }),
  user({
    employeeNumber: 'E1002',
    userName: 'jsmith',
    displayName: 'John Smith',
    emails: [{ value: 'john.smith@acme.example', type: 'work', primary: true }],
    userType: 'Contractor',
    department: 'Data',
    hr: { hireDate: '2025-09-01T09:00:00Z', contractEndDate: '2026-06-30' },
  }),
  user({
    employeeNumber: 'E1003',
    userName: 'mleaver@acme.example',
    displayName: 'Mia Leaver',
    emails: [{ value: 'mia.leaver@acme.example', type: 'work', primary: true }],
    active: false,
    userType: 'Employee',
    department: 'Finance',
    hr: { hireDate: '2018-02-12', terminationDate: '2026-01-15T17:30:00Z' },
  }),
  user({
    employeeNumber: 'E1004',
    userName: 'cwei@acme.example',
    name: { givenName: 'Chen', familyName: 'Wei' },
    emails: [{ value: 'chen.wei@acme.example', type: 'work' }],
    active: true,
    department: 'Platform',
  }),
  user({
    employeeNumber: 'E1005',
    userName: 'dlee',
    name: { formatted: 'Dana Lee', givenName: 'Dana', familyName: 'Lee' },
    emails: [{ value: 'dana.lee@acme.example', type: 'work', primary: true }],
    userType: 'contingent worker',
  }),
  user({
    employeeNumber: 'E1006',
    userName: 'ookafor@acme.example',
    displayName: 'Obi Okafor',
    active: true,
    userType: 'Intern',
    department: 'Security',
  }),
  user({
    employeeNumber: 'E1007',
    userName: 'pnovak@acme.example',
    displayName: 'Petra Novak',
    emails: [{ value: 'petra.novak@acme.example', primary: true }],
    active: true,
    department: 'Security',
  }),
];

const HR_MAPPING = {
  hireDate: `${HR_EXTENSION}:hireDate`,
  terminationDate: `${HR_EXTENSION}:terminationDate`,
  contractEndDate: `${HR_EXTENSION}:contractEndDate`,
  managerEmail: `${HR_EXTENSION}:managerEmail`,
};

function person(fields: Partial<Person> & Pick<Person, 'employeeId' | 'email' | 'name'>): Person {
  return {
    status: 'active',
    workerType: 'employee',
    hireDate: null,
    terminationDate: null,
    contractEndDate: null,
    department: null,
    managerEmail: null,
    previousDepartment: null,
    transferDate: null,
    aliases: [],
    ...fields,
  };
}

const EXPECTED: Person[] = [
  person({
    employeeId: 'E1001',
    email: 'barbara.jensen@acme.example',
    name: 'Barbara Jensen',
    hireDate: '2019-04-01',
    department: 'Platform',
    managerEmail: 'grace.hopper@acme.example',
    aliases: ['bjensen@acme.example', 'upn:bjensen@acme.example'],
  }),
  person({
    employeeId: 'E1002',
    email: 'john.smith@acme.example',
    name: 'John Smith',
    workerType: 'contractor',
    hireDate: '2025-09-01',
    contractEndDate: '2026-06-30',
    department: 'Data',
    aliases: ['jsmith'],
  }),
  person({
    employeeId: 'E1003',
    email: 'mia.leaver@acme.example',
    name: 'Mia Leaver',
    status: 'terminated',
    hireDate: '2018-02-12',
    terminationDate: '2026-01-15',
    department: 'Finance',
    aliases: ['mleaver@acme.example', 'upn:mleaver@acme.example'],
  }),
  person({
    employeeId: 'E1004',
    email: 'chen.wei@acme.example',
    name: 'Chen Wei',
    department: 'Platform',
    aliases: ['cwei@acme.example', 'upn:cwei@acme.example'],
  }),
  person({
    employeeId: 'E1005',
    email: 'dana.lee@acme.example',
    name: 'Dana Lee',
    workerType: 'contractor',
    aliases: ['dlee'],
  }),
  person({
    employeeId: 'E1006',
    email: 'ookafor@acme.example',
    name: 'Obi Okafor',
    department: 'Security',
    aliases: ['ookafor@acme.example', 'upn:ookafor@acme.example'],
  }),
  person({
    employeeId: 'E1007',
    email: 'petra.novak@acme.example',
    name: 'Petra Novak',
    department: 'Security',
    aliases: ['pnovak@acme.example', 'upn:pnovak@acme.example'],
  }),
];

let store: UserStore;
let server: ScimServer | undefined;
let ids: string[];

beforeEach(async () => {
  process.env[TOKEN_VARIABLE] = TOKEN;
  store = new UserStore();
  ids = [];
  for (const payload of WORKFORCE) ids.push(await store.create(payload));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env[TOKEN_VARIABLE];
});

function options(overrides: Record<string, unknown> = {}): ScimOptions {
  return scimOptionsSchema.parse({
    url: server!.url,
    token: `env:${TOKEN_VARIABLE}`,
    pageSize: 3,
    mapping: HR_MAPPING,
    ...overrides,
  });
}

const read = (overrides: Record<string, unknown> = {}, baseDir = '.') =>
  readScimPeople(options(overrides), { baseDir, backoffMs: 1 });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the import to fail');
}

describe('SCIM HR import', () => {
  it('reads every user across pages into exact Person records', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const snapshot = await read();

    expect(snapshot.people).toEqual(EXPECTED);
    expect(snapshot.rowCount).toBe(7);
    expect(snapshot.source).toBe(server.url);
    expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      server.requests.map(({ method, path, startIndex, count }) => ({ method, path, startIndex, count })),
    ).toEqual([
      { method: 'GET', path: '/scim/v2/Users', startIndex: '1', count: '3' },
      { method: 'GET', path: '/scim/v2/Users', startIndex: '4', count: '3' },
      { method: 'GET', path: '/scim/v2/Users', startIndex: '7', count: '3' },
    ]);
    expect(server.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(JSON.stringify(snapshot)).not.toContain(TOKEN);
  });

  it('hashes the people, not the pages: the same workforce in other page sizes gives the same snapshot', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const [bySeven, byTwo] = [await read({ pageSize: 7 }), await read({ pageSize: 2 })];
    expect(byTwo).toEqual(bySeven);
    expect(server.requests.map((request) => request.startIndex)).toEqual(['1', '1', '3', '5', '7']);
  });

  it('maps with the default paths when none are configured', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const { people } = await read({ mapping: {} });
    expect(people).toEqual(
      EXPECTED.map((expected) => ({
        ...expected,
        hireDate: null,
        terminationDate: null,
        contractEndDate: null,
        managerEmail: null,
      })),
    );
  });

  it('reads fields from configured paths: a core attribute by URN, a filtered email, aliases from several paths', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const { people } = await read({
      mapping: {
        employeeId: `${USER_SCHEMA}:userName`,
        email: 'emails[type eq "work"].value',
        name: 'name.familyName',
        department: `${ENTERPRISE}:manager.displayName`,
        workerType: `${HR_EXTENSION}:contractEndDate`,
        aliases: [`${ENTERPRISE}:employeeNumber`, 'emails[type eq "home"].value'],
      },
      filter: 'userName eq "cwei@acme.example" or userName eq "dlee"',
    });
    expect(people).toEqual([
      person({
        employeeId: 'cwei@acme.example',
        email: 'chen.wei@acme.example',
        name: 'Wei',
        department: 'Grace Hopper',
        aliases: ['E1004'],
      }),
      person({
        employeeId: 'dlee',
        email: 'dana.lee@acme.example',
        name: 'Lee',
        department: 'Grace Hopper',
        aliases: ['E1005'],
      }),
    ]);
    expect(server.requests.map((request) => request.filter)).toEqual([
      'userName eq "cwei@acme.example" or userName eq "dlee"',
    ]);
  });

  it('sends the filter and imports only the users it selects', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const { people } = await read({ filter: 'userType eq "Contractor"' });
    expect(people).toEqual([EXPECTED[1]]);
    expect(server.requests).toMatchObject([
      { startIndex: '1', count: '3', filter: 'userType eq "Contractor"' },
    ]);
  });

  it('no longer imports a user deleted from the service', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const response = await fetch(`${server.url}/Users/${ids[2]}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(204);
    const { people } = await read();
    expect(people.map((each) => each.employeeId)).toEqual([
      'E1001',
      'E1002',
      'E1004',
      'E1005',
      'E1006',
      'E1007',
    ]);
  });

  it('takes the manager’s email from the enterprise manager id, unless managerEmail is mapped', async () => {
    // Reports to Barbara Jensen (E1001) and to Mia Leaver (E1003, who left): both are users read.
    const reportToBarbara = await store.create(
      user({
        employeeNumber: 'E1008',
        userName: 'rkim@acme.example',
        displayName: 'Ray Kim',
        emails: [{ value: 'ray.kim@acme.example', primary: true }],
        managerId: ids[0],
      }),
    );
    await store.create(
      user({
        employeeNumber: 'E1009',
        userName: 'sdiaz@acme.example',
        displayName: 'Sol Diaz',
        emails: [{ value: 'sol.diaz@acme.example', primary: true }],
        managerId: ids[2],
        hr: { managerEmail: 'hr.says@acme.example' },
      }),
    );
    // A manager outside the listing (left out by the filter) is unknown, not an error.
    await store.create(
      user({
        employeeNumber: 'E1010',
        userName: 'tfox@acme.example',
        displayName: 'Tia Fox',
        emails: [{ value: 'tia.fox@acme.example', primary: true }],
        managerId: reportToBarbara,
      }),
    );
    server = await startScimServer(store, { token: TOKEN });
    const managers = (people: Person[]) =>
      people.filter((each) => each.employeeId >= 'E1008').map((each) => [each.employeeId, each.managerEmail]);

    const { people: byDefault } = await read({ mapping: {} });
    expect(managers(byDefault)).toEqual([
      ['E1008', 'barbara.jensen@acme.example'],
      ['E1009', 'mia.leaver@acme.example'],
      ['E1010', 'ray.kim@acme.example'],
    ]);
    // The other seven report to mgr-1, which is no user read: no manager email.
    expect(byDefault.filter((each) => each.employeeId < 'E1008').map((each) => each.managerEmail)).toEqual(
      Array(7).fill(null),
    );

    const { people: mapped } = await read({ mapping: { managerEmail: `${HR_EXTENSION}:managerEmail` } });
    expect(managers(mapped)).toEqual([
      ['E1008', null],
      ['E1009', 'hr.says@acme.example'],
      ['E1010', null],
    ]);

    const { people: filtered } = await read({
      mapping: {},
      filter: 'userName eq "tfox@acme.example"',
    });
    expect(managers(filtered)).toEqual([['E1010', null]]);
  });

  it('retries 503 and 429, honouring Retry-After, and then reads on', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(
      rewritePage(4, (page) => page),
      failNext([503, 429]),
    );
    const { people } = await read();
    expect(people).toEqual(EXPECTED);
    expect(server.requests.map((request) => request.startIndex)).toEqual(['1', '1', '1', '4', '7']);
  });
});

describe('SCIM HR import refuses', () => {
  it('a wrong token, saying so without repeating it', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const wrong = 'wrong-scim-token-0a9b8c7d6e';
    process.env[TOKEN_VARIABLE] = wrong;
    const error = await failure(read());
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `key hr.token: GET ${server.url}/Users?startIndex=1&count=3 returned HTTP 401 Unauthorized: token [redacted] is not valid; the SCIM service did not accept the token: check that hr.token names the right environment variable and that the token is valid and not expired`,
    );
    expect(error.message).not.toContain(wrong);
    expect(server.requests).toHaveLength(1);
  });

  it('a token variable that is not set, before any request', async () => {
    server = await startScimServer(store, { token: TOKEN });
    delete process.env[TOKEN_VARIABLE];
    const error = await failure(read());
    expect(error.message).toBe(`key hr.token: environment variable ${TOKEN_VARIABLE} is not set`);
    expect(server.requests).toEqual([]);
  });

  it('a URL that is not the SCIM base', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const error = await failure(read({ url: `${server.url}/v3` }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^key hr\.url: GET .*\/scim\/v2\/v3\/Users\?startIndex=1&count=3 returned HTTP 404 Not Found: /,
    );
  });

  it('a duplicate employeeNumber, naming both resources', async () => {
    const duplicate = await store.create(
      user({
        employeeNumber: 'E1002',
        userName: 'jsmith2@acme.example',
        displayName: 'Jo Smith',
        active: false,
      }),
    );
    server = await startScimServer(store, { token: TOKEN });
    const error = await failure(read());
    expect(error).toBeInstanceOf(InputErrors);
    expect(error.message).toBe(
      `${server.url}/Users, resource id ${duplicate}, key ${ENTERPRISE}:employeeNumber: duplicate employee id E1002 (also at resource id ${ids[1]}); employee ids must be unique`,
    );
  });

  it('two active users sharing an email, naming both resources', async () => {
    const twin = await store.create(
      user({
        employeeNumber: 'E2001',
        userName: 'petra2@acme.example',
        displayName: 'Petra Novak',
        emails: [{ value: 'Petra.Novak@acme.example', primary: true }],
      }),
    );
    server = await startScimServer(store, { token: TOKEN });
    const error = await failure(read());
    expect(error.message).toBe(
      `${server.url}/Users, resource id ${twin}, key emails[primary eq true].value: petra.novak@acme.example belongs to two active people, E1007 (resource id ${ids[6]}) and E2001 (resource id ${twin}); only a rehire may share an email or alias, and then only one of the records may be active`,
    );
  });

  it('users with missing or malformed values, listing every problem by resource and attribute path', async () => {
    const noNumber = await store.create(
      user({ userName: 'nonumber@acme.example', displayName: 'No Number' }),
    );
    const badEmail = await store.create(
      user({
        employeeNumber: 'E3002',
        userName: 'jdoe',
        displayName: 'J Doe',
        hr: { contractEndDate: '2026-02-30' },
      }),
    );
    server = await startScimServer(store, { token: TOKEN });
    const error = await failure(read());
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).errors.map((each) => each.message)).toEqual([
      `${server.url}/Users, resource id ${noNumber}, key ${ENTERPRISE}:employeeNumber: expected a non-empty employee id, got nothing (the key is missing)`,
      `${server.url}/Users, resource id ${badEmail}, key emails[primary eq true].value: expected an email address such as jane.doe@example.com, got nothing (the key is missing)`,
      `${server.url}/Users, resource id ${badEmail}, key ${HR_EXTENSION}:contractEndDate: expected an ISO 8601 date such as 2026-11-26, got "2026-02-30"`,
    ]);
  });

  it('a listing truncated by an empty last page', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(rewritePage(7, (page) => ({ ...page, Resources: [] })));
    const error = await failure(read());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe(
      `scim: GET ${server.url}/Users?startIndex=7&count=3 failed: the listing stopped after 6 of 7 users (an empty page); a truncated listing is refused rather than read as a smaller workforce`,
    );
  });

  it('a total that changes between pages', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(rewritePage(4, (page) => ({ ...page, totalResults: 6 })));
    const error = await failure(read());
    expect(error.message).toContain('totalResults changed from 7 to 6 while paging');
  });

  it('an empty service: no users is never a workforce', async () => {
    server = await startScimServer(new UserStore(), { token: TOKEN });
    const error = await failure(read());
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `${server.url}/Users: the service lists no Users; an empty roster is refused (a failed listing must not make everyone a leaver)`,
    );
  });

  it('a service that stays unavailable, after three retries', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(failNext([503, 503, 503, 503]));
    const error = await failure(read());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe(
      `scim: GET ${server.url}/Users?startIndex=1&count=3 failed: HTTP 503 Service Unavailable: busy (after 3 retries)`,
    );
    expect(server.requests).toHaveLength(4);
  });
});

describe('SCIM HR import refuses a broken service', () => {
  it('a filter the service rejects, pointing at hr.filter', async () => {
    server = await startScimServer(store, { token: TOKEN });
    const error = await failure(read({ filter: '(userType eq "Employee"' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `key hr.filter: GET ${server.url}/Users?startIndex=1&count=3&filter=%28userType+eq+%22Employee%22 returned HTTP 400 Bad Request, scimType invalidFilter: Missing closing ')' token in filter '(userType eq "Employee"'; check hr.filter`,
    );
  });

  it('a page that is not SCIM JSON (a login page)', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push((_request, response) => {
      response.status(200).type('text/html').send('<html>Sign in</html>');
    });
    const error = await failure(read());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe(
      `scim: GET ${server.url}/Users?startIndex=1&count=3 failed: expected application/scim+json, got text/html; charset=utf-8 (is hr.url the SCIM base URL?)`,
    );
  });

  it('a service that ignores startIndex', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(rewritePage(4, (page) => ({ ...page, startIndex: 1 })));
    const error = await failure(read());
    expect(error.message).toContain('asked for startIndex 4, got a page starting at 1');
  });

  it('a request with no answer within the timeout, and stops at once when aborted', async () => {
    server = await startScimServer(store, { token: TOKEN });
    server.intercept.push(() => undefined);
    const client = new ScimClient({ token: TOKEN, ca: [], timeoutMs: 200 }, false);
    const url = new URL(`${server.url}/Users`);
    try {
      const timedOut = await failure(client.getJson(url, new AbortController().signal));
      expect(timedOut).toBeInstanceOf(ProviderError);
      expect(timedOut.message).toBe(`scim: GET ${url.href} failed: no response within 0.2 s (ETIMEOUT)`);

      const controller = new AbortController();
      const reason = new Error('interrupted');
      setTimeout(() => controller.abort(reason), 20);
      expect(await failure(client.getJson(url, controller.signal))).toBe(reason);
    } finally {
      client.close();
    }
  });
});

describe('SCIM HR import over TLS', () => {
  it('trusts a self-signed service through caFile (relative to baseDir), and refuses it without', async () => {
    const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    server = await startScimServer(store, {
      token: TOKEN,
      tls: { keyPem: made.private, certPem: made.cert },
    });
    const folder = temporaryDirectory();
    try {
      writeFileSync(join(folder.path, 'scim-ca.pem'), made.cert);
      const snapshot = await read({ caFile: 'scim-ca.pem' }, folder.path);
      expect(snapshot.people).toEqual(EXPECTED);
      expect(snapshot.source).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);

      const error = await failure(read());
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        `key hr.caFile: GET ${server.url}/Users?startIndex=1&count=3: cannot verify the service's TLS certificate (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); for a private CA, set hr.caFile to its PEM file`,
      );
      const missing = await failure(read({ caFile: 'missing.pem' }, folder.path));
      expect(missing.message).toBe(
        `${join(folder.path, 'missing.pem')}, key hr.caFile: cannot read the CA file (ENOENT)`,
      );
    } finally {
      folder.remove();
    }
  });
});
