export * from './date';
export * from './date-words';
export * from './number-words';
export * from './id-number';
export { ID_PROVINCE_CODES } from './provinces';
export * from './sex';
export * from './time';
export * from './name';
export * from './place';
