/**
 * Builds a JSON Schema for one OCSF event class from the official OCSF 1.8.0 schema source shipped
 * in ../shared/schemas/ocsf-1.8.0 (the ocsf-schema repository's metaschema files: dictionary.json,
 * events/, objects/, profiles/), the way the OCSF server compiles it:
 *  - a class or object inherits its parent's attributes (`extends`), then its `$include`d profile
 *    attributes, then its own; later definitions refine earlier ones field by field;
 *  - each attribute takes its type, is_array and enum from the dictionary unless refined;
 *  - attributes of a profile are present only when that profile is applied (`profile: null`
 *    means "always present", e.g. iam.actor);
 *  - primitive types come from dictionary `types` (regex, max_len, range included);
 *  - objects become $defs referenced by name; `object` is an open object.
 * It is stricter than the server's export on purpose: unknown attributes are rejected
 * (additionalProperties false), `at_least_one`/`just_one` constraints are enforced, and class_uid,
 * category_uid and type_uid must be the class's own values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OCSF_SCHEMA_ROOT = new URL('../../../shared/schemas/ocsf-1.8.0/', import.meta.url).pathname;

type Enum = Record<string, { caption: string }>;

interface Attribute {
  type?: string;
  is_array?: boolean;
  requirement?: 'required' | 'recommended' | 'optional';
  enum?: Enum;
  profile?: string | null;
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

  /** A JSON Schema (2020-12) for events of one class, with the given profiles applied. */
  classSchema(name: string, options: { profiles?: readonly string[] } = {}): JsonSchema {
    const profiles = new Set(options.profiles ?? []);
    const definition = this.classes.get(name);
    if (!definition) throw new Error(`no OCSF class ${name}`);
    const defs: Record<string, JsonSchema> = {};
    const attributes = this.resolve(this.classes, definition);
    const schema = this.objectSchema(attributes, this.constraints(this.classes, definition), profiles, defs);
    const { classUid, categoryUid } = this.classUid(name);
    const properties = schema.properties as Record<string, JsonSchema>;
    const activities = Object.keys(attributes.activity_id?.enum ?? {}).map(Number);
    properties.class_uid = { const: classUid };
    properties.category_uid = { const: categoryUid };
    properties.type_uid = { enum: activities.map((activity) => classUid * 100 + activity) };
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: definition.caption,
      ...schema,
      $defs: defs,
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

  private objectSchema(
    attributes: Record<string, Attribute>,
    constraints: { at_least_one?: string[]; just_one?: string[] },
    profiles: ReadonlySet<string>,
    defs: Record<string, JsonSchema>,
  ): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, refined] of Object.entries(attributes)) {
      if (typeof refined.profile === 'string' && !profiles.has(refined.profile)) continue;
      const dictionary = this.dictionary[key];
      if (!dictionary) throw new Error(`OCSF attribute ${key} is not in the dictionary`);
      const attribute: Attribute = { ...dictionary, ...refined, enum: refined.enum ?? dictionary.enum };
      properties[key] = this.attributeSchema(key, attribute, profiles, defs);
      if (attribute.requirement === 'required') required.push(key);
    }
    const present = (names: string[] | undefined) => (names ?? []).filter((name) => name in properties);
    const atLeastOne = present(constraints.at_least_one);
    const justOne = present(constraints.just_one);
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
      ...(atLeastOne.length > 0 ? { anyOf: atLeastOne.map((name) => ({ required: [name] })) } : {}),
      ...(justOne.length > 0 ? { oneOf: justOne.map((name) => ({ required: [name] })) } : {}),
    };
  }

  private attributeSchema(
    key: string,
    attribute: Attribute,
    profiles: ReadonlySet<string>,
    defs: Record<string, JsonSchema>,
  ): JsonSchema {
    const type = attribute.type;
    if (!type) throw new Error(`OCSF attribute ${key} has no type`);
    let item: JsonSchema;
    if (type === 'object') {
      item = { type: 'object' }; // an open object, e.g. `unmapped`
    } else if (this.objects.has(type)) {
      this.defineObject(type, profiles, defs);
      item = { $ref: `#/$defs/${type}` };
    } else {
      item = this.primitiveSchema(type);
      if (attribute.enum) {
        const values = Object.keys(attribute.enum).map((value) =>
          item.type === 'integer' ? Number(value) : value,
        );
        item = { ...item, enum: values };
      }
    }
    return attribute.is_array ? { type: 'array', items: item } : item;
  }

  private defineObject(name: string, profiles: ReadonlySet<string>, defs: Record<string, JsonSchema>): void {
    if (defs[name]) return;
    defs[name] = {}; // placeholder: objects refer to themselves (process.parent_process, …)
    const definition = this.objects.get(name)!;
    defs[name] = {
      title: definition.caption,
      ...this.objectSchema(
        this.resolve(this.objects, definition),
        this.constraints(this.objects, definition),
        profiles,
        defs,
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
