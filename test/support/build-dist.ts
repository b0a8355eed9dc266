/**
 * Vitest global setup: builds dist/ from the current sources before any test file runs, so the
 * tests that run bin/nhiscan.js in a child process (demo, review under tmux, the executor crash
 * test…) never run a stale build. The build rewrites only files that changed: a no-op when the
 * sources did not change, even under a CLI another run is executing.
 */
import { buildDist } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildDist();
}
