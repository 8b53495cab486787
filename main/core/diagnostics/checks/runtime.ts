/**
 * The runtime the core runs on (issue 15): Electron, Chromium and Node versions and which TLS
 * library speaks to Mikro's SQL Server — BoringSSL inside Electron (the app and the installed
 * CLI shim), OpenSSL under plain Node (a source checkout, `serve` from npm). The same Mikro
 * connection can pass in one and fail in the other (old TLS versions, ciphers), so support needs
 * to see which one ran.
 *
 * WARN when the Electron line is out of support. Electron supports its latest three major
 * lines; a line ends when the third newer one ships. Electron 40 ended with Electron 43 (July
 * 2026). The app stays on 40 because better-sqlite3 13, the first release that builds for newer
 * Electron lines, needs Node 22 to build and the build machines have Node 20 (README,
 * "Runtime and versions"). The facts and the clock are parameters so a test holds both verdicts.
 */
import { msg } from '../../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../../checks/check-builders.js';
import type { CheckDefinition } from '../registry.js';

/** The Electron line that ends each supported one (its stable release) and when that was. */
export interface ElectronSupportEnd {
  endedBy: number;
  /** ISO date of the release that ended the line (month precision is what is published). */
  since: string;
}

/** Known ends of support; a line not listed is taken as supported (newer than this table). */
export const ELECTRON_SUPPORT_ENDS: Readonly<Record<number, ElectronSupportEnd>> = {
  38: { endedBy: 41, since: '2026-03-01' },
  39: { endedBy: 42, since: '2026-05-01' },
  40: { endedBy: 43, since: '2026-07-01' },
};

/** The newest Electron line when this table was written, and what blocks moving to it. */
export const CURRENT_ELECTRON_MAJOR = 45;
export const UPGRADE_BLOCKER = 'better-sqlite3 13';

export interface RuntimeFacts {
  kind: 'electron' | 'node';
  electron: string | null;
  chromium: string | null;
  node: string;
  tls: 'BoringSSL' | 'OpenSSL';
  /** OpenSSL's version under Node; null under Electron (BoringSSL has no release numbers). */
  tls_version: string | null;
}

/** What `process.versions` says about this process's runtime. */
export function runtimeFacts(versions: NodeJS.ProcessVersions & { electron?: string; chrome?: string } = process.versions): RuntimeFacts {
  const electron = versions.electron ?? null;
  return {
    kind: electron ? 'electron' : 'node',
    electron,
    chromium: versions.chrome ?? null,
    node: versions.node,
    // Electron's Node is built against Chromium's BoringSSL, whatever `versions.openssl` says.
    tls: electron ? 'BoringSSL' : 'OpenSSL',
    tls_version: electron ? null : (versions.openssl ?? null),
  };
}

function major(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

export function runtimeVerdict(facts: RuntimeFacts, now: Date = new Date(), ends: Readonly<Record<number, ElectronSupportEnd>> = ELECTRON_SUPPORT_ENDS): CheckOutcome {
  const observed: Record<string, unknown> = { ...facts };
  if (facts.kind === 'node' || !facts.electron) {
    return passed(msg('system.runtime.node', { node: facts.node, openssl: facts.tls_version ?? '?' }), observed);
  }
  const end = ends[major(facts.electron)];
  const params = { electron: facts.electron, chromium: facts.chromium ?? '?', node: facts.node };
  if (end && now.getTime() >= Date.parse(end.since)) {
    observed.end_of_support = end.since;
    observed.ended_by = end.endedBy;
    return problem(
      'WARN',
      msg('system.runtime.electron_unsupported', { ...params, ended_by: end.endedBy, since: end.since }),
      msg('system.runtime.electron_unsupported_rec', { blocker: UPGRADE_BLOCKER, current: CURRENT_ELECTRON_MAJOR }),
      { observed },
    );
  }
  return passed(msg('system.runtime.electron_ok', params), observed);
}

export function runtimeCheck(facts: () => RuntimeFacts = () => runtimeFacts(), now: () => Date = () => new Date()): CheckDefinition {
  return { name: 'runtime', category: 'system', run: () => runtimeVerdict(facts(), now()) };
}
