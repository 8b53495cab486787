// The one redaction (main/core/privacy/redact.ts): each kind of personal data is masked in free
// text, JSON text and structured values; the numbers a console is full of (timestamps, ids,
// hashes, ports, counts in tr-TR format) are left alone; secrets and personal data go together
// in what leaves the process.
import { describe, expect, it } from 'vitest';
import { isTckn, isVkn, redactForOutput, redactPersonal, redactPersonalText } from '../../main/core/privacy/redact.js';

// Valid check digits (TCKN 10000000146 is the well-known test number; VKN from python-stdnum's docs).
const TCKN = '10000000146';
const VKN = '4540536920';

describe('check digits', () => {
  it('TCKN and VKN are recognised by their check digits only', () => {
    expect(isTckn(TCKN)).toBe(true);
    expect(isTckn('10000000147')).toBe(false);
    expect(isTckn('01234567890')).toBe(false);
    expect(isVkn(VKN)).toBe(true);
    expect(isVkn('4540536921')).toBe(false);
  });
});

describe('redactPersonalText', () => {
  it.each([
    ['0532 123 45 67', '+90 532 *** ** 67'],
    ['+90 (532) 123-45-67', '+90 532 *** ** 67'],
    ['905321234567', '+90 532 *** ** 67'],
    ['05321234567', '+90 532 *** ** 67'],
    ['0212 555 12 34', '+90 212 *** ** 34'],
    ['+49 151 2345 6789', '+4915 *** ** 89'],
  ])('phone %s → %s', (input, masked) => {
    const out = redactPersonalText(`arayan: ${input}, tekrar arayın`);
    expect(out).toBe(`arayan: ${masked}, tekrar arayın`);
  });

  it('e-mail addresses keep only a first letter and the top-level domain', () => {
    expect(redactPersonalText('bildirim ahmet.yılmaz@örnek-firma.com.tr adresine gitti')).toBe('bildirim a***@***.com.tr adresine gitti');
    expect(redactPersonalText('to: ops+alerts@example.org.')).toBe('to: o***@***.org.');
  });

  it('e-mail addresses are found wherever the word holding the @ starts and ends (JSON, lists, long texts)', () => {
    expect(redactPersonalText('{"msg":"rapor ayse@example.org\'a gitti","to":"b.kaya@atolye.com.tr"}')).toBe('{"msg":"rapor a***@***.org\'a gitti","to":"b***@***.com.tr"}');
    expect(redactPersonalText('liste:a@example.com,c@example.net;son')).toBe('liste:a***@***.com,c***@***.net;son');
    expect(redactPersonalText('postgres://app@pg.local:5432/db ve @kullanici ve e@')).toBe('postgres://app@pg.local:5432/db ve @kullanici ve e@');
    const line = (i: number) => `{"level":30,"time":${1_700_000_000_000 + i},"msg":"gönderildi kisi${i}@example.com (${i} ms)"}`;
    const long = Array.from({ length: 2000 }, (_, i) => line(i)).join('\n');
    const out = redactPersonalText(long).split('\n');
    expect(out).toHaveLength(2000);
    expect(out[0]).toBe('{"level":30,"time":1700000000000,"msg":"gönderildi k***@***.com (0 ms)"}');
    expect(out.filter((l) => l.includes('@example.com'))).toEqual([]);
  });

  it('titles are looked for only when a legal form is in the text, and then wherever they are', () => {
    const noForm = 'ALAN ADI ÇOK UZUN BÜYÜK HARFLİ BİR SATIR '.repeat(200);
    expect(redactPersonalText(noForm)).toBe(noForm);
    expect(redactPersonalText(`${noForm}\nCari: ÖRNEK AHŞAP LTD. ŞTİ.`)).toBe(`${noForm}\nCari: Ö*** LTD. ŞTİ.`);
  });

  it('TCKN and VKN with valid check digits are masked, other numbers of that length are not', () => {
    expect(redactPersonalText(`TCKN ${TCKN}, VKN ${VKN}`)).toBe('TCKN ***********, VKN **********');
    expect(redactPersonalText('sipariş 10000000147 ve 4540536921')).toBe('sipariş 10000000147 ve 4540536921');
  });

  it('customer titles ending in a legal form are masked, the form kept', () => {
    expect(redactPersonalText('Cari: ÖRNEK MOBİLYA SAN. VE TİC. LTD. ŞTİ. için teklif')).toBe('Cari: Ö*** LTD. ŞTİ. için teklif');
    expect(redactPersonalText('Müşteri: Yıldız Kereste A.Ş. ödedi')).toBe('Müşteri: Y*** A.Ş. ödedi');
    // Capitalised words run into the title: more is masked than needed, never less.
    expect(redactPersonalText('Ödeyen Yıldız Kereste A.Ş.')).toBe('Ö*** A.Ş.');
    expect(redactPersonalText('{"cari_unvan1":"Çağrı Öztürk","cari_kod":"120.01"}')).toBe('{"cari_unvan1":"Ç***","cari_kod":"120.01"}');
  });

  it('leaves timestamps, ids, hashes, addresses, versions, durations and tr-TR counts alone', () => {
    const text = [
      '2026-12-03T07:30:35.123Z',
      'row 1234567890123',
      'sha256 5321234567ab90f1e2d3c4b5a6978812345678901234567890abcdef12345678',
      '192.168.1.10:5432',
      'postgres://op@db.local:5432/optiplan',
      'v1.2.3',
      '1.234.567 kayıt',
      '532 ms',
      'pid 12345',
      'C:\\Program Files\\OptiPlan360\\data\\backups\\optiplan360-20261203-073035-12.sqlite.gz',
      'epoch 1764747035',
    ].join(' | ');
    expect(redactPersonalText(text)).toBe(text);
  });

  it('keeps JSON valid (log lines)', () => {
    const line = JSON.stringify({ level: 30, time: '2026-12-03T07:30:35.123Z', msg: 'sent to 0532 123 45 67 for x@y.com', to: '905321234567', customer_title: 'Acme' });
    const out = redactPersonalText(line);
    expect(JSON.parse(out)).toEqual({ level: 30, time: '2026-12-03T07:30:35.123Z', msg: 'sent to +90 532 *** ** 67 for x***@***.com', to: '+90 532 *** ** 67', customer_title: 'A***' });
  });
});

describe('structured values', () => {
  it('redactPersonal masks title keys whole and every string by pattern; message keys stay', () => {
    const v = redactPersonal({ cari_unvan1: 'Çağrı Öztürk', company_name: 'Acme', note: `VKN ${VKN}`, detail: { key: 'whatsapp.test.sent', params: { to: '0532 123 45 67' } } });
    expect(v).toEqual({ cari_unvan1: 'Ç***', company_name: 'A***', note: 'VKN **********', detail: { key: 'whatsapp.test.sent', params: { to: '+90 532 *** ** 67' } } });
  });

  it('redactForOutput takes secrets and personal data out together (reports, support bundle)', () => {
    const v = redactForOutput({ password: 'hunter22', url: 'postgres://u:pw-canary@h/db', text: 'call 0532 123 45 67, token abcd-known-secret' }, ['abcd-known-secret']);
    expect(v).toEqual({ password: '[redacted]', url: 'postgres://u:[redacted]@h/db', text: 'call +90 532 *** ** 67, token [redacted]' });
  });
});
