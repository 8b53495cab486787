// The console's session prelude, as the fake sees it (main/core/mikro/session-settings.ts): every
// batch the console sends starts with `SET LOCK_TIMEOUT n; SET TRANSACTION ISOLATION LEVEL …;`.
// The fake records it apart from the statement, so scripted answers and `statements` keep
// matching the statement as written, and tests can assert that every request carried it.

export interface SessionSettings {
  /** SET LOCK_TIMEOUT value in ms (-1 = wait for ever). */
  lockTimeoutMs: number | null;
  /** SET TRANSACTION ISOLATION LEVEL, upper-case with single spaces ("READ UNCOMMITTED"). */
  isolation: string | null;
}

const PRELUDE = /^\s*((?:SET\s+(?:LOCK_TIMEOUT\s+-?\d+|TRANSACTION\s+ISOLATION\s+LEVEL\s+(?:READ\s+UNCOMMITTED|READ\s+COMMITTED|REPEATABLE\s+READ|SNAPSHOT|SERIALIZABLE))\s*;\s*)+)/i;

/** Splits a leading run of SET LOCK_TIMEOUT / SET TRANSACTION ISOLATION LEVEL statements off `sql`. */
export function splitSessionPrelude(sql: string): { sql: string; raw: string; session?: SessionSettings } {
  const m = PRELUDE.exec(sql);
  if (!m) return { sql, raw: sql };
  const prelude = m[1] ?? '';
  const lock = /LOCK_TIMEOUT\s+(-?\d+)/i.exec(prelude);
  const iso = /ISOLATION\s+LEVEL\s+([A-Z]+(?:\s+[A-Z]+)?)\s*;/i.exec(prelude);
  return {
    sql: sql.slice(m[0].length),
    raw: sql,
    session: { lockTimeoutMs: lock ? Number(lock[1]) : null, isolation: iso ? (iso[1] ?? '').toUpperCase().replace(/\s+/g, ' ') : null },
  };
}
