/**
 * A real SCIM 2.0 service provider for the SCIM HR import tests: scimmy (resources, schemas,
 * ListResponse paging, filters) behind scimmy-routers on express, on 127.0.0.1 over http or https.
 * Users live in a UserStore wired through scimmy's ingress/egress/degress handlers; the
 * EnterpriseUser extension and an HR extension (hire, termination and contract end dates, a
 * manager email) are declared, so fixtures are coerced by the library's own schemas on the way
 * in and out. Every request is logged; `intercept` runs before scimmy to break a response on purpose.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** scimmy accepts only schema ids under urn:ietf:params:scim:schemas:. */
export const HR_EXTENSION = 'urn:ietf:params:scim:schemas:extension:acme:hr:2.0:User';

type Json = Record<string, unknown>;

/** Users by id, in insertion order; ids are made in sequence so that messages are predictable. */
export class UserStore {
  private readonly users = new Map<string, Json>();
  private sequence = 0;

  /** Creates a user through scimmy (the library validates it against the declared schemas), returning its id. */
  async create(user: Json): Promise<string> {
    declareResources();
    const created = (await new SCIMMY.Resources.User().write(user, this)) as unknown as { id: string };
    return created.id;
  }

  save(id: string | undefined, instance: unknown): Json {
    const stored: Json = {
      ...(JSON.parse(JSON.stringify(instance)) as Json),
      id: id ?? `2819c223-7f76-453a-919d-${String(++this.sequence).padStart(12, '0')}`,
    };
    this.users.set(stored.id as string, stored);
    return stored;
  }

  list(): Json[] {
    return [...this.users.values()];
  }

  remove(id: string): void {
    if (!this.users.delete(id)) throw new SCIMMY.Types.Error(404, null as never, `Resource ${id} not found`);
  }
}

let declared = false;

function declareResources(): void {
  if (declared) return;
  declared = true;
  const hr = new SCIMMY.Types.SchemaDefinition('AcmeHrUser', HR_EXTENSION, 'HR dates of a worker', [
    new SCIMMY.Types.Attribute('dateTime', 'hireDate'),
    new SCIMMY.Types.Attribute('dateTime', 'terminationDate'),
    // A plain string, so a date-only value stays as written.
    new SCIMMY.Types.Attribute('string', 'contractEndDate'),
    new SCIMMY.Types.Attribute('string', 'managerEmail'),
  ]);
  // The `as never` casts below meet scimmy's generic handler typings, which expect its own Schema instances.
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .extend(SCIMMY.Schemas.EnterpriseUser)
    // scimmy's Resource.extend takes a SchemaDefinition at runtime; its typings name only Schema classes.
    .extend(hr as unknown as typeof SCIMMY.Types.Schema)
    .ingress((resource, instance, store: UserStore) => store.save(resource.id, instance) as never)
    .egress((resource, store: UserStore) => {
      const users = store.list();
      if (resource.id) {
        const user = users.find((candidate) => candidate.id === resource.id);
        if (!user) throw new SCIMMY.Types.Error(404, null as never, `Resource ${resource.id} not found`);
        return user as never;
      }
      return (resource.filter ? resource.filter.match(users) : users) as never;
    })
    .degress((resource, store: UserStore) => store.remove(resource.id!));
}

export interface LoggedRequest {
  method: string;
  path: string;
  startIndex: string | null;
  count: string | null;
  filter: string | null;
  authorization: string | undefined;
}

export interface ScimServer {
  /** The SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2. */
  url: string;
  requests: LoggedRequest[];
  /** Handlers run before scimmy, in order (set per test). */
  intercept: RequestHandler[];
  close(): Promise<void>;
}

/**
 * Express 5 parses `req.query` afresh on every access, so scimmy-routers' in-place cast of
 * startIndex and count to numbers is lost (and scimmy then ignores them); cast them here instead.
 */
function scimQuery(text: string): Json {
  const query: Json = Object.fromEntries(new URLSearchParams(text));
  for (const name of ['startIndex', 'count']) {
    const value = query[name];
    if (typeof value === 'string' && /^\d+$/.test(value)) query[name] = Number(value);
  }
  return query;
}

export async function startScimServer(
  store: UserStore,
  options: { token: string; tls?: { keyPem: string; certPem: string } },
): Promise<ScimServer> {
  declareResources();
  const requests: LoggedRequest[] = [];
  const intercept: RequestHandler[] = [];
  const app = express();
  app.set('query parser', scimQuery);
  app.use((request, _response, next) => {
    const query = new URL(request.originalUrl, 'http://127.0.0.1').searchParams;
    requests.push({
      method: request.method,
      path: request.path,
      startIndex: query.get('startIndex'),
      count: query.get('count'),
      filter: query.get('filter'),
      authorization: request.header('authorization'),
    });
    next();
  });
  app.use((request, response, next) => {
    const handlers = [...intercept];
    const step = (error?: unknown): void => {
      const handler = handlers.shift();
      if (error !== undefined) next(error);
      else if (handler) handler(request, response, step);
      else next();
    };
    step();
  });
  app.use(
    '/scim/v2',
    new SCIMMYRouters({
      type: 'bearer',
      handler: (request) => {
        const presented = request.header('authorization')?.replace(/^Bearer /, '');
        // Echoes what it was given, as careless services do: the client must not repeat it.
        if (presented !== options.token) throw new Error(`token ${presented ?? '(none)'} is not valid`);
        return 'scim-test-client';
      },
      context: () => store,
    }),
  );
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, app)
    : createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/scim/v2`,
    requests,
    intercept,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An intercept that rewrites the ListResponse of the page starting at `startIndex`. */
export function rewritePage(startIndex: number, rewrite: (page: Json) => Json): RequestHandler {
  return (request, response, next) => {
    const query = new URL(request.originalUrl, 'http://127.0.0.1').searchParams;
    if (request.path.endsWith('/Users') && query.get('startIndex') === String(startIndex)) {
      const json = response.json.bind(response);
      response.json = (body: unknown) => json(rewrite({ ...(body as Json) }));
    }
    next();
  };
}

/** An intercept that answers the next `statuses.length` requests with those statuses (and Retry-After: 0). */
export function failNext(statuses: number[]): RequestHandler {
  const left = [...statuses];
  return (_request, response, next) => {
    const status = left.shift();
    if (status === undefined) return next();
    response
      .status(status)
      .set('retry-after', '0')
      .type('application/scim+json')
      .send(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: String(status),
          detail: 'busy',
        }),
      );
  };
}
