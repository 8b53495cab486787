/**
 * The three Graph API calls the console makes: phone-number lookup (token + quality), the WABA's
 * message templates (every page), and sending a template message. Answers are checked for the
 * fields used, so a surprising body is a clear error rather than `undefined` further on.
 */
import { AppError } from '../../../shared/errors.js';
import { msg as text } from '../../../shared/messages.js';
import type { GraphClient, RequestOptions } from './graph-client.js';
import { isWhatsappApiError } from './graph-errors.js';

/**
 * One lookup for the token, quality, send health and messaging limit. `health_status` is Meta's
 * verdict per entity in the send path (phone number, WABA, business, app);
 * `whatsapp_business_manager_messaging_limit` is the portfolio's limit (the per-number
 * `messaging_limit_tier` is deprecated and not asked for).
 */
export const BASE_PHONE_FIELDS = 'display_phone_number,verified_name,quality_rating,code_verification_status,name_status,status';
export const PHONE_FIELDS = `${BASE_PHONE_FIELDS},health_status,whatsapp_business_manager_messaging_limit`;

/** One of Meta's `health_status.entities[].errors[]`, in Meta's own words. */
export interface HealthError {
  error_code: number | null;
  error_description: string | null;
  possible_solution: string | null;
}

export interface HealthEntity {
  /** PHONE_NUMBER | WABA | BUSINESS | APP (others are shown as they are). */
  entity_type: string;
  id: string | null;
  /** AVAILABLE | LIMITED | BLOCKED */
  can_send_message: string;
  errors: HealthError[];
}

export interface SendHealth {
  /** The overall verdict: the worst of the entities. */
  can_send_message: string;
  entities: HealthEntity[];
}

export interface PhoneNumberInfo {
  id: string | null;
  display_phone_number: string | null;
  verified_name: string | null;
  /** GREEN | YELLOW | RED | UNKNOWN | NA */
  quality_rating: string | null;
  code_verification_status: string | null;
  name_status: string | null;
  status: string | null;
  /** null when Meta did not report it. */
  health: SendHealth | null;
  /** TIER_250 | TIER_2K | TIER_10K | TIER_100K | TIER_UNLIMITED; null when not reported. */
  messaging_limit: string | null;
  latency_ms: number;
}

export interface RemoteTemplate {
  name: string;
  language: string;
  status: string;
  category: string | null;
  /** A FLAGGED template's coming disable date (ISO), when Meta reports one. */
  disable_date: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
const rec = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** `health_status` as Meta sends it; a malformed one counts as not reported. */
export function parseSendHealth(v: unknown): SendHealth | null {
  const h = rec(v);
  const overall = str(h?.can_send_message)?.toUpperCase();
  if (!h || !overall) return null;
  const entities = (Array.isArray(h.entities) ? h.entities : []).map(rec).filter((e): e is Record<string, unknown> => e !== null).map((e) => ({
    entity_type: str(e.entity_type)?.toUpperCase() ?? 'UNKNOWN',
    id: str(e.id),
    can_send_message: str(e.can_send_message)?.toUpperCase() ?? 'UNKNOWN',
    errors: (Array.isArray(e.errors) ? e.errors : []).map(rec).filter((x): x is Record<string, unknown> => x !== null).map((x) => ({
      error_code: num(x.error_code),
      error_description: str(x.error_description),
      possible_solution: str(x.possible_solution),
    })),
  }));
  return { can_send_message: overall, entities };
}

/** Meta reports a disable date as a timestamp (seconds) or a date string; → ISO, or null. */
function disableDateOf(r: Record<string, unknown>): string | null {
  const v = rec(r.disable_info)?.disable_date ?? r.disable_date;
  const n = num(v);
  const ms = n !== null ? (n < 1e12 ? n * 1000 : n) : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function requireId(value: string | null, key: 'phone_number_id' | 'business_account_id'): string {
  if (!value) throw new AppError('E_WHATSAPP_NOT_CONFIGURED', text('whatsapp.errors.id_missing', { key }), [], { technical_detail: `${key} is empty` });
  return value;
}

/** GET /{api_version}/{phone_number_id}?fields=… — the token check and the quality/status source. */
export async function getPhoneNumber(client: GraphClient, opts: RequestOptions = {}): Promise<PhoneNumberInfo> {
  const id = requireId(client.settings.phone_number_id, 'phone_number_id');
  let res;
  try {
    res = await client.get<Record<string, unknown> | null>([id], { fields: PHONE_FIELDS }, opts);
  } catch (err) {
    // A Graph version or token that does not know the newer fields refuses the whole lookup with
    // (#100); the token and quality are still worth knowing, so ask again without them (health
    // and limit then read "not reported").
    if (!isWhatsappApiError(err) || err.reason !== 'invalid_parameter') throw err;
    res = await client.get<Record<string, unknown> | null>([id], { fields: BASE_PHONE_FIELDS }, opts);
  }
  const d = res.data ?? {};
  return {
    id: str(d.id),
    display_phone_number: str(d.display_phone_number),
    verified_name: str(d.verified_name),
    quality_rating: str(d.quality_rating)?.toUpperCase() ?? null,
    code_verification_status: str(d.code_verification_status)?.toUpperCase() ?? null,
    name_status: str(d.name_status)?.toUpperCase() ?? null,
    status: str(d.status)?.toUpperCase() ?? null,
    health: parseSendHealth(d.health_status),
    messaging_limit: str(d.whatsapp_business_manager_messaging_limit)?.toUpperCase() ?? null,
    latency_ms: res.latency_ms,
  };
}

/**
 * GET /{api_version}/{waba_id}/message_templates, following `paging.cursors.after`. The `next`
 * URL is deliberately not followed: Graph may put `access_token=` into it, and the token must
 * only ever travel in the Authorization header.
 */
export async function listMessageTemplates(client: GraphClient, opts: RequestOptions & { pageSize?: number; maxPages?: number; name?: string } = {}): Promise<RemoteTemplate[]> {
  const waba = requireId(client.settings.business_account_id, 'business_account_id');
  const out: RemoteTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < (opts.maxPages ?? 50); page++) {
    const res = await client.get<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } } | null>(
      [waba, 'message_templates'],
      { fields: 'name,status,language,category', limit: opts.pageSize ?? 100, after, name: opts.name },
      opts,
    );
    const rows = Array.isArray(res.data?.data) ? res.data.data : [];
    for (const r of rows as Array<Record<string, unknown>>) {
      const name = str(r?.name);
      if (!name) continue;
      out.push({ name, language: str(r.language) ?? '', status: (str(r.status) ?? 'UNKNOWN').toUpperCase(), category: str(r.category), disable_date: disableDateOf(r) });
    }
    const next = str(res.data?.paging?.cursors?.after);
    if (!res.data?.paging?.next || !next || next === after) return out;
    after = next;
  }
  return out;
}

/** A header parameter: text, or media by its link or uploaded media id. */
export type HeaderParameter =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; link: string }
  | { type: 'image' | 'video' | 'document'; id: string };

/** A button's dynamic part: a quick reply's payload or the suffix a URL button appends. */
export interface ButtonParameter {
  sub_type: 'quick_reply' | 'url';
  /** The button's position in the template, 0–9. */
  index: number;
  value: string;
}

export interface TemplateMessage {
  /** E.164 digits without '+'. */
  to: string;
  name: string;
  language: string;
  bodyParameters?: readonly string[];
  headerParameters?: readonly HeaderParameter[];
  buttons?: readonly ButtonParameter[];
}

/**
 * `template.components` as Meta's TemplateMessage describes them: header, body and one entry per
 * button (index as a string, `sub_type` lower case); none at all when there is nothing to fill in.
 */
export function templateComponents(m: Pick<TemplateMessage, 'bodyParameters' | 'headerParameters' | 'buttons'>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const header = m.headerParameters ?? [];
  if (header.length > 0) {
    out.push({ type: 'header', parameters: header.map((p) => (p.type === 'text' ? { type: 'text', text: p.text } : { type: p.type, [p.type]: 'id' in p ? { id: p.id } : { link: p.link } })) });
  }
  const body = m.bodyParameters ?? [];
  if (body.length > 0) out.push({ type: 'body', parameters: body.map((text) => ({ type: 'text', text })) });
  for (const b of m.buttons ?? []) {
    out.push({ type: 'button', sub_type: b.sub_type, index: String(b.index), parameters: [b.sub_type === 'quick_reply' ? { type: 'payload', payload: b.value } : { type: 'text', text: b.value }] });
  }
  return out;
}

export interface SentMessage {
  message_id: string;
  wa_id: string | null;
  attempts: number;
}

/** POST /{api_version}/{phone_number_id}/messages with a template; returns `messages[0].id`. */
export async function sendTemplateMessage(client: GraphClient, msg: TemplateMessage, opts: RequestOptions = {}): Promise<SentMessage> {
  const id = requireId(client.settings.phone_number_id, 'phone_number_id');
  const components = templateComponents(msg);
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: msg.to,
    type: 'template',
    template: {
      name: msg.name,
      // Meta's LanguageObject requires both: `deterministic` is the only policy it defines.
      language: { policy: 'deterministic', code: msg.language },
      ...(components.length > 0 ? { components } : {}),
    },
  };
  const res = await client.post<{ messages?: Array<{ id?: unknown }>; contacts?: Array<{ wa_id?: unknown }> } | null>([id, 'messages'], body, opts);
  const messageId = str(res.data?.messages?.[0]?.id);
  if (!messageId) throw new AppError('E_WHATSAPP_SEND_FAILED', text('whatsapp.errors.no_message_id'), [], { technical_detail: 'no messages[0].id in the answer' });
  return { message_id: messageId, wa_id: str(res.data?.contacts?.[0]?.wa_id), attempts: res.attempts };
}
