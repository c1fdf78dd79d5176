/**
 * The acceptance record of a book at one level (nghiệm thu, issue 10 item 5): who drew which sample from which lot
 * with which seed, the verdict on each sampled entry, and the decision by the plan's Ac / Re. Stored on the book
 * (`Book.acceptances`, oldest first); pure type, normaliser and helpers.
 */
import { loose, num, oneOf, str, strings } from '../records/normalize';
import { ROLES, type Role } from '../records/user';
import { foldKey } from '../text/normalize';
import { decide, type AcceptanceDecision, type CodeLetter, type SamplingPlan } from './sampling';

/** Default acceptance levels (the district level existed until mid-2025; levels are a setting). */
export const DEFAULT_ACCEPTANCE_LEVELS: readonly string[] = ['Cấp xã', 'Cấp tỉnh'];

/** Longest level name accepted by `checkLevels`. */
export const MAX_LEVEL_LENGTH = 40;

/**
 * The acceptance levels as an editor typed them (in order, lowest first), checked: each trimmed, inner spaces
 * folded, NFC; at least one; none empty, none longer than `MAX_LEVEL_LENGTH`, none twice (case and diacritics
 * folded: "Cấp xã" = "cấp xa"). The first problem comes back in Vietnamese with the line it is on (0-based).
 */
export function checkLevels(
  raw: readonly string[],
): { levels: string[]; error: null } | { levels: null; error: string; index: number | null } {
  const levels = raw.map((l) => l.normalize('NFC').replace(/\s+/gu, ' ').trim());
  if (!levels.length) return { levels: null, error: 'Cần ít nhất một cấp nghiệm thu.', index: null };
  const seen = new Map<string, number>();
  for (const [i, l] of levels.entries()) {
    if (!l) return { levels: null, error: `Cấp thứ ${i + 1} chưa có tên.`, index: i };
    if (l.length > MAX_LEVEL_LENGTH)
      return {
        levels: null,
        error: `Tên cấp thứ ${i + 1} dài quá ${MAX_LEVEL_LENGTH} ký tự.`,
        index: i,
      };
    const key = foldKey(l);
    const twice = seen.get(key);
    if (twice !== undefined)
      return { levels: null, error: `“${l}” trùng với cấp thứ ${twice + 1}.`, index: i };
    seen.set(key, i);
  }
  return { levels, error: null };
}

export interface SampleMark {
  verdict: 'ok' | 'defect';
  /** What is wrong (required for a defect), as the supervisor wrote it. */
  note: string;
  at: number;
}

export interface AcceptanceRecord {
  id: string;
  level: string;
  /** The supervisor who drew the sample and decides. */
  userId: string;
  userName: string;
  role: Role;
  drawnAt: number;
  /** Verified entries of the book when the sample was drawn (the lot). */
  lotSize: number;
  /** AQL in percent defective. */
  aql: number;
  plan: SamplingPlan;
  /** 32-bit seed of `drawSample` (the lot's ids in book order + seed redraw the same sample). */
  seed: number;
  sampleIds: string[];
  /** Verdicts by sampled entry id. */
  marks: Record<string, SampleMark>;
  /** Null until decided. */
  decidedAt: number | null;
  decision: AcceptanceDecision | null;
  /**
   * Entries moved by the decision: accepted at the first level (every verified entry → accepted; none at a later
   * level: its lot is already accepted) or, rejected, the defective ones sent back to checking (→ keyed).
   */
  moved: string[];
}

export type AcceptanceStatus = 'sampling' | 'accepted' | 'rejected';

export const ACCEPTANCE_STATUS_LABELS: Readonly<Record<AcceptanceStatus, string>> = {
  sampling: 'Đang kiểm tra mẫu',
  accepted: 'Đạt',
  rejected: 'Không đạt',
};

export const acceptanceStatus = (r: AcceptanceRecord): AcceptanceStatus =>
  r.decision === null ? 'sampling' : r.decision.accepted ? 'accepted' : 'rejected';

/** Sampled entries not yet marked. */
export const unmarked = (r: AcceptanceRecord): string[] => r.sampleIds.filter((id) => !r.marks[id]);

/** Sampled entries marked defective, in sample order. */
export const defectiveIds = (r: AcceptanceRecord): string[] =>
  r.sampleIds.filter((id) => r.marks[id]?.verdict === 'defect');

/** Why an entry is back on the checker's desk: the latest rejected acceptance that sent it back, or null. */
export function sentBackBy(
  records: readonly AcceptanceRecord[],
  entryId: string,
): { level: string; note: string; userName: string; at: number } | null {
  const r = records.findLast(
    (x) => x.decision?.accepted === false && x.moved.includes(entryId) && x.marks[entryId],
  );
  const m = r?.marks[entryId];
  return r && m ? { level: r.level, note: m.note, userName: r.userName, at: r.decidedAt ?? m.at } : null;
}

/** The decision the marks lead to once every sampled entry is marked, else null. */
export function decisionOf(r: AcceptanceRecord): AcceptanceDecision | null {
  if (unmarked(r).length) return null;
  return decide(r.plan, defectiveIds(r).length);
}

/** Percent with a Vietnamese decimal comma ("1,5 %"). */
export const percent = (rate: number): string =>
  `${(Math.round(rate * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;

const LETTERS = 'ABCDEFGHJKLMNPQR';

function normalizePlan(raw: unknown): SamplingPlan {
  const p = loose(raw);
  const letter = (v: unknown): CodeLetter =>
    (typeof v === 'string' && v.length === 1 && LETTERS.includes(v) ? v : 'A') as CodeLetter;
  return {
    codeLetter: letter(p['codeLetter']),
    sampleSize: num(p['sampleSize']),
    accept: num(p['accept']),
    reject: num(p['reject'], 1),
    planLetter: letter(p['planLetter']),
  };
}

export function normalizeAcceptance(raw: unknown): AcceptanceRecord {
  const r = loose(raw);
  const marks: Record<string, SampleMark> = {};
  for (const [id, m] of Object.entries(loose(r['marks']))) {
    const x = loose(m);
    marks[id] = {
      verdict: oneOf(x['verdict'], ['ok', 'defect'] as const, 'ok'),
      note: str(x['note']),
      at: num(x['at']),
    };
  }
  const d = r['decision'] ? loose(r['decision']) : null;
  return {
    id: str(r['id']),
    level: str(r['level']),
    userId: str(r['userId']),
    userName: str(r['userName']),
    role: oneOf(r['role'], ROLES, 'supervisor'),
    drawnAt: num(r['drawnAt']),
    lotSize: num(r['lotSize']),
    aql: num(r['aql'], 1),
    plan: normalizePlan(r['plan']),
    seed: num(r['seed']) >>> 0,
    sampleIds: strings(r['sampleIds']),
    marks,
    decidedAt: typeof r['decidedAt'] === 'number' ? r['decidedAt'] : null,
    decision: d
      ? {
          accepted: d['accepted'] === true,
          defects: num(d['defects']),
          sampleSize: num(d['sampleSize']),
          errorRate: num(d['errorRate']),
        }
      : null,
    moved: strings(r['moved']),
  };
}
