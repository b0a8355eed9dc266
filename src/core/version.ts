import { packageJson } from './package-root.js';

/** The package version, reported in --version and in every report. */
export const TOOL_VERSION: string = packageJson().version;
