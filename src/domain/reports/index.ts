export * from './inventory';
export * from './events';
export * from './progress';
export * from './monthly';
