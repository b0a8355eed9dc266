import type { Metafile } from 'esbuild';

/** Builds dist/ (see build.mjs); returns esbuild's metafile. */
export function buildDist(): Promise<Metafile>;
