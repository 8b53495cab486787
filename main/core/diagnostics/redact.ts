/**
 * Secrets out of reports (R-DIAG-7). Two layers, because a report holds free text from drivers
 * and other modules:
 *  1. pattern redaction (`redactSecrets`): secret-looking values and `user:pw@` in URLs, also
 *     inside sentences;
 *  2. known values: every secret the config refers to (VAULT: from the keychain, ENV: from the
 *     environment), literal secrets still sitting in config files, and secret-named environment
 *     variables, replaced wherever they appear, whatever key holds them.
 */
import { CONFIG_FILE_NAMES } from '../../../shared/config.js';
import { looksLikeMessage } from '../../../shared/messages.js';
import { withTimeout } from '../db/app-database.js';
import { stringLeaves } from '../config/json-walk.js';
import { credentialInConnectionString, isLiteralSecret, isSecretKey, REDACTED, redactSecrets, redactUrlPassword, scrubKnownValues } from '../secrets/secret-patterns.js';
import { parseSecretRef } from '../secrets/secret-ref.js';
import type { DiagnosticsContext } from './context.js';

/** URLs with a password anywhere in a text (`redactUrlPassword` only looks at the start). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):([^@\s/]+)@/gi;

export function scrubText(text: string, known: readonly string[]): string {
  const urls = text.replace(URL_PASSWORD, (m, head: string, pw: string) => (pw === REDACTED || pw === '***' || parseSecretRef(pw) ? m : `${head}:${REDACTED}@`));
  return scrubKnownValues(redactUrlPassword(urls), known);
}

/** A deep copy with secrets replaced in every string (object keys and message keys are kept as they are). */
export function redactDeep<T>(value: T, known: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, known);
    if (Array.isArray(v)) return v.map(walk);
    // A message's key names a catalogue entry, never data; only its parameters can carry a secret.
    if (looksLikeMessage(v)) return v.params ? { key: v.key, params: walk(v.params) } : { key: v.key };
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(redactSecrets(value)) as T;
}

/** Longest first, so a secret that contains another is replaced whole. */
function normalise(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
}

/** The password part of a credential URL, else the value itself. */
function secretPart(value: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@/i.exec(value.trim());
  if (!m) return [value];
  let decoded = m[1]!;
  try {
    decoded = decodeURIComponent(m[1]!);
  } catch {
    // keep the raw text
  }
  return [m[1]!, decoded];
}

/**
 * Every secret value this run could echo. Bounded: a keychain that does not answer must not hold
 * the run (then only the pattern layer and the other known values apply).
 */
export async function collectKnownSecrets(ctx: Pick<DiagnosticsContext, 'config' | 'env' | 'secretStore'>, timeoutMs = 2_000): Promise<string[]> {
  const values: string[] = [];
  for (const [key, value] of Object.entries(ctx.env)) {
    if (!value) continue;
    if (isSecretKey(key)) values.push(...secretPart(value));
    else if (credentialInConnectionString(value)) values.push(...secretPart(value));
  }
  for (const name of CONFIG_FILE_NAMES) {
    let raw: unknown;
    try {
      raw = ctx.config.value(name, []);
    } catch {
      continue;
    }
    for (const leaf of stringLeaves(raw)) if (isLiteralSecret(leaf.key, leaf.value)) values.push(...secretPart(leaf.value));
  }
  const vault: Promise<void>[] = [];
  for (const ref of ctx.config.references().keys()) {
    const parsed = parseSecretRef(ref);
    if (parsed?.kind === 'env') {
      const v = ctx.env[parsed.name];
      if (v) values.push(...secretPart(v));
    } else if (parsed?.kind === 'vault' && ctx.secretStore) {
      const store = ctx.secretStore;
      vault.push(
        store
          .get(parsed.name)
          .then((v) => {
            if (v) values.push(...secretPart(v));
          })
          .catch(() => undefined),
      );
    }
  }
  await withTimeout(Promise.all(vault), timeoutMs, 'the keychain').catch(() => undefined);
  return normalise(values);
}
