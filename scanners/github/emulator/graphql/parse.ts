/**
 * A GraphQL query-document parser (the executable subset of the October 2021 spec): operations with
 * variables and default values, fields with aliases, arguments and directives, inline fragments,
 * named fragments, every literal kind. Enough for any query a client sends; no schema language.
 * Errors name the line and column as GitHub's `Parse error on …` messages do. Tokens come from lex.ts.
 */
import { GraphqlSyntaxError, type Location, type Token, tokenize } from './lex.js';

export { GraphqlSyntaxError, type Location } from './lex.js';

export type Value =
  | { kind: 'Variable'; name: string }
  | { kind: 'Int' | 'Float'; value: number }
  | { kind: 'String'; value: string }
  | { kind: 'Boolean'; value: boolean }
  | { kind: 'Null' }
  | { kind: 'Enum'; value: string }
  | { kind: 'List'; values: Value[] }
  | { kind: 'Object'; fields: Record<string, Value> };

export interface Directive {
  name: string;
  arguments: Record<string, Value>;
}

export interface Field {
  kind: 'Field';
  alias?: string;
  name: string;
  arguments: Record<string, Value>;
  directives: Directive[];
  selectionSet?: Selection[];
  location: Location;
}

export interface InlineFragment {
  kind: 'InlineFragment';
  typeCondition?: string;
  directives: Directive[];
  selectionSet: Selection[];
}

export interface FragmentSpread {
  kind: 'FragmentSpread';
  name: string;
  directives: Directive[];
  location: Location;
}

export type Selection = Field | InlineFragment | FragmentSpread;

export interface VariableDefinition {
  name: string;
  /** As written, e.g. `String!`, `[ID!]`. */
  type: string;
  defaultValue?: Value;
}

export interface Operation {
  operation: 'query' | 'mutation' | 'subscription';
  name?: string;
  variables: VariableDefinition[];
  selectionSet: Selection[];
}

export interface Fragment {
  name: string;
  typeCondition: string;
  selectionSet: Selection[];
}

export interface Document {
  operations: Operation[];
  fragments: Map<string, Fragment>;
}

const TOKEN_LABEL: Record<string, string> = {
  '{': 'LCURLY',
  '}': 'RCURLY',
  '(': 'LPAREN',
  ')': 'RPAREN',
  '[': 'LBRACKET',
  ']': 'RBRACKET',
  ':': 'COLON',
  $: 'VAR_SIGN',
  '!': 'BANG',
  '=': 'EQUALS',
  '@': 'DIR_SIGN',
  '...': 'ELLIPSIS',
};

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.position += 1;
    return token;
  }

  private unexpected(token = this.peek()): GraphqlSyntaxError {
    const { line, column } = token.location;
    if (token.kind === 'eof') return new GraphqlSyntaxError(`Unexpected end of document`, token.location);
    const label =
      token.kind === 'punctuator'
        ? (TOKEN_LABEL[token.value] ?? token.value)
        : token.kind === 'name'
          ? 'IDENTIFIER'
          : token.kind.toUpperCase();
    const shown = token.kind === 'string' ? `"${token.value}"` : token.value;
    return new GraphqlSyntaxError(
      `Parse error on "${shown}" (${label}) at [${line}, ${column}]`,
      token.location,
    );
  }

  private is(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuator' && token.value === value;
  }

  private skip(value: string): boolean {
    if (!this.is(value)) return false;
    this.next();
    return true;
  }

  private expect(value: string): void {
    if (!this.skip(value)) throw this.unexpected();
  }

  private name(): string {
    const token = this.peek();
    if (token.kind !== 'name') throw this.unexpected();
    this.next();
    return token.value;
  }

  document(): Document {
    const document: Document = { operations: [], fragments: new Map() };
    while (this.peek().kind !== 'eof') {
      const token = this.peek();
      if (this.is('{')) {
        document.operations.push({ operation: 'query', variables: [], selectionSet: this.selectionSet() });
      } else if (token.kind === 'name' && token.value === 'fragment') {
        this.next();
        const name = this.name();
        if (this.name() !== 'on') throw this.unexpected(this.tokens[this.position - 1]);
        const typeCondition = this.name();
        this.directives();
        document.fragments.set(name, { name, typeCondition, selectionSet: this.selectionSet() });
      } else if (token.kind === 'name' && ['query', 'mutation', 'subscription'].includes(token.value)) {
        this.next();
        const operation = token.value as Operation['operation'];
        const name = this.peek().kind === 'name' ? this.name() : undefined;
        const variables = this.is('(') ? this.variableDefinitions() : [];
        this.directives();
        document.operations.push({
          operation,
          ...(name ? { name } : {}),
          variables,
          selectionSet: this.selectionSet(),
        });
      } else {
        throw this.unexpected();
      }
    }
    return document;
  }

  private variableDefinitions(): VariableDefinition[] {
    this.expect('(');
    const definitions: VariableDefinition[] = [];
    while (!this.skip(')')) {
      this.expect('$');
      const name = this.name();
      this.expect(':');
      const type = this.type();
      const defaultValue = this.skip('=') ? this.value(true) : undefined;
      this.directives();
      definitions.push({ name, type, ...(defaultValue ? { defaultValue } : {}) });
    }
    return definitions;
  }

  private type(): string {
    let type: string;
    if (this.skip('[')) {
      type = `[${this.type()}]`;
      this.expect(']');
    } else {
      type = this.name();
    }
    return this.skip('!') ? `${type}!` : type;
  }

  private selectionSet(): Selection[] {
    this.expect('{');
    const selections: Selection[] = [];
    while (!this.skip('}')) selections.push(this.selection());
    if (selections.length === 0) throw this.unexpected(this.tokens[this.position - 1]);
    return selections;
  }

  private selection(): Selection {
    if (this.is('...')) {
      const location = this.next().location;
      const token = this.peek();
      if (token.kind === 'name' && token.value !== 'on') {
        return { kind: 'FragmentSpread', name: this.name(), directives: this.directives(), location };
      }
      let typeCondition: string | undefined;
      if (token.kind === 'name') {
        this.next();
        typeCondition = this.name();
      }
      const directives = this.directives();
      return {
        kind: 'InlineFragment',
        ...(typeCondition ? { typeCondition } : {}),
        directives,
        selectionSet: this.selectionSet(),
      };
    }
    const location = this.peek().location;
    let name = this.name();
    let alias: string | undefined;
    if (this.skip(':')) {
      alias = name;
      name = this.name();
    }
    const args = this.is('(') ? this.arguments() : {};
    const directives = this.directives();
    const selectionSet = this.is('{') ? this.selectionSet() : undefined;
    return {
      kind: 'Field',
      ...(alias ? { alias } : {}),
      name,
      arguments: args,
      directives,
      ...(selectionSet ? { selectionSet } : {}),
      location,
    };
  }

  private arguments(constant = false): Record<string, Value> {
    this.expect('(');
    const args: Record<string, Value> = {};
    while (!this.skip(')')) {
      const name = this.name();
      this.expect(':');
      args[name] = this.value(constant);
    }
    return args;
  }

  private directives(): Directive[] {
    const directives: Directive[] = [];
    while (this.skip('@')) {
      const name = this.name();
      directives.push({ name, arguments: this.is('(') ? this.arguments() : {} });
    }
    return directives;
  }

  private value(constant: boolean): Value {
    const token = this.peek();
    if (token.kind === 'punctuator') {
      if (token.value === '$' && !constant) {
        this.next();
        return { kind: 'Variable', name: this.name() };
      }
      if (token.value === '[') {
        this.next();
        const values: Value[] = [];
        while (!this.skip(']')) values.push(this.value(constant));
        return { kind: 'List', values };
      }
      if (token.value === '{') {
        this.next();
        const fields: Record<string, Value> = {};
        while (!this.skip('}')) {
          const name = this.name();
          this.expect(':');
          fields[name] = this.value(constant);
        }
        return { kind: 'Object', fields };
      }
      throw this.unexpected();
    }
    this.next();
    switch (token.kind) {
      case 'int':
        return { kind: 'Int', value: Number(token.value) };
      case 'float':
        return { kind: 'Float', value: Number(token.value) };
      case 'string':
        return { kind: 'String', value: token.value };
      case 'name':
        if (token.value === 'true' || token.value === 'false')
          return { kind: 'Boolean', value: token.value === 'true' };
        if (token.value === 'null') return { kind: 'Null' };
        return { kind: 'Enum', value: token.value };
      default:
        throw this.unexpected(token);
    }
  }
}

export function parseDocument(source: string): Document {
  return new Parser(tokenize(source)).document();
}
