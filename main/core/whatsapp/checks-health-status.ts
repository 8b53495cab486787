/**
 * `whatsapp_health_status`: can this number send, the way Meta itself reports it. The phone
 * lookup asks for `health_status`: `can_send_message` AVAILABLE / LIMITED / BLOCKED overall and
 * per entity in the send path (phone number, WABA, business, app), each with Meta's own error
 * code, description and possible solution. The detail names each entity, its state and Meta's
 * error codes in the reader's language; Meta's description and possible solution (English, and
 * the most specific fix there is: a payment method, a business verification) are kept as Meta
 * wrote them in `technical_detail` and in `observed.entities[].errors`, next to the detail.
 *
 *   AVAILABLE → PASS, LIMITED → WARN, BLOCKED → FAIL; not reported → WARN (an old API version
 *   or a token without the field).
 *
 * The portfolio's messaging limit (`whatsapp_business_manager_messaging_limit`: 250 → 2 000 →
 * 10 000 → 100 000 → unlimited unique recipients per 24 h) is reported beside it; a configured
 * `rate_limits.messages_per_day` above it is a WARN, since Meta refuses what the console would try.
 */
import { whatsapp as catalogue } from '../../../shared/i18n/tr/whatsapp.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import { joinMessages, raw } from './check-result.js';
import { STEP_PHONE, STEP_RERUN } from './check-texts.js';
import type { HealthEntity, PhoneNumberInfo, SendHealth } from './graph-api.js';

/** Unique recipients per 24 h for each tier; null = unlimited. */
export const MESSAGING_LIMIT_TIERS: Readonly<Record<string, number | null>> = {
  TIER_250: 250,
  TIER_2K: 2000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
  UNLIMITED: null,
};

const LEVEL: Record<string, 0 | 1 | 2> = { AVAILABLE: 0, LIMITED: 1, BLOCKED: 2 };

const word = (group: 'can_send' | 'entity_type', code: string): Message =>
  Object.hasOwn(catalogue.health_status[group], code) ? msg(`whatsapp.health_status.${group}.${code}` as MessageKey) : raw(code);

/** The messaging limit in words: "2.000 alıcı / 24 sa", "sınırsız", or as Meta sent it. */
export function messagingLimitWord(tier: string | null): Message {
  if (!tier) return msg('whatsapp.health_status.limit_not_reported');
  if (!Object.hasOwn(MESSAGING_LIMIT_TIERS, tier)) return raw(tier);
  const n = MESSAGING_LIMIT_TIERS[tier] ?? null;
  return n === null ? msg('whatsapp.health_status.limit_unlimited') : msg('whatsapp.health_status.limit_n', { n });
}

function entityLine(e: HealthEntity): Message {
  const errors = e.errors.map((x) => msg('whatsapp.health_status.meta_error', { code: x.error_code ?? '?' }));
  const base = { entity: word('entity_type', e.entity_type), state: word('can_send', e.can_send_message) };
  return errors.length > 0 ? msg('whatsapp.health_status.entity_line_errors', { ...base, errors: joinMessages(errors) }) : msg('whatsapp.health_status.entity_line', base);
}

/** The worst level among the overall verdict and the entities (unknown words count as LIMITED). */
export function sendLevel(h: SendHealth): 0 | 1 | 2 {
  const levels = [h.can_send_message, ...h.entities.map((e) => e.can_send_message)].map((c) => LEVEL[c] ?? 1);
  return levels.reduce<0 | 1 | 2>((m, l) => (l > m ? l : m), 0);
}

export function healthStatusOutcome(v: PhoneNumberInfo, messagesPerDay: number): CheckOutcome {
  const limit = messagingLimitWord(v.messaging_limit);
  const tierMax = v.messaging_limit && Object.hasOwn(MESSAGING_LIMIT_TIERS, v.messaging_limit) ? MESSAGING_LIMIT_TIERS[v.messaging_limit] : undefined;
  const observed: Record<string, unknown> = {
    can_send_message: v.health?.can_send_message ?? null,
    entities: v.health?.entities.map((e) => ({ entity_type: e.entity_type, id: e.id, can_send_message: e.can_send_message, errors: e.errors })) ?? [],
    messaging_limit: v.messaging_limit,
  };
  const steps = [STEP_PHONE, STEP_RERUN];
  if (!v.health) {
    return problem('WARN', msg('whatsapp.health_status.not_reported', { limit }), msg('whatsapp.health_status.not_reported_rec'), { steps, observed });
  }
  const level = sendLevel(v.health);
  const troubled = v.health.entities.filter((e) => e.can_send_message !== 'AVAILABLE' || e.errors.length > 0);
  // Meta's words verbatim: what is wrong and Meta's possible solution, per error.
  const technical = troubled
    .flatMap((e) => e.errors.map((x) => `${e.entity_type}${e.id ? ` ${e.id}` : ''} ${e.can_send_message} error_code ${x.error_code ?? '?'}: ${x.error_description ?? ''} | possible_solution: ${x.possible_solution ?? ''}`))
    .join('; ') || undefined;
  if (level > 0) {
    const items = joinMessages((troubled.length > 0 ? troubled : v.health.entities).map(entityLine));
    return problem(level === 2 ? 'FAIL' : 'WARN', msg(level === 2 ? 'whatsapp.health_status.blocked' : 'whatsapp.health_status.limited', { items, limit }), msg('whatsapp.health_status.rec'), {
      steps,
      observed,
      ...(technical ? { technical_detail: technical } : {}),
    });
  }
  if (typeof tierMax === 'number' && messagesPerDay > tierMax) {
    return problem('WARN', msg('whatsapp.health_status.over_limit', { limit, per_day: messagesPerDay }), msg('whatsapp.health_status.over_limit_rec', { max: tierMax }), { steps, observed });
  }
  return passed(msg('whatsapp.health_status.ok', { count: v.health.entities.length, limit }), observed);
}
