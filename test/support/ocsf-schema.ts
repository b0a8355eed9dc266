/**
 * Builds a JSON Schema for one OCSF event class from the official OCSF 1.8.0 schema source shipped
 * in test/schemas/ocsf-1.8.0 (the ocsf-schema repository's metaschema files: dictionary.json,
 * events/, objects/, profiles/), the way the OCSF server compiles it:
 *  - a class or object inherits its parent's attributes (`extends`), then its `$include`d profile
 *    attributes, then its own; later definitions refine earlier ones field by field;
 *  - each attribute takes its type, is_array and enum from the dictionary unless refined; a refined
 *    enum is merged over the dictionary's (Finding's status_id keeps 0 Unknown and 99 Other and
 *    renames 1 to New);
 *  - attributes of a profile are present only when that profile is applied (`profile: null`
 *    means "always present", e.g. iam.actor);
 *  - primitive types come from dictionary `types` (regex, max_len, range included);
 *  - objects become $defs referenced by name; `object` is an open object.
 * It is stricter than the server's export on purpose:
 *  - unknown attributes are rejected (additionalProperties false), and so are deprecated ones
 *    (`@deprecated` on the attribute, in the dictionary or the class/object) and deprecated enum
 *    values (account.type_id 3 AWS IAM User), unless `allowDeprecated`;
 *  - `at_least_one`/`just_one` constraints are enforced (inherited through `extends`);
 *  - class_uid and category_uid must be the class's own values, and type_uid must be exactly
 *    class_uid × 100 + activity_id;
 *  - an enum attribute's sibling (`status_id` → `status`, `type_id` → `type`…) must be the caption
 *    of its value, except for 99 Other, whose sibling the source names freely.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';

export const OCSF_SCHEMA_ROOT = new URL('../schemas/ocsf-1.8.0/', import.meta.url).pathname;

type Enum = Record<string, { caption: string; '@deprecated'?: unknown }>;

interface Attribute {
  type?: string;
  is_array?: boolean;
  requirement?: 'required' | 'recommended' | 'optional';
  enum?: Enum;
  profile?: string | null;
  sibling?: string;
  '@deprecated'?: unknown;
}

interface Definition {
  name: string;
  caption: string;
  uid?: number;
  category?: string;
  extends?: string;
  attributes?: Record<string, Attribute> & { $include?: string[] };
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

interface TypeDefinition {
  type?: string;
  regex?: string;
  max_len?: number;
  range?: [number, number];
}

type JsonSchema = Record<string, unknown>;

export interface ClassSchemaOptions {
  /** Profiles applied to the event (their attributes become allowed). */
  profiles?: readonly string[];
  /** Accept deprecated attributes and enum values (default: rejected). */
  allowDeprecated?: boolean;
}

/** The enum value whose sibling is free text. */
const OTHER = '99';

const PRIMITIVES: Record<string, JsonSchema> = {
  string_t: { type: 'string' },
  integer_t: { type: 'integer' },
  long_t: { type: 'integer' },
  float_t: { type: 'number' },
  boolean_t: { type: 'boolean' },
  json_t: {},
};

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function definitionsIn(folder: string): Map<string, Definition> {
  const found = new Map<string, Definition>();
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const definition = readJson<Definition>(join(entry.parentPath, entry.name));
    found.set(definition.name, definition);
  }
  return found;
}

export class OcsfSchemaSource {
  private readonly dictionary: Record<string, Attribute>;
  private readonly types: Record<string, TypeDefinition>;
  private readonly objects: Map<string, Definition>;
  private readonly classes: Map<string, Definition>;
  private readonly categories: Record<string, { uid: number }>;

  constructor(readonly root = OCSF_SCHEMA_ROOT) {
    const dictionary = readJson<{
      attributes: Record<string, Attribute>;
      types: { attributes: Record<string, TypeDefinition> };
    }>(join(root, 'dictionary.json'));
    this.dictionary = dictionary.attributes;
    this.types = dictionary.types.attributes;
    this.objects = definitionsIn(join(root, 'objects'));
    this.classes = definitionsIn(join(root, 'events'));
    this.categories = readJson<{ attributes: Record<string, { uid: number }> }>(
      join(root, 'categories.json'),
    ).attributes;
  }

  get version(): string {
    return readJson<{ version: string }>(join(this.root, 'version.json')).version;
  }

  /** The class's uid as OCSF computes it: category uid × 1000 + the class's own uid. */
  classUid(name: string): { classUid: number; categoryUid: number } {
    const definition = this.classes.get(name);
    if (!definition || definition.uid === undefined) throw new Error(`no OCSF class ${name}`);
    const category = this.inherited(this.classes, definition, (d) => d.category);
    const categoryUid = category ? this.categories[category]?.uid : undefined;
    if (categoryUid === undefined) throw new Error(`OCSF class ${name} has no category`);
    return { classUid: categoryUid * 1000 + definition.uid, categoryUid };
  }

  /** The class name (`iam_analysis_finding`) of a class uid (2008), or undefined. */
  className(classUid: number): string | undefined {
    for (const [name, definition] of this.classes) {
      if (definition.uid === undefined) continue;
      if (this.classUid(name).classUid === classUid) return name;
    }
    return undefined;
  }

  /** A JSON Schema (2020-12) for events of one class, with the given profiles applied. */
  classSchema(name: string, options: ClassSchemaOptions = {}): JsonSchema {
    const context: BuildContext = {
      profiles: new Set(options.profiles ?? []),
      allowDeprecated: options.allowDeprecated ?? false,
      defs: {},
    };
    const definition = this.classes.get(name);
    if (!definition) throw new Error(`no OCSF class ${name}`);
    const attributes = this.resolve(this.classes, definition);
    const schema = this.objectSchema(attributes, this.constraints(this.classes, definition), context);
    const { classUid, categoryUid } = this.classUid(name);
    const properties = schema.properties as Record<string, JsonSchema>;
    const activities = Object.entries(this.mergedEnum('activity_id', attributes.activity_id) ?? {})
      .filter(([, value]) => context.allowDeprecated || !value['@deprecated'])
      .map(([activity]) => Number(activity));
    properties.class_uid = { const: classUid };
    properties.category_uid = { const: categoryUid };
    properties.type_uid = { enum: activities.map((activity) => classUid * 100 + activity) };
    const typeUidMatchesActivity = activities.map((activity) => ({
      if: { properties: { activity_id: { const: activity } }, required: ['activity_id'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { properties: { type_uid: { const: classUid * 100 + activity } } },
    }));
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: definition.caption,
      ...schema,
      allOf: [...((schema.allOf as JsonSchema[] | undefined) ?? []), ...typeUidMatchesActivity],
      $defs: context.defs,
    };
  }

  private inherited<T>(
    all: Map<string, Definition>,
    definition: Definition,
    pick: (definition: Definition) => T | undefined,
  ): T | undefined {
    const own = pick(definition);
    if (own !== undefined || !definition.extends) return own;
    const parent = all.get(definition.extends);
    if (!parent) throw new Error(`OCSF ${definition.name} extends unknown ${definition.extends}`);
    return this.inherited(all, parent, pick);
  }

  private constraints(all: Map<string, Definition>, definition: Definition) {
    return this.inherited(all, definition, (d) => d.constraints) ?? {};
  }

  /** Attributes after `extends`, `$include` and own refinements, merged field by field. */
  private resolve(all: Map<string, Definition>, definition: Definition): Record<string, Attribute> {
    const parent = definition.extends ? all.get(definition.extends) : undefined;
    if (definition.extends && !parent) {
      throw new Error(`OCSF ${definition.name} extends unknown ${definition.extends}`);
    }
    const merged: Record<string, Attribute> = parent ? { ...this.resolve(all, parent) } : {};
    const { $include, ...own } = (definition.attributes ?? {}) as Record<string, Attribute> & {
      $include?: string[];
    };
    const layers: Record<string, Attribute>[] = [];
    for (const include of $include ?? []) {
      const included = readJson<Definition & { meta?: string }>(join(this.root, include));
      const profile = included.meta === 'profile' ? included.name : undefined;
      layers.push(
        Object.fromEntries(
          Object.entries((included.attributes ?? {}) as Record<string, Attribute>).map(([key, attribute]) => [
            key,
            profile && !('profile' in attribute) ? { ...attribute, profile } : attribute,
          ]),
        ),
      );
    }
    layers.push(own);
    for (const layer of layers) {
      for (const [key, attribute] of Object.entries(layer)) {
        const before = merged[key];
        merged[key] = {
          ...before,
          ...attribute,
          ...(before?.enum || attribute.enum ? { enum: { ...before?.enum, ...attribute.enum } } : {}),
        };
      }
    }
    return merged;
  }

  /** The dictionary's enum with the class's or object's refinement merged over it. */
  private mergedEnum(key: string, refined: Attribute | undefined): Enum | undefined {
    const dictionary = this.dictionary[key]?.enum;
    if (!dictionary && !refined?.enum) return undefined;
    const merged: Enum = { ...dictionary };
    for (const [value, entry] of Object.entries(refined?.enum ?? {}))
      merged[value] = { ...merged[value], ...entry };
    return merged;
  }

  private objectSchema(
    attributes: Record<string, Attribute>,
    constraints: { at_least_one?: string[]; just_one?: string[] },
    context: BuildContext,
  ): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const enums = new Map<string, { attribute: Attribute; values: Enum }>();
    for (const [key, refined] of Object.entries(attributes)) {
      if (typeof refined.profile === 'string' && !context.profiles.has(refined.profile)) continue;
      const dictionary = this.dictionary[key];
      if (!dictionary) throw new Error(`OCSF attribute ${key} is not in the dictionary`);
      if (!context.allowDeprecated && (dictionary['@deprecated'] || refined['@deprecated'])) continue;
      const values = this.mergedEnum(key, refined);
      const attribute: Attribute = { ...dictionary, ...refined, enum: values };
      properties[key] = this.attributeSchema(key, attribute, context);
      if (values) enums.set(key, { attribute, values });
      if (attribute.requirement === 'required') required.push(key);
    }
    const present = (names: string[] | undefined) => (names ?? []).filter((name) => name in properties);
    const atLeastOne = present(constraints.at_least_one);
    const justOne = present(constraints.just_one);
    const siblings = this.siblingRules(enums, properties);
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
      ...(atLeastOne.length > 0 ? { anyOf: atLeastOne.map((name) => ({ required: [name] })) } : {}),
      ...(justOne.length > 0 ? { oneOf: justOne.map((name) => ({ required: [name] })) } : {}),
      ...(siblings.length > 0 ? { allOf: siblings } : {}),
    };
  }

  /** `status_id: 1` → `status` must be "New" (when present); 99 Other leaves the sibling free. */
  private siblingRules(
    enums: ReadonlyMap<string, { attribute: Attribute; values: Enum }>,
    properties: Record<string, JsonSchema>,
  ): JsonSchema[] {
    const rules: JsonSchema[] = [];
    for (const [key, { attribute, values }] of enums) {
      const sibling = attribute.sibling;
      if (!sibling || !(sibling in properties) || attribute.is_array) continue;
      const integer = (properties[key] as { type?: string }).type === 'integer';
      for (const [value, entry] of Object.entries(values)) {
        if (value === OTHER) continue;
        rules.push({
          if: { properties: { [key]: { const: integer ? Number(value) : value } }, required: [key] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
          then: { properties: { [sibling]: { const: entry.caption } } },
        });
      }
    }
    return rules;
  }

  private attributeSchema(key: string, attribute: Attribute, context: BuildContext): JsonSchema {
    const type = attribute.type;
    if (!type) throw new Error(`OCSF attribute ${key} has no type`);
    let item: JsonSchema;
    if (type === 'object') {
      item = { type: 'object' }; // an open object, e.g. `unmapped`
    } else if (this.objects.has(type)) {
      this.defineObject(type, context);
      item = { $ref: `#/$defs/${type}` };
    } else {
      item = this.primitiveSchema(type);
      if (attribute.enum) {
        const values = Object.entries(attribute.enum)
          .filter(([, entry]) => context.allowDeprecated || !entry['@deprecated'])
          .map(([value]) => (item.type === 'integer' ? Number(value) : value));
        item = { ...item, enum: values };
      }
    }
    return attribute.is_array ? { type: 'array', items: item } : item;
  }

  private defineObject(name: string, context: BuildContext): void {
    const defs = context.defs;
    if (defs[name]) return;
    defs[name] = {}; // placeholder: objects refer to themselves (process.parent_process, …)
    const definition = this.objects.get(name)!;
    defs[name] = {
      title: definition.caption,
      ...this.objectSchema(
        this.resolve(this.objects, definition),
        this.constraints(this.objects, definition),
        context,
      ),
    };
  }

  /** A dictionary type, following its chain (timestamp_t → long_t) and keeping its constraints. */
  private primitiveSchema(type: string): JsonSchema {
    const primitive = PRIMITIVES[type];
    if (primitive) return { ...primitive };
    const definition = this.types[type];
    if (!definition?.type) throw new Error(`OCSF type ${type} is unknown`);
    return {
      ...this.primitiveSchema(definition.type),
      ...(definition.regex ? { pattern: definition.regex } : {}),
      ...(definition.max_len ? { maxLength: definition.max_len } : {}),
      ...(definition.range ? { minimum: definition.range[0], maximum: definition.range[1] } : {}),
    };
  }
}

interface BuildContext {
  profiles: ReadonlySet<string>;
  allowDeprecated: boolean;
  defs: Record<string, JsonSchema>;
}

/**
 * Validates OCSF events of any class against the 1.8.0 source: picks the class from the event's
 * class_uid and compiles each class's schema once.
 */
export class OcsfValidator {
  private readonly ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
  private readonly compiled = new Map<number, ValidateFunction>();

  constructor(readonly source = new OcsfSchemaSource()) {}

  /** Schema errors as `path: message` lines; empty when the event is valid OCSF 1.8.0. */
  errors(event: unknown): string[] {
    const classUid = (event as { class_uid?: unknown } | null)?.class_uid;
    if (typeof classUid !== 'number') return ['/class_uid: must be the number of an OCSF class'];
    const validate = this.validator(classUid);
    if (!validate) return [`/class_uid: ${classUid} is not an OCSF 1.8.0 class`];
    if (validate(event)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message}`);
  }

  private validator(classUid: number): ValidateFunction | undefined {
    let validate = this.compiled.get(classUid);
    if (!validate) {
      const name = this.source.className(classUid);
      if (!name) return undefined;
      validate = this.ajv.compile(this.source.classSchema(name));
      this.compiled.set(classUid, validate);
    }
    return validate;
  }
}
