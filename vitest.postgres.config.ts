import { defineConfig } from 'vitest/config';

/**
 * The store-level suites again, on PostgreSQL: every database a test opens by path is a fresh
 * database of one real server (test/support/postgres-store-setup.ts).
 */
export default defineConfig({
  test: {
    include: [
      'test/audit/append.test.ts',
      'test/audit/verify.test.ts',
      'test/governance/review-decisions.test.ts',
      'test/notify/gate.test.ts',
      'test/policy/suppression-kind.test.ts',
      'test/review/preview.test.ts',
      'test/security/scrub-page.test.ts',
      'test/store/evaluation-digests.test.ts',
      'test/store/incremental-evaluation.test.ts',
      'test/store/observations.test.ts',
      'test/store/store.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/postgres-global.ts'],
    setupFiles: ['test/support/postgres-store-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
