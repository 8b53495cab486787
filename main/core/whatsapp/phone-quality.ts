/**
 * `whatsapp_phone_number`: the number's quality rating and statuses as Meta reports them.
 * Quality GREEN → PASS, YELLOW → WARN, RED → FAIL (Meta lowers the messaging limit and may block
 * the number). A number that is not CONNECTED, or whose display name is not approved, cannot send
 * reliably either. UNKNOWN/NA quality is normal for a new number and is not held against it.
 * The number itself is shown masked only (see phone.ts).
 */
import { msg, type Message } from '../../../shared/messages.js';
import { whatsapp as catalogue } from '../../../shared/i18n/tr/whatsapp.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import { joinMessages, raw } from './check-result.js';
import { STEP_PHONE, STEP_RERUN } from './check-texts.js';
import type { PhoneNumberInfo } from './graph-api.js';
import { maskPhone } from './phone.js';

type Level = 0 | 1 | 2; // PASS, WARN, FAIL

const STATUS_FAIL = new Set(['BANNED', 'DELETED', 'DISCONNECTED', 'RESTRICTED']);
const NAME_OK = new Set(['APPROVED', 'AVAILABLE_WITHOUT_REVIEW']);
const NAME_FAIL = new Set(['DECLINED', 'EXPIRED']);

type WordGroup = 'quality' | 'status' | 'name_status' | 'code_status';

/** Meta's status code in words when the catalogue has them; else the code as it is. */
export function statusWord(group: WordGroup, code: string | null): Message {
  if (!code) return msg('whatsapp.phone.not_reported');
  return Object.hasOwn(catalogue.phone[group], code) ? msg(`whatsapp.phone.${group}.${code}` as MessageKey) : raw(code);
}

/** "+90 212 *** ** 23 (OptiPlan Test)": the number masked, with the verified name when known. */
export function phoneWho(v: Pick<PhoneNumberInfo, 'display_phone_number' | 'verified_name' | 'id'>, fallbackId?: string | null): Message {
  const number = v.display_phone_number ? maskPhone(v.display_phone_number) : (v.id ?? fallbackId ?? null);
  if (!number) return msg('whatsapp.phone.unnamed');
  return v.verified_name ? msg('whatsapp.phone.who', { number, name: v.verified_name }) : raw(number);
}

export function assessPhone(v: PhoneNumberInfo): CheckOutcome {
  const notes: Array<{ level: Level; text: Message }> = [];
  const q = v.quality_rating;
  if (q === 'YELLOW') notes.push({ level: 1, text: msg('whatsapp.phone.note_yellow') });
  else if (q === 'RED') notes.push({ level: 2, text: msg('whatsapp.phone.note_red') });

  const st = v.status;
  if (st && st !== 'CONNECTED') notes.push({ level: STATUS_FAIL.has(st) ? 2 : 1, text: msg('whatsapp.phone.note_status', { status: statusWord('status', st) }) });
  const ns = v.name_status;
  if (ns && !NAME_OK.has(ns)) notes.push({ level: NAME_FAIL.has(ns) ? 2 : 1, text: msg('whatsapp.phone.note_name', { status: statusWord('name_status', ns) }) });
  const cv = v.code_verification_status;
  if (cv && cv !== 'VERIFIED') notes.push({ level: 1, text: msg('whatsapp.phone.note_code', { status: statusWord('code_status', cv) }) });

  const who = phoneWho(v);
  const observed = { quality_rating: q, status: st, name_status: ns, code_verification_status: cv };
  const worst = notes.reduce<Level>((m, n) => (n.level > m ? n.level : m), 0);
  if (worst === 0) {
    return passed(msg('whatsapp.phone.facts', { who, quality: statusWord('quality', q), status: statusWord('status', st), name_status: statusWord('name_status', ns) }), observed);
  }
  return problem(worst === 2 ? 'FAIL' : 'WARN', msg('whatsapp.phone.problems', { who, items: joinMessages(notes.map((n) => n.text)) }), msg('whatsapp.phone.rec'), {
    steps: [STEP_PHONE, STEP_RERUN],
    observed,
  });
}
