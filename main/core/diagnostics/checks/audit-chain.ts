/**
 * The audit log's checks (R-AUDIT-2, issue 13/14).
 *
 * audit_chain verifies incrementally: from the last verified row (its hash and MAC checked
 * first), so a run costs the rows added since, not the whole log; once a day (and on every
 * `audit verify`) the whole chain is walked again, which is what catches a change below the
 * verified point. A keyed chain whose key is missing FAILs; a chain that was never keyed (no
 * key anywhere on this machine) WARNs — it shows accidental changes only.
 *
 * audit_log_owner (PostgreSQL): the login the console runs as must not own audit_log (nor be a
 * superuser, nor hold UPDATE/DELETE/TRUNCATE on it) — an owner can `ALTER TABLE … DISABLE
 * TRIGGER` and edit rows. It WARNs then; the key and the anchors still detect the edit.
 * Neither check writes an audit row; audit_chain keeps its verified point (audit_verify_state).
 */
import { sql } from 'kysely';
import { looksLikeMessage, msg } from '../../../../shared/messages.js';
import { passed, problem, skipped, type CheckOutcome } from '../../checks/check-builders.js';
import type { DiagnosticsContext } from '../context.js';

export async function auditChainCheck(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const r = await ctx.audit.verify({ incremental: true, ...(ctx.now ? { now: ctx.now } : {}) });
  const observed = {
    checked: r.checked,
    last_id: r.last_id,
    mode: r.mode ?? 'full',
    ...(r.from !== undefined ? { from: r.from } : {}),
    key: r.key ?? 'none',
    keyed_from: r.keyed_from ?? null,
    anchors: r.anchors?.length ?? 0,
  };
  if (r.ok) {
    const detail = r.mode === 'incremental' ? msg('audit.chain.intact_incremental', { count: r.checked, from: r.from ?? 0 }) : msg('audit.verify.intact', { count: r.checked });
    return passed(detail, observed);
  }
  const b = r.first_broken;
  const id = b?.id ?? '?';
  // The reason is a catalogue message (audit.verify.*); the row's hashes are support's detail.
  const reason = b && looksLikeMessage(b.reason) ? b.reason : msg('audit.chain.unknown_reason');
  const keyProblem = looksLikeMessage(reason) && (reason.key === 'audit.verify.key_missing' || reason.key === 'audit.verify.key_unusable');
  if (keyProblem && (r.keyed_from ?? null) === null) {
    // Never keyed: no key on this machine (no keychain, no ENV: reference). Honest, not broken.
    return problem('WARN', msg('audit.chain.unkeyed', { reason }), msg('audit.chain.key_rec'), { observed, technical_detail: b?.technical_detail || undefined });
  }
  return problem('FAIL', msg('audit.verify.broken', { id, count: r.checked, reason }), keyProblem ? msg('audit.chain.key_rec') : msg('audit.chain.broken_rec', { id }), {
    observed: { ...observed, broken_id: b?.id ?? null },
    technical_detail: b?.technical_detail || undefined,
  });
}

interface OwnerRow {
  login: string;
  owner: string | null;
  superuser: boolean;
  member_of_owner: boolean;
  can_change: boolean;
}

export async function auditLogOwnerCheck(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  if (ctx.db.engine !== 'postgres') return skipped(msg('audit.owner.sqlite'), 'database_engine');
  const { rows } = await sql<OwnerRow>`
    SELECT current_user AS login,
           t.tableowner AS owner,
           r.rolsuper AS superuser,
           pg_has_role(current_user, t.tableowner, 'MEMBER') AS member_of_owner,
           (has_table_privilege(current_user, t.schemaname || '.audit_log', 'UPDATE')
             OR has_table_privilege(current_user, t.schemaname || '.audit_log', 'DELETE')
             OR has_table_privilege(current_user, t.schemaname || '.audit_log', 'TRUNCATE')) AS can_change
      FROM pg_tables t, pg_roles r
     WHERE t.tablename = 'audit_log' AND t.schemaname = ANY (current_schemas(false)) AND r.rolname = current_user
     LIMIT 1`.execute(ctx.db.kysely);
  const row = rows[0];
  if (!row) return skipped(msg('audit.owner.no_table'), 'migrations_at_head');
  const observed = { login: row.login, owner: row.owner, superuser: row.superuser, member_of_owner: row.member_of_owner, can_change: row.can_change };
  if (row.superuser || row.member_of_owner) {
    return problem('WARN', msg(row.superuser ? 'audit.owner.superuser' : 'audit.owner.owns', { login: row.login, owner: row.owner ?? '?' }), msg('audit.owner.rec'), { observed });
  }
  if (row.can_change) return problem('WARN', msg('audit.owner.may_change', { login: row.login }), msg('audit.owner.rec'), { observed });
  return passed(msg('audit.owner.ok', { login: row.login, owner: row.owner ?? '?' }), observed);
}
