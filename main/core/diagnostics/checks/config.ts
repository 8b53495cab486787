/**
 * Config security and integrity (runbook §9.7, R-CFG, R-AUDIT-2). Findings name the file and the
 * JSON path, never the value.
 *
 * keychain_available FAILs only when a switched-on part needs a `VAULT:` reference the keychain
 * cannot give (system_config.json database.password, mikro_connection.json password_ref,
 * whatsapp.json token references, backup_config.json references; a part is on unless its file
 * says `"enabled": false`; system_config.json's whatsapp/backup/mikro sections follow their
 * part). Otherwise it PASSes: the keychain answers; or it does not, and VAULT: references are
 * only in switched-off parts (said in the detail) or nowhere.
 * None of these checks writes anything (no audit rows: diagnostics probes are read-only).
 */
import { looksLikeMessage, msg } from '../../../../shared/messages.js';
import type { ConfigFileName } from '../../config/config-files.js';
import { passed, problem, type CheckOutcome } from '../../checks/check-builders.js';
import type { DiagnosticsContext } from '../context.js';
import type { CheckDefinition } from '../registry.js';
import { auditChainCheck, auditLogOwnerCheck } from './audit-chain.js';

export function configChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  return [
    { name: 'config_files_valid', category: 'config', run: () => configFilesValid(ctx) },
    { name: 'plaintext_secrets', category: 'config', run: () => plaintextSecrets(ctx) },
    { name: 'keychain_available', category: 'config', run: () => keychainAvailable(ctx) },
    { name: 'audit_chain', category: 'audit', needs: ['audit_chain_head', 'audit_log', 'audit_verify_state'], run: () => auditChainCheck(ctx) },
    { name: 'audit_log_owner', category: 'audit', needs: ['audit_log'], run: () => auditLogOwnerCheck(ctx) },
  ];
}

function configFilesValid(ctx: DiagnosticsContext): CheckOutcome {
  const files = ctx.config.checkAll();
  const bad = files.filter((f) => !f.valid);
  const missing = files.filter((f) => !f.exists).map((f) => f.name);
  const observed = { config_dir: ctx.config.configDir, files: files.length, invalid: bad.map((f) => f.name), missing };
  if (bad.length > 0) {
    const first = bad[0]!;
    const firstError = first.errors[0];
    const firstMessage = first.problem ?? (firstError && looksLikeMessage(firstError.message) ? firstError.message : msg('config.errors.not_json', { file: first.name }));
    const technical = bad
      .map((f) => `${f.name}: ${f.errors.length ? f.errors.map((e) => `${e.path || '$'} ${typeof e.message === 'string' ? e.message : e.message.key}`).join('; ') : (f.message ?? 'invalid')}`)
      .join(' | ');
    return problem(
      'FAIL',
      msg('config.files.invalid', { count: bad.length, files: bad.map((f) => f.name), first: firstMessage }),
      msg('config.files.invalid_rec', { dir: ctx.config.configDir }),
      { observed, technical_detail: technical },
    );
  }
  if (missing.length > 0) return passed(msg('config.files.valid_missing', { count: files.length - missing.length, missing_count: missing.length, missing }), observed);
  return passed(msg('config.files.valid', { count: files.length }), observed);
}

function plaintextSecrets(ctx: DiagnosticsContext): CheckOutcome {
  const findings = ctx.config.scan();
  if (findings.length === 0) return passed(msg('secrets.plaintext.none'));
  return problem(
    'FAIL',
    msg('secrets.plaintext.found', { count: findings.length, where: findings.map((f) => `${f.file} ${f.path}`) }),
    msg(ctx.secretStore ? 'secrets.plaintext.rec_fix' : 'secrets.plaintext.rec_env'),
    { observed: { findings: findings.map((f) => ({ file: f.file, path: f.path, kind: f.kind, suggested_ref: f.suggested_ref })) } },
  );
}

/** The file whose `enabled` switches the part a reference belongs to (null: always on). */
const SECTION_PART: Readonly<Record<string, ConfigFileName>> = { whatsapp: 'whatsapp.json', backup: 'backup_config.json', mikro: 'mikro_connection.json' };

/** Whether the part a reference (`file#path`) configures is switched on (`"enabled": false` switches it off). */
export function referenceEnabled(ctx: Pick<DiagnosticsContext, 'config'>, where: string): boolean {
  const hash = where.indexOf('#');
  const file = hash < 0 ? where : where.slice(0, hash);
  const section = (hash < 0 ? '' : where.slice(hash + 1)).split(/[.[]/, 1)[0] ?? '';
  const owner: ConfigFileName | null = file === 'system_config.json' ? (SECTION_PART[section] ?? null) : (file as ConfigFileName);
  if (owner === null) return true;
  try {
    return ctx.config.value(owner, ['enabled']) !== false;
  } catch {
    return true;
  }
}

/** VAULT: references in config, split by whether a switched-on part uses them. */
export function vaultReferences(ctx: DiagnosticsContext): { needed: Array<[string, string[]]>; idle: Array<[string, string[]]> } {
  const needed: Array<[string, string[]]> = [];
  const idle: Array<[string, string[]]> = [];
  for (const [ref, usedBy] of ctx.config.references()) {
    if (!ref.startsWith('VAULT:')) continue;
    const on = usedBy.filter((where) => referenceEnabled(ctx, where));
    if (on.length > 0) needed.push([ref, on]);
    else idle.push([ref, usedBy]);
  }
  return { needed, idle };
}

async function keychainAvailable(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const { needed, idle } = vaultReferences(ctx);
  const status = ctx.secretStore ? await ctx.secretStore.status() : { available: false, backend: 'none', error: 'no keychain on this machine' };
  const observed = { available: status.available, backend: status.backend, vault_refs: needed.map(([ref]) => ref), idle_vault_refs: idle.map(([ref]) => ref) };
  const technical = status.error;
  if (status.available) return passed(msg('secrets.keychain.available', { backend: status.backend, count: needed.length + idle.length }), observed);
  if (needed.length > 0) {
    return problem('FAIL', msg('secrets.keychain.needed', { count: needed.length, refs: needed.map(([ref, by]) => `${ref} (${by.join(', ')})`) }), msg('secrets.keychain.needed_rec'), {
      observed,
      technical_detail: technical,
    });
  }
  const out = passed(
    idle.length > 0 ? msg('secrets.keychain.only_disabled', { count: idle.length, refs: idle.map(([ref, by]) => `${ref} (${by.join(', ')})`) }) : msg('secrets.keychain.not_needed'),
    observed,
  );
  return technical ? { ...out, technical_detail: technical } : out;
}
