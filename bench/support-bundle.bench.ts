// Support bundle benchmark (issue 18): a console with BENCH_BUNDLE_LOG_MB (default 100) MB of log
// files — JSON lines as pino writes them, with phone numbers, e-mails, IPs and key=value secrets
// sprinkled in, so redaction does real work — on the embedded SQLite. Reports the bundle's size,
// its build time, how much log text went in (the bundle takes the newest 20 MiB, see
// main/core/support/bundle-logs.ts) and the process's peak RSS, next to the plain baseline of
// zipping the same newest 20 MiB with `zip -q` (no redaction). `npm run bench -- support-bundle`.
// BENCH_BUNDLE_LIMIT_S (default 600) bounds the run.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../main/core/core.js';
import { pickLogs } from '../main/core/support/bundle-logs.js';
import { MemorySecretStore } from '../main/core/secrets/memory-store.js';
import { report, round } from './lib.js';

const LOG_MB = Number(process.env.BENCH_BUNDLE_LOG_MB ?? 100);
const LIMIT_S = Number(process.env.BENCH_BUNDLE_LIMIT_S ?? 600);
const FILE_MB = 10;
const MiB = 1024 * 1024;
const toMB = (b: number) => round(b / MiB, 1);

const AUDIT_KEY_ENV = 'OPTIPLAN_BENCH_AUDIT_KEY';

/** Log files as the console's rotation leaves them: optiplan360.N.log, ~FILE_MB each, oldest lowest. */
function writeLogs(dir: string, totalMb: number): { files: number; bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  const phones = ['0532 123 45 93', '+90 542 987 65 43', '05051112233'];
  const mails = ['muhasebe@atolye.example.com', 'ayse.yilmaz@example.org'];
  const messages = [
    (i: number) => `sağlık kontrolü tamamlandı (${i % 97} ms)`,
    (i: number) => `connecting to 192.168.10.${i % 250}:1433 as okuyucu`,
    (i: number) => `müşteri aradı: ${phones[i % phones.length]}`,
    (i: number) => `rapor gönderildi: ${mails[i % mails.length]}`,
    (i: number) => `login with password=benchSecret${i % 13} refused`,
    (i: number) => `yedek yazıldı: C:\\Users\\Üretim Planlama\\AppData\\Roaming\\OptiPlan360\\backups\\optiplan-${i}.dump`,
    (i: number) => `postgres://app@pg-atolye.example.lan:5432/optiplan slow query ${i % 1000} ms`,
    (i: number) => `WhatsApp şablonu gönderildi siparis_hazir #${i}`,
  ];
  const files = Math.max(1, Math.ceil(totalMb / FILE_MB));
  let bytes = 0;
  let n = 0;
  const start = Date.now() - files * 3_600_000;
  for (let f = 1; f <= files; f++) {
    const target = Math.min(FILE_MB, totalMb - (f - 1) * FILE_MB) * MiB;
    const chunks: string[] = [];
    let size = 0;
    while (size < target) {
      const line = `${JSON.stringify({ level: 30, time: start + n * 50, pid: 4242, hostname: 'ATOLYE-PC-3', msg: messages[n % messages.length]!(n) })}\n`;
      chunks.push(line);
      size += Buffer.byteLength(line);
      n++;
    }
    const file = path.join(dir, `optiplan360.${f}.log`);
    fs.writeFileSync(file, chunks.join(''));
    // Rotation order: a higher number is newer.
    const t = new Date(start + f * 3_600_000);
    fs.utimesSync(file, t, t);
    bytes += size;
  }
  return { files, bytes };
}

/** The baseline: `zip -q` of the same newest files/tails the bundle takes, without any redaction. */
function plainZip(logDir: string, out: string): { ms: number; bytes: number } | null {
  const picks = pickLogs(logDir).picks;
  const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-baseline-'));
  try {
    for (const p of picks) {
      const fd = fs.openSync(p.file, 'r');
      const buf = Buffer.alloc(p.size);
      fs.readSync(fd, buf, 0, p.size, p.start);
      fs.closeSync(fd);
      fs.writeFileSync(path.join(staged, path.basename(p.file)), buf);
    }
    const t = performance.now();
    const r = spawnSync('zip', ['-q', '-r', out, '.'], { cwd: staged });
    if (r.status !== 0) return null;
    return { ms: performance.now() - t, bytes: fs.statSync(out).size };
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`support-bundle bench: over ${LIMIT_S} s, stopping`);
    process.exit(2);
  }, LIMIT_S * 1000);
  timer.unref();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan bundle bench '));
  try {
    fs.writeFileSync(path.join(dir, 'system_config.json'), JSON.stringify({ environment: 'test', audit: { key_ref: `ENV:${AUDIT_KEY_ENV}` } }, null, 2));
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), JSON.stringify({ enabled: false, host: '192.168.10.25', database: 'MikroDB_V16_01', username: 'okuyucu', password: 'ENV:BENCH_MIKRO_PASSWORD' }, null, 2));
    const logs = writeLogs(path.join(dir, 'logs'), LOG_MB);
    const env = { OPTIPLAN_DATA_DIR: dir, DATABASE_URL: '', [AUDIT_KEY_ENV]: crypto.randomBytes(24).toString('hex'), BENCH_MIKRO_PASSWORD: 'benchSecret0', OPTIPLAN_CONSOLE_NAME: 'BENCH-PC' };
    const core = await Core.open({ dataDir: dir, secretStore: new MemorySecretStore(), env });
    try {
      await core.startAutoMigrate();
      // The bundle's own memory: RSS sampled while it builds, against the RSS just before.
      const rssBefore = process.memoryUsage().rss;
      let maxRss = rssBefore;
      const sampler = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 20);
      const t = performance.now();
      const r = await core.invoke('support.bundle', { lang: 'tr' }, core.context('cli'));
      const ms = performance.now() - t;
      clearInterval(sampler);
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
      const logIn = r.files.filter((f) => f.name.startsWith('logs/')).reduce((s, f) => s + f.size, 0);
      const baseline = plainZip(path.join(dir, 'logs'), path.join(dir, 'baseline.zip'));
      const figures = {
        log_mb_on_disk: toMB(logs.bytes),
        log_files: logs.files,
        log_mb_in_bundle_redacted: toMB(logIn),
        bundle_mb: toMB(r.size),
        bundle_files: r.files.length + 1,
        build_s: round(ms / 1000, 2),
        rss_before_mb: toMB(rssBefore),
        max_rss_mb: toMB(maxRss),
        rss_growth_mb: toMB(maxRss - rssBefore),
        baseline_zip_s: baseline ? round(baseline.ms / 1000, 2) : null,
        baseline_zip_mb: baseline ? toMB(baseline.bytes) : null,
        ratio_vs_plain_zip: baseline ? round(ms / baseline.ms, 2) : null,
        load_avg_1m: round(os.loadavg()[0]!, 2),
      };
      report('support-bundle', figures);
      console.log(
        `support bundle: ${figures.log_mb_on_disk} MB logs on disk (${logs.files} files), ${figures.log_mb_in_bundle_redacted} MB taken (after redaction) → ${figures.bundle_mb} MB zip in ${figures.build_s} s; ` +
          `RSS while building +${figures.rss_growth_mb} MB (peak ${figures.max_rss_mb} MB); plain zip of the same logs: ${figures.baseline_zip_mb} MB in ${figures.baseline_zip_s} s (×${figures.ratio_vs_plain_zip}); load ${figures.load_avg_1m}`,
      );
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    clearTimeout(timer);
  }
}

await main();
