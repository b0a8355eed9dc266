import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'scanners/**/*.test.ts', 'reports/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // bin/nhiscan.js runs dist/: build it from the current sources first.
    globalSetup: ['test/support/build-dist.ts'],
    // The SDK warns that releases after January 2027 need Node 22; this project targets Node 20.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
