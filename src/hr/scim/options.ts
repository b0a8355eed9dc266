/** The `hr:` keys of `source: scim`: where the SCIM service is, how to reach it, and which attribute feeds which field. */
import { z } from 'zod';
import { secretReference } from '../../core/common-schemas.js';
import { cleartextProblem } from '../../core/transport.js';
import { parseAttributePath } from './attribute-path.js';

export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const DEFAULT_MAPPING = {
  employeeId: `${ENTERPRISE_USER_SCHEMA}:employeeNumber`,
  email: 'emails[primary eq true].value',
  name: 'displayName',
  department: `${ENTERPRISE_USER_SCHEMA}:department`,
  workerType: 'userType',
  aliases: ['userName'],
} as const;

export interface ScimMapping {
  /** Default: the enterprise extension's employeeNumber. */
  employeeId: string;
  /** Default `emails[primary eq true].value`; with the default, else the first email, else a userName holding `@`. */
  email: string;
  /** Default `displayName`; with the default, else `name.formatted`, else `name.givenName name.familyName`. */
  name: string;
  /** Default: the enterprise extension's department. */
  department: string;
  /**
   * No default path: the enterprise `manager` holds the manager's resource id, not an email. When
   * unset, that id is looked up among the users read and their email is used (./manager.ts).
   */
  managerEmail?: string;
  hireDate?: string;
  terminationDate?: string;
  contractEndDate?: string;
  previousDepartment?: string;
  transferDate?: string;
  /** Default `userType`: contractor, contract, contingent (worker), consultant, freelancer, temp(orary) or vendor, in any case, make a contractor. */
  workerType: string;
  /** Default `[userName]`: each value is an alias, and one holding `@` is also `upn:VALUE`. */
  aliases: string[];
}

export interface ScimOptions {
  /** Base URL of the SCIM service, e.g. https://hr.example.com/scim/v2 (Users is read below it). */
  url: string;
  /** `env:NAME`: sent as `Authorization: Bearer <value>`. */
  token?: string;
  /** Extra CA certificates (PEM) for a private service, relative to the config file. */
  caFile?: string;
  /** Users per request (`count`), 1–1000. */
  pageSize: number;
  /** A SCIM filter sent with every request, e.g. `userType eq "Employee"`. */
  filter?: string;
  mapping: ScimMapping;
}

const attributePath = z.string().superRefine((text, context) => {
  try {
    parseAttributePath(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `not a SCIM attribute path: ${(error as Error).message}` });
  }
});

const serviceUrl = z
  .string()
  .url()
  .superRefine((text, context) => {
    const url = new URL(text);
    if (url.username || url.password) {
      context.addIssue({
        code: 'custom',
        message: 'the SCIM url must not hold credentials; name the token with hr.token (env:NAME)',
      });
    }
    const cleartext = cleartextProblem(url);
    if (cleartext) context.addIssue({ code: 'custom', message: cleartext });
    if (url.search || url.hash) {
      context.addIssue({ code: 'custom', message: 'expected the SCIM base url without ?query or #fragment' });
    }
  });

export const scimMappingSchema = z.strictObject({
  employeeId: attributePath.default(DEFAULT_MAPPING.employeeId),
  email: attributePath.default(DEFAULT_MAPPING.email),
  name: attributePath.default(DEFAULT_MAPPING.name),
  department: attributePath.default(DEFAULT_MAPPING.department),
  managerEmail: attributePath.optional(),
  hireDate: attributePath.optional(),
  terminationDate: attributePath.optional(),
  contractEndDate: attributePath.optional(),
  previousDepartment: attributePath.optional(),
  transferDate: attributePath.optional(),
  workerType: attributePath.default(DEFAULT_MAPPING.workerType),
  aliases: z.array(attributePath).default([...DEFAULT_MAPPING.aliases]),
});

export const scimOptionsSchema = z.strictObject({
  url: serviceUrl,
  token: secretReference.optional(),
  caFile: z.string().min(1).optional(),
  pageSize: z.number().int().min(1).max(1000).default(100),
  filter: z.string().trim().min(1).optional(),
  mapping: scimMappingSchema.default(scimMappingSchema.parse({})),
});

// The schema's output is exactly the documented interface.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof scimOptionsSchema>, ScimOptions> = true;
void sameShape;
