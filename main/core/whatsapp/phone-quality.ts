/**
 * `whatsapp_phone_number`: the number's quality rating and statuses as Meta reports them.
 * Quality GREEN → PASS, YELLOW → WARN, RED → FAIL (Meta lowers the messaging limit and may block
 * the number). A number that is not CONNECTED, or whose display name is not approved, cannot send
 * reliably either. UNKNOWN/NA quality is normal for a new number and is not held against it.
 */
import type { PhoneNumberInfo } from './graph-api.js';
import type { WhatsappCheck } from './check-result.js';

type Level = 0 | 1 | 2; // PASS, WARN, FAIL

const STATUS_FAIL = new Set(['BANNED', 'DELETED', 'DISCONNECTED', 'RESTRICTED']);
const NAME_OK = new Set(['APPROVED', 'AVAILABLE_WITHOUT_REVIEW']);
const NAME_FAIL = new Set(['DECLINED', 'EXPIRED']);

export function assessPhone(v: PhoneNumberInfo): WhatsappCheck {
  const name = 'whatsapp_phone_number';
  const notes: Array<{ level: Level; en: string; tr: string }> = [];
  const q = v.quality_rating;
  if (q === 'YELLOW') notes.push({ level: 1, en: 'quality rating YELLOW (medium: customers are blocking or reporting messages)', tr: 'kalite puanı SARI (orta: müşteriler mesajları engelliyor veya şikâyet ediyor)' });
  else if (q === 'RED') notes.push({ level: 2, en: 'quality rating RED (low: Meta may limit or block this number)', tr: 'kalite puanı KIRMIZI (düşük: Meta bu numarayı sınırlayabilir veya engelleyebilir)' });

  const st = v.status;
  if (st && st !== 'CONNECTED') {
    notes.push({ level: STATUS_FAIL.has(st) ? 2 : 1, en: `number status ${st} (expected CONNECTED)`, tr: `numara durumu ${st} (CONNECTED bekleniyor)` });
  }
  const ns = v.name_status;
  if (ns && !NAME_OK.has(ns)) {
    notes.push({ level: NAME_FAIL.has(ns) ? 2 : 1, en: `display name status ${ns} (expected APPROVED)`, tr: `görünen ad durumu ${ns} (APPROVED bekleniyor)` });
  }
  const cv = v.code_verification_status;
  if (cv && cv !== 'VERIFIED') notes.push({ level: 1, en: `code verification ${cv}`, tr: `kod doğrulama durumu ${cv}` });

  const who = `${v.display_phone_number ?? v.id ?? 'phone number'}${v.verified_name ? ` (${v.verified_name})` : ''}`;
  const facts = `quality ${q ?? 'not reported'}, status ${st ?? 'not reported'}, name ${ns ?? 'not reported'}`;
  const factsTr = `kalite ${q ?? 'bildirilmedi'}, durum ${st ?? 'bildirilmedi'}, ad ${ns ?? 'bildirilmedi'}`;
  const worst = notes.reduce<Level>((m, n) => (n.level > m ? n.level : m), 0);
  if (worst === 0) {
    return { name, status: 'PASS', detail: `${who}: ${facts}`, detail_tr: `${who}: ${factsTr}`, recommendation: null, recommendation_tr: null };
  }
  return {
    name,
    status: worst === 2 ? 'FAIL' : 'WARN',
    detail: `${who}: ${notes.map((n) => n.en).join('; ')}`,
    detail_tr: `${who}: ${notes.map((n) => n.tr).join('; ')}`,
    recommendation:
      'Open WhatsApp Manager → Phone numbers: read the quality and status notes, pause marketing sends until quality recovers, make sure recipients opted in, and complete display-name or verification steps Meta asks for. If sends fail meanwhile, follow the incident playbook (1 token, 2 Meta API status, 3 template approval).',
    recommendation_tr:
      'WhatsApp Yöneticisi → Telefon numaraları bölümünü açın: kalite ve durum notlarını okuyun, kalite düzelene kadar pazarlama gönderimlerini durdurun, alıcıların onay verdiğinden emin olun ve Meta\'nın istediği görünen ad veya doğrulama adımlarını tamamlayın. Bu sırada gönderimler başarısız olursa olay planını izleyin (1 token, 2 Meta API durumu, 3 şablon onayı).',
  };
}
