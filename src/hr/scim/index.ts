/**
 * HR import from a SCIM 2.0 service provider (RFC 7643/7644): every User → a validated Person.
 * Like the file import, any problem rejects the whole import: a failed or truncated read must
 * never make people look like leavers.
 */

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readCaFile } from '../../core/ca-file.js';
import { InputError, InputErrors } from '../../core/errors.js';
import type { Person } from '../../core/model.js';
import { readSecretReference } from '../../core/secret-reference.js';
import { ErrorList } from '../errors.js';
import type { LocatedPerson } from '../located-person.js';
import { PERSON_FIELDS, type PersonField } from '../person-schema.js';
import { validateRoster } from '../validate-roster.js';
import { ScimClient } from './client.js';
import { idOf, listUsers } from './list-users.js';
import { resolveEnterpriseManagers } from './manager.js';
import { compileMapping, mapScimUser } from './map-user.js';
import type { ScimMapping, ScimOptions } from './options.js';
import { ResourceErrors } from './resource-errors.js';

export { type ScimMapping, type ScimOptions, scimMappingSchema, scimOptionsSchema } from './options.js';

export interface ScimSnapshot {
  /** Sorted by employee id. */
  people: Person[];
  /** The service's base URL, as configured. */
  source: string;
  /** sha256 of the canonical JSON of `people`: the same workforce imports to the same snapshot, whatever the page order. */
  sha256: string;
  /** Users read; equals people.length. */
  rowCount: number;
}

export interface ScimReadContext {
  /** The directory `caFile` is relative to (the config file's). */
  baseDir: string;
  signal?: AbortSignal;
  /** Test seam: the base of backoff when a retried response has no Retry-After (default 1 s). */
  backoffMs?: number;
}

/** Reads and validates every User; throws InputError / InputErrors (exit 2) or ProviderError naming the request or resource. */
export async function readScimPeople(options: ScimOptions, context: ScimReadContext): Promise<ScimSnapshot> {
  const signal = context.signal ?? new AbortController().signal;
  const baseUrl = options.url.replace(/\/+$/, '');
  const usersUrl = `${baseUrl}/Users`;
  const mapping = compileMapping(options.mapping);
  const client = new ScimClient(
    {
      token: options.token === undefined ? null : readSecretReference(options.token, 'hr.token'),
      ca:
        options.caFile === undefined
          ? []
          : [readCaFile(resolve(context.baseDir, options.caFile), 'hr.caFile')],
      ...(context.backoffMs === undefined ? {} : { backoffMs: context.backoffMs }),
    },
    baseUrl.startsWith('https:'),
  );

  const resources: unknown[] = [];
  try {
    for await (const page of listUsers(client, {
      baseUrl,
      pageSize: options.pageSize,
      ...(options.filter === undefined ? {} : { filter: options.filter }),
      signal,
    })) {
      resources.push(...page.resources);
    }
  } finally {
    client.close();
  }
  if (resources.length === 0) {
    const what =
      options.filter === undefined
        ? 'the service lists no Users'
        : `no Users match the filter ${options.filter}`;
    throw new InputError(
      `${what}; an empty roster is refused (a failed listing must not make everyone a leaver)`,
      {
        file: usersUrl,
      },
    );
  }

  const errors = new ResourceErrors(
    usersUrl,
    resources.map((resource) => idOf(resource) ?? null),
    (field) => keyOf(options.mapping, field),
  );
  errors.checkIds();
  const records: LocatedPerson[] = [];
  const mappedPeople = resources.map((resource, index) => {
    const mapped = mapScimUser(resource, mapping);
    if (mapped.person) records.push({ person: mapped.person, index });
    for (const { key, problem } of mapped.problems) errors.add(index, key, problem);
    return mapped.person;
  });
  if (options.mapping.managerEmail === undefined) resolveEnterpriseManagers(resources, mappedPeople);
  const roster = new ErrorList(usersUrl);
  try {
    validateRoster(records, roster);
    roster.throwIfAny();
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error;
    errors.addRoster(error);
  }
  errors.throwIfAny();

  const people = records
    .map((record) => record.person)
    .sort((a, b) => (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0));
  return { people, source: options.url, sha256: sha256Of(people), rowCount: people.length };
}

/** The attribute path a field is read from, for messages. */
function keyOf(mapping: ScimMapping, field: PersonField): string {
  if (field === 'aliases') return mapping.aliases.join(', ');
  if (field === 'status') return 'active';
  return mapping[field] ?? field;
}

/** Canonical JSON: the fields in model order, people in employee id order. */
function sha256Of(people: readonly Person[]): string {
  const canonical = people.map((person) => PERSON_FIELDS.map((field) => [field, person[field]]));
  return createHash('sha256')
    .update(JSON.stringify(canonical.map((entries) => Object.fromEntries(entries))))
    .digest('hex');
}
