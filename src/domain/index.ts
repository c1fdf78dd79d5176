/** Public API of the pure domain layer (no DOM, no Node APIs). */
export * from './geometry';
export * from './text/index';
export * from './fields/index';
export * from './lexicons/index';
export * from './registers/index';
export * from './records/index';
export * from './workflow';
export * from './double-keying';
export * from './admin/index';
export * from './acceptance/sampling';
export * from './acceptance/record';
export * from './rules/index';
export * from './templates/index';
