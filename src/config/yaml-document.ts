/**
 * Reads a YAML file the user wrote (nhiscan.yaml, a baseline): the first syntax error with its
 * line (a duplicate key is one), and aliases expanded within a bound, so a "billion laughs"
 * document is refused as bad input (exit 2) instead of exhausting memory. Messages never quote
 * the document: the parser's first line only, with any secret in it redacted.
 */
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import { InputError } from '../core/errors.js';
import { redactSecrets } from '../core/secret-detector.js';

/** The most alias expansions a document may make (the `yaml` package's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;

export interface YamlFile {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

export function parseYamlFile(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const problem = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`not valid YAML: ${redactSecrets(problem).text}`, {
      file,
      line: error.linePos?.[0]?.line,
    });
  }
  return { file, document, lineCounter };
}

/** The 1-based line of the first alias in the document (named `source`, when given). */
function aliasLine(yaml: YamlFile, source?: string): number | undefined {
  let offset: number | undefined;
  visit(yaml.document, {
    Alias: (_key, node) => {
      if (source !== undefined && node.source !== source) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? undefined : yaml.lineCounter.linePos(offset).line;
}

/** The document as plain data; an InputError (exit 2) for aliases that expand too far or name no anchor. */
export function yamlToData(yaml: YamlFile): unknown {
  try {
    return yaml.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const unresolved = /^Unresolved alias \(the anchor must be set before the alias\): (.*)$/.exec(
      error.message,
    );
    if (unresolved)
      throw new InputError('not valid YAML: an alias (*name) names no anchor (&name) set before it', {
        file: yaml.file,
        line: aliasLine(yaml, unresolved[1]),
      });
    if (!error.message.startsWith('Excessive alias count')) throw error;
    throw new InputError(
      `too many alias expansions: its aliases (*name) would expand to more than ${MAX_ALIAS_COUNT} copies of anchored values, as a "billion laughs" document does to exhaust memory; write the values out instead of aliasing them`,
      { file: yaml.file, line: aliasLine(yaml) },
    );
  }
}
