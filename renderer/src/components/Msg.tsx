import type { ReactNode } from 'react';
import { useMsg, type MessageLike } from '../i18n/messages.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/** A core Message in the user's language: `<Msg m={check.detail} />`. Renders nothing for null. */
export function Msg({ m, fallback = null }: { m: MessageLike; fallback?: ReactNode }) {
  const text = useMsg()(m);
  return <>{text === '' ? fallback : text}</>;
}

/**
 * A field that is a Message for people or, in a shape not yet converted / a machine reason, a
 * plain string: the Message is shown as text, the string only behind the technical-detail toggle.
 */
export function MsgOrTechnical({ m }: { m: MessageLike }) {
  if (m === null || m === undefined || m === '') return null;
  return typeof m === 'string' ? <TechnicalDetail text={m} /> : <Msg m={m} />;
}
