/** vitest globalSetup of the server project: one PostgreSQL for the whole run (each suite makes its databases). */
import type { TestProject } from 'vitest/node';
import { testPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await testPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
