/**
 * Audit anchors (issue 13): the chain head as it was at a moment, kept outside the database —
 * in every backup manifest, every diagnostics report and the support bundle. Whoever deletes the
 * newest rows and rewrites the head row to match still leaves the anchors ahead of the log, and
 * without the key cannot forge the MAC an anchor recorded.
 *
 * Shape agreed between helpers: `audit_anchor: { last_id, count, mac }`; `mac` is the head row's
 * chain value (its HMAC once the chain is keyed; its SHA-256 on a legacy chain).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppDatabase } from '../db/app-database.js';
import { GENESIS_HASH } from '../migrations/0003_audit_chain.js';

export interface AuditAnchor {
  last_id: number;
  count: number;
  mac: string;
}

/** An anchor with where it was found. */
export interface AnchorRecord {
  kind: 'backup' | 'diagnostics';
  /** The backup file's name or `diagnostics run <id>`, for people. */
  source: string;
  /** Full path or row, for support. */
  where: string;
  anchor: AuditAnchor;
}

export function isAuditAnchor(v: unknown): v is AuditAnchor {
  const a = v as Partial<AuditAnchor> | null;
  return !!a && Number.isInteger(a.last_id) && Number.isInteger(a.count) && typeof a.mac === 'string' && /^[0-9a-f]{64}$/.test(a.mac);
}

/**
 * The head of the audit chain now, for a manifest, a report or the support bundle. null when
 * the database has no chain (not migrated, unreachable): an anchor is never made up.
 */
export async function currentAuditAnchor(db: AppDatabase): Promise<AuditAnchor | null> {
  try {
    const head = await db.kysely.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!head) return null;
    const lastId = Number(head.last_id);
    if (lastId === 0) return { last_id: 0, count: 0, mac: GENESIS_HASH };
    const n = await db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', '<=', lastId)
      .executeTakeFirstOrThrow();
    const mac = (head as { last_mac?: string | null }).last_mac ?? head.last_hash;
    return { last_id: lastId, count: Number(n.n), mac };
  } catch {
    return null;
  }
}

const MANIFEST_SUFFIX = '.manifest.json';

/** Anchors in the backup manifests of these folders that belong to this database (`source` = its target). */
export function backupAnchors(dirs: readonly string[], dbTarget: string): AnchorRecord[] {
  const out: AnchorRecord[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith(MANIFEST_SUFFIX));
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { source?: unknown; audit_anchor?: unknown; file?: unknown };
        if (m.source !== dbTarget || !isAuditAnchor(m.audit_anchor)) continue;
        out.push({ kind: 'backup', source: typeof m.file === 'string' ? m.file : name, where: file, anchor: m.audit_anchor });
      } catch {
        // An unreadable manifest is the backup checks' finding, not an anchor.
      }
    }
  }
  return out;
}

/** The anchor in the newest stored diagnostics run, if it has one. */
export async function diagnosticsAnchor(db: AppDatabase): Promise<AnchorRecord | null> {
  try {
    const row = await db.kysely.selectFrom('diagnostics_runs').select(['id', 'report']).where('status', '!=', 'running').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return null;
    const anchor = (JSON.parse(row.report) as { audit_anchor?: unknown }).audit_anchor;
    return isAuditAnchor(anchor) ? { kind: 'diagnostics', source: `#${row.id}`, where: `diagnostics_runs id ${row.id}`, anchor } : null;
  } catch {
    return null;
  }
}

/** The newest anchors first (highest head), at most `limit`. */
export function newestAnchors(records: AnchorRecord[], limit = 20): AnchorRecord[] {
  return [...records].sort((a, b) => b.anchor.last_id - a.anchor.last_id).slice(0, limit);
}

/** Every anchor this installation can find for its database: backup manifests and the newest report. */
export async function auditAnchors(db: AppDatabase, backupDirs: readonly string[]): Promise<AnchorRecord[]> {
  const found = backupAnchors(backupDirs, db.target);
  const report = await diagnosticsAnchor(db);
  return report ? [...found, report] : found;
}
