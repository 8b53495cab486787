/**
 * Secrets out of reports (R-DIAG-7). Two layers, because a report holds free text from drivers
 * and other modules:
 *  1. pattern redaction (`redactSecrets`): secret-looking values and `user:pw@` in URLs, also
 *     inside sentences;
 *  2. known values: every secret the config refers to (VAULT: from the keychain, ENV: from the
 *     environment), literal secrets still sitting in config files, and secret-named environment
 *     variables, replaced wherever they appear, whatever key holds them;
 *  3. personal data (phones, e-mails, VKN/TCKN, customer titles), masked (KVKK).
 */
import { CONFIG_FILE_NAMES } from '../../../shared/config.js';
import { withTimeout } from '../db/app-database.js';
import { stringLeaves } from '../config/json-walk.js';
import { redactForOutput } from '../privacy/redact.js';
import { credentialInConnectionString, isLiteralSecret, isSecretKey } from '../secrets/secret-patterns.js';
import { parseSecretRef } from '../secrets/secret-ref.js';
import type { DiagnosticsContext } from './context.js';

/**
 * The one redaction of what leaves the process (secrets and personal data): main/core/privacy/redact.ts.
 * `redactDeep` is its name here, kept for the report code that calls it.
 */
export { scrubText } from '../privacy/redact.js';
export const redactDeep = redactForOutput;

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
