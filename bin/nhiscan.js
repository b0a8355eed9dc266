#!/usr/bin/env node
// Entry point: runs the compiled CLI, dist/main.js (`npm run build`; `npm ci` and `npm pack` build it
// through `prepare`). No TypeScript loader at run time. In a checkout that was never built it falls
// back to the TypeScript sources through tsx (a development dependency), with a note on stderr.
import { existsSync } from 'node:fs';

// nhiscan pins @aws-sdk 3.1169.0, which supports Node 20; its notice that *later* SDK releases
// will need Node 22 is not actionable for a user and would pollute stderr. Set the variable to
// "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const compiled = new URL('../dist/main.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  process.stderr.write(
    'nhiscan: dist/ is not built (run `npm run build`); running the sources through tsx\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
}
process.exitCode = await cli.runCli(process.argv.slice(2));
