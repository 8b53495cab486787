/**
 * A user-facing text as the core produces it: a catalogue key and its parameters, never a
 * sentence. The doors turn it into one language at the edge (shared/i18n/translator.ts): the CLI
 * and HTTP for their caller's language, reports for the language asked for, the renderer with the
 * same catalogues. Raw driver / OS / server text never goes into params that a sentence shows; it
 * travels beside the message as `technical_detail`.
 */
import type { MessageKey } from './i18n/keys.js';

/** A parameter: a value to format, or another message (translated first, then interpolated). */
export type MessageParam = string | number | boolean | null | Message | readonly string[];

export interface Message {
  key: MessageKey;
  params?: Readonly<Record<string, MessageParam>>;
}

/** `msg('errors.validation.field', { field, reason })`: typed against the Turkish catalogue. */
export function msg(key: MessageKey, params?: Record<string, MessageParam>): Message {
  return params && Object.keys(params).length > 0 ? { key, params } : { key };
}

const MESSAGE_PROPS = new Set(['key', 'params']);

/** Structural test: `{ key: 'a.b', params? }` and nothing else (the translator also checks the key exists). */
export function looksLikeMessage(value: unknown): value is Message {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.key !== 'string' || !/^[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/.test(v.key)) return false;
  if (v.params !== undefined && (typeof v.params !== 'object' || v.params === null || Array.isArray(v.params))) return false;
  return Object.keys(v).every((k) => MESSAGE_PROPS.has(k));
}

/** A Message-bearing type with every Message replaced by its text: what HTTP and `--json` carry. */
export type Localized<T> = T extends Message
  ? string
  : T extends readonly (infer U)[]
    ? Localized<U>[]
    : T extends object
      ? { [K in keyof T]: Localized<T[K]> }
      : T;
