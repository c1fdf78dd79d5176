/**
 * The entry workflow (DESIGN.md §3.3): which states an entry moves through, who may move it, and the rule that
 * the person who keyed an entry never verifies or accepts it. State classes, UI counts and exports ask this
 * module; none of them compares state names on its own.
 *
 *   prefilled → keyed → verified → accepted → exported
 *                  ↘ returned → keyed           (a checker returns it; the operator fixes it)
 *   verified / accepted → keyed                 (a rejected acceptance sends its defective entries back to checking)
 *   keyed → keyed2 (blind double keying: a second operator keyed it too; a third person settles differences)
 *
 * Blind double keying (a book setting, `Book.doubleKeying`): an entry keyed by A waits for a second keying by
 * anyone else (`awaitsSecondKeying`, `secondKeyingRefusal`); the second keyer B is bound by the keyer rule too, so
 * the third person who settles the differences (keyed2 → verified / returned) is neither A nor B. When the two
 * keyings agree in every field the entry is verified by the agreement itself, in the write of B's keying (no
 * person decided anything, so the keyer rule is not broken: `applySecondKeying`). A later change of a value by
 * the first keyer (fixing a returned entry, or an entry a rejected acceptance sent back) drops the second keying:
 * the entry waits for a new blind keying (`domain/records/entry.ts`, `withoutSecond`). Before B finishes, A may
 * still change values (A never sees B's draft): B's keying is compared with A's values as they are when B finishes.
 */
import type { EntryState } from './records/entry';
import type { Role } from './records/user';

export const ENTRY_STATES: readonly EntryState[] = [
  'prefilled',
  'keyed',
  'keyed2',
  'returned',
  'verified',
  'accepted',
  'exported',
];

export const ENTRY_STATE_LABELS: Readonly<Record<EntryState, string>> = {
  prefilled: 'Chưa nhập xong',
  keyed: 'Đã nhập',
  keyed2: 'Đã nhập lần hai',
  returned: 'Bị trả lại',
  verified: 'Đã kiểm tra',
  accepted: 'Đã nghiệm thu',
  exported: 'Đã xuất',
};

export interface Transition {
  from: EntryState;
  to: EntryState;
  /** Roles that may make it (admin may make every transition, but is bound by the same keyer rule). */
  roles: readonly Role[];
  /** The person who keyed the entry may not make this transition. */
  notByKeyer: boolean;
  /** Only the person who keyed the entry may make it. */
  onlyKeyer?: boolean;
}

const KEYERS: readonly Role[] = ['operator', 'checker', 'supervisor', 'admin'];

export const TRANSITIONS: readonly Transition[] = [
  { from: 'prefilled', to: 'keyed', roles: KEYERS, notByKeyer: false },
  { from: 'returned', to: 'keyed', roles: KEYERS, notByKeyer: false },
  // The keyer takes back "finished" (undo) before anyone checked the entry.
  { from: 'keyed', to: 'prefilled', roles: KEYERS, notByKeyer: false, onlyKeyer: true },
  { from: 'keyed', to: 'keyed2', roles: KEYERS, notByKeyer: true },
  { from: 'keyed', to: 'verified', roles: ['checker', 'supervisor', 'admin'], notByKeyer: true },
  { from: 'keyed2', to: 'verified', roles: ['checker', 'supervisor', 'admin'], notByKeyer: true },
  { from: 'keyed', to: 'returned', roles: ['checker', 'supervisor', 'admin'], notByKeyer: true },
  { from: 'keyed2', to: 'returned', roles: ['checker', 'supervisor', 'admin'], notByKeyer: true },
  // Acceptance (nghiệm thu) rejected: the defective entries go back to checking, at any level.
  { from: 'verified', to: 'keyed', roles: ['supervisor', 'admin'], notByKeyer: true },
  { from: 'accepted', to: 'keyed', roles: ['supervisor', 'admin'], notByKeyer: true },
  { from: 'verified', to: 'accepted', roles: ['supervisor', 'admin'], notByKeyer: true },
  { from: 'accepted', to: 'exported', roles: ['supervisor', 'admin'], notByKeyer: false },
];

export interface Actor {
  userId: string;
  role: Role;
}

/** Who keyed an entry (the user of its last move to keyed) and who keyed it blind a second time. */
export interface KeyedBy {
  keyedBy?: string | null;
  second?: { by: string } | null;
}

/** Why `actor` may not move `entry` to `to` (Vietnamese), or null when the move is allowed. */
export function transitionRefusal(
  entry: { state: EntryState } & KeyedBy,
  to: EntryState,
  actor: Actor,
): string | null {
  const t = TRANSITIONS.find((x) => x.from === entry.state && x.to === to);
  if (!t)
    return `Không thể chuyển mục từ "${ENTRY_STATE_LABELS[entry.state]}" sang "${ENTRY_STATE_LABELS[to]}".`;
  if (!t.roles.includes(actor.role)) return 'Vai trò của bạn không được làm việc này.';
  if (t.notByKeyer && entry.keyedBy === actor.userId)
    return 'Người đã nhập mục này không được tự kiểm tra hay nghiệm thu nó.';
  if (t.notByKeyer && entry.second?.by === actor.userId)
    return 'Người đã nhập lần hai mục này không được tự kiểm tra hay nghiệm thu nó.';
  if (t.onlyKeyer && entry.keyedBy !== actor.userId) return 'Chỉ người đã nhập mục này mới mở lại được.';
  return null;
}

export const canTransition = (
  entry: { state: EntryState } & KeyedBy,
  to: EntryState,
  actor: Actor,
): boolean => transitionRefusal(entry, to, actor) === null;

/** The operator's part is done (counts as keyed on lists and progress). */
export const isKeyedState = (s: EntryState): boolean => s !== 'prefilled' && s !== 'returned';

/** An operator may still change values (checked entries are changed through the checker's screen). */
export const isEditableState = (s: EntryState): boolean =>
  s === 'prefilled' || s === 'keyed' || s === 'returned';

/** Where a checking round of an entry stands (its fields' `check` marks, register field keys in order). */
export type CheckOutcome = 'pending' | 'verified' | 'returned';

/**
 * A round ends when the checker has decided every field: verified when every field was accepted or corrected by
 * the checker (the book allows it), else returned (the operator fixes the fields marked wrong).
 */
export function checkOutcome(
  keys: readonly string[],
  fields: Readonly<Record<string, { check?: { verdict: 'ok' | 'wrong'; corrected?: string } }>>,
): CheckOutcome {
  let returned = false;
  for (const k of keys) {
    const c = fields[k]?.check;
    if (!c) return 'pending';
    if (c.verdict === 'wrong' && c.corrected === undefined) returned = true;
  }
  return returned ? 'returned' : 'verified';
}

/** Entries waiting for a checker (keyed once, or twice in blind double keying). */
export const isCheckableState = (s: EntryState): boolean => s === 'keyed' || s === 'keyed2';

/** In a book keyed twice, an entry keyed once waits for its blind second keying (not yet for a checker). */
export const awaitsSecondKeying = (
  e: { state: EntryState; second?: { by: string } | null },
  doubleKeying: boolean,
): boolean => doubleKeying && e.state === 'keyed' && !e.second;

/** Why `actor` may not key `entry` blind a second time (Vietnamese), or null when they may. */
export function secondKeyingRefusal(
  entry: { state: EntryState; second?: { by: string } | null } & KeyedBy,
  actor: Actor,
  doubleKeying: boolean,
): string | null {
  if (!doubleKeying) return 'Sổ này không nhập hai lần.';
  if (entry.state === 'keyed' && entry.second) return 'Mục này đã được nhập lần hai.';
  if (entry.keyedBy === actor.userId && entry.state === 'keyed')
    return 'Người đã nhập lần một không được nhập lần hai mục này.';
  return transitionRefusal(entry, 'keyed2', actor);
}

/** Entries for the checker's queue: keyed (or keyed twice), not waiting for a second keying. */
export const awaitsChecker = (
  e: { state: EntryState; second?: { by: string } | null },
  doubleKeying: boolean,
): boolean => isCheckableState(e.state) && !awaitsSecondKeying(e, doubleKeying);
