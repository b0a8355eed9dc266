/**
 * The GraphQL lexer: turns a query document into tokens (punctuators, names, numbers, strings and
 * block strings), skipping whitespace, commas and comments, each token carrying its line and column.
 */

export interface Location {
  line: number;
  column: number;
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

export type TokenKind = 'punctuator' | 'name' | 'int' | 'float' | 'string' | 'eof';

export interface Token {
  kind: TokenKind;
  value: string;
  location: Location;
}

const PUNCTUATORS = new Set(['!', '$', '&', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}']);
const NAME_START = /[_A-Za-z]/;
const NAME_CONTINUE = /[_0-9A-Za-z]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;

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

export function tokenize(source: string): Token[] {
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
