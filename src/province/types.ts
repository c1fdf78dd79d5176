/** The JSON the province API answers (its schemas: server/province/schemas.ts, GET /api/openapi.json). */
export type UnitList = 'pre2025' | '2025';
export type Role = 'province_admin' | 'commune';

export interface CommuneKey {
  list: UnitList;
  code: string;
}

export interface CommuneInfo extends CommuneKey {
  name: string;
  district: string;
  province: string;
}

export interface Session {
  username: string;
  role: Role;
  communes: CommuneKey[];
  csrfToken: string;
}

export interface CommuneLine extends CommuneKey {
  name: string;
  district: string;
  books: number;
  booksStarted: number;
  estimatedEntries: number;
  entries: number;
  keyed: number;
  accepted: number;
  remaining: number;
  recentKeyed: number;
  pacePerDay: number;
  finishDate: string | null;
  deadline: string | null;
  late: boolean | null;
}

export interface Progress {
  today: string;
  deadline: string | null;
  paceDays: number;
  communes: CommuneLine[];
}

export const STAGES = ['pages', 'keyed', 'verified', 'returned', 'accepted', 'exported'] as const;
export type Stage = (typeof STAGES)[number];
export type StageFigures = Record<Stage, { inMonth: number; cumulative: number }>;

export interface Monthly {
  month: string;
  communes: (CommuneKey & { name: string; district: string; stages: StageFigures })[];
  totals: StageFigures;
  acceptances: {
    bookId: string;
    book: string;
    level: string;
    decidedAt: number;
    sampleSize: number;
    defects: number;
    accepted: boolean;
  }[];
  notes: { bookId: string; book: string; at: number; userName: string; text: string }[];
}

export const ENTRY_STATES = [
  'prefilled',
  'keyed',
  'keyed2',
  'verified',
  'returned',
  'accepted',
  'exported',
] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

export interface BookLine extends CommuneKey {
  id: string;
  communeName: string;
  type: string;
  year: number;
  bookNumber: string;
  lastUploadAt: string | null;
  pages: number;
  blankPages: number;
  crossedPages: number;
  entries: number;
  byState: Record<EntryState, number>;
  keyed: number;
}

export interface InventoryRow {
  key: string;
  list: UnitList;
  id: string;
  communeCode: string;
  communeName: string;
  type: string;
  yearFrom: number;
  yearTo: number;
  bookNumber: string;
  entries: number;
  pages: number;
  paperSize: string;
  condition: string;
  note: string;
}

export interface Account {
  id: number;
  username: string;
  role: Role;
  communes: CommuneInfo[];
  createdAt: string;
}

/** A read-API key of another provincial system, without its secret. */
export interface ApiKey {
  id: number;
  label: string;
  hint: string;
  communes: CommuneInfo[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface Device {
  id: number;
  label: string;
  communes: CommuneInfo[];
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}
