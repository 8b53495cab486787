/**
 * Checks on `whatsapp.json` that go beyond its shape (R-WA-1): template names and languages,
 * business hours (weekday names, HH:MM, open before close), rate limits that contradict each
 * other, retry settings that would stall a send. Each finding names the JSON path and says what is
 * wrong as a catalogue message; none echoes a secret (secret fields are handled by the loader,
 * which never copies a literal value anywhere).
 */
import { msg, type Message } from '../../../shared/messages.js';
import type { WhatsappConfig } from './whatsapp-config.js';
import { bodyPlaceholders } from './template-params.js';

export type ProblemSeverity = 'error' | 'warning';
export type WhatsappConfigFile = 'whatsapp.json' | 'system_config.json';

export interface WhatsappConfigProblem {
  severity: ProblemSeverity;
  file: WhatsappConfigFile;
  /** JSON path inside the file, e.g. `templates.order_ready.language`. */
  path: string;
  message: Message;
  /** A validator's own words (zod, JSON parser), for support only. */
  technical_detail?: string;
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type DayHours = { open: string; close: string } | 'closed';

export interface RateLimits {
  messages_per_second: number;
  messages_per_hour: number;
  messages_per_day: number;
}
export interface RetrySettings {
  max_attempts: number;
  retry_delay_seconds: number;
  backoff_multiplier: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { messages_per_second: 10, messages_per_hour: 1000, messages_per_day: 10000 };
export const DEFAULT_RETRY: RetrySettings = { max_attempts: 3, retry_delay_seconds: 60, backoff_multiplier: 2 };

export interface TemplateSetting {
  key: string;
  name: string;
  language: string;
  components: unknown[] | null;
  /** `{{n}}` count of the BODY when `components` are configured, else null (not checked). */
  body_parameter_count: number | null;
}

type Push = (severity: ProblemSeverity, path: string, message: Message) => void;

export function validateTemplates(cfg: WhatsappConfig, push: Push): Record<string, TemplateSetting> {
  const out: Record<string, TemplateSetting> = {};
  for (const [key, t] of Object.entries(cfg.templates)) {
    const at = `templates.${key}`;
    // Meta only allows lower-case letters, digits and underscores in template names.
    if (!/^[a-z0-9_]{1,512}$/.test(t.name)) {
      push('error', `${at}.name`, msg('whatsapp.settings.template_name', { name: t.name }));
    }
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(t.language)) {
      push('error', `${at}.language`, msg('whatsapp.settings.template_language', { language: t.language }));
    }
    const placeholders = bodyPlaceholders(t.components);
    if (placeholders.problem) push('warning', `${at}.components`, placeholders.problem);
    out[key] = { key, name: t.name, language: t.language, components: t.components ?? null, body_parameter_count: placeholders.count };
  }
  return out;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function dayHours(value: unknown): DayHours | null | 'invalid' {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'closed' || v === 'kapalı' || v === 'kapali') return 'closed';
    const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(v);
    return m ? { open: m[1]!, close: m[2]! } : 'invalid';
  }
  const o = value as { open?: unknown; close?: unknown; closed?: unknown };
  if (o.closed === true) return 'closed';
  if (typeof o.open === 'string' && typeof o.close === 'string') return { open: o.open, close: o.close };
  return 'invalid';
}

export function validateBusinessHours(cfg: WhatsappConfig, push: Push): Partial<Record<Weekday, DayHours>> | null {
  if (!cfg.business_hours) return null;
  const out: Partial<Record<Weekday, DayHours>> = {};
  for (const [day, value] of Object.entries(cfg.business_hours)) {
    const at = `business_hours.${day}`;
    const name = day.toLowerCase() as Weekday;
    if (!WEEKDAYS.includes(name)) {
      push('warning', at, msg('whatsapp.settings.weekday', { day }));
      continue;
    }
    const h = dayHours(value);
    if (h === 'invalid') {
      push('error', at, msg('whatsapp.settings.hours_shape'));
      continue;
    }
    if (h === null) continue;
    if (h !== 'closed') {
      if (!HHMM.test(h.open) || !HHMM.test(h.close)) {
        push('error', at, msg('whatsapp.settings.hours_range', { open: h.open, close: h.close }));
        continue;
      }
      if (h.open >= h.close) {
        push('error', at, msg('whatsapp.settings.hours_order', { open: h.open, close: h.close }));
        continue;
      }
    }
    out[name] = h;
  }
  return out;
}

export function validateRateLimits(cfg: WhatsappConfig, push: Push): RateLimits {
  const r = cfg.rate_limits ? { ...DEFAULT_RATE_LIMITS, ...pick(cfg.rate_limits) } : { ...DEFAULT_RATE_LIMITS };
  if (r.messages_per_hour < r.messages_per_second) {
    push('warning', 'rate_limits.messages_per_hour', msg('whatsapp.settings.per_hour_low', { hour: r.messages_per_hour, second: r.messages_per_second }));
  }
  if (r.messages_per_day < r.messages_per_hour) {
    push('warning', 'rate_limits.messages_per_day', msg('whatsapp.settings.per_day_low', { day: r.messages_per_day, hour: r.messages_per_hour }));
  }
  // Cloud API's default throughput is 80 messages/second per number; more only gets 130429s.
  if (r.messages_per_second > 80) {
    push('warning', 'rate_limits.messages_per_second', msg('whatsapp.settings.per_second_high', { value: r.messages_per_second }));
  }
  return r;

  function pick(x: RateLimits): RateLimits {
    return { messages_per_second: x.messages_per_second, messages_per_hour: x.messages_per_hour, messages_per_day: x.messages_per_day };
  }
}

export function validateRetry(cfg: WhatsappConfig, push: Push): RetrySettings {
  const x = cfg.retry_settings;
  const r: RetrySettings = x ? { max_attempts: x.max_attempts, retry_delay_seconds: x.retry_delay_seconds, backoff_multiplier: x.backoff_multiplier } : { ...DEFAULT_RETRY };
  // The longest wait a send would sit through before its last attempt.
  let worst = 0;
  for (let i = 1; i < r.max_attempts; i++) worst += r.retry_delay_seconds * r.backoff_multiplier ** (i - 1);
  if (worst > 3600) {
    push('warning', 'retry_settings', msg('whatsapp.settings.retry_long', { seconds: Math.round(worst) }));
  }
  return r;
}
