/**
 * Failures everywhere, one language each: a Turkish run of diagnostics, health and the Mikro
 * test connection carries no English words outside `technical_detail`, and an English run no
 * Turkish ones. Every part fails for real: migrations pending, Mikro refusing connections, the
 * Graph API rejecting an expired token, no keychain behind VAULT: references, no backup yet.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { looksLikeMessage, type Message } from '../../shared/messages.js';
import { translator } from '../../shared/i18n/translator.js';
import { isAppError } from '../../shared/errors.js';
import { startGraphFake } from '../fakes/graph/server.js';
import { onCleanup, openDiag } from './diagnostics-helpers.js';

const ENGLISH = /\b(the|and|is|are|not|failed|could|cannot|please|error|with|from|this|that|was|will|should|must|has|have|your|you|check|found|missing|invalid|The|Check|Please|Could|Not|Failed|Error)\b/;
const TURKISH = /[çğışöüÇĞİŞÖÜ]|\b(ve|bir|için|değil|kontrol|hata|veya|ile|olarak|yok)\b/i;

/** Every message in a raw answer (not descending into technical detail). */
function messagesIn(value: unknown, out: Message[] = []): Message[] {
  if (Array.isArray(value)) value.forEach((v) => messagesIn(v, out));
  else if (looksLikeMessage(value)) out.push(value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'technical_detail') messagesIn(v, out);
  return out;
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('one language per run, with failures everywhere', () => {
  it('Turkish has no English words and English no Turkish, outside technical_detail', async () => {
    const graph = await startGraphFake({ tokenError: 'expired', token: 'expired-token-value' });
    onCleanup(() => graph.close());
    const port = await closedPort();
    const { core } = await openDiag({
      migrate: false,
      env: { WA_TOKEN: 'expired-token-value', MIKRO_PW: 'pw' },
      configs: {
        'mikro_connection.json': { host: '127.0.0.1', port, database: 'MikroDB_V16_01', username: 'optiplan_ro', password: 'ENV:MIKRO_PW', timeout_seconds: 2, encrypt: false },
        'whatsapp.json': { phone_number_id: graph.state.phoneNumberId, business_account_id: graph.state.wabaId, base_url: graph.baseUrl, access_token: 'ENV:WA_TOKEN', webhook_verify_token: 'VAULT:whatsapp_webhook_verify' },
      },
    });
    const ctx = core.context('cli');
    const answers: unknown[] = [];
    answers.push(await core.invoke('diagnostics.run', { timeout_ms: 5_000 }, ctx));
    answers.push(await core.invoke('health.get', {}, ctx));
    try {
      answers.push(await core.invoke('mikro.test', {}, ctx));
    } catch (err) {
      answers.push(isAppError(err) ? err.toBody() : err);
    }
    const messages = answers.flatMap((a) => messagesIn(a));
    // The run really failed everywhere: there is something to read in each part.
    const report = answers[0] as { status: string; checks: { name: string; status: string }[] };
    expect(report.status).toBe('FAIL');
    const failed = new Set(report.checks.filter((c) => c.status === 'FAIL' || c.status === 'WARN').map((c) => c.name));
    for (const name of ['migrations_at_head', 'mikro_connection', 'whatsapp_token']) expect(failed, name).toContain(name);
    expect(messages.length).toBeGreaterThan(30);

    const tr = translator('tr');
    const en = translator('en');
    const strip = (s: string) => s.replace(/"[^"]*"|`[^`]*`|optiplan360 [a-z -]+|[A-Za-z0-9]+_[A-Za-z0-9_]+/g, ' ');
    const missing = messages.filter((m) => !tr.has(m.key) || !en.has(m.key)).map((m) => m.key);
    expect(missing).toEqual([]);
    const englishInTurkish = messages.map((m) => tr.t(m)).filter((t) => ENGLISH.test(strip(t)));
    const turkishInEnglish = messages.map((m) => en.t(m)).filter((t) => TURKISH.test(strip(t)));
    expect(englishInTurkish).toEqual([]);
    expect(turkishInEnglish).toEqual([]);
  });
});
