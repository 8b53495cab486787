/**
 * The Turkish and English texts behind `friendlyMikroError`. Turkish first: the shop's operators
 * read it; English goes to logs and support. Hints are the runbook's first steps for each case.
 * Texts may name host, port, instance and database (not secret), never a user's password.
 */
import type { ErrorCode } from '../../../shared/errors.js';
import type { FriendlyContext } from './friendly-errors.js';

export type MikroTextKey =
  | 'login_failed'
  | 'database_unavailable'
  | 'timeout_connect'
  | 'timeout_query'
  | 'refused'
  | 'unknown_host'
  | 'no_route'
  | 'connection_lost'
  | 'certificate'
  | 'encryption_required'
  | 'instance'
  | 'permission_denied'
  | 'invalid_object'
  | 'query_failed'
  | 'read_only'
  | 'not_configured'
  | 'secret_missing'
  | 'password_ref_invalid';

interface Text {
  code: ErrorCode;
  tr: string;
  en: string;
  hint_tr: string;
  hint_en: string;
}

type Vars = { server: string; host: string; port: string; instance: string; database: string; seconds: string; seconds_tr: string };

const TEXTS: Record<MikroTextKey, (v: Vars) => Text> = {
  login_failed: () => ({
    code: 'E_MIKRO_LOGIN_FAILED',
    tr: 'Oturum açılamadı: SQL Server kullanıcı adını veya parolayı kabul etmedi.',
    en: 'Login failed: SQL Server rejected the user name or password.',
    hint_tr: "Mikro için tanımlı SQL kullanıcı adını ve parolasını kontrol edin; sunucuda 'SQL Server ve Windows kimlik doğrulaması' modunun açık ve kullanıcının etkin olduğundan emin olun.",
    hint_en: "Check the Mikro SQL user name and password; make sure the server allows 'SQL Server and Windows Authentication' and the login is enabled.",
  }),
  database_unavailable: (v) => ({
    code: 'E_MIKRO_LOGIN_FAILED',
    tr: `Veritabanı açılamadı: '${v.database}' bulunamadı veya kullanıcının erişim izni yok.`,
    en: `Cannot open database '${v.database}': it does not exist or the login has no access to it.`,
    hint_tr: 'Database alanındaki Mikro şirket veritabanı adını kontrol edin ve kullanıcıyı bu veritabanına salt okunur (db_datareader) olarak ekleyin.',
    hint_en: 'Check the Mikro company database name and map the login to that database as a read-only user (db_datareader).',
  }),
  timeout_connect: (v) => ({
    code: 'E_MIKRO_TIMEOUT',
    tr: `Bağlantı zaman aşımına uğradı: ${v.server} ${v.seconds_tr} içinde yanıt vermedi.`,
    en: `Connection timed out: ${v.server} did not answer within ${v.seconds}.`,
    hint_tr: 'Sunucunun açık olduğunu ve güvenlik duvarının SQL Server portuna (varsayılan 1433) izin verdiğini kontrol edin; yavaş bir ağda bağlantı zaman aşımını artırın.',
    hint_en: 'Check that the server is up and the firewall allows the SQL Server port (1433 by default); on a slow network raise the connection timeout.',
  }),
  timeout_query: () => ({
    code: 'E_MIKRO_TIMEOUT',
    tr: 'Sorgu zaman aşımına uğradı: sunucu sonucu zamanında döndürmedi.',
    en: 'The query timed out: the server did not return the result in time.',
    hint_tr: 'Sorguyu daraltın (TOP, WHERE) veya zaman aşımını artırın; sunucunun yoğun olup olmadığını kontrol edin.',
    hint_en: 'Narrow the query (TOP, WHERE) or raise the timeout; check whether the server is busy.',
  }),
  refused: (v) => ({
    code: 'E_MIKRO_UNREACHABLE',
    tr: `Sunucu bağlantıyı reddetti (${v.server}): bu portta SQL Server dinlemiyor (ECONNREFUSED).`,
    en: `The server refused the connection (${v.server}): nothing listens for SQL Server on that port (ECONNREFUSED).`,
    hint_tr: "Port numarasını kontrol edin; SQL Server Configuration Manager'da TCP/IP protokolünün açık olduğundan emin olun. Adlandırılmış örnek kullanıyorsanız Instance alanını doldurun.",
    hint_en: 'Check the port; make sure TCP/IP is enabled in SQL Server Configuration Manager. For a named instance fill in the Instance field.',
  }),
  unknown_host: (v) => ({
    code: 'E_MIKRO_UNREACHABLE',
    tr: `Sunucu adı çözülemedi: '${v.host}' adında bir bilgisayar bulunamadı (ENOTFOUND).`,
    en: `Unknown host: '${v.host}' could not be resolved (ENOTFOUND).`,
    hint_tr: 'Host alanındaki sunucu adını veya IP adresini kontrol edin; ad DNS’te yoksa IP adresini kullanın.',
    hint_en: 'Check the host name or IP address; if the name is not in DNS, use the IP address.',
  }),
  no_route: (v) => ({
    code: 'E_MIKRO_UNREACHABLE',
    tr: `Sunucuya ağ üzerinden ulaşılamıyor (${v.host}; EHOSTUNREACH).`,
    en: `The server cannot be reached over the network (${v.host}; EHOSTUNREACH).`,
    hint_tr: 'Ağ kablosunu, VPN bağlantısını ve güvenlik duvarı kurallarını kontrol edin.',
    hint_en: 'Check the network cable, the VPN connection and firewall rules.',
  }),
  connection_lost: (v) => ({
    code: 'E_MIKRO_UNREACHABLE',
    tr: `Sunucuyla bağlantı kurulamadı veya bağlantı kesildi (${v.server}).`,
    en: `Could not connect to the server, or the connection was dropped (${v.server}).`,
    hint_tr: 'Sunucunun ve ağın çalıştığını kontrol edip yeniden deneyin.',
    hint_en: 'Check that the server and the network are up, then try again.',
  }),
  certificate: () => ({
    code: 'E_MIKRO_CERTIFICATE',
    tr: 'Sunucu sertifikası doğrulanamadı (kendinden imzalı veya güvenilmeyen sertifika).',
    en: 'The server certificate could not be verified (self-signed or untrusted certificate).',
    hint_tr: "Sunucuya güvenilen bir sertifika kurun; iç ağdaki bir sunucu için SQL Board'da 'Trust Server Certificate' (Sunucu sertifikasına güven) seçeneğini açabilirsiniz.",
    hint_en: "Install a trusted certificate on the server; for a server on the internal network you may enable 'Trust Server Certificate' in the SQL Board.",
  }),
  encryption_required: () => ({
    code: 'E_MIKRO_CERTIFICATE',
    tr: 'Sunucu şifreli bağlantı istiyor, ancak şifreleme kapalı.',
    en: 'The server requires an encrypted connection but encryption is turned off.',
    hint_tr: "SQL Board'da 'Encrypt Connection' (Bağlantıyı şifrele) seçeneğini açın.",
    hint_en: "Turn on 'Encrypt Connection' in the SQL Board.",
  }),
  instance: (v) => ({
    code: 'E_MIKRO_INSTANCE',
    tr: `Adlandırılmış örnek (instance) '${v.instance}' bulunamadı: SQL Server Browser yanıt vermedi veya bu adı tanımıyor.`,
    en: `Named instance '${v.instance}' not found: the SQL Server Browser did not answer or does not know that name.`,
    hint_tr: 'Instance adını kontrol edin; SQL Server Browser hizmetinin çalıştığından ve UDP 1434 portunun açık olduğundan emin olun. Alternatif olarak Instance alanını boş bırakıp örneğin sabit TCP portunu girin.',
    hint_en: "Check the instance name; make sure the SQL Server Browser service runs and UDP 1434 is open. Alternatively leave Instance empty and enter the instance's fixed TCP port.",
  }),
  permission_denied: () => ({
    code: 'E_MIKRO_QUERY_FAILED',
    tr: 'Yetki reddedildi: kullanıcının bu nesneyi okuma (SELECT) izni yok.',
    en: 'Permission denied: the login may not read (SELECT) this object.',
    hint_tr: 'Mikro kullanıcısına ilgili tablolar için yalnızca SELECT izni verin (db_datareader rolü yeterlidir).',
    hint_en: 'Grant the Mikro login SELECT on the tables concerned (the db_datareader role is enough).',
  }),
  invalid_object: () => ({
    code: 'E_MIKRO_QUERY_FAILED',
    tr: 'Tablo veya görünüm bulunamadı.',
    en: 'The table or view does not exist.',
    hint_tr: 'Tablo adını ve bağlanılan veritabanını kontrol edin; Mikro sürümüne göre tablo adları değişebilir (master_tables ayarı).',
    hint_en: 'Check the table name and the database; Mikro table names vary between versions (the master_tables setting).',
  }),
  query_failed: () => ({
    code: 'E_MIKRO_QUERY_FAILED',
    tr: 'Sorgu SQL Server tarafından reddedildi.',
    en: 'SQL Server rejected the query.',
    hint_tr: 'Ayrıntıdaki SQL Server mesajını kontrol edin.',
    hint_en: 'See the SQL Server message in the detail.',
  }),
  read_only: () => ({
    code: 'E_MIKRO_READ_ONLY',
    tr: 'Mikro P1 salt okunur modda: yalnızca tek bir SELECT sorgusu gönderilebilir.',
    en: 'Mikro is read-only in P1: only a single SELECT statement may be sent.',
    hint_tr: 'Veri değiştirmek için Mikro’nun kendi ekranlarını kullanın; bu konsol yalnızca okuma içindir.',
    hint_en: "Use Mikro's own screens to change data; this console only reads.",
  }),
  not_configured: () => ({
    code: 'E_MIKRO_NOT_CONFIGURED',
    tr: 'Mikro bağlantısı yapılandırılmamış: Host ve database zorunludur.',
    en: 'Mikro is not configured: host and database are required.',
    hint_tr: "SQL Board'da sunucu ve veritabanı bilgilerini girip kaydedin.",
    hint_en: 'Enter the server and database in the SQL Board and save.',
  }),
  secret_missing: () => ({
    code: 'E_SECRET_NOT_FOUND',
    tr: 'Mikro parolası bulunamadı: parola referansı (VAULT:/ENV:) çözülemedi.',
    en: 'The Mikro password could not be found: its reference (VAULT:/ENV:) did not resolve.',
    hint_tr: "Parolayı SQL Board'dan yeniden kaydedin veya ilgili ortam değişkenini tanımlayın.",
    hint_en: 'Save the password again from the SQL Board, or set the environment variable it refers to.',
  }),
  password_ref_invalid: () => ({
    code: 'E_CONFIG_INVALID',
    tr: 'Parola referansı geçersiz: VAULT:<ad> veya ENV:<AD> biçiminde olmalıdır.',
    en: 'The password reference is invalid: it must be VAULT:<name> or ENV:<NAME>.',
    hint_tr: "Parolayı SQL Board'dan yeniden girin; yapılandırma dosyasına düz parola yazmayın.",
    hint_en: 'Enter the password again in the SQL Board; never write a plain password into the config file.',
  }),
};

export function friendlyText(key: MikroTextKey, ctx: FriendlyContext): Text {
  const host = ctx.host?.trim() || '?';
  const server = ctx.instance ? `${host}\\${ctx.instance}` : ctx.port ? `${host}:${ctx.port}` : host;
  const s = ctx.timeout_seconds;
  return TEXTS[key]({
    server,
    host,
    port: ctx.port ? String(ctx.port) : '',
    instance: ctx.instance ?? '?',
    database: ctx.database ?? '?',
    seconds: s ? `${s} s` : 'the allowed time',
    seconds_tr: s ? `${s} saniye` : 'izin verilen süre',
  });
}
