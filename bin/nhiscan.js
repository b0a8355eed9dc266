#!/usr/bin/env node
// Entry point: runs the TypeScript sources through tsx, so `npm ci && npx nhiscan` needs no build step.
import { register } from 'tsx/esm/api';

register();
// nhiscan pins @aws-sdk 3.1169.0, which supports Node 20; its notice that *later* SDK releases
// will need Node 22 is not actionable for a user and would pollute stderr. Set the variable to
// "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
