/**
 * A small GraphQL executor over a hand-declared schema: picks the operation, coerces variables,
 * collects fields through fragments (type conditions, @include/@skip), checks every field and
 * argument against the schema (GitHub's `undefinedField` / `argumentNotAccepted` errors, no data),
 * resolves, and propagates nulls from non-null fields to the nearest nullable parent, as the spec says.
 */
import {
  type Directive,
  type Document,
  type Field,
  type Location,
  type Operation,
  parseDocument,
  type Selection,
  type Value,
} from './parse.js';

export interface GraphqlError {
  message: string;
  type?: string;
  path?: (string | number)[];
  locations?: Location[];
  extensions?: Record<string, unknown>;
}

export interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
}

export const SCALARS = new Set([
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'DateTime',
  'URI',
  'X509Certificate',
]);

export interface FieldDefinition<Source> {
  /** The named type the field returns: a scalar or an object type of the schema. */
  type: string;
  list?: boolean;
  nonNull?: boolean;
  /** Arguments the field accepts (others are refused). */
  args?: readonly string[];
  resolve(source: Source, args: Record<string, unknown>): unknown;
}

export interface ObjectType {
  name: string;
  /** Interfaces the type implements (fragments on them apply). */
  interfaces?: readonly string[];
  fields: Record<string, FieldDefinition<never>>;
}

export interface Schema {
  types: Map<string, ObjectType>;
  query: string;
  mutation: string;
}

/** Declares an object type whose resolvers receive `Source`. */
export function objectType<Source>(
  name: string,
  fields: Record<string, FieldDefinition<Source>>,
  interfaces: readonly string[] = [],
): ObjectType {
  return { name, interfaces, fields: fields as Record<string, FieldDefinition<never>> };
}

/** A resolver's refusal: becomes an entry of `errors` with the field's path; the field is null. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly type?: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

/** A document the schema cannot run: the answer has `errors` and no `data`. */
class ValidationError extends Error {
  constructor(readonly error: GraphqlError) {
    super(error.message);
  }
}

/** Thrown when a non-null field resolved to null: the parent becomes null instead. */
class NullBubble extends Error {}

interface Context {
  schema: Schema;
  document: Document;
  variables: Record<string, unknown>;
  declared: Set<string>;
  operationLabel: string;
  /** First element of a validation error's path: `query`, or `query Name`. */
  rootPath: string;
  errors: GraphqlError[];
}

function argumentValue(value: Value, context: Context): unknown {
  switch (value.kind) {
    case 'Variable':
      if (!context.declared.has(value.name)) {
        throw new ValidationError({
          message: `Variable $${value.name} is used by ${context.operationLabel} but not declared`,
          extensions: { code: 'variableNotDefined', variableName: value.name },
        });
      }
      return context.variables[value.name] ?? null;
    case 'Null':
      return null;
    case 'List':
      return value.values.map((item) => argumentValue(item, context));
    case 'Object':
      return Object.fromEntries(
        Object.entries(value.fields).map(([name, item]) => [name, argumentValue(item, context)]),
      );
    default:
      return value.value;
  }
}

function included(directives: Directive[], context: Context): boolean {
  for (const directive of directives) {
    const condition = directive.arguments.if ? argumentValue(directive.arguments.if, context) : undefined;
    if (directive.name === 'skip' && condition === true) return false;
    if (directive.name === 'include' && condition === false) return false;
  }
  return true;
}

function applies(typeCondition: string | undefined, type: ObjectType): boolean {
  return (
    typeCondition === undefined ||
    typeCondition === type.name ||
    (type.interfaces ?? []).includes(typeCondition)
  );
}

/** The fields to resolve on an object of `type`, by response key, in document order. */
function collectFields(
  type: ObjectType,
  selections: Selection[],
  context: Context,
  into = new Map<string, Field[]>(),
) {
  for (const selection of selections) {
    if (!included(selection.directives, context)) continue;
    if (selection.kind === 'Field') {
      const key = selection.alias ?? selection.name;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === 'InlineFragment') {
      if (applies(selection.typeCondition, type)) collectFields(type, selection.selectionSet, context, into);
    } else {
      const fragment = context.document.fragments.get(selection.name);
      if (!fragment) {
        throw new ValidationError({
          message: `Fragment ${selection.name} was used, but not defined`,
          locations: [selection.location],
          extensions: { code: 'useAndDefineFragment', fragmentName: selection.name },
        });
      }
      if (applies(fragment.typeCondition, type)) collectFields(type, fragment.selectionSet, context, into);
    }
  }
  return into;
}

function mergedSelections(fields: Field[]): Selection[] | undefined {
  const sets = fields.flatMap((field) => field.selectionSet ?? []);
  return sets.length > 0 ? sets : undefined;
}

function completeValue(
  definition: FieldDefinition<never>,
  fields: Field[],
  value: unknown,
  path: (string | number)[],
  context: Context,
): unknown {
  if (value === null || value === undefined) return null;
  if (definition.list) {
    if (!Array.isArray(value)) return null;
    return value.map((item, index) =>
      completeValue({ ...definition, list: false }, fields, item, [...path, index], context),
    );
  }
  if (SCALARS.has(definition.type)) return value;
  const type = context.schema.types.get(definition.type);
  if (!type) throw new Error(`schema: unknown type ${definition.type}`);
  return executeSelections(type, mergedSelections(fields) ?? [], value, path, context);
}

function checkField(
  parent: ObjectType,
  field: Field,
  definition: FieldDefinition<never> | undefined,
  path: string[],
) {
  if (!definition) {
    throw new ValidationError({
      path: [...path, field.name],
      extensions: { code: 'undefinedField', typeName: parent.name, fieldName: field.name },
      locations: [field.location],
      message: `Field '${field.name}' doesn't exist on type '${parent.name}'`,
    });
  }
  for (const name of Object.keys(field.arguments)) {
    if (!(definition.args ?? []).includes(name)) {
      throw new ValidationError({
        path: [...path, field.name, name],
        extensions: { code: 'argumentNotAccepted', name: field.name, typeName: 'Field', argumentName: name },
        locations: [field.location],
        message: `Field '${field.name}' doesn't accept argument '${name}'`,
      });
    }
  }
  const scalar = SCALARS.has(definition.type);
  if (scalar && field.selectionSet) {
    throw new ValidationError({
      path: [...path, field.name],
      extensions: { code: 'selectionMismatch', nodeName: `field '${field.name}'`, typeName: definition.type },
      locations: [field.location],
      message: `Selections can't be made on scalars (field '${field.name}' returns ${definition.type} but has selections [${field.selectionSet.map((s) => (s.kind === 'Field' ? s.name : '...')).join(', ')}])`,
    });
  }
  if (!scalar && !field.selectionSet) {
    throw new ValidationError({
      path: [...path, field.name],
      extensions: { code: 'selectionMismatch', nodeName: `field '${field.name}'`, typeName: definition.type },
      locations: [field.location],
      message: `Field must have selections (field '${field.name}' returns ${definition.type} but has no selections. Did you mean '${field.name} { ... }'?)`,
    });
  }
}

/** Checks every selected field and argument against the schema before anything runs. */
function validate(type: ObjectType, selections: Selection[], path: string[], context: Context): void {
  for (const [key, fields] of collectFields(type, selections, context)) {
    for (const field of fields) {
      if (field.name === '__typename') continue;
      const definition = type.fields[field.name];
      checkField(type, field, definition, path);
      for (const argument of Object.values(field.arguments)) argumentValue(argument, context);
      const nested = context.schema.types.get(definition!.type);
      if (nested && field.selectionSet) validate(nested, field.selectionSet, [...path, key], context);
    }
  }
}

function executeSelections(
  type: ObjectType,
  selections: Selection[],
  source: unknown,
  path: (string | number)[],
  context: Context,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, fields] of collectFields(type, selections, context)) {
    const field = fields[0]!;
    if (field.name === '__typename') {
      result[key] = type.name;
      continue;
    }
    const definition = type.fields[field.name]!;
    const fieldPath = [...path, key];
    let value: unknown;
    try {
      const args = Object.fromEntries(
        Object.entries(field.arguments).map(([name, argument]) => [name, argumentValue(argument, context)]),
      );
      const resolve = definition.resolve as (source: unknown, args: Record<string, unknown>) => unknown;
      value = completeValue(definition, fields, resolve(source, args), fieldPath, context);
    } catch (error) {
      if (error instanceof FieldError) {
        context.errors.push({
          ...(error.type ? { type: error.type } : {}),
          path: fieldPath,
          locations: [field.location],
          message: error.message,
        });
        value = null;
      } else if (error instanceof NullBubble) {
        value = null;
      } else {
        throw error;
      }
    }
    if (value === null && definition.nonNull) throw new NullBubble();
    result[key] = value;
  }
  return result;
}

function pickOperation(document: Document, operationName: string | undefined): Operation {
  const named = operationName
    ? document.operations.find((operation) => operation.name === operationName)
    : undefined;
  if (operationName && !named)
    throw new ValidationError({ message: `No operation named "${operationName}"` });
  if (named) return named;
  if (document.operations.length !== 1) {
    throw new ValidationError({
      message:
        document.operations.length === 0
          ? 'No operations in query document'
          : 'An operation name is required when the document has several operations',
    });
  }
  return document.operations[0]!;
}

export function executeQuery(
  schema: Schema,
  request: { query?: unknown; variables?: unknown; operationName?: unknown },
  root: unknown,
): GraphqlResponse {
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  }
  try {
    const document = parseDocument(request.query);
    const operation = pickOperation(
      document,
      typeof request.operationName === 'string' && request.operationName !== ''
        ? request.operationName
        : undefined,
    );
    const given =
      request.variables !== null && typeof request.variables === 'object' && !Array.isArray(request.variables)
        ? (request.variables as Record<string, unknown>)
        : {};
    const variables: Record<string, unknown> = {};
    const operationLabel = operation.name
      ? `${operation.operation} '${operation.name}'`
      : `anonymous ${operation.operation}`;
    const base: Context = {
      schema,
      document,
      variables,
      declared: new Set(operation.variables.map((definition) => definition.name)),
      operationLabel,
      rootPath: operation.name ? `${operation.operation} ${operation.name}` : operation.operation,
      errors: [],
    };
    for (const definition of operation.variables) {
      const value =
        definition.name in given
          ? given[definition.name]
          : definition.defaultValue
            ? argumentValue(definition.defaultValue, base)
            : undefined;
      if ((value === undefined || value === null) && definition.type.endsWith('!')) {
        throw new ValidationError({
          extensions: {
            value: value ?? null,
            problems: [{ path: [], explanation: 'Expected value to not be null' }],
          },
          message: `Variable $${definition.name} of type ${definition.type} was provided invalid value`,
        });
      }
      variables[definition.name] = value ?? null;
    }
    const rootType = schema.types.get(operation.operation === 'mutation' ? schema.mutation : schema.query)!;
    validate(rootType, operation.selectionSet, [base.rootPath], base);
    let data: Record<string, unknown> | null;
    try {
      data = executeSelections(rootType, operation.selectionSet, root, [], base);
    } catch (error) {
      if (!(error instanceof NullBubble)) throw error;
      data = null;
    }
    return base.errors.length > 0 ? { data, errors: base.errors } : { data };
  } catch (error) {
    if (error instanceof ValidationError) return { errors: [error.error] };
    if (error instanceof Error && error.name === 'GraphqlSyntaxError') {
      const location = (error as Error & { location: Location }).location;
      return { errors: [{ message: error.message, locations: [location] }] };
    }
    throw error;
  }
}
