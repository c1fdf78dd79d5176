export { createLexicon } from './lexicon';
export type { Lexicon, LexiconEntry } from './lexicon';
export { ETHNICITIES, ETHNICITY_EXTRAS, ethnicityLexicon, lookupEthnicity } from './ethnicities';
export { NATIONALITIES, NATIONALITY_EXTRAS, nationalityLexicon, lookupNationality } from './nationalities';
export { RELATIONS, relationLexicon, lookupRelation } from './relations';
export { SEXES, sexLexicon, lookupSex } from './sexes';
export { composeNames } from './names';
