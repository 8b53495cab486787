// Shared setup for the WhatsApp tests: fakes closed after each test, settings pointing at the
// fake, ENV: secrets, an in-memory audit writer, and canary secrets that must never leak.
import { afterEach, expect } from 'vitest';
import type { Check } from '../../../shared/checks.js';
import type { Lang } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/translator.js';
import { looksLikeMessage } from '../../../shared/messages.js';
import type { AuditEntryInput, AuditWriter } from '../../../main/core/audit/audit-types.js';
import type { ResolveContext } from '../../../main/core/secrets/secret-ref.js';
import { effectiveWhatsappSettings, type EffectiveWhatsappSettings } from '../../../main/core/whatsapp/whatsapp-settings.js';
import { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY, whatsappJson } from './harness-data.js';
import { startGraphFake, type GraphFake, type GraphFakeState } from './server.js';
import { startWebhookFake, type WebhookFake, type WebhookMode } from './webhook.js';

export { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY, whatsappJson } from './harness-data.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

export async function graphFake(overrides: Partial<GraphFakeState> = {}): Promise<GraphFake> {
  const f = await startGraphFake({ token: CANARY_TOKEN, ...overrides });
  cleanups.push(() => f.close());
  return f;
}

export async function webhookFake(mode: WebhookMode = 'echo', token = CANARY_VERIFY): Promise<WebhookFake> {
  const f = await startWebhookFake(token, mode);
  cleanups.push(() => f.close());
  return f;
}

export const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  WA_TOKEN: CANARY_TOKEN,
  WA_VERIFY: CANARY_VERIFY,
  WA_APP_SECRET: CANARY_APP_SECRET,
  ...extra,
});

export const secrets = (extra: Record<string, string> = {}): ResolveContext => ({ env: env(extra), store: null });

export function settingsFor(f: GraphFake | null, overrides: Record<string, unknown> = {}, environment = 'development'): EffectiveWhatsappSettings {
  return effectiveWhatsappSettings({ whatsapp: whatsappJson(f, overrides), system_config: { environment } }, {});
}

export function memoryAudit(): AuditWriter & { rows: AuditEntryInput[] } {
  const rows: AuditEntryInput[] = [];
  return { rows, record: async (e) => void rows.push(e) };
}

/** Everything the fake saw except the Authorization header. */
export function recordedOutsideAuth(f: GraphFake): string {
  return JSON.stringify(f.requests.map((r) => ({ method: r.method, url: r.url, body: r.body, headers: { ...r.headers, authorization: undefined } })));
}

/** What a person reads of a check in one language: title, detail, recommendation, steps (no technical detail). */
export function readCheck(c: Check, lang: Lang): { title: string; detail: string; recommendation: string | null; steps: string[] } {
  const t = translator(lang);
  return { title: t.t(c.title), detail: t.t(c.detail), recommendation: c.recommendation ? t.t(c.recommendation) : null, steps: c.steps.map((s) => t.t(s)) };
}

/** Every message key inside a value (nested params included), to prove each exists in both catalogues. */
export function messageKeys(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) messageKeys(v, out);
  else if (value && typeof value === 'object') {
    if (looksLikeMessage(value)) out.add(value.key);
    for (const v of Object.values(value)) messageKeys(v, out);
  }
  return out;
}

/** Shape rules every WhatsApp check keeps, in both languages. */
export function expectWellFormed(c: Check): void {
  expect(c.category, c.name).toBe('whatsapp');
  expect(c.title.key, c.name).toBe(`whatsapp.checks.${c.name}.title`);
  for (const key of messageKeys({ title: c.title, detail: c.detail, recommendation: c.recommendation, steps: c.steps })) {
    expect(translator('tr').has(key), `tr ${key}`).toBe(true);
    expect(translator('en').has(key), `en ${key}`).toBe(true);
  }
  for (const lang of ['tr', 'en'] as const) {
    const r = readCheck(c, lang);
    expect(r.detail, `${c.name} ${lang}`).not.toMatch(/whatsapp\.[a-z_]+\.[a-z_]|\{\{|common\.[a-z]/);
    expect(r.title.length).toBeGreaterThan(0);
  }
  if (c.status === 'PASS' || c.status === 'SKIP') {
    expect(c.recommendation, c.name).toBeNull();
    expect(c.steps, c.name).toEqual([]);
  } else expect(c.recommendation, c.name).not.toBeNull();
  if (c.status === 'SKIP') expect(c.skipped_because, c.name).toBeTruthy();
  expect(typeof c.duration_ms).toBe('number');
}
