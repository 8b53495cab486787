import type { CatalogShape } from '../keys.js';
import type { mikro as tr } from '../tr/mikro.js';

import { mikroStages } from './mikro-stages.js';
import { mikroSync } from './mikro-sync.js';
import { mikroCompanies } from './mikro-companies.js';

export const mikro: CatalogShape<typeof tr> = {
  sources: { file: 'file', env: 'environment variable', default: 'default' },
  errors: {
    login_failed: {
      message: 'Login failed: SQL Server rejected the user name or password.',
      hint: "SQL Server never tells the client the real reason (error 18456, always 'state 1'). Likely causes: wrong password, no such login, login disabled, the server accepts Windows authentication only, the password expired or must be changed, the default database cannot be opened. The DBA should read the real state on this attempt's line in the SQL Server error log (SSMS → Management → SQL Server Logs, or EXEC xp_readerrorlog 0, 1, N'18456'): 2/5 no such login, 6 a Windows account typed as a SQL login, 7 login disabled, 8 wrong password, 18 password must be changed, 38/40 database cannot be opened, 58 SQL authentication is off.",
    },
    database_unavailable: {
      message: "Cannot open database '{{database}}': it does not exist or the login has no access to it.",
      hint: 'Check the Mikro company database name and map the login to that database as a read-only user (db_datareader).',
    },
    timeout_connect: {
      message: 'Connection timed out: {{server}} did not answer within {{timeout, ms}}.',
      hint: 'Check that the server is up and the firewall allows the SQL Server port (1433 by default); on a slow network raise the connection timeout.',
    },
    timeout_connect_unbounded: {
      message: 'Connection timed out: {{server}} did not answer within the allowed time.',
      hint: 'Check that the server is up and the firewall allows the SQL Server port (1433 by default); on a slow network raise the connection timeout.',
    },
    timeout_query: {
      message: 'The query timed out: the server did not return the result in time.',
      hint: 'Narrow the query (TOP, WHERE) or raise the timeout; check whether the server is busy.',
    },
    refused: {
      message: 'The server refused the connection ({{server}}): nothing listens for SQL Server on that port.',
      hint: 'Check the port; make sure TCP/IP is enabled in SQL Server Configuration Manager. For a named instance fill in the Instance field.',
    },
    unknown_host: {
      message: "Unknown host: '{{host}}' could not be resolved.",
      hint: 'Check the host name or IP address; if the name is not in DNS, use the IP address.',
    },
    no_route: {
      message: 'The server cannot be reached over the network ({{host}}; EHOSTUNREACH).',
      hint: 'Check the network cable, the VPN connection and firewall rules.',
    },
    connection_lost: {
      message: 'Could not connect to the server, or the connection was dropped ({{server}}).',
      hint: 'Check that the server and the network are up, then try again.',
    },
    certificate: {
      message: 'The server certificate could not be verified (self-signed or untrusted certificate).',
      hint: "Install a trusted certificate on the server; for a server on the internal network you may enable 'Trust Server Certificate' in the SQL Board.",
    },
    certificate_pin: {
      message: 'The server certificate did not match the pinned fingerprint; the connection was closed before any password was sent.',
      hint: 'Run the connection test on the SQL Board to see the server’s fingerprint; pin it again after confirming it with the administrator.',
    },
    pin_no_tls: {
      message: 'A certificate fingerprint is pinned, but the server offers no TLS; not logging in, so that the password does not go in clear text.',
      hint: 'Turn on encryption on the server (set up a certificate), or check that you are connecting to the right server.',
    },
    old_tls: {
      message: 'The server speaks only old TLS versions (1.0/1.1); this is not a certificate problem.',
      hint: 'Install the TLS 1.2 update on the server (KB3135244) and enable TLS 1.2 in Windows; "tls_min_version": "1.0" in mikro_connection.json is a stopgap.',
    },
    encryption_required: {
      message: 'The server requires an encrypted connection but encryption is turned off.',
      hint: "Turn on 'Encrypt Connection' in the SQL Board: the server forces encryption (Force Encryption, EENCRYPT). For a server with a self-signed certificate, pin the certificate fingerprint shown by the connection test.",
    },
    instance: {
      message: "Named instance '{{instance}}' not found: the SQL Server Browser did not answer or does not know that name.",
      hint: "Check the instance name; make sure the SQL Server Browser service runs and UDP 1434 is open. Alternatively leave Instance empty and enter the instance's fixed TCP port.",
    },
    permission_denied: {
      message: 'Permission denied: the login may not read (SELECT) this object.',
      hint: 'Grant the Mikro login SELECT on the tables concerned (the db_datareader role is enough).',
    },
    invalid_object: {
      message: 'The table or view does not exist.',
      hint: 'Check the table name and the database; Mikro table names vary between versions (the master_tables setting).',
    },
    query_failed: {
      message: 'SQL Server rejected the query.',
      hint: 'See the SQL Server message in the technical detail.',
    },
    read_only: {
      message: 'Mikro is read-only in P1: only a single SELECT statement may be sent.',
      hint: "Use Mikro's own screens to change data; this console only reads.",
    },
    not_configured: {
      message: 'Mikro is not set up: the host and the database are required.',
      hint: 'Set it up or switch it off: enter the server and database in the SQL Board and save, or set "enabled": false in mikro_connection.json.',
    },
    disabled: {
      message: 'Mikro is switched off (mikro_connection.json: "enabled": false); Mikro was not contacted.',
      hint: 'To use Mikro, set "enabled": true in mikro_connection.json.',
    },
    secret_missing: {
      message: 'The Mikro password could not be found: its reference (VAULT:/ENV:) did not resolve.',
      hint: 'Save the password again from the SQL Board, or set the environment variable it refers to.',
    },
    password_ref_invalid: {
      message: 'The password reference is invalid: it must be VAULT:<name> or ENV:<NAME>.',
      hint: 'Enter the password again in the SQL Board; never write a plain password into the config file.',
    },
    query_too_long: {
      message: 'The statement is too long (at most {{max, n}} characters).',
      hint: 'Shorten the statement.',
    },
    cancelled: {
      message: 'The query was cancelled.',
      hint: 'Run the query again if needed.',
    },
    keychain_unavailable: {
      message: 'The OS keychain is not available, so a typed password cannot be stored.',
      hint: 'Start the keychain, or give the password in the MIKRO_PASSWORD environment variable.',
    },
    // H12b (issue 12 §4–5): logins, default database, lock timeout.
    login_failed_windows: {
      message: 'Windows (NTLM) login failed: SQL Server did not accept the domain, user name or password.',
      hint: "Check the domain (e.g. FACTORY), the user name and the Windows password. The server needs a login for this Windows account (CREATE LOGIN [FACTORY\\user] FROM WINDOWS) and must trust its domain (error 18452: untrusted domain). The real reason is only in the SQL Server error log (EXEC xp_readerrorlog 0, 1, N'18456').",
    },
    sql_login_looks_windows: {
      message: "Login failed: '{{username}}' is written like a Windows account (DOMAIN\\user), but the authentication is 'SQL Server login'.",
      hint: "SQL Server login names contain no backslash. For a Windows account choose 'Windows account (NTLM)' as the authentication and type the domain in its own field and the user name alone; otherwise ask the DBA for a SQL login.",
    },
    default_database: {
      message: "Login failed: the login's default database cannot be opened (error 4064).",
      hint: "Type the Mikro company database's name in the Database field. The DBA can fix the login's default database: ALTER LOGIN [user] WITH DEFAULT_DATABASE = [MikroDB_V16];",
    },
    lock_timeout: {
      message: 'The query waited {{timeout, ms}} for a lock and was stopped (error 1222): a schema change or maintenance (index rebuild) may be running on the table.',
      hint: 'Try again in a while. Every query runs with READ UNCOMMITTED and a bounded LOCK_TIMEOUT so that the console never keeps ERP users waiting.',
    },
  },
  /** H12b (issue 12 §4–5): login type, statement log, server facts. */
  login: {
    authentication: 'Authentication',
    sql: 'SQL Server login',
    ntlm: 'Windows account (NTLM)',
    domain: 'Domain',
    sso_unavailable: 'Integrated single sign-on (logging in automatically as the Windows account signed in on this computer, Kerberos/SSPI) is not available: for a Windows account type the domain, user name and password (NTLM).',
  },
  statement_log: {
    title: 'Statements sent to Mikro',
    note: 'Every statement runs with READ UNCOMMITTED and a {{timeout, ms}} lock timeout (LOCK_TIMEOUT): the console only reads and never keeps ERP users waiting. The last {{capacity, n}} statements of this process are kept ({{total, n}} in all).',
    empty: 'No statement has been sent to Mikro yet.',
    refresh: 'Refresh',
    at: 'Time',
    statement: 'Statement',
    rows: 'Rows',
    duration: 'Duration',
    actor: 'Who',
    outcome: 'Outcome',
    outcomes: { ok: 'ran', refused: 'refused', failed: 'error' },
    repeats: '{{count, n}} times (last: {{at, when}})',
  },
  server: {
    express_size: '{{edition}}: data files {{size, bytes}} of {{limit, bytes}} ({{percent, n}}%).',
    facts: 'Server: {{product}} · {{edition}} · collation {{collation}}',
  },
  guard: {
    EMPTY: 'The statement is empty: there is no SELECT to run.',
    MULTIPLE_STATEMENTS: 'Only one statement may be sent at a time (several statements or GO found).',
    NOT_SELECT: 'Only SELECT or WITH … SELECT statements are allowed.',
    WRITE_KEYWORD: 'The statement contains a data-changing command (INSERT, UPDATE, DELETE, MERGE, TRUNCATE…). The Mikro connection is read-only.',
    SELECT_INTO: 'SELECT … INTO creates a table; it is not allowed in read-only mode.',
    EXEC: 'Running stored procedures or dynamic SQL (EXEC, sp_…, xp_…) is not allowed.',
    DDL: 'Schema-changing commands (CREATE, ALTER, DROP…) are not allowed.',
    PERMISSION: 'Permission or identity commands (GRANT, REVOKE, DENY, SETUSER, REVERT) are not allowed.',
    TRANSACTION: 'Transaction commands (BEGIN, COMMIT, ROLLBACK, SAVE) are not allowed.',
    CURSOR: 'Cursor commands and FOR UPDATE are not allowed.',
    ADMIN: 'Server administration commands (BACKUP, RESTORE, DBCC, KILL, SHUTDOWN…) are not allowed.',
    FORBIDDEN_STATEMENT: 'The statement contains a command that is not allowed (DECLARE, SET, USE, WAITFOR, IF, PRINT…).',
    FORBIDDEN_FUNCTION: 'Functions that reach remote servers or files (OPENROWSET, OPENQUERY, OPENDATASOURCE, OPENXML) are not allowed.',
    LOCKING_HINT: 'Hints that can lock live ERP tables (UPDLOCK, XLOCK, TABLOCK, HOLDLOCK…) are not allowed; NOLOCK is fine.',
    SEQUENCE: 'NEXT VALUE FOR advances a sequence, which is a write; it is not allowed.',
    UNTERMINATED: 'There is an unterminated string, quoted identifier or comment (/* … */).',
    UNUSUAL_CHARACTER: 'The statement contains an unusual character (invisible space, control character or look-alike quote).',
    AMBIGUOUS_TOKEN: 'Part of the statement can be read in more than one way (for example a number glued to a word); separate it with a space.',
    UNSUPPORTED_SYNTAX: 'This statement shape is not supported by the read-only check (e.g. unbalanced parentheses, { } escapes, WITH XMLNAMESPACES).',
    FILE_FUNCTION: 'System functions that read files or list the file system (sys.fn_get_audit_file, sys.fn_xe_file_target_read_file, fn_trace_gettable, sys.dm_os_file_exists, sys.fn_dump_dblog…) are not allowed: they read files as the SQL Server service account.',
    UNC_PATH: 'A network path (\\\\server\\share) cannot be handed to a function: the SQL Server service account would send its credentials to that computer over SMB.',
  },
  config: {
    warnings: {
      read_only_forced: 'P1 has no write-back; read_only forced on (the file says false).',
      read_only_env_ignored: 'MIKRO_READ_ONLY_MODE={{value}} cannot turn writes on; read-only stays on (P1 has no write-back).',
      env_invalid_port: '{{variable}} is not a port number (1-65535); using {{port}}.',
    },
  },
  test: {
    success: 'Connection successful',
    failed: 'Connection failed: {{reason}}',
    host_database_required: 'Host and database are required',
    invalid_field: 'Invalid field: {{field}}',
  },
  encryption: {
    off_configured_encrypted: 'Encryption is turned off in the configuration (encrypt=false); the connection is encrypted by the server anyway.',
    off_configured_plain: 'Encryption is turned off in the configuration (encrypt=false); the connection is not encrypted.',
    off_configured_rec: "Turn on 'Encrypt Connection' so that the login and ERP data do not travel in clear text.",
    not_in_effect: 'Encryption is configured but not in effect: the server did not negotiate TLS, so the login and data travel in clear text.',
    not_in_effect_rec: 'Give SQL Server a certificate and enable encryption on the server (SQL Server Configuration Manager → Protocols → Force Encryption), then test again.',
    login_only: 'Encryption covers the login only: the password travelled inside TLS, but the server reports encrypt_option = FALSE for this session, so queries and ERP data travel in clear text.',
    login_only_rec: 'Force encryption on the server (SQL Server Configuration Manager → Protocols → Force Encryption = Yes) or make sure the client asks for encryption, then test again.',
    confirmed: 'Encryption is in effect: TLS was negotiated and the server reports encrypt_option = TRUE for this session.',
    unconfirmed_tls: 'TLS was negotiated by the driver, but the server could not confirm it (sys.dm_exec_connections not readable: VIEW SERVER STATE missing).',
    unconfirmed_none: 'Encryption could not be confirmed: no connection was observed and the server did not report encrypt_option.',
    unconfirmed_rec: 'Optionally grant the login VIEW SERVER STATE so that the console can confirm encryption with the server.',
  },
  ...mikroStages,
  ...mikroSync,
  ...mikroCompanies,
  skipped: {
    not_configured: 'Skipped because the Mikro connection is not set up.',
  },
  checks: {
    mikro_config: {
      title: 'Mikro configuration',
      invalid: '{{file}} is invalid; fields in error: {{fields, list}}.',
      invalid_rec: 'Fix the named fields in {{file}} (the password must be a VAULT:/ENV: reference).',
      env_invalid: 'Mikro is configured ({{target}}), but: {{warning}}',
      env_invalid_rec: 'Correct the environment variable named.',
      no_password: 'Mikro is configured ({{target}}) without a password reference.',
      no_password_rec: 'Store the password: optiplan360 secrets set mikro_sql_password, and set "password": "VAULT:mikro_sql_password" (or set MIKRO_PASSWORD).',
      ok: 'Mikro is configured: {{target}} (server taken from: {{source}}, password: {{password_ref}}).',
    },
    mikro_read_only: {
      title: 'Mikro read-only mode',
      ok: 'Read-only is in effect (source: {{source}}).',
      forced: 'Read-only is in effect, but the configuration asks for writes: {{warning}}',
      forced_rec: 'Set "read_only": true in mikro_connection.json (P1 has no write-back).',
    },
    mikro_connection: {
      title: 'Mikro connection',
      ok: 'Connected ({{latency, ms}}).',
      failed: 'Mikro connection failed: {{reason}}',
    },
    mikro_login_permissions: {
      title: 'Mikro login rights',
      ok: 'The login is read-only on the server (database rights: {{rights, list}}; no write role).',
      unreadable: "The login's rights could not be read: {{reason}}",
      can_write: 'The Mikro login can write (rights: {{rights}}; roles: {{roles}}). P1 needs a SELECT-only login.',
      can_write_rec: 'Use a dedicated login that is only in db_datareader (no db_owner/db_datawriter/db_ddladmin/sysadmin, no INSERT/UPDATE/DELETE/EXECUTE/ALTER/CONTROL/CREATE grants).',
      none_returned: 'The server returned no database permissions for the login; it could not be confirmed as SELECT-only.',
      none_returned_rec: "Run SELECT * FROM fn_my_permissions(NULL,'DATABASE') as the Mikro login in SSMS and check the rights.",
    },
    mikro_application_intent: {
      title: 'Mikro ApplicationIntent=ReadOnly',
      ok: "ApplicationIntent=ReadOnly was sent on every connection ({{count, n}} connections). The login's rights are what enforce read-only.",
      missing: '{{missing, n}} connections were opened without ApplicationIntent=ReadOnly (of {{count, n}}).',
      missing_rec: 'Report this build to support: Mikro connections must always be opened with ApplicationIntent=ReadOnly.',
      none_observed: 'No connection was observed, so ApplicationIntent could not be verified.',
      none_observed_rec: 'Fix the Mikro connection first, then run the verification again.',
    },
    mikro_encryption: {
      title: 'Mikro connection encryption',
    },
    mikro_tls_settings: {
      title: 'Mikro TLS settings',
    },
    mikro_tables_readable: {
      title: 'Mikro master tables readable',
      ok: 'Tables readable: {{tables, list}}.',
      failed: 'Not readable: {{tables, list}} (SQL Server error number in brackets: 208 no such table, 229 permission denied).',
      failed_rec: 'Check the table names (master_tables in mikro_connection.json) for this Mikro version and grant the login SELECT on them.',
    },
    mikro_schema_contract: {
      title: 'Mikro schema contract',
    },
    // H12b (issue 12 §4–5)
    mikro_least_privilege: {
      title: 'Mikro login with least privilege',
      ok: "The login '{{login}}' is not sa and is neither sysadmin nor db_owner.",
      warn: "Mikro is reached with the login '{{login}}', which is {{roles, list}}. The console only reads, but with this password anything can be done on the server.",
      rec: 'Have a separate, read-only login made and enter it in the SQL Board. The DBA can run: {{create}} Then either the read role for every table: {{role}} or only the configured tables: {{grants}} (on SQL Server 2008 R2 instead of ALTER ROLE: {{role_2008}})',
      unreadable: "The login's server roles could not be read: {{reason}}",
    },
    mikro_server: {
      title: 'Mikro SQL Server facts',
      ok: '{{product}}, {{edition}}, collation {{collation}}.',
      ok_express: '{{product}}, collation {{collation}}; {{size}}',
      express_near: 'Close to the Express size limit: {{size}} ({{product}}).',
      express_full: 'The Express size limit is almost reached: {{size}} ({{product}}). At the limit the ERP cannot write new data.',
      express_rec: "Archive old years' records or move to SQL Server Standard: Express limits each database's data files (the log file does not count).",
      unreadable: 'The server facts could not be read: {{reason}}',
    },
    mikro_push_guard: {
      title: 'Mikro write-back (PUSH) guard',
      ok: 'All {{kinds, n}} write-back kinds in the outbox ({{names, list}}) were blocked with E_MIKRO_READ_ONLY; no connection to Mikro was opened.',
      connections: 'The write-back guard is not effective: the write path created {{clients, n}} clients and opened {{connections, n}} connections towards Mikro ({{bytes, bytes}} sent).',
      not_blocked: 'The write-back guard is not effective: the {{kinds, list}} items did not end with E_MIKRO_READ_ONLY.',
      rec: 'Stop the service and report this build: in P1 no write may reach Mikro.',
    },
  },
  health: {
    not_configured: 'Mikro is not set up: no host and database.',
    disabled: 'Mikro is switched off ("enabled": false).',
  },
  cli: {
    test_ok: 'CONNECTED: {{message}} ({{latency, ms}}, {{version}}, encryption: {{encryption}})',
    test_failed: 'FAILED: {{message}}',
    hint: 'What to do: {{hint}}',
    version_unknown: 'version unknown',
    encryption: { on: 'on', off: 'off', unknown: 'unknown' },
    health_ok: 'Mikro healthy ({{latency, ms}})',
    health_error: 'Mikro error {{code}}: {{detail}}',
    query_summary: '({{count, n}} rows{{truncated}}, {{duration, ms}})',
    query_truncated: ', truncated at {{max, n}}',
  },
};
