/** Record modules (DESIGN.md §2): one per record type, each with type, factory, normaliser and schema version. */
export * from './record';
export * from './book';
export * from './page';
export * from './entry';
export * from './user';
export * from './audit';
export * from './validate';
export * from './summary';
export * from './merge';
