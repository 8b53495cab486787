/**
 * Catalogue: mikro (continued). The staged connection test's stages and the TLS settings check
 * (H12a); mikro.ts merges it into its namespace (keys mikro.stages.* and mikro.tls_settings.*).
 */
import type { CatalogShape } from '../keys.js';
import type { mikroStages as tr } from '../tr/mikro-stages.js';

export const mikroStages: CatalogShape<typeof tr> = {
  /** The staged connection test (H12a): each stage's result, what it found and what to do. */
  stages: {
    names: {
      parse: 'Server name',
      dns: 'Name resolution (DNS)',
      browser: 'SQL Server Browser',
      tcp: 'TCP connection',
      prelogin: 'Pre-login (PRELOGIN)',
      tls: 'TLS encryption',
      login: 'Login',
      database: 'Database',
      permissions: 'Permissions',
    },
    cancelled: 'The test was cancelled.',
    cancelled_rec: 'Start the test again when you are ready.',
    unexpected: 'The stage could not finish because of an unexpected error.',
    parse: {
      ok: 'Server: {{server}} (written as {{form}}).',
      empty: 'The server field is empty.',
      protocol: 'The “{{prefix}}” prefix is not supported: the console connects to SQL Server over TCP only.',
      bad_port: '“{{port}}” is not a valid port number (1-65535).',
      empty_instance: 'There is no instance name after the backslash (\\).',
      port_and_instance: 'Both a port ({{port}}) and an instance name ({{instance}}) are given; which one to use is ambiguous.',
      instance_conflict: 'The instance name in the server field ({{typed}}) differs from the Instance field ({{field}}).',
      bad_host: '“{{host}}” is not a valid server name (it contains a space).',
      fix: 'Write the server as “server”, “server,port” or “server\\INSTANCE” (optionally prefixed with tcp:); give either a port or an instance name, not both.',
    },
    dns: {
      literal: '{{host}} is an IP address; no name resolution needed.',
      ok: '{{host}} → {{addresses, list}}.',
      unknown: 'The name “{{host}}” could not be resolved: no computer with that name was found (unknown host).',
      unknown_rec: 'Check the server name; if it is not registered in DNS, type the server’s IP address.',
    },
    browser: {
      not_needed: 'No instance name; port {{port}} is used directly.',
      ok: 'Instance “{{instance}}” is on port {{port}} (instances the SQL Server Browser reported: {{found, list}}).',
      missing: 'Instance “{{instance}}” does not exist on this server. Instances the SQL Server Browser reported: {{found, list}}.',
      missing_rec: 'Correct the instance name to one in the list (Mikro installations mostly use SQLEXPRESS or MIKRO).',
      no_tcp: 'Instance “{{instance}}” does not listen on TCP/IP.',
      no_tcp_rec: 'Enable the TCP/IP protocol for this instance in SQL Server Configuration Manager and restart the service.',
      none: 'The SQL Server Browser on {{host}} did not answer (UDP 1434); the port of instance “{{instance}}” is unknown.',
      none_rec: 'Start the SQL Server Browser service on the server and allow UDP 1434 in the firewall; or type “server,port” instead of the instance name.',
    },
    tcp: {
      ok: '{{address}}:{{port}} accepted the connection.',
      refused: '{{address}}:{{port}} refused the connection: the SQL Server service is stopped, TCP/IP is disabled or the port is wrong.',
      refused_rec: 'Check that the SQL Server service is running, TCP/IP is enabled in SQL Server Configuration Manager and the port is right.',
      timeout: '{{address}}:{{port}} did not answer within {{timeout, ms}}: most likely a firewall blocks it.',
      timeout_rec: 'Check that the server and any firewall in between allow this TCP port (Windows Defender Firewall → Inbound Rules).',
      unreachable: '{{address}}:{{port}} cannot be reached over the network.',
      unreachable_rec: 'Check the network connection, the VPN and the routing.',
    },
    prelogin: {
      ok: '{{product}}; encryption: {{encryption}}.',
      encryption: { ON: 'offered', REQ: 'required (Force Encryption)', OFF: 'during login only', NOT_SUP: 'not supported', UNKNOWN: 'unknown' },
      timeout: 'The server accepted the TCP connection but did not answer within {{timeout, ms}} (timed out): the SQL Server service may be hung.',
      timeout_rec: 'Restart the SQL Server service on the server; check that no other program listens on this port; on a slow network raise the timeout.',
      not_sql: 'The server did not answer the PRELOGIN request: there seems to be no SQL Server on this port.',
      not_sql_rec: 'Check that the port is SQL Server’s (default 1433; for a named instance the port the SQL Server Browser reports).',
      requires_encryption: 'The server ({{product}}) requires an encrypted connection, but “Encrypt connection” is off.',
      requires_encryption_rec: 'Turn on “Encrypt connection” on the SQL Board.',
      clear_password: 'The connection will not be encrypted ({{product}}, encryption: {{encryption}}): the SQL password and ERP data will cross the network in clear text.',
      clear_password_rec: 'Turn on “Encrypt connection” and set up a certificate on the server (SQL Server Configuration Manager → Protocols → Certificate).',
      pin_without_tls: 'A certificate fingerprint is pinned, but the server ({{product}}) offers no TLS; not connecting, so that the login does not go in clear text.',
      pin_without_tls_rec: 'Turn on encryption on the server, or check that you are connecting to the right server.',
    },
    tls: {
      ok: '{{protocol}}, {{cipher}}; certificate {{subject}} (issuer: {{issuer}}, expires {{valid_to, when}}), SHA-256 {{fingerprint}}.',
      pinned: 'The certificate matches the pinned fingerprint ({{protocol}}, {{cipher}}; SHA-256 {{fingerprint}}).',
      trusted_blanket: 'The certificate was not verified but is accepted because “Trust server certificate” is on ({{protocol}}; {{subject}}, SHA-256 {{fingerprint}}).',
      trusted_blanket_rec: 'Instead of trusting every certificate, pin this one’s fingerprint (“Trust this certificate”) and turn “Trust server certificate” off.',
      untrusted: 'The server certificate could not be verified: subject {{subject}}, issuer {{issuer}}, expires {{valid_to, when}}, SHA-256 {{fingerprint}}.',
      untrusted_rec: 'Compare the fingerprint with the server’s administrator; if it is right, pin it with “Trust this certificate (pins the fingerprint)”, or install a trusted certificate on the server.',
      pin_mismatch: 'The server certificate does not match the pinned fingerprint: the server’s is {{fingerprint}}, expected {{expected}} (subject {{subject}}, issuer {{issuer}}). No password was sent.',
      pin_mismatch_rec: 'If the server’s certificate was renewed, confirm the new fingerprint with its administrator and pin it; otherwise this connection may be going to another server: check the network.',
      old_tls: 'The server ({{product}}) speaks only old TLS versions (1.0/1.1); this connection requires at least TLS {{min}}. This is not a certificate problem.',
      old_tls_rec: 'Install the SQL Server update that brings TLS 1.2 (KB3135244) and enable TLS 1.2 in Windows (SChannel). Stopgap: "tls_min_version": "1.0" in mikro_connection.json (audited, and a warning).',
      weak: 'Weak TLS in use: {{protocol}} ({{product}}; certificate SHA-256 {{fingerprint}}).',
      failed: 'The TLS handshake did not complete ({{product}}).',
      failed_rec: 'Pass the error in the technical detail to the server’s administrator; check the server’s certificate and TLS settings.',
      skipped_off: 'Encryption is off; no TLS handshake.',
      skipped_server: 'The server offers no encryption; no TLS handshake.',
    },
    login: {
      ok: '“{{username}}” logged in ({{latency, ms}}).',
      ok_database_failed: 'The credentials of “{{username}}” were accepted, but the database could not be opened.',
    },
    database: {
      ok: 'Database “{{database}}” is open.',
    },
    board: {
      title: 'Connection stages',
      cancel: 'Cancel',
      pending: 'waiting',
      trust: 'Trust this certificate (pins the fingerprint)',
      trusted: 'Fingerprint pinned: {{fingerprint}}. Run the test again.',
      certificate: 'Server certificate: {{subject}} · issuer {{issuer}} · expires {{valid_to, when}} · SHA-256 {{fingerprint}}',
      duration: '{{duration, ms}}',
    },
    cli: {
      line: '  {{status}} {{name}} ({{duration, ms}}): {{detail}}',
      next: '       → {{next}}',
    },
  },
  /** The TLS settings check (mikro_tls_settings). */
  tls_settings: {
    ok: 'TLS settings are safe: encryption on, certificate verified{{pinned}}, minimum TLS {{min}}.',
    pinned: ' (fingerprint pinned)',
    clear_password: '“Encrypt connection” is off (encrypt: false): tedious sends the SQL password across the network in clear text to a server that does not encrypt.',
    clear_password_rec: 'Set "encrypt": true in mikro_connection.json and confirm with the connection test that the server offers encryption.',
    trust_all: '“Trust server certificate” is on (trust_server_certificate: true): any certificate is accepted, a server in the middle would go unnoticed.',
    trust_all_rec: 'After the connection test on the SQL Board, pin the fingerprint with “Trust this certificate (pins the fingerprint)” and turn this option off.',
    weak_tls: 'weak TLS {{min}} in use: tls_min_version "{{min}}" allows old TLS versions.',
    weak_tls_rec: 'Install the TLS 1.2 update on the server (KB3135244), enable TLS 1.2 in Windows and remove the tls_min_version setting.',
  },
};
