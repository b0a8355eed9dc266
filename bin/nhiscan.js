#!/usr/bin/env node
// Entry point: runs the TypeScript sources through tsx, so `npm ci && npx nhiscan` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
