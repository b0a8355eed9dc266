/**
 * What V8's JSON.parse error says, without the text it echoes (which may hold data the user did
 * not mean to print), and the offset into the text when it gives one.
 */
export function jsonSyntaxProblem(error: SyntaxError, text: string): { problem: string; offset?: number } {
  const message = error.message;
  const position = /at position (\d+)/.exec(message);
  const offset = position
    ? Number(position[1])
    : message.startsWith('Unexpected end of JSON input')
      ? text.length
      : undefined;
  const problem = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    // `Unexpected token 'x', "…the text…" is not valid JSON`: keep the token, not the echoed text.
    .replace(/^(Unexpected token '.*?'), ".*" is not valid JSON$/s, '$1');
  return offset === undefined ? { problem } : { problem, offset };
}
