/** Public API of the storage layer. */
export * from './repository';
export * from './errors';
export * from './quota';
export { DB_NAME } from './schema';
export { DB_VERSION, MIGRATIONS } from './migrations';
