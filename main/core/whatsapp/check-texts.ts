/**
 * Recommendations for the WhatsApp checks, in English and Turkish. They follow the incident
 * playbook (runbook §7, "WhatsApp mesaj gönderim hatası"): 1) token validity and expiry,
 * 2) Meta API status, 3) template approval — so the console says the same thing the on-call sheet does.
 */
import { parseSecretRef } from '../secrets/secret-ref.js';

export interface Bilingual {
  en: string;
  tr: string;
}

/** How to store a secret for its reference: the CLI/settings page for VAULT:, the variable for ENV:. */
export function storeHint(ref: string | null, fallbackName: string): Bilingual {
  const parsed = parseSecretRef(ref);
  if (parsed?.kind === 'env') {
    return { en: `set the environment variable ${parsed.name} for the OptiPlan360 service`, tr: `OptiPlan360 hizmeti için ${parsed.name} ortam değişkenini ayarlayın` };
  }
  const name = parsed?.name ?? fallbackName;
  return {
    en: `store it with \`optiplan360 secrets set ${name}\` (or Settings → Secrets)`,
    tr: `\`optiplan360 secrets set ${name}\` komutuyla (veya Ayarlar → Gizli bilgiler sayfasından) kaydedin`,
  };
}

export function playbookToken(ref: string | null): Bilingual {
  const h = storeHint(ref, 'whatsapp_access_token');
  return {
    en: `Incident playbook step 1 — token validity and expiry: in Meta Business Suite → Business settings → System users, generate a new token for this app with the whatsapp_business_messaging and whatsapp_business_management permissions (choose "never expires"), ${h.en}, then run the WhatsApp checks again.`,
    tr: `Olay planı adım 1 — token geçerliliği ve süresi: Meta Business Suite → İşletme ayarları → Sistem kullanıcıları bölümünde bu uygulama için whatsapp_business_messaging ve whatsapp_business_management izinli yeni bir token oluşturun ("süresiz" seçin), ${h.tr}, ardından WhatsApp kontrollerini yeniden çalıştırın.`,
  };
}

export function playbookMetaStatus(baseUrl: string): Bilingual {
  return {
    en: `Incident playbook step 2 — Meta API status: check https://metastatus.com (WhatsApp Business Platform, Graph API) for an ongoing incident; if Meta reports normal operation, check this machine's internet access, proxy and firewall towards ${baseUrl}, then retry.`,
    tr: `Olay planı adım 2 — Meta API durumu: https://metastatus.com adresinde (WhatsApp Business Platform, Graph API) süren bir kesinti olup olmadığına bakın; Meta normal çalışıyorsa bu bilgisayarın ${baseUrl} adresine internet, proxy ve güvenlik duvarı erişimini kontrol edip yeniden deneyin.`,
  };
}

export const PLAYBOOK_TEMPLATES: Bilingual = {
  en: 'Incident playbook step 3 — template approval: in WhatsApp Manager → Message templates, check each template named here; create missing ones with exactly this name and language, edit and resubmit rejected ones, and wait for pending ones to be approved (minutes up to 24 hours). Paused or disabled templates need better quality or a new template.',
  tr: 'Olay planı adım 3 — şablon onay durumu: WhatsApp Yöneticisi → Mesaj şablonları bölümünde burada adı geçen her şablonu kontrol edin; eksik olanları tam olarak bu ad ve dille oluşturun, reddedilenleri düzenleyip yeniden gönderin, bekleyenlerin onaylanmasını bekleyin (birkaç dakikadan 24 saate kadar). Duraklatılan veya devre dışı bırakılan şablonlar için kaliteyi iyileştirin ya da yeni şablon oluşturun.',
};

export const SETUP: Bilingual = {
  en: 'Set up WhatsApp: in whatsapp.json set phone_number_id and business_account_id (WhatsApp Manager → API setup), keep access_token as VAULT:whatsapp_access_token and store the token with `optiplan360 secrets set whatsapp_access_token`, then run the checks again.',
  tr: 'WhatsApp kurulumu: whatsapp.json dosyasında phone_number_id ve business_account_id değerlerini girin (WhatsApp Yöneticisi → API kurulumu), access_token değerini VAULT:whatsapp_access_token olarak bırakın ve token\'ı `optiplan360 secrets set whatsapp_access_token` komutuyla kaydedin, ardından kontrolleri yeniden çalıştırın.',
};

export function permissionFix(ref: string | null): Bilingual {
  const step1 = playbookToken(ref);
  return {
    en: `Give the system user the WhatsApp account as an asset (Business settings → System users → Assign assets) and check phone_number_id / business_account_id against WhatsApp Manager → API setup. ${step1.en}`,
    tr: `Sistem kullanıcısına WhatsApp hesabını varlık olarak atayın (İşletme ayarları → Sistem kullanıcıları → Varlık ata) ve phone_number_id / business_account_id değerlerini WhatsApp Yöneticisi → API kurulumu ile karşılaştırın. ${step1.tr}`,
  };
}

export function verifyTokenFix(ref: string | null): Bilingual {
  const h = storeHint(ref, 'whatsapp_webhook_verify');
  const gen = 'node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"';
  return {
    en: `Generate a random verify token of at least 32 characters (e.g. \`${gen}\`), ${h.en}, and enter the same value in the Meta app → WhatsApp → Configuration → Webhook "Verify token". Never reuse the access token or app secret.`,
    tr: `En az 32 karakterlik rastgele bir doğrulama token'ı üretin (ör. \`${gen}\`), ${h.tr} ve aynı değeri Meta uygulaması → WhatsApp → Yapılandırma → Webhook "Doğrulama token'ı" alanına girin. Erişim token'ını veya uygulama gizli anahtarını asla yeniden kullanmayın.`,
  };
}

export const FIX_ROOT_CAUSE_FIRST: Bilingual = {
  en: 'Fix the problem reported by whatsapp_token / whatsapp_api_reachable first; this check runs again afterwards.',
  tr: 'Önce whatsapp_token / whatsapp_api_reachable kontrolünün bildirdiği sorunu giderin; bu kontrol ardından yeniden çalışır.',
};
