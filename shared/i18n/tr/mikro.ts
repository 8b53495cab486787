/**
 * Katalog: mikro. Mikro ERP (SQL Server, P1'de salt okunur): sürücü hatalarının açıklamaları,
 * bağlantı testi, salt okunur doğrulama kontrolleri, yazma (PUSH) koruması, sağlık ve CLI metinleri.
 * Metinler sunucu, port, örnek (instance) ve veritabanı adını anabilir; parolayı asla.
 * Sürücünün kendi (İngilizce) metni buraya girmez: teknik ayrıntı olarak yanında taşınır.
 */
import { mikroStages } from './mikro-stages.js';
import { mikroSync } from './mikro-sync.js';
import { mikroCompanies } from './mikro-companies.js';

export const mikro = {
  sources: { file: 'dosya', env: 'ortam değişkeni', default: 'varsayılan' },
  errors: {
    login_failed: {
      message: 'Oturum açılamadı: SQL Server kullanıcı adını veya parolayı kabul etmedi.',
      hint: 'SQL Server gerçek nedeni istemciye hiçbir zaman söylemez (hata 18456, her zaman “durum 1”). Olası nedenler: parola yanlış, böyle bir oturum (login) yok, oturum devre dışı, sunucu yalnızca Windows kimlik doğrulamasına açık, parolanın süresi dolmuş veya değiştirilmesi gerekiyor, varsayılan veritabanı açılamıyor. Veritabanı yöneticisi SQL Server hata günlüğünde (SSMS → Management → SQL Server Logs ya da EXEC xp_readerrorlog 0, 1, N\'18456\') bu denemenin satırındaki gerçek durumu (State) okumalı: 2/5 oturum yok, 6 Windows hesabı SQL oturumu gibi yazılmış, 7 oturum devre dışı, 8 parola yanlış, 18 parola değişmeli, 38/40 veritabanı açılamıyor, 58 SQL kimlik doğrulaması kapalı.',
    },
    database_unavailable: {
      message: '“{{database}}” veritabanı açılamadı: bulunamadı veya kullanıcının erişim izni yok.',
      hint: 'Veritabanı alanındaki Mikro şirket veritabanı adını kontrol edin ve kullanıcıyı bu veritabanına salt okunur (db_datareader) olarak ekleyin.',
    },
    timeout_connect: {
      message: 'Bağlantı zaman aşımına uğradı: {{server}} {{timeout, ms}} içinde yanıt vermedi.',
      hint: 'Sunucunun açık olduğunu ve güvenlik duvarının SQL Server portuna (varsayılan 1433) izin verdiğini kontrol edin; yavaş bir ağda bağlantı zaman aşımını artırın.',
    },
    timeout_connect_unbounded: {
      message: 'Bağlantı zaman aşımına uğradı: {{server}} izin verilen süre içinde yanıt vermedi.',
      hint: 'Sunucunun açık olduğunu ve güvenlik duvarının SQL Server portuna (varsayılan 1433) izin verdiğini kontrol edin; yavaş bir ağda bağlantı zaman aşımını artırın.',
    },
    timeout_query: {
      message: 'Sorgu zaman aşımına uğradı: sunucu sonucu zamanında döndürmedi.',
      hint: 'Sorguyu daraltın (TOP, WHERE) veya zaman aşımını artırın; sunucunun yoğun olup olmadığını kontrol edin.',
    },
    refused: {
      message: 'Sunucu bağlantıyı reddetti ({{server}}): bu portta SQL Server dinlemiyor.',
      hint: 'Port numarasını kontrol edin; SQL Server Configuration Manager’da TCP/IP protokolünün açık olduğundan emin olun. Adlandırılmış örnek (instance) kullanıyorsanız Örnek alanını doldurun.',
    },
    unknown_host: {
      message: 'Sunucu adı çözülemedi: “{{host}}” adında bir bilgisayar bulunamadı.',
      hint: 'Sunucu alanındaki adı veya IP adresini kontrol edin; ad DNS’te yoksa IP adresini kullanın.',
    },
    no_route: {
      message: 'Sunucuya ağ üzerinden ulaşılamıyor ({{host}}; EHOSTUNREACH).',
      hint: 'Ağ kablosunu, VPN bağlantısını ve güvenlik duvarı kurallarını kontrol edin.',
    },
    connection_lost: {
      message: 'Sunucuyla bağlantı kurulamadı veya bağlantı kesildi ({{server}}).',
      hint: 'Sunucunun ve ağın çalıştığını kontrol edip yeniden deneyin.',
    },
    certificate: {
      message: 'Sunucu sertifikası doğrulanamadı (kendinden imzalı veya güvenilmeyen sertifika).',
      hint: 'Sunucuya güvenilen bir sertifika kurun; iç ağdaki bir sunucu için SQL Board’da “Sunucu sertifikasına güven” (Trust Server Certificate) seçeneğini açabilirsiniz.',
    },
    certificate_pin: {
      message: 'Sunucu sertifikası sabitlenmiş parmak iziyle eşleşmedi; parola gönderilmeden bağlantı kesildi.',
      hint: 'SQL Board’da bağlantı testini çalıştırıp sunucunun parmak izini görün; yöneticisiyle doğruladıktan sonra yeniden sabitleyin.',
    },
    pin_no_tls: {
      message: 'Sertifika parmak izi sabitlenmiş, ancak sunucu TLS sunmuyor; parola açık metin gitmesin diye oturum açılmadı.',
      hint: 'Sunucuda şifrelemeyi açın (sertifika tanımlayın) ya da doğru sunucuya bağlandığınızı kontrol edin.',
    },
    old_tls: {
      message: 'Sunucu yalnızca eski TLS sürümlerini (1.0/1.1) konuşuyor; bu bir sertifika sorunu değildir.',
      hint: 'Sunucuya TLS 1.2 güncellemesini kurun (KB3135244) ve Windows’ta TLS 1.2’yi açın; geçici olarak mikro_connection.json’da "tls_min_version": "1.0" verilebilir.',
    },
    encryption_required: {
      message: 'Sunucu şifreli bağlantı istiyor, ancak şifreleme kapalı.',
      hint: 'SQL Board’da “Bağlantıyı şifrele” (Encrypt Connection) seçeneğini açın: sunucu şifrelemeyi zorunlu tutuyor (Force Encryption, EENCRYPT). Kendinden imzalı sertifikalı bir sunucuda bağlantı testindeki sertifika parmak izini sabitleyin.',
    },
    instance: {
      message: 'Adlandırılmış örnek (instance) “{{instance}}” bulunamadı: SQL Server Browser yanıt vermedi veya bu adı tanımıyor.',
      hint: 'Örnek adını kontrol edin; SQL Server Browser hizmetinin çalıştığından ve UDP 1434 portunun açık olduğundan emin olun. Alternatif olarak Örnek alanını boş bırakıp örneğin sabit TCP portunu girin.',
    },
    permission_denied: {
      message: 'Yetki reddedildi: kullanıcının bu nesneyi okuma (SELECT) izni yok.',
      hint: 'Mikro kullanıcısına ilgili tablolar için yalnızca SELECT izni verin (db_datareader rolü yeterlidir).',
    },
    invalid_object: {
      message: 'Tablo veya görünüm bulunamadı.',
      hint: 'Tablo adını ve bağlanılan veritabanını kontrol edin; Mikro sürümüne göre tablo adları değişebilir (master_tables ayarı).',
    },
    query_failed: {
      message: 'Sorgu SQL Server tarafından reddedildi.',
      hint: 'Teknik ayrıntıdaki SQL Server mesajını kontrol edin.',
    },
    read_only: {
      message: 'Mikro P1’de salt okunurdur: yalnızca tek bir SELECT sorgusu gönderilebilir.',
      hint: 'Veri değiştirmek için Mikro’nun kendi ekranlarını kullanın; bu konsol yalnızca okuma içindir.',
    },
    not_configured: {
      message: 'Mikro bağlantısı kurulmadı: sunucu (host) ve veritabanı zorunludur.',
      hint: 'Kurun veya kapatın: SQL Board’da sunucu ve veritabanı bilgilerini girip kaydedin ya da mikro_connection.json içinde "enabled": false yapın.',
    },
    disabled: {
      message: 'Mikro kapalı (mikro_connection.json: "enabled": false); Mikro’ya bağlanılmadı.',
      hint: 'Mikro’yu kullanmak için mikro_connection.json içinde "enabled": true yapın.',
    },
    secret_missing: {
      message: 'Mikro parolası bulunamadı: parola referansı (VAULT:/ENV:) çözülemedi.',
      hint: 'Parolayı SQL Board’dan yeniden kaydedin veya ilgili ortam değişkenini tanımlayın.',
    },
    password_ref_invalid: {
      message: 'Parola referansı geçersiz: VAULT:<ad> veya ENV:<AD> biçiminde olmalıdır.',
      hint: 'Parolayı SQL Board’dan yeniden girin; yapılandırma dosyasına düz parola yazmayın.',
    },
    query_too_long: {
      message: 'Sorgu çok uzun (en fazla {{max, n}} karakter).',
      hint: 'Sorguyu kısaltın.',
    },
    cancelled: {
      message: 'Sorgu iptal edildi.',
      hint: 'Gerekirse sorguyu yeniden çalıştırın.',
    },
    keychain_unavailable: {
      message: 'İşletim sisteminin anahtar deposu kullanılamıyor; yazılan parola saklanamaz.',
      hint: 'Anahtar deposunu çalıştırın ya da parolayı MIKRO_PASSWORD ortam değişkeniyle verin.',
    },
    // H12b (issue 12 §4–5): oturum açma, varsayılan veritabanı, kilit zaman aşımı.
    login_failed_windows: {
      message: 'Windows hesabıyla (NTLM) oturum açılamadı: SQL Server etki alanını, kullanıcı adını veya parolayı kabul etmedi.',
      hint: 'Etki alanı (ör. FABRIKA), kullanıcı adı ve Windows parolasını kontrol edin. Sunucuda bu Windows hesabı için bir oturum tanımlı olmalı (CREATE LOGIN [FABRIKA\\kullanici] FROM WINDOWS) ve sunucu etki alanına güvenmeli (hata 18452: güvenilmeyen etki alanı). Gerçek neden yalnızca SQL Server hata günlüğündedir (EXEC xp_readerrorlog 0, 1, N\'18456\').',
    },
    sql_login_looks_windows: {
      message: 'Oturum açılamadı: “{{username}}” bir Windows hesabı (ETKİALANI\\kullanıcı) gibi yazılmış, ancak kimlik doğrulama “SQL Server oturumu” seçili.',
      hint: 'SQL Server oturum adları ters eğik çizgi içermez. Windows hesabı kullanacaksanız Kimlik doğrulama alanında “Windows hesabı (NTLM)” seçip etki alanını ayrı alana, kullanıcı adını tek başına yazın; yoksa veritabanı yöneticisinden bir SQL oturumu isteyin.',
    },
    default_database: {
      message: 'Oturum açılamadı: kullanıcının varsayılan veritabanı açılamıyor (hata 4064).',
      hint: 'Veritabanı alanına Mikro şirket veritabanının adını yazın. Veritabanı yöneticisi oturumun varsayılan veritabanını düzeltebilir: ALTER LOGIN [kullanici] WITH DEFAULT_DATABASE = [MikroDB_V16];',
    },
    lock_timeout: {
      message: 'Sorgu bir kilit için {{timeout, ms}} bekledi ve durduruldu (hata 1222): tabloda bir şema değişikliği veya bakım (index rebuild) sürüyor olabilir.',
      hint: 'Bir süre sonra yeniden deneyin. Konsol ERP kullanıcılarını hiçbir zaman bekletmesin diye her sorgu READ UNCOMMITTED ve sınırlı LOCK_TIMEOUT ile çalışır.',
    },
  },
  /** H12b (issue 12 §4–5): oturum türü, ifade günlüğü, sunucu bilgileri. */
  login: {
    authentication: 'Kimlik doğrulama',
    sql: 'SQL Server oturumu',
    ntlm: 'Windows hesabı (NTLM)',
    domain: 'Etki alanı',
    sso_unavailable: 'Tümleşik tek oturum açma (bu bilgisayara giriş yapılan Windows hesabıyla otomatik oturum, Kerberos/SSPI) desteklenmez: Windows hesabı için etki alanı, kullanıcı adı ve parola girilmelidir (NTLM).',
  },
  statement_log: {
    title: 'Mikro’ya gönderilen ifadeler',
    note: 'Her ifade READ UNCOMMITTED ve {{timeout, ms}} kilit zaman aşımı (LOCK_TIMEOUT) ile çalışır; konsol yalnızca okur ve ERP kullanıcılarını bekletmez. Bu işlemdeki son {{capacity, n}} ifade tutulur (toplam {{total, n}}).',
    empty: 'Henüz Mikro’ya ifade gönderilmedi.',
    refresh: 'Yenile',
    at: 'Zaman',
    statement: 'İfade',
    rows: 'Satır',
    duration: 'Süre',
    actor: 'Kim',
    outcome: 'Sonuç',
    outcomes: { ok: 'çalıştı', refused: 'reddedildi', failed: 'hata' },
    repeats: '{{count, n}} kez (son: {{at, when}})',
  },
  server: {
    express_size: '{{edition}}: veri dosyaları {{size, bytes}} / {{limit, bytes}} (%{{percent, n}}).',
    facts: 'Sunucu: {{product}} · {{edition}} · harmanlama (collation) {{collation}}',
  },
  /** Salt okunur denetiminin (statement guard) ret nedenleri; kodlar shared'daki GUARD_REASON_CODES. */
  guard: {
    EMPTY: 'Sorgu boş: çalıştırılacak bir SELECT ifadesi yok.',
    MULTIPLE_STATEMENTS: 'Tek seferde yalnızca bir sorgu gönderilebilir (birden fazla ifade veya GO bulundu).',
    NOT_SELECT: 'Yalnızca SELECT veya WITH … SELECT sorgularına izin verilir.',
    WRITE_KEYWORD: 'Sorgu veri değiştiren bir komut içeriyor (INSERT, UPDATE, DELETE, MERGE, TRUNCATE…). Mikro bağlantısı salt okunurdur.',
    SELECT_INTO: 'SELECT … INTO yeni bir tablo oluşturur; salt okunur modda izin verilmez.',
    EXEC: 'Saklı yordam veya dinamik SQL çalıştırmaya (EXEC, sp_…, xp_…) izin verilmez.',
    DDL: 'Şema değiştiren komutlara (CREATE, ALTER, DROP…) izin verilmez.',
    PERMISSION: 'Yetki veya kimlik değiştiren komutlara (GRANT, REVOKE, DENY, SETUSER, REVERT) izin verilmez.',
    TRANSACTION: 'İşlem (transaction) komutlarına (BEGIN, COMMIT, ROLLBACK, SAVE) izin verilmez.',
    CURSOR: 'İmleç (cursor) komutlarına ve FOR UPDATE kullanımına izin verilmez.',
    ADMIN: 'Sunucu yönetim komutlarına (BACKUP, RESTORE, DBCC, KILL, SHUTDOWN…) izin verilmez.',
    FORBIDDEN_STATEMENT: 'Sorgu izin verilmeyen bir komut içeriyor (DECLARE, SET, USE, WAITFOR, IF, PRINT…).',
    FORBIDDEN_FUNCTION: 'Uzak sunucuya veya dosyaya erişen fonksiyonlara (OPENROWSET, OPENQUERY, OPENDATASOURCE, OPENXML) izin verilmez.',
    LOCKING_HINT: 'Canlı ERP tablolarını kilitleyebilecek ipuçlarına (UPDLOCK, XLOCK, TABLOCK, HOLDLOCK…) izin verilmez; NOLOCK kullanılabilir.',
    SEQUENCE: 'NEXT VALUE FOR bir sırayı (sequence) ilerletir, yani veri yazar; izin verilmez.',
    UNTERMINATED: 'Kapatılmamış metin, tırnaklı ad veya açıklama (/* … */) var.',
    UNUSUAL_CHARACTER: 'Sorguda alışılmadık bir karakter var (görünmez boşluk, kontrol karakteri veya benzer görünen tırnak).',
    AMBIGUOUS_TOKEN: 'Sorgunun bir bölümü birden fazla şekilde okunabiliyor (örneğin harfe bitişik sayı); lütfen boşlukla ayırın.',
    UNSUPPORTED_SYNTAX: 'Bu sorgu yapısı salt okunur denetiminde desteklenmiyor (ör. dengesiz parantez, { } kaçışları, WITH XMLNAMESPACES).',
    FILE_FUNCTION: 'Dosya okuyan veya dosya sistemini listeleyen sistem fonksiyonlarına (sys.fn_get_audit_file, sys.fn_xe_file_target_read_file, fn_trace_gettable, sys.dm_os_file_exists, sys.fn_dump_dblog…) izin verilmez: SQL Server hizmet hesabı adına dosya okurlar.',
    UNC_PATH: 'Bir fonksiyona ağ yolu (\\\\sunucu\\paylaşım) verilemez: SQL Server hizmet hesabı o bilgisayara SMB ile kimliğini gönderir.',
  },
  config: {
    warnings: {
      read_only_forced: 'P1’de Mikro’ya yazma yok; read_only zorla açık tutuldu (dosyada false yazıyor).',
      read_only_env_ignored: 'MIKRO_READ_ONLY_MODE={{value}} yazmayı açamaz; salt okunur mod açık kalır (P1’de yazma yok).',
      env_invalid_port: '{{variable}} geçerli bir port numarası değil (1-65535); {{port}} kullanılıyor.',
    },
  },
  test: {
    success: 'Bağlantı başarılı',
    failed: 'Bağlantı hatası: {{reason}}',
    host_database_required: 'Host ve database zorunludur',
    invalid_field: 'Geçersiz alan: {{field}}',
  },
  encryption: {
    off_configured_encrypted: 'Şifreleme yapılandırmada kapalı (encrypt=false); bağlantı sunucu tarafından yine de şifreleniyor.',
    off_configured_plain: 'Şifreleme yapılandırmada kapalı (encrypt=false); bağlantı şifrelenmiyor.',
    off_configured_rec: 'Oturum bilgileri ve ERP verileri açık metin olarak taşınmasın diye “Bağlantıyı şifrele” (Encrypt Connection) seçeneğini açın.',
    not_in_effect: 'Şifreleme yapılandırılmış ancak etkin değil: sunucu TLS anlaşması yapmadı; oturum bilgileri ve veriler açık metin olarak taşınıyor.',
    not_in_effect_rec: 'SQL Server’a bir sertifika tanımlayıp sunucuda şifrelemeyi açın (SQL Server Configuration Manager → Protocols → Force Encryption), sonra tekrar test edin.',
    login_only: 'Şifreleme yalnızca oturum açmayı kapsıyor: parola TLS içinde gitti, ancak sunucu bu oturum için encrypt_option = FALSE bildiriyor; sorgular ve ERP verileri açık metin olarak taşınıyor.',
    login_only_rec: 'Sunucuda şifrelemeyi zorunlu kılın (SQL Server Configuration Manager → Protocols → Force Encryption = Yes) ya da istemcinin şifreleme istediğinden emin olun, sonra tekrar test edin.',
    confirmed: 'Şifreleme etkin: TLS anlaşması yapıldı ve sunucu bu oturum için encrypt_option = TRUE bildiriyor.',
    unconfirmed_tls: 'Sürücü TLS anlaşması yaptı ancak sunucu bunu doğrulayamadı (sys.dm_exec_connections okunamıyor: VIEW SERVER STATE izni yok).',
    unconfirmed_none: 'Şifreleme doğrulanamadı: bağlantı gözlenmedi ve sunucu encrypt_option bildirmedi.',
    unconfirmed_rec: 'İsterseniz kullanıcıya VIEW SERVER STATE izni verin; böylece konsol şifrelemeyi sunucuyla doğrulayabilir.',
  },
  ...mikroStages,
  ...mikroSync,
  ...mikroCompanies,
  skipped: {
    not_configured: 'Mikro bağlantısı kurulmadığı için atlandı.',
  },
  checks: {
    mikro_config: {
      title: 'Mikro yapılandırması',
      invalid: '{{file}} geçersiz; hatalı alanlar: {{fields, list}}.',
      invalid_rec: '{{file}} içinde adı geçen alanları düzeltin (parola VAULT:/ENV: referansı olmalıdır).',
      env_invalid: 'Mikro yapılandırılmış ({{target}}), ancak: {{warning}}',
      env_invalid_rec: 'Adı geçen ortam değişkenini düzeltin.',
      no_password: 'Mikro yapılandırılmış ({{target}}) ancak parola referansı yok.',
      no_password_rec: 'Parolayı kaydedin: optiplan360 secrets set mikro_sql_password ve "password": "VAULT:mikro_sql_password" yapın (veya MIKRO_PASSWORD tanımlayın).',
      ok: 'Mikro yapılandırılmış: {{target}} (sunucu bilgisinin kaynağı: {{source}}, parola: {{password_ref}}).',
    },
    mikro_read_only: {
      title: 'Mikro salt okunur modu',
      ok: 'Salt okunur mod etkin (kaynak: {{source}}).',
      forced: 'Salt okunur mod etkin, ancak yapılandırma yazma istiyor: {{warning}}',
      forced_rec: 'mikro_connection.json dosyasında "read_only": true yapın (P1’de Mikro’ya yazma yoktur).',
    },
    mikro_connection: {
      title: 'Mikro bağlantısı',
      ok: 'Bağlantı başarılı ({{latency, ms}}).',
      failed: 'Mikro bağlantısı başarısız: {{reason}}',
    },
    mikro_login_permissions: {
      title: 'Mikro kullanıcısının yetkileri',
      ok: 'Kullanıcı sunucuda salt okunur (veritabanı yetkileri: {{rights, list}}; yazma rolü yok).',
      unreadable: 'Kullanıcı yetkileri okunamadı: {{reason}}',
      can_write: 'Mikro kullanıcısı yazabiliyor (yetkiler: {{rights}}; roller: {{roles}}). P1 için yalnızca SELECT yetkili bir kullanıcı gerekir.',
      can_write_rec: 'Yalnızca db_datareader rolünde olan ayrı bir kullanıcı kullanın (db_owner/db_datawriter/db_ddladmin/sysadmin yok; INSERT/UPDATE/DELETE/EXECUTE/ALTER/CONTROL/CREATE izni yok).',
      none_returned: 'Sunucu kullanıcı için veritabanı yetkisi döndürmedi; yalnızca SELECT yetkili olduğu doğrulanamadı.',
      none_returned_rec: 'SSMS’te Mikro kullanıcısıyla SELECT * FROM fn_my_permissions(NULL,\'DATABASE\') çalıştırıp yetkileri kontrol edin.',
    },
    mikro_application_intent: {
      title: 'Mikro ApplicationIntent=ReadOnly',
      ok: 'Her bağlantıda ApplicationIntent=ReadOnly gönderildi ({{count, n}} bağlantı). Salt okunurluğu asıl sağlayan kullanıcının yetkileridir.',
      missing: '{{missing, n}} bağlantı ApplicationIntent=ReadOnly olmadan açıldı ({{count, n}} bağlantıdan).',
      missing_rec: 'Bu sürümü destek ekibine bildirin: Mikro bağlantıları her zaman ApplicationIntent=ReadOnly ile açılmalıdır.',
      none_observed: 'Hiç bağlantı gözlenmedi; ApplicationIntent doğrulanamadı.',
      none_observed_rec: 'Önce Mikro bağlantısını düzeltin, sonra doğrulamayı yeniden çalıştırın.',
    },
    mikro_encryption: {
      title: 'Mikro bağlantı şifrelemesi',
    },
    mikro_tls_settings: {
      title: 'Mikro TLS ayarları',
    },
    mikro_tables_readable: {
      title: 'Mikro ana tabloları okunabilir',
      ok: 'Tablolar okunabiliyor: {{tables, list}}.',
      failed: 'Okunamayan tablolar: {{tables, list}} (parantez içinde SQL Server hata numarası: 208 tablo yok, 229 izin yok).',
      failed_rec: 'Bu Mikro sürümündeki tablo adlarını (mikro_connection.json içindeki master_tables) kontrol edin ve kullanıcıya bu tablolarda SELECT izni verin.',
    },
    mikro_schema_contract: {
      title: 'Mikro şema sözleşmesi',
    },
    // H12b (issue 12 §4–5)
    mikro_least_privilege: {
      title: 'Mikro oturumu en az yetkiyle',
      ok: '“{{login}}” oturumu sa değil; sysadmin ve db_owner rolünde değil.',
      warn: 'Mikro’ya “{{login}}” oturumuyla bağlanılıyor ve bu oturum şunlardan: {{roles, list}}. Konsol yalnızca okusa da bu parolayla sunucuda her şey yapılabilir.',
      rec: 'Yalnızca okuyabilen ayrı bir oturum açtırın ve SQL Board’a onu girin. Veritabanı yöneticisi şunu çalıştırabilir: {{create}} Sonra ya bütün tablolar için okuma rolü: {{role}} ya da yalnızca ayarlı tablolar için: {{grants}} (SQL Server 2008 R2’de ALTER ROLE yerine: {{role_2008}})',
      unreadable: 'Oturumun sunucu rolleri okunamadı: {{reason}}',
    },
    mikro_server: {
      title: 'Mikro SQL Server bilgileri',
      ok: '{{product}}, {{edition}}, harmanlama (collation) {{collation}}.',
      ok_express: '{{product}}, harmanlama (collation) {{collation}}; {{size}}',
      express_near: 'Express boyut sınırına yaklaşılıyor: {{size}} ({{product}}).',
      express_full: 'Express boyut sınırı dolmak üzere: {{size}} ({{product}}). Sınırda ERP yeni veri yazamaz.',
      express_rec: 'Eski yılların kayıtlarını arşivleyin veya SQL Server Standard sürümüne geçin: Express, veritabanı başına veri dosyalarını sınırlar (günlük dosyası sayılmaz).',
      unreadable: 'Sunucu bilgileri okunamadı: {{reason}}',
    },
    mikro_push_guard: {
      title: 'Mikro yazma (PUSH) koruması',
      ok: 'Giden kutusundaki (outbox) {{kinds, n}} yazma türünün ({{names, list}}) tümü E_MIKRO_READ_ONLY ile engellendi; Mikro’ya hiç bağlantı açılmadı.',
      connections: 'Yazma koruması etkin değil: yazma yolu Mikro’ya {{clients, n}} istemci oluşturdu, {{connections, n}} bağlantı açtı ({{bytes, bytes}} gönderildi).',
      not_blocked: 'Yazma koruması etkin değil: {{kinds, list}} öğeleri E_MIKRO_READ_ONLY ile bitmedi.',
      rec: 'Servisi durdurun ve bu sürümü bildirin: P1’de Mikro’ya hiçbir yazma ulaşmamalı.',
    },
  },
  health: {
    not_configured: 'Mikro kurulmadı: sunucu (host) ve veritabanı girilmedi.',
    disabled: 'Mikro kapalı ("enabled": false).',
  },
  cli: {
    test_ok: 'BAĞLANDI: {{message}} ({{latency, ms}}, {{version}}, şifreleme: {{encryption}})',
    test_failed: 'BAŞARISIZ: {{message}}',
    hint: 'Ne yapmalı: {{hint}}',
    version_unknown: 'sürüm bilinmiyor',
    encryption: { on: 'açık', off: 'kapalı', unknown: 'bilinmiyor' },
    health_ok: 'Mikro sağlıklı ({{latency, ms}})',
    health_error: 'Mikro hatası {{code}}: {{detail}}',
    query_summary: '({{count, n}} satır{{truncated}}, {{duration, ms}})',
    query_truncated: ', {{max, n}} satırda kesildi',
  },
};
