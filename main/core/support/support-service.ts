/**
 * The support bundle (issue 18): one zip a shop sends to support. Every part is read with a
 * bound; a part that cannot be read (the database is down, no diagnostics run yet) is named in
 * the manifest with the reason instead of stopping the bundle. Every text is redacted on its way
 * to the staging folder (secrets, personal data, host pseudonyms), then the zip is streamed from
 * there with manifest.json first. Making a bundle is audited.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../../shared/config.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/translator.js';
import { msg } from '../../../shared/messages.js';
import type { SupportBundleFile, SupportBundlePreview, SupportBundleResult, SupportUnavailablePart } from '../../../shared/support.js';
import type { AuditEntryInput } from '../audit/audit-types.js';
import { asUnavailable, withTimeout } from '../db/app-database.js';
import { renderReport } from '../diagnostics/index.js';
import type { AppPaths } from '../paths.js';
import { redactForOutput, scrubText } from '../privacy/redact.js';
import { bundleSecrets, configuredHosts, type SecretSources } from './bundle-secrets.js';
import { LOG_LIMIT_BYTES, pickLogs, readLog } from './bundle-logs.js';
import { Stage } from './bundle-stage.js';
import { writeZip } from './bundle-zip.js';
import { Pseudonyms } from './pseudonyms.js';
import { bundleReadme } from './readme.js';

/** How long one part may take (a database that does not answer must not hold the bundle). */
const PART_BOUND_MS = 15_000;

export interface SupportDeps extends Omit<SecretSources, 'configDir'> {
  version: string;
  paths: AppPaths;
  engine: string;
  consoleName: () => string;
  record: (entry: AuditEntryInput) => Promise<void>;
  /** Each part by name; a throw (or a timeout) becomes an entry of `unavailable`. */
  parts: {
    health: () => Promise<unknown>;
    migrations: () => Promise<unknown>;
    backups: () => Promise<unknown>;
    audit_verify: () => Promise<unknown>;
    mikro_statements: () => Promise<unknown>;
    latest_diagnostics: () => Promise<{ id: number; report: Parameters<typeof renderReport>[0] } | null>;
  };
}

const JSON_PARTS = ['health', 'migrations', 'backups', 'audit_verify', 'mikro_statements'] as const;
/** Parts read from the app database: a raw driver error there is the database being unavailable. */
const DB_PARTS = new Set(['migrations', 'backups', 'audit_verify', 'diagnostics']);
/**
 * `password=…`, `token: …` in free text (a driver's or a script's line): the value goes whatever
 * it is, unless it is a reference or already masked. Beyond the known values and the patterns
 * of privacy/redact.ts, since a bundle carries whole log files.
 */
const KEY_VALUE_SECRET = /(?<![A-Za-z])(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key)(["']?\s*[=:]\s*["']?)(?!(?:VAULT|ENV):|\[redacted\]|\*{3}|(?:null|true|false|\d+)(?![^\s"',;&}\]]))([^\s"',;&}\]]+)/gi;

export class SupportService {
  constructor(private readonly deps: SupportDeps) {}

  /** What a bundle would hold now (names and sizes; logs before redaction): the UI's preview. */
  preview(): SupportBundlePreview {
    const logs = pickLogs(this.deps.paths.logDir);
    const files: SupportBundleFile[] = [{ name: 'manifest.json', size: 0 }, { name: 'README.txt', size: 0 }];
    for (const p of JSON_PARTS) files.push({ name: `${p.replace('_', '-')}.json`, size: 0 });
    files.push({ name: 'diagnostics/latest.json', size: 0 }, { name: 'diagnostics/latest.html', size: 0 });
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(this.deps.paths.configDir, name);
      if (fs.existsSync(file)) files.push({ name: `config/${name}`, size: fs.statSync(file).size });
    }
    for (const l of logs.picks) files.push({ name: l.name, size: l.size });
    return { files, log_limit_bytes: LOG_LIMIT_BYTES, log_bytes_total: logs.total, log_files_left_out: logs.leftOut };
  }

  /** Build the bundle into `<data>/support/` and return where it is, with its manifest's list. */
  async build(actor: string, opts: { lang: Lang }): Promise<SupportBundleResult> {
    const started = Date.now();
    const d = this.deps;
    const t = translator(opts.lang);
    const outDir = path.join(d.paths.dataDir, 'support');
    const stage = Stage.create(path.join(outDir, '.staging'));
    const unavailable: SupportUnavailablePart[] = [];
    try {
      const known = await bundleSecrets({ ...d, configDir: d.paths.configDir });
      const names = new Pseudonyms();
      names.learnHosts(configuredHosts(d));
      const scrub = (text: string) => names.apply(scrubText(text, known).replace(KEY_VALUE_SECRET, (_m, k: string, sep: string) => `${k}${sep}[redacted]`));
      const json = (value: unknown) => scrub(JSON.stringify(redactForOutput(value, known), null, 2));
      const missing = (part: string, err: unknown) => {
        const e = isAppError(err)
          ? err
          : DB_PARTS.has(part)
            ? asUnavailable(err, d.engine === 'postgres' ? 'PostgreSQL' : 'SQLite')
            : new AppError('E_INTERNAL', msg('support.unavailable.failed'), [], { technical_detail: err instanceof Error ? err.message : String(err) });
        const technical = e.technicalDetail;
        unavailable.push({ part, code: e.code, reason: e.text, ...(technical ? { technical_detail: scrub(technical) } : {}) });
      };

      for (const part of JSON_PARTS) {
        try {
          await stage.text(`${part.replace('_', '-')}.json`, json(await withTimeout(d.parts[part](), PART_BOUND_MS, msg('support.unavailable.timeout'))));
        } catch (err) {
          missing(part, err);
        }
      }
      try {
        const latest = await withTimeout(d.parts.latest_diagnostics(), PART_BOUND_MS, msg('support.unavailable.timeout'));
        if (!latest) unavailable.push({ part: 'diagnostics', code: 'E_NOT_FOUND', reason: msg('support.unavailable.no_run') });
        else {
          for (const format of ['json', 'html'] as const) {
            await stage.text(`diagnostics/latest.${format}`, scrub(renderReport(latest.report, format, { lang: opts.lang, knownSecrets: known })));
          }
        }
      } catch (err) {
        missing('diagnostics', err);
      }
      for (const name of CONFIG_FILE_NAMES) {
        try {
          const file = path.join(d.paths.configDir, name);
          if (!fs.existsSync(file)) continue;
          await stage.text(`config/${name}`, json(JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))));
        } catch (err) {
          // A file that does not parse is left out: its literal secrets could not be found in it.
          missing(`config/${name}`, new AppError('E_CONFIG_INVALID', msg('support.unavailable.config_unparsed', { file: name }), [], { technical_detail: err instanceof Error ? err.message : String(err) }));
        }
      }
      const logs = pickLogs(d.paths.logDir);
      for (const pick of logs.picks) {
        try {
          await stage.stream(pick.name, readLog(pick), scrub);
        } catch (err) {
          missing(pick.name, err);
        }
      }
      await stage.text('README.txt', bundleReadme(t, { logLimit: LOG_LIMIT_BYTES, unavailable }).replace(/\n/g, '\r\n'));

      const manifest = {
        format: 'optiplan360-support-bundle/1',
        product: 'OptiPlan360',
        version: d.version,
        created_at: new Date().toISOString(),
        console_name: d.consoleName(),
        engine: d.engine,
        runtime: runtimeVersions(),
        options: { lang: opts.lang, log_limit_bytes: LOG_LIMIT_BYTES, log_files: logs.picks.length, log_files_left_out: logs.leftOut, log_bytes_on_disk: logs.total },
        redaction: { known_secret_values: known.length, hosts_pseudonymised: names.count, personal_data: 'masked', bak_files: 'excluded' },
        files: stage.files,
        unavailable: unavailable.map((u) => ({ ...u, reason_text: t.t(u.reason) })),
      };
      const stamp = manifest.created_at.slice(0, 19).replace(/[:T]/g, '-');
      const filename = `optiplan360-support-${safeName(manifest.console_name)}-${stamp}.zip`;
      const target = path.join(outDir, filename);
      const zip = await writeZip(target, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), stage);
      const result: SupportBundleResult = { path: target, filename, size: zip.size, sha256: zip.sha256, files: stage.files, unavailable, duration_ms: Date.now() - started };
      await d.record({ action: 'SUPPORT_BUNDLE_CREATED', target: filename, result: 'success', actor, detail: `${stage.files.length} files, ${zip.size} bytes, ${unavailable.length} unavailable, sha256 ${zip.sha256.slice(0, 16)}` });
      return result;
    } catch (err) {
      await d.record({ action: 'SUPPORT_BUNDLE_CREATED', target: 'support bundle', result: 'failure', actor, detail: isAppError(err) ? err.code : 'E_INTERNAL' });
      throw err;
    } finally {
      stage.remove();
    }
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'console';
}

/** Product, runtime and OS versions, as support asks for them first. */
export function runtimeVersions(): Record<string, string> {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    node: v.node,
    ...(v.electron ? { electron: v.electron } : {}),
    ...(v.chrome ? { chrome: v.chrome } : {}),
    v8: v.v8,
    openssl: v.openssl,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
  };
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256');
    fs.createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}
