/**
 * `node --import ./record-imports.mjs …` appends every bare specifier the ESM loader resolves
 * (`ink`, `@aws-sdk/client-iam`, `node:fs`…) to the file named by NHISCAN_RECORD_IMPORTS, one a
 * line: which packages a command loads. Packages' own `require`s are not seen, only imports.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  if (file && !/^(\.|\/|file:|data:)/.test(specifier)) appendFileSync(file, `${specifier}\n`);
  return next(specifier, context);
}

if (isMainThread && process.env.NHISCAN_RECORD_IMPORTS)
  register(import.meta.url, { data: { file: process.env.NHISCAN_RECORD_IMPORTS } });
