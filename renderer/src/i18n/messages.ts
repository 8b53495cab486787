/**
 * Messages in the renderer: `useMsg()` turns a core Message (`{ key, params }`, shared/messages.ts)
 * into the user's language with the same catalogues the CLI and reports use (namespace `msg`).
 * Nested Message params are translated first. A plain string (a door that already localized, or
 * a machine reason) is shown as it is.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { looksLikeMessage, type Message } from '../../../shared/messages.js';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';

export type MessageLike = Message | string | null | undefined;
type TFn = (key: string, options?: Record<string, unknown>) => string;

/** i18next options that a param must not pass for (a param named `ns` would switch namespace). */
const RESERVED = new Set(['ns', 'lng', 'lngs', 'fallbackLng', 'defaultValue', 'returnObjects', 'joinArrays', 'keySeparator', 'nsSeparator', 'interpolation', 'postProcess', 'replace']);

export function translateMessage(t: TFn, m: MessageLike): string {
  if (m === null || m === undefined) return '';
  if (typeof m === 'string') return m;
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) {
    if (RESERVED.has(k)) continue;
    params[k] = looksLikeMessage(v) ? translateMessage(t, v) : v;
  }
  return t(m.key, { ...params, ns: MESSAGE_NS });
}

/** `const m = useMsg(); m(check.title)`: re-renders with the language. */
export function useMsg(): (m: MessageLike) => string {
  const { t, i18n } = useTranslation();
  // i18n.language in the deps: a new function per language, so memoised children re-render.
  return useCallback((m: MessageLike) => translateMessage(t as unknown as TFn, m), [t, i18n.language]);
}

export function isMessage(value: unknown): value is Message {
  return looksLikeMessage(value);
}
