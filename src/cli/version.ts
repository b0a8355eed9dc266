import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, reported in --version and in every report. */
export const TOOL_VERSION: string = (require('../../package.json') as { version: string }).version;
