export {
  UNIT_LISTS,
  UNIT_LIST_TAG,
  unitListsForYear,
  communeOptions,
  communeByCode,
  communeLabel,
  searchCommunes,
  prepareCommuneSearch,
} from './communes';
export type { UnitList } from './communes';
export { placesAround } from './around';
export type { PlaceAround } from './around';
