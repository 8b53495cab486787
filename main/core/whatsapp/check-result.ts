/**
 * Building blocks shared by the WhatsApp checks. Every check is the one shared shape
 * (shared/checks.ts), built with main/core/checks/check-builders.ts in category `whatsapp`:
 * this file only adds what is WhatsApp's own — the dependency SKIPs, the switched-off SKIP, the
 * reason of an error as a message, and bounded waits.
 */
import type { Check } from '../../../shared/checks.js';
import { isAppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import { checkTitle, skipped, technicalText, toCheck, type CheckOutcome } from '../checks/check-builders.js';

export type WhatsappCheck = Check;

export const CATEGORY = 'whatsapp' as const;

/** Every check this module can produce, in run order (diagnostics declares them up front). */
export const WHATSAPP_CHECK_NAMES = [
  'whatsapp_config',
  'whatsapp_api_version',
  'whatsapp_api_reachable',
  'whatsapp_token',
  'whatsapp_phone_number',
  'whatsapp_health_status',
  'whatsapp_templates',
  'whatsapp_webhook_verify_token',
  'whatsapp_webhook_handshake',
] as const;
export type WhatsappCheckName = (typeof WHATSAPP_CHECK_NAMES)[number];

/** What `skipped_because` says when whatsapp.json has `"enabled": false`. */
export const DISABLED_BECAUSE = 'whatsapp.json enabled';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function whatsappCheck(name: WhatsappCheckName, outcome: CheckOutcome, ms: number, defaultSteps: readonly Message[] = []): WhatsappCheck {
  return toCheck(name, CATEGORY, outcome, ms, defaultSteps);
}

/** SKIP: `dependsOn` failed, so this check has nothing to look at (named by its title). */
export function skippedFor(dependsOn: WhatsappCheckName): CheckOutcome {
  return skipped(msg('common.skipped_because_check', { check: checkTitle(dependsOn, CATEGORY) }), dependsOn);
}

/** SKIP: WhatsApp is switched off in whatsapp.json. */
export function skippedDisabled(): CheckOutcome {
  return skipped(msg('common.skipped_disabled', { integration: msg('common.integrations.whatsapp') }), DISABLED_BECAUSE);
}

/** The sentence of an error (AppErrors carry their own message) and its technical detail. */
export function reasonOf(err: unknown): { message: Message; technical: string } {
  if (isAppError(err)) return { message: err.text, technical: technicalText(err) };
  return { message: msg('common.check_crashed'), technical: technicalText(err) };
}

/** Secret-resolution and configuration errors: no request reached Meta. */
export const isLocalError = (e: unknown): boolean =>
  isAppError(e) && ['E_SECRET_NOT_FOUND', 'E_KEYCHAIN_UNAVAILABLE', 'E_CONFIG_INVALID', 'E_WHATSAPP_NOT_CONFIGURED'].includes(e.code);

/**
 * A list of messages as one message (`a; b; c`): parameters may nest messages but not arrays of
 * them, so the list is a right-leaning chain of `whatsapp.join`.
 */
export function joinMessages(items: readonly Message[]): Message {
  if (items.length === 0) return msg('common.none');
  if (items.length === 1) return items[0]!;
  return msg('whatsapp.join', { head: items[0]!, tail: joinMessages(items.slice(1)) });
}

/** A value shown as it is (a Meta status code we have no words for, an id). */
export const raw = (value: string): Message => msg('whatsapp.raw', { value });

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
