/**
 * Recommendations and playbook steps for the WhatsApp checks, as catalogue messages. The steps
 * follow the incident playbook (runbook §7, "WhatsApp mesaj gönderim hatası"): 1) token validity
 * and expiry, 2) Meta API status, 3) template approval — so the console says what the on-call
 * sheet says.
 */
import { msg, type Message } from '../../../shared/messages.js';
import { parseSecretRef } from '../secrets/secret-ref.js';

/** How to store a secret for its reference: the CLI / settings page for VAULT:, the variable for ENV:. */
export function storeHint(ref: string | null, fallbackName: string): Message {
  const parsed = parseSecretRef(ref);
  if (parsed?.kind === 'env') return msg('whatsapp.store.env', { name: parsed.name });
  return msg('whatsapp.store.vault', { name: parsed?.name ?? fallbackName });
}

const hostOf = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
};

export const STEP_RERUN = msg('whatsapp.steps.rerun');
export const STEP_TOKEN = msg('whatsapp.steps.token');
export const STEP_TEMPLATES = msg('whatsapp.steps.templates');
export const STEP_PHONE = msg('whatsapp.steps.phone');
export const STEP_SETTINGS = msg('whatsapp.steps.settings');
export const stepMetaStatus = (baseUrl: string): Message => msg('whatsapp.steps.meta_status', { host: hostOf(baseUrl) });

/** Playbook step 1, then where to store the new token, then run again. */
export const tokenSteps = (ref: string | null): Message[] => [STEP_TOKEN, msg('whatsapp.token.store_rec', { how: storeHint(ref, 'whatsapp_access_token') }), STEP_RERUN];
/** Playbook step 2. */
export const unreachableSteps = (baseUrl: string): Message[] => [stepMetaStatus(baseUrl), STEP_RERUN];
/** Playbook step 3. */
export const templateSteps = (): Message[] => [STEP_TEMPLATES, STEP_RERUN];

export const unreachableRec = (baseUrl: string): Message => msg('whatsapp.reachable.failed_rec', { host: hostOf(baseUrl) });

export const VERIFY_TOKEN_COMMAND = 'node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"';
