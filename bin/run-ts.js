#!/usr/bin/env node
import { resolve } from 'node:path';
// Runs one TypeScript file (benchmarks, maintenance scripts) through tsx.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const file = process.argv[2];
if (!file) {
  console.error('usage: run-ts.js FILE.ts [args...]');
  process.exit(2);
}
await import(pathToFileURL(resolve(file)).href);
