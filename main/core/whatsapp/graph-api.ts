/**
 * The three Graph API calls the console makes: phone-number lookup (token + quality), the WABA's
 * message templates (every page), and sending a template message. Answers are checked for the
 * fields used, so a surprising body is a clear error rather than `undefined` further on.
 */
import { AppError } from '../../../shared/errors.js';
import { msg as text } from '../../../shared/messages.js';
import type { GraphClient, RequestOptions } from './graph-client.js';

export const PHONE_FIELDS = 'display_phone_number,verified_name,quality_rating,code_verification_status,name_status,status';

export interface PhoneNumberInfo {
  id: string | null;
  display_phone_number: string | null;
  verified_name: string | null;
  /** GREEN | YELLOW | RED | UNKNOWN | NA */
  quality_rating: string | null;
  code_verification_status: string | null;
  name_status: string | null;
  status: string | null;
  latency_ms: number;
}

export interface RemoteTemplate {
  name: string;
  language: string;
  status: string;
  category: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function requireId(value: string | null, key: 'phone_number_id' | 'business_account_id'): string {
  if (!value) throw new AppError('E_WHATSAPP_NOT_CONFIGURED', text('whatsapp.errors.id_missing', { key }), [], { technical_detail: `${key} is empty` });
  return value;
}

/** GET /{api_version}/{phone_number_id}?fields=… — the token check and the quality/status source. */
export async function getPhoneNumber(client: GraphClient, opts: RequestOptions = {}): Promise<PhoneNumberInfo> {
  const id = requireId(client.settings.phone_number_id, 'phone_number_id');
  const res = await client.get<Record<string, unknown> | null>([id], { fields: PHONE_FIELDS }, opts);
  const d = res.data ?? {};
  return {
    id: str(d.id),
    display_phone_number: str(d.display_phone_number),
    verified_name: str(d.verified_name),
    quality_rating: str(d.quality_rating)?.toUpperCase() ?? null,
    code_verification_status: str(d.code_verification_status)?.toUpperCase() ?? null,
    name_status: str(d.name_status)?.toUpperCase() ?? null,
    status: str(d.status)?.toUpperCase() ?? null,
    latency_ms: res.latency_ms,
  };
}

/**
 * GET /{api_version}/{waba_id}/message_templates, following `paging.cursors.after`. The `next`
 * URL is deliberately not followed: Graph may put `access_token=` into it, and the token must
 * only ever travel in the Authorization header.
 */
export async function listMessageTemplates(client: GraphClient, opts: RequestOptions & { pageSize?: number; maxPages?: number } = {}): Promise<RemoteTemplate[]> {
  const waba = requireId(client.settings.business_account_id, 'business_account_id');
  const out: RemoteTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < (opts.maxPages ?? 50); page++) {
    const res = await client.get<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } } | null>(
      [waba, 'message_templates'],
      { fields: 'name,status,language,category', limit: opts.pageSize ?? 100, after },
      opts,
    );
    const rows = Array.isArray(res.data?.data) ? res.data.data : [];
    for (const r of rows as Array<Record<string, unknown>>) {
      const name = str(r?.name);
      if (!name) continue;
      out.push({ name, language: str(r.language) ?? '', status: (str(r.status) ?? 'UNKNOWN').toUpperCase(), category: str(r.category) });
    }
    const next = str(res.data?.paging?.cursors?.after);
    if (!res.data?.paging?.next || !next || next === after) return out;
    after = next;
  }
  return out;
}

export interface TemplateMessage {
  /** E.164 digits without '+'. */
  to: string;
  name: string;
  language: string;
  bodyParameters?: readonly string[];
}

export interface SentMessage {
  message_id: string;
  wa_id: string | null;
  attempts: number;
}

/** POST /{api_version}/{phone_number_id}/messages with a template; returns `messages[0].id`. */
export async function sendTemplateMessage(client: GraphClient, msg: TemplateMessage, opts: RequestOptions = {}): Promise<SentMessage> {
  const id = requireId(client.settings.phone_number_id, 'phone_number_id');
  const params = msg.bodyParameters ?? [];
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: msg.to,
    type: 'template',
    template: {
      name: msg.name,
      language: { code: msg.language },
      ...(params.length > 0 ? { components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] } : {}),
    },
  };
  const res = await client.post<{ messages?: Array<{ id?: unknown }>; contacts?: Array<{ wa_id?: unknown }> } | null>([id, 'messages'], body, opts);
  const messageId = str(res.data?.messages?.[0]?.id);
  if (!messageId) throw new AppError('E_WHATSAPP_SEND_FAILED', text('whatsapp.errors.no_message_id'), [], { technical_detail: 'no messages[0].id in the answer' });
  return { message_id: messageId, wa_id: str(res.data?.contacts?.[0]?.wa_id), attempts: res.attempts };
}
