/**
 * Global setup of the PostgreSQL project (vitest.postgres.config.ts): one real server for the
 * run (postgres-server.ts), its URL provided to every test file, stopped at the end.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
