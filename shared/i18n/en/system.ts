import type { CatalogShape } from '../keys.js';
import type { system as tr } from '../tr/system.js';

export const system: CatalogShape<typeof tr> = {
  checks: {
    backend_health: { title: 'Backend health' },
    log_folder: { title: 'Log folder' },
    runtime: { title: 'Runtime (Electron, Chromium, Node, TLS)' },
  },
  runtime: {
    electron_ok: 'Electron {{electron}} (Chromium {{chromium}}, Node {{node}}, TLS: BoringSSL); this Electron line is supported.',
    electron_unsupported: 'Electron {{electron}} is out of support: it has had no security updates since Electron {{ended_by}} shipped ({{since, when}}). Chromium {{chromium}}, Node {{node}}, TLS: BoringSSL.',
    electron_unsupported_rec: 'Electron could not be upgraded: {{blocker}} needs Node 22 to build and the build machines have Node 20. Once the build moves to Node 22, ship a release on Electron {{current}} (README: Packaging, Runtime and versions).',
    node: 'Node {{node}} (TLS: OpenSSL {{openssl}}): not the desktop app but the core from a source checkout or serve. The desktop app uses Electron’s BoringSSL: a Mikro TLS connection that passes here can fail in the app (or the other way round).',
  },
  logs: {
    ok: 'Logs can be written: {{dir}}.',
    not_writable: 'Logs cannot be written: the folder {{dir}} cannot be written (disk full or read-only). The console keeps working; lines wait in memory, and those that do not fit are dropped.',
    not_writable_rec: 'Free disk space or fix the folder’s write permission; the console retries the folder by itself, no restart needed.',
    dropped: '{{count, n}} log lines were dropped because they could not be written.',
  },
  health: {
    healthy: 'Backend healthy (database {{engine}}, {{latency, ms}}).',
    healthy_no_latency: 'Backend healthy (database {{engine}}).',
    unhealthy: 'Backend unhealthy: the {{engine}} database cannot be reached.',
    unhealthy_rec: 'Follow the “database down” steps: confirm with optiplan360 health, check the PostgreSQL service, retry when it is back.',
    degraded_migrations: 'Backend degraded: {{count, n}} migration(s) pending.',
    degraded_components: 'Backend degraded: component not healthy: {{components}}.',
    degraded_both: 'Backend degraded: {{count, n}} migration(s) pending; component not healthy: {{components}}.',
    degraded_logs: 'Backend degraded: logs cannot be written ({{dir}}).',
    degraded_unknown: 'Backend degraded: a component is not healthy.',
    degraded_rec: 'See the checks of the component named (migrations, Mikro, WhatsApp, backups).',
    component: { database: 'database', mikro: 'Mikro', whatsapp: 'WhatsApp', backup: 'backups' },
    join: '{{first}}, {{rest}}',
  },
  outcome: {
    malformed: 'The check returned an invalid result; it was not counted as a pass.',
    malformed_rec: 'Report this build with the technical detail: the check is broken.',
    not_reported: 'This check reported no result.',
    not_reported_rec: 'Report this build with the technical detail: the check group returned incomplete results.',
  },
  unknown_checks: 'Unknown check or category: {{names, list}}.',
  unknown_check: 'unknown check or category: {{name}}',
};
