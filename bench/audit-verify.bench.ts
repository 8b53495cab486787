/**
 * The audit chain's verify cost (issue 14): a full walk vs the diagnostics check's incremental
 * walk from the last verified row, on a keyed chain of --rows rows (default 1 000 000) in a temp
 * SQLite file. Rows are written in bulk with the same hash and HMAC the log computes (appending a
 * million rows one transaction at a time would take the bench's whole budget).
 *
 *   npx tsx bench/audit-verify.bench.ts [--rows 1000000] [--new 100]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { fixedAuditKey, keyFingerprint } from '../main/core/audit/audit-key.js';
import { chainValue, rowHash, rowMac } from '../main/core/audit/audit-chain.js';
import { AuditLog } from '../main/core/audit/audit-log.js';
import { openAppDatabase } from '../main/core/db/app-database.js';
import { GENESIS_HASH } from '../main/core/migrations/0003_audit_chain.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
import { tempDir } from '../test/helpers/temp.js';
import { report, round } from './lib.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}
const ROWS = Math.min(5_000_000, arg('rows', 1_000_000));
const NEW = Math.min(100_000, arg('new', 100));
const KEY = 'bench-audit-key-0123456789abcdef0123';

const t = tempDir('optiplan-bench-audit-');
const file = path.join(t.dir, 'a.sqlite');
const db = openAppDatabase({ engine: 'sqlite', file, target: `sqlite:${file}` });
try {
  await new MigrationRunner(db, MIGRATIONS).up();
  const key = Buffer.from(KEY, 'utf8');
  const raw = new Database(file);
  const insert = raw.prepare('INSERT INTO audit_log (ts, actor, action, target, result, detail, old_value, new_value, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let prevHash = GENESIS_HASH;
  let prevChain = GENESIS_HASH;
  const t0 = performance.now();
  const fill = raw.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const r = { ts: new Date(1_764_000_000_000 + i * 1000).toISOString(), actor: 'op@pc via cli', action: 'CONFIG_SAVED', target: `t${i}`, result: 'success', detail: `row ${i}`, old_value: null, new_value: null };
      const hash = rowHash(prevHash, r);
      const mac = rowMac(key, prevChain, hash);
      insert.run(r.ts, r.actor, r.action, r.target, r.result, r.detail, r.old_value, r.new_value, prevHash, hash, mac);
      prevHash = hash;
      prevChain = chainValue({ hash, mac });
    }
  });
  fill(ROWS);
  raw.prepare('UPDATE audit_chain_head SET last_id = ?, last_hash = ?, last_mac = ?, keyed_from = 1, key_id = ? WHERE id = 1').run(ROWS, prevHash, prevChain, keyFingerprint(key));
  raw.close();
  const fillMs = performance.now() - t0;

  const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
  let s = performance.now();
  const full = await log.verify();
  const fullMs = performance.now() - s;
  if (!full.ok) throw new Error(`full verify failed: ${JSON.stringify(full.first_broken)}`);
  for (let i = 0; i < NEW; i++) await log.append({ action: 'TEST', target: `n${i}`, result: 'info', actor: 'bench' });
  s = performance.now();
  const inc = await log.verify({ incremental: true });
  const incMs = performance.now() - s;
  if (!inc.ok || inc.mode !== 'incremental') throw new Error(`incremental verify: ${JSON.stringify(inc)}`);
  const figures = { rows: ROWS, new_rows: NEW, fill_ms: round(fillMs, 0), full_verify_ms: round(fullMs, 1), incremental_verify_ms: round(incMs, 1), incremental_checked: inc.checked };
  report('audit-verify', figures);
  console.log(`audit verify on ${ROWS} keyed rows: full ${round(fullMs / 1000, 2)} s, incremental (${NEW} new rows) ${round(incMs, 1)} ms`);
} finally {
  await db.close();
  t.remove();
}
