/**
 * The two administrative unit lists as typed rows: the one view of `data/admin-units.json` (pre-2025, three
 * levels) and `data/communes-2025.json` (two levels) that every reader uses (commune pick-list, places around
 * a book, the pre-fill's place repairs).
 */
import adminUnits from '../data/admin-units.json';
import communes2025 from '../data/communes-2025.json';
import type { CommuneRef } from '../records/book';

/** [code, name, unit word ("" when the list gives none), parent's code]. */
export type AdminRow = [code: string, name: string, type: string, parent?: string];

export interface AdminUnits {
  provinces: AdminRow[];
  /** Absent in the 2025 list (no district level). */
  districts?: AdminRow[];
  communes: AdminRow[];
}

/** The pre-2025 units, districts included. */
export const PRE2025_UNITS = adminUnits as unknown as Required<AdminUnits>;

export const UNITS_BY_LIST: Readonly<Record<CommuneRef['list'], AdminUnits>> = {
  pre2025: PRE2025_UNITS,
  '2025': communes2025 as unknown as AdminUnits,
};
