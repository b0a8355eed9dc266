/**
 * Checks a document against the Elastic Common Schema 8.17, for the fields nhiscan writes:
 *  - the required fields (`@timestamp`, `ecs.version`);
 *  - the categorization fields' allowed values (event.kind, event.category, event.type,
 *    event.outcome) and, for category `iam`, its expected event types;
 *  - every other field is either an ECS field listed here with its ECS type, or under the custom
 *    `nhiscan.*` namespace (ECS: custom fields go under a name of their own).
 * Values from the ECS 8.17 field reference and its categorization pages
 * (elastic.co/guide/en/ecs/8.17/ecs-allowed-values-event-*.html).
 */

type EcsType = 'date' | 'keyword' | 'long' | 'float' | 'match_only_text';

/** ECS fields nhiscan may write, with their ECS type; `array` marks fields ECS documents as arrays. */
const FIELDS: Record<string, { type: EcsType; array?: true }> = {
  '@timestamp': { type: 'date' },
  message: { type: 'match_only_text' },
  tags: { type: 'keyword', array: true },
  'ecs.version': { type: 'keyword' },
  'event.id': { type: 'keyword' },
  'event.kind': { type: 'keyword' },
  'event.category': { type: 'keyword', array: true },
  'event.type': { type: 'keyword', array: true },
  'event.action': { type: 'keyword' },
  'event.outcome': { type: 'keyword' },
  'event.severity': { type: 'long' },
  'event.risk_score': { type: 'float' },
  'event.start': { type: 'date' },
  'event.end': { type: 'date' },
  'event.created': { type: 'date' },
  'event.reason': { type: 'keyword' },
  'event.module': { type: 'keyword' },
  'event.dataset': { type: 'keyword' },
  'event.provider': { type: 'keyword' },
  'event.sequence': { type: 'long' },
  'rule.id': { type: 'keyword' },
  'rule.uuid': { type: 'keyword' },
  'rule.name': { type: 'keyword' },
  'rule.description': { type: 'keyword' },
  'rule.category': { type: 'keyword' },
  'rule.ruleset': { type: 'keyword' },
  'rule.reference': { type: 'keyword' },
  'rule.version': { type: 'keyword' },
  'user.id': { type: 'keyword' },
  'user.name': { type: 'keyword' },
  'user.domain': { type: 'keyword' },
  'user.email': { type: 'keyword' },
  'user.full_name': { type: 'keyword' },
  'user.target.id': { type: 'keyword' },
  'user.target.name': { type: 'keyword' },
  'user.target.domain': { type: 'keyword' },
  'related.user': { type: 'keyword', array: true },
  'cloud.provider': { type: 'keyword' },
  'cloud.account.id': { type: 'keyword' },
  'observer.vendor': { type: 'keyword' },
  'observer.product': { type: 'keyword' },
  'observer.version': { type: 'keyword' },
  'observer.type': { type: 'keyword' },
  'error.message': { type: 'match_only_text' },
};

export const ECS_REQUIRED = ['@timestamp', 'ecs.version'] as const;

export const ECS_ALLOWED = {
  'event.kind': ['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal'],
  'event.category': [
    'api',
    'authentication',
    'configuration',
    'database',
    'driver',
    'email',
    'file',
    'host',
    'iam',
    'intrusion_detection',
    'library',
    'malware',
    'network',
    'package',
    'process',
    'registry',
    'session',
    'threat',
    'vulnerability',
    'web',
  ],
  'event.type': [
    'access',
    'admin',
    'allowed',
    'change',
    'connection',
    'creation',
    'deletion',
    'denied',
    'device',
    'end',
    'error',
    'group',
    'indicator',
    'info',
    'installation',
    'protocol',
    'start',
    'user',
  ],
  'event.outcome': ['failure', 'success', 'unknown'],
} as const;

/** ECS "expected event types" of category iam. */
export const IAM_EVENT_TYPES = ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'];

/** The custom namespace: ECS leaves anything under it to us. */
const CUSTOM = 'nhiscan';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Leaf fields of a document as dotted paths (arrays are leaves; `nhiscan.*` is one opaque field). */
function flatten(document: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(document)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path === CUSTOM) fields.set(path, value);
    else if (isPlainObject(value)) for (const [inner, leaf] of flatten(value, path)) fields.set(inner, leaf);
    else fields.set(path, value);
  }
  return fields;
}

function typeError(path: string, value: unknown, type: EcsType): string | undefined {
  switch (type) {
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${path}: expected an ISO 8601 date, got ${JSON.stringify(value)}`;
    case 'long':
      return Number.isInteger(value)
        ? undefined
        : `${path}: expected a whole number, got ${JSON.stringify(value)}`;
    case 'float':
      return typeof value === 'number'
        ? undefined
        : `${path}: expected a number, got ${JSON.stringify(value)}`;
    default:
      return typeof value === 'string'
        ? undefined
        : `${path}: expected a string, got ${JSON.stringify(value)}`;
  }
}

/** Problems with a document as `path: message` lines; empty when it is valid ECS for nhiscan. */
export function ecsErrors(document: unknown): string[] {
  if (!isPlainObject(document)) return ['/: expected a JSON object'];
  const errors: string[] = [];
  const fields = flatten(document);
  for (const required of ECS_REQUIRED) if (!fields.has(required)) errors.push(`${required}: required`);
  for (const [path, value] of fields) {
    if (path === CUSTOM) {
      if (!isPlainObject(value)) errors.push(`${CUSTOM}: expected an object`);
      continue;
    }
    const field = FIELDS[path];
    if (!field) {
      errors.push(`${path}: not an ECS field (custom fields go under ${CUSTOM}.*)`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && !field.array) errors.push(`${path}: not an array field`);
    if (field.array && !Array.isArray(value)) errors.push(`${path}: expected an array`);
    for (const item of values) {
      const problem = typeError(path, item, field.type);
      if (problem) errors.push(problem);
    }
    const allowed = (ECS_ALLOWED as Record<string, readonly string[]>)[path];
    if (allowed) {
      for (const item of values) {
        if (!allowed.includes(item as string))
          errors.push(`${path}: ${JSON.stringify(item)} is not an allowed value`);
      }
    }
  }
  const categories = fields.get('event.category');
  const types = fields.get('event.type');
  if (Array.isArray(categories) && categories.includes('iam') && Array.isArray(types)) {
    for (const type of types) {
      if (!IAM_EVENT_TYPES.includes(type as string)) {
        errors.push(`event.type: ${JSON.stringify(type)} is not an expected type of category iam`);
      }
    }
  }
  return errors;
}
