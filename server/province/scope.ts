/**
 * What a logged-in account may see on the province screens: a province admin every commune (`all`), a commune
 * account only its own communes. Every query of server/province/ takes a scope and filters by it in SQL.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AccountActor } from '../auth/service';
import type { CommuneKey } from '../communes';

export type Scope = { all: true } | { all: false; communes: readonly CommuneKey[] };

export function scopeOf(account: Pick<AccountActor, 'role' | 'communes'>): Scope {
  return account.role === 'province_admin' ? { all: true } : { all: false, communes: account.communes };
}

/** `(list, code)` of `alias` within the scope, as a SQL condition (false for an account with no commune). */
export function inScope(scope: Scope, alias: string): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  if (scope.communes.length === 0) return sql<SqlBool>`false`;
  const pairs = scope.communes.map((c) => sql`(${c.list}, ${c.code})`);
  return sql<SqlBool>`(${sql.ref(`${alias}.list`)}, ${sql.ref(`${alias}.code`)}) IN (${sql.join(pairs)})`;
}

/** Whether the scope covers one commune. */
export const covers = (scope: Scope, c: CommuneKey): boolean =>
  scope.all || scope.communes.some((k) => k.list === c.list && k.code === c.code);
