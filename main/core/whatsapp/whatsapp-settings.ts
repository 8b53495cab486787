/**
 * One effective WhatsApp view from `whatsapp.json` and `system_config.json` → `whatsapp` (R-WA-1).
 *
 * Precedence, per field: a non-blank, non-placeholder value in `whatsapp.json` wins; else the
 * `system_config.json` value (its secret keys are named `access_token_ref`,
 * `webhook_verify_token_ref`, `app_secret_ref`); else the default. `whatsapp.json` wins because
 * it is the integration's own file, the one the settings page edits and the only one holding
 * templates, hours and limits. When both files set a field to different values, the loser is
 * reported as a warning so nobody edits the file that is ignored.
 *
 * Secrets: only `VAULT:`/`ENV:` references are kept. A literal is reported (file + path, never
 * the value) and the field is treated as not set, so a literal token can never be used.
 *
 * Loading never throws for content: a broken file or field becomes a problem, the rest loads.
 * Problems say what is wrong as catalogue messages; a validator's own words (zod, the JSON
 * parser) go to the problem's `technical_detail`.
 *
 * `"enabled": false` in whatsapp.json switches WhatsApp off (default: on).
 */
import path from 'node:path';
import type { z } from 'zod';
import { msg, type Message } from '../../../shared/messages.js';
import { resolveEnvironment, type Environment } from '../environment.js';
import { readConfigJson } from '../config/config-reader.js';
import { jsonPath } from '../config/schema-errors.js';
import { parseSecretRef } from '../secrets/secret-ref.js';
import { isPlaceholder } from '../secrets/secret-patterns.js';
import { DEFAULT_API_VERSION } from './api-versions.js';
import { WhatsappConfigSchema, WhatsappSystemSectionSchema, type WhatsappConfig } from './whatsapp-config.js';
import {
  validateBusinessHours, validateRateLimits, validateRetry, validateTemplates,
  type DayHours, type ProblemSeverity, type RateLimits, type RetrySettings, type TemplateSetting, type Weekday, type WhatsappConfigFile, type WhatsappConfigProblem,
} from './settings-validate.js';

export type SettingSource = WhatsappConfigFile | 'default';

export interface WhatsappSettings {
  /** whatsapp.json `enabled` (default true): false = switched off, nothing is checked or called. */
  enabled: boolean;
  /** A phone_number_id is set: the integration is meant to be used. */
  configured: boolean;
  environment: Environment;
  provider: string;
  phone_number_id: string | null;
  business_account_id: string | null;
  api_version: string;
  /** Without a trailing slash. */
  base_url: string;
  /** References only (`VAULT:<name>` / `ENV:<NAME>`); null when unset or when a literal was refused. */
  access_token_ref: string | null;
  webhook_verify_token_ref: string | null;
  app_secret_ref: string | null;
  webhook_url: string | null;
  template_namespace: string | null;
  request_timeout_seconds: number;
  templates: Record<string, TemplateSetting>;
  business_hours: Partial<Record<Weekday, DayHours>> | null;
  rate_limits: RateLimits;
  retry_settings: RetrySettings;
}

export type MergedField =
  | 'provider' | 'phone_number_id' | 'business_account_id' | 'api_version' | 'base_url'
  | 'access_token_ref' | 'webhook_verify_token_ref' | 'app_secret_ref' | 'webhook_url' | 'template_namespace';

export interface EffectiveWhatsappSettings {
  settings: WhatsappSettings;
  /** Which file each merged field came from. */
  sources: Record<MergedField, SettingSource>;
  problems: WhatsappConfigProblem[];
  files: Record<WhatsappConfigFile, { exists: boolean }>;
}

/** Raw JSON of the two files (null/undefined = the file does not exist). */
export interface WhatsappRawConfig {
  whatsapp?: unknown;
  system_config?: unknown;
}

const DEFAULTS = { provider: 'META_WABA', api_version: DEFAULT_API_VERSION, base_url: 'https://graph.facebook.com', request_timeout_seconds: 10 } as const;

/** whatsapp.json key → system_config.json `whatsapp` key. */
const FIELD_KEYS: Record<MergedField, { wa: string | null; sys: string }> = {
  provider: { wa: null, sys: 'provider' },
  phone_number_id: { wa: 'phone_number_id', sys: 'phone_number_id' },
  business_account_id: { wa: 'business_account_id', sys: 'business_account_id' },
  api_version: { wa: 'api_version', sys: 'api_version' },
  base_url: { wa: 'base_url', sys: 'base_url' },
  access_token_ref: { wa: 'access_token', sys: 'access_token_ref' },
  webhook_verify_token_ref: { wa: 'webhook_verify_token', sys: 'webhook_verify_token_ref' },
  app_secret_ref: { wa: 'app_secret', sys: 'app_secret_ref' },
  webhook_url: { wa: 'webhook_url', sys: 'webhook_url' },
  template_namespace: { wa: null, sys: 'template_namespace' },
};
const SECRET_FIELDS: ReadonlySet<MergedField> = new Set(['access_token_ref', 'webhook_verify_token_ref', 'app_secret_ref']);

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const usable = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !isPlaceholder(v);

/**
 * Validate with the schema; a field that fails is reported and dropped (its default applies), so
 * one bad key does not hide the rest of the file.
 */
function parseLenient<S extends z.ZodType>(schema: S, raw: unknown, file: WhatsappConfigFile, prefix: string, problems: WhatsappConfigProblem[], dropped = new Set<string>()): z.output<S> {
  let input: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  if (raw !== null && raw !== undefined && !isRecord(raw)) problems.push(problem('error', file, prefix || '$', msg('whatsapp.settings.not_object')));
  for (let round = 0; round < 20; round++) {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      const where = [prefix, jsonPath(issue.path)].filter((p) => p && p !== '$').join('.') || '$';
      problems.push(problem('error', file, where, msg('whatsapp.settings.invalid_value'), issue.message));
      const top = issue.path[0];
      if (top === undefined) input = {};
      else {
        dropped.add(String(top));
        delete input[String(top)];
      }
    }
  }
  return schema.parse({});
}

function problem(severity: ProblemSeverity, file: WhatsappConfigFile, p: string, message: Message, technical?: string): WhatsappConfigProblem {
  return { severity, file, path: p, message, ...(technical ? { technical_detail: technical } : {}) };
}

/** Merge raw values. `env` supplies OPTIPLAN_ENV (production makes weak verify tokens FAIL). */
export function effectiveWhatsappSettings(raw: WhatsappRawConfig, env: NodeJS.ProcessEnv = process.env): EffectiveWhatsappSettings {
  const problems: WhatsappConfigProblem[] = [];
  const push = (file: WhatsappConfigFile) => (s: ProblemSeverity, p: string, m: Message) => problems.push(problem(s, file, p, m));
  const waRaw = isRecord(raw.whatsapp) ? raw.whatsapp : {};
  const sysRoot = isRecord(raw.system_config) ? raw.system_config : {};
  const dropped = new Set<string>();
  const wa: WhatsappConfig = parseLenient(WhatsappConfigSchema, raw.whatsapp, 'whatsapp.json', '', problems, dropped);
  const sys = parseLenient(WhatsappSystemSectionSchema, sysRoot.whatsapp, 'system_config.json', 'whatsapp', problems) as Record<string, unknown>;
  // Use what survived validation, but only where the file really set it (schema defaults are not "set").
  const waVal = (k: string): unknown => (k in waRaw && !dropped.has(k) ? (wa as Record<string, unknown>)[k] : undefined);

  const sources = {} as Record<MergedField, SettingSource>;
  const values = {} as Record<MergedField, string | null>;
  for (const [field, keys] of Object.entries(FIELD_KEYS) as [MergedField, { wa: string | null; sys: string }][]) {
    const a = keys.wa ? waVal(keys.wa) : undefined;
    const b = sys[keys.sys];
    const [chosen, source, pathIn] = usable(a) ? [a, 'whatsapp.json', keys.wa!] : usable(b) ? [b, 'system_config.json', `whatsapp.${keys.sys}`] : [null, 'default', ''];
    sources[field] = source as SettingSource;
    values[field] = chosen === null ? null : chosen.trim();
    if (usable(a) && usable(b) && a.trim() !== b.trim()) {
      // Secret fields: a literal is never echoed, so name the keys only.
      const text = SECRET_FIELDS.has(field)
        ? msg('whatsapp.settings.conflict', { key: keys.wa! })
        : msg('whatsapp.settings.conflict_values', { key: keys.wa!, theirs: b.trim(), ours: a.trim() });
      problems.push(problem('warning', 'system_config.json', `whatsapp.${keys.sys}`, text));
    }
    if (SECRET_FIELDS.has(field) && chosen !== null && !parseSecretRef(chosen)) {
      problems.push(problem('error', source as WhatsappConfigFile, pathIn, msg('whatsapp.settings.literal_secret')));
      values[field] = null;
    } else if (SECRET_FIELDS.has(field) && chosen !== null) {
      values[field] = parseSecretRef(chosen)!.ref;
    }
  }

  const base_url = checkUrl(values.base_url ?? DEFAULTS.base_url, sources.base_url, 'base_url', problems, true);
  const webhook_url = values.webhook_url ? checkUrl(values.webhook_url, sources.webhook_url, 'webhook_url', problems, false) : null;
  const settings: WhatsappSettings = {
    enabled: wa.enabled !== false,
    configured: values.phone_number_id !== null,
    environment: resolveEnvironment(env.OPTIPLAN_ENV, typeof sysRoot.environment === 'string' ? sysRoot.environment : undefined),
    provider: values.provider ?? DEFAULTS.provider,
    phone_number_id: values.phone_number_id,
    business_account_id: values.business_account_id,
    api_version: values.api_version ?? DEFAULTS.api_version,
    base_url: base_url ?? DEFAULTS.base_url,
    access_token_ref: values.access_token_ref,
    webhook_verify_token_ref: values.webhook_verify_token_ref,
    app_secret_ref: values.app_secret_ref,
    webhook_url,
    template_namespace: values.template_namespace,
    request_timeout_seconds: wa.request_timeout_seconds ?? DEFAULTS.request_timeout_seconds,
    templates: validateTemplates(wa, push('whatsapp.json')),
    business_hours: validateBusinessHours(wa, push('whatsapp.json')),
    rate_limits: validateRateLimits(wa, push('whatsapp.json')),
    retry_settings: validateRetry(wa, push('whatsapp.json')),
  };
  if (settings.configured && !settings.access_token_ref && !problems.some((p) => p.path === 'access_token' || p.path === 'whatsapp.access_token_ref')) {
    problems.push(problem('error', 'whatsapp.json', 'access_token', msg('whatsapp.settings.no_token_ref')));
  }
  if (settings.configured && !settings.business_account_id) {
    problems.push(problem('warning', 'whatsapp.json', 'business_account_id', msg('whatsapp.settings.no_waba')));
  }
  return {
    settings,
    sources,
    problems,
    files: { 'whatsapp.json': { exists: raw.whatsapp !== null && raw.whatsapp !== undefined }, 'system_config.json': { exists: raw.system_config !== null && raw.system_config !== undefined } },
  };
}

/** http(s) only; plain http only to a loopback host, since the bearer token travels with every request. */
function checkUrl(value: string, source: SettingSource, key: 'base_url' | 'webhook_url', problems: WhatsappConfigProblem[], tokenBearing: boolean): string | null {
  const file: WhatsappConfigFile = source === 'system_config.json' ? 'system_config.json' : 'whatsapp.json';
  const at = file === 'system_config.json' ? `whatsapp.${key}` : key;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    problems.push(problem('error', file, at, msg('whatsapp.settings.bad_url')));
    return null;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    const sev: ProblemSeverity = tokenBearing || u.protocol !== 'http:' ? 'error' : 'warning';
    problems.push(problem(sev, file, at, msg(tokenBearing ? 'whatsapp.settings.https_token' : 'whatsapp.settings.https_webhook')));
    if (sev === 'error') return null;
  }
  if (u.username || u.password) {
    problems.push(problem('error', file, at, msg('whatsapp.settings.url_credentials')));
    return null;
  }
  return value.replace(/\/+$/, '');
}

/** Read both files from a config folder; a missing file counts as empty, a broken one as a problem. */
export function readWhatsappConfigFiles(configDir: string): { raw: WhatsappRawConfig; problems: WhatsappConfigProblem[] } {
  const problems: WhatsappConfigProblem[] = [];
  const read = (name: WhatsappConfigFile): unknown => {
    const r = readConfigJson(path.join(configDir, name));
    if (r.error) problems.push(problem('error', name, '$', msg('whatsapp.settings.unreadable', { file: name }), r.error.technicalDetail ?? r.error.message));
    return r.raw;
  };
  return { raw: { whatsapp: read('whatsapp.json'), system_config: read('system_config.json') }, problems };
}

/** The effective settings from a config folder (path) or from raw values already read. */
export function loadWhatsappSettings(source: string | WhatsappRawConfig, env: NodeJS.ProcessEnv = process.env): EffectiveWhatsappSettings {
  if (typeof source !== 'string') return effectiveWhatsappSettings(source, env);
  const { raw, problems } = readWhatsappConfigFiles(source);
  const eff = effectiveWhatsappSettings(raw, env);
  return { ...eff, problems: [...problems, ...eff.problems] };
}

/** Rows for the settings page: each merged value (references only, never secrets) and where it came from. */
export function whatsappSettingsView(eff: EffectiveWhatsappSettings): Array<{ key: MergedField; value: string | null; source: SettingSource }> {
  return (Object.keys(FIELD_KEYS) as MergedField[]).map((key) => ({ key, value: eff.settings[key], source: eff.sources[key] }));
}
