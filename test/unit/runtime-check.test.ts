// The runtime check (diagnostics `runtime`): which Electron, Chromium and Node the core runs on
// and whether TLS is BoringSSL (Electron) or OpenSSL (Node); WARN once the Electron line is out
// of support. The versions and the clock are injected, so both verdicts are held here.
import { describe, expect, it } from 'vitest';
import { ELECTRON_SUPPORT_ENDS, runtimeCheck, runtimeFacts, runtimeVerdict } from '../../main/core/diagnostics/checks/runtime.js';
import { buildChecks } from '../../main/core/diagnostics/index.js';
import type { DiagnosticsContext } from '../../main/core/diagnostics/context.js';
import { translator } from '../../shared/i18n/translator.js';

const electron40 = { ...process.versions, electron: '40.10.2', chrome: '144.0.7559.0', node: '24.11.1', openssl: '0.0.0' };
const electron47 = { ...process.versions, electron: '47.0.0', chrome: '150.0.0.0', node: '24.20.0' };

describe('runtime facts', () => {
  it('names BoringSSL inside Electron and OpenSSL with its version under Node', () => {
    expect(runtimeFacts(electron40)).toEqual({ kind: 'electron', electron: '40.10.2', chromium: '144.0.7559.0', node: '24.11.1', tls: 'BoringSSL', tls_version: null });
    const node = runtimeFacts();
    expect(node).toMatchObject({ kind: 'node', electron: null, chromium: null, node: process.versions.node, tls: 'OpenSSL', tls_version: process.versions.openssl });
  });
});

describe('runtime verdict', () => {
  it('WARNs when the Electron line is out of support, naming the line that ended it and the blocker', () => {
    const out = runtimeVerdict(runtimeFacts(electron40), new Date('2026-12-03T09:00:00Z'));
    expect(out.status).toBe('WARN');
    expect(out.detail).toEqual({ key: 'system.runtime.electron_unsupported', params: expect.objectContaining({ electron: '40.10.2', ended_by: 43, since: ELECTRON_SUPPORT_ENDS[40]!.since }) });
    expect(out.recommendation).toEqual({ key: 'system.runtime.electron_unsupported_rec', params: { blocker: 'better-sqlite3 13', current: 45 } });
    expect(out.observed).toMatchObject({ tls: 'BoringSSL', end_of_support: '2026-07-01', ended_by: 43 });
    const t = translator('tr');
    expect(t.text(out.detail.key, out.detail.params)).toContain('Electron 40.10.2 artık desteklenmiyor');
    expect(translator('en').text(out.recommendation!.key, out.recommendation!.params)).toContain('Node 22');
  });

  it('PASSes the same Electron before its end of support, and a line newer than the table', () => {
    expect(runtimeVerdict(runtimeFacts(electron40), new Date('2026-06-30T23:00:00Z')).status).toBe('PASS');
    const newer = runtimeVerdict(runtimeFacts(electron47), new Date('2026-12-03T09:00:00Z'));
    expect(newer.status).toBe('PASS');
    expect(newer.detail).toEqual({ key: 'system.runtime.electron_ok', params: { electron: '47.0.0', chromium: '150.0.0.0', node: '24.20.0' } });
  });

  it('under plain Node (source checkout, serve) it PASSes and says TLS here is OpenSSL, not the app’s BoringSSL', () => {
    const out = runtimeVerdict(runtimeFacts(), new Date());
    expect(out.status).toBe('PASS');
    expect(out.detail).toEqual({ key: 'system.runtime.node', params: { node: process.versions.node, openssl: process.versions.openssl } });
    expect(translator('en').text(out.detail.key, out.detail.params)).toContain('BoringSSL');
  });

  it('is registered with the diagnostics checks, in the system category, with an injectable clock', async () => {
    const units = buildChecks({ mikro: false } as unknown as DiagnosticsContext);
    expect(units.some((u) => 'name' in u && u.name === 'runtime' && u.category === 'system')).toBe(true);
    const check = runtimeCheck(() => runtimeFacts(electron40), () => new Date('2027-01-01T00:00:00Z'));
    const signal = new AbortController().signal;
    expect((await check.run({ signal, timeoutMs: 1_000 })).status).toBe('WARN');
  });
});
