/** Building blocks shared by the WhatsApp checks: the result shape and bilingual error text. */
import { isAppError } from '../../../shared/errors.js';
import type { MikroCheck } from '../mikro/checks.js';
import { FIX_ROOT_CAUSE_FIRST, type Bilingual } from './check-texts.js';
import { isWhatsappApiError } from './graph-errors.js';

/** The Mikro check shape, reused so diagnostics treats every integration alike. */
export type WhatsappCheck = MikroCheck;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const ok = (name: string, en: string, tr: string): WhatsappCheck => ({ name, status: 'PASS', detail: en, detail_tr: tr, recommendation: null, recommendation_tr: null });
export const bad = (name: string, status: 'WARN' | 'FAIL', en: string, tr: string, rec: Bilingual): WhatsappCheck => ({ name, status, detail: en, detail_tr: tr, recommendation: rec.en, recommendation_tr: rec.tr });

/** English and Turkish text of any error (WhatsappApiError carries its own Turkish). */
export function errorText(err: unknown): Bilingual {
  if (isWhatsappApiError(err)) return { en: err.message, tr: err.message_tr };
  const m = (err as Error)?.message ?? String(err);
  return { en: m, tr: m };
}

/** Secret-resolution and configuration errors: no request reached Meta. */
export const isLocalError = (e: unknown): boolean =>
  isAppError(e) && ['E_SECRET_NOT_FOUND', 'E_KEYCHAIN_UNAVAILABLE', 'E_CONFIG_INVALID', 'E_WHATSAPP_NOT_CONFIGURED'].includes(e.code);

/** A check whose input could not be fetched: WARN, pointing at the check that names the cause. */
export function notChecked(name: string, err: unknown): WhatsappCheck {
  const t = errorText(err);
  return bad(name, 'WARN', `Not checked: ${t.en}`, `Kontrol edilmedi: ${t.tr}`, FIX_ROOT_CAUSE_FIRST);
}

export async function settle<T>(p: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Resolve with `fallback()` if `p` has not settled within `ms` (R-DIAG-3: one hung dependency —
 * Graph API, webhook, or the OS keychain — must not stall the run). `p` is left to settle on its own.
 */
export function withDeadline<T>(p: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  return Promise.race([p, bound]).finally(() => clearTimeout(timer));
}
