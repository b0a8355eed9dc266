import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The store, audit, queue, governance, notification and HR-webhook suites again, on PostgreSQL:
 * every database a test opens by path is a fresh, migrated database of one real server
 * (test/support/postgres-store-setup.ts), the in-process CLI included. Left out: the suites that
 * tamper with the SQLite file itself (sqlite3's shell, better-sqlite3 opened directly) and those
 * that start their own PostgreSQL server.
 */
export default defineConfig({
  test: {
    include: [
      'test/store/store.test.ts',
      'test/store/evaluation-digests.test.ts',
      'test/store/incremental-evaluation.test.ts',
      'test/store/observations.test.ts',
      'test/audit/append.test.ts',
      'test/audit/verify.test.ts',
      'test/queue/*.test.ts',
      'test/governance/*.test.ts',
      'test/notify/*.test.ts',
      'test/hr/webhook.test.ts',
      'test/policy/suppression-kind.test.ts',
      'test/review/preview.test.ts',
      'test/security/scrub-page.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // Reads the SQLite file while a killed executor's WAL is left as it was.
      'test/queue/crash.test.ts',
      'test/queue/concurrent-executors-postgres.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/postgres-global.ts'],
    setupFiles: ['test/support/postgres-store-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
