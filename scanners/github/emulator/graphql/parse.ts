/**
 * A GraphQL query-document parser (the executable subset of the October 2021 spec): operations with
 * variables and default values, fields with aliases, arguments and directives, inline fragments,
 * named fragments, every literal kind, comments and commas. Enough for any query a client sends; no
 * schema language. Errors name the line and column as GitHub's `Parse error on …` messages do.
 */

export interface Location {
  line: number;
  column: number;
}

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

export class GraphqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly location: Location,
  ) {
    super(message);
    this.name = 'GraphqlSyntaxError';
  }
}

type TokenKind = 'punctuator' | 'name' | 'int' | 'float' | 'string' | 'eof';

interface Token {
  kind: TokenKind;
  value: string;
  location: Location;
}

const PUNCTUATORS = new Set(['!', '$', '&', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}']);
const NAME_START = /[_A-Za-z]/;
const NAME_CONTINUE = /[_0-9A-Za-z]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;

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

function unescapeString(raw: string, location: Location): string {
  return raw.replace(/\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|["\\/bfnrt]|.)/g, (_match, sequence: string) => {
    if (sequence.startsWith('u{')) return String.fromCodePoint(Number.parseInt(sequence.slice(2, -1), 16));
    if (sequence.startsWith('u') && sequence.length === 5)
      return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    const value = simple[sequence];
    if (value === undefined) throw new GraphqlSyntaxError(`Invalid escape sequence \\${sequence}`, location);
    return value;
  });
}

/** Block strings: common indentation removed, blank first and last lines dropped (spec 2.9.4). */
function blockStringValue(raw: string): string {
  const lines = raw.replace(/\\"""/g, '"""').split(/\r\n|[\n\r]/);
  let indent: number | undefined;
  for (const line of lines.slice(1)) {
    const leading = line.length - line.trimStart().length;
    if (leading < line.length && (indent === undefined || leading < indent)) indent = leading;
  }
  const trimmed = lines.map((line, index) =>
    index === 0 || indent === undefined ? line : line.slice(indent),
  );
  while (trimmed.length > 0 && trimmed[0]!.trim() === '') trimmed.shift();
  while (trimmed.length > 0 && trimmed.at(-1)!.trim() === '') trimmed.pop();
  return trimmed.join('\n');
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Location => ({ line, column: index - lineStart + 1 });
  const newline = (at: number) => {
    line += 1;
    lineStart = at + 1;
  };
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\n' || (char === '\r' && source[index + 1] !== '\n')) {
      newline(index);
      index += 1;
      continue;
    }
    if (char === ' ' || char === '\t' || char === ',' || char === '\r' || char === '\uFEFF') {
      index += 1;
      continue;
    }
    if (char === '#') {
      while (index < source.length && source[index] !== '\n' && source[index] !== '\r') index += 1;
      continue;
    }
    const location = here();
    if (source.startsWith('...', index)) {
      tokens.push({ kind: 'punctuator', value: '...', location });
      index += 3;
    } else if (PUNCTUATORS.has(char)) {
      tokens.push({ kind: 'punctuator', value: char, location });
      index += 1;
    } else if (NAME_START.test(char)) {
      const start = index;
      while (index < source.length && NAME_CONTINUE.test(source[index]!)) index += 1;
      tokens.push({ kind: 'name', value: source.slice(start, index), location });
    } else if (char === '-' || /\d/.test(char)) {
      const match = NUMBER.exec(source.slice(index));
      if (!match)
        throw new GraphqlSyntaxError(
          `Parse error on "${char}" at [${location.line}, ${location.column}]`,
          location,
        );
      tokens.push({ kind: match[1] || match[2] ? 'float' : 'int', value: match[0], location });
      index += match[0].length;
    } else if (source.startsWith('"""', index)) {
      const start = index + 3;
      let end = start;
      while (end < source.length && !(source.startsWith('"""', end) && source[end - 1] !== '\\')) end += 1;
      if (end >= source.length) throw new GraphqlSyntaxError('Unterminated string', location);
      for (let at = start; at < end; at += 1) if (source[at] === '\n') newline(at);
      tokens.push({ kind: 'string', value: blockStringValue(source.slice(start, end)), location });
      index = end + 3;
    } else if (char === '"') {
      let end = index + 1;
      while (end < source.length && source[end] !== '"' && source[end] !== '\n')
        end += source[end] === '\\' ? 2 : 1;
      if (source[end] !== '"') throw new GraphqlSyntaxError('Unterminated string', location);
      tokens.push({
        kind: 'string',
        value: unescapeString(source.slice(index + 1, end), location),
        location,
      });
      index = end + 1;
    } else {
      throw new GraphqlSyntaxError(
        `Parse error on "${char}" at [${location.line}, ${location.column}]`,
        location,
      );
    }
  }
  tokens.push({ kind: 'eof', value: '', location: here() });
  return tokens;
}

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
