// Throw-away self-signed certificates for the TDS fake's TLS, made with the `openssl` CLI (on every
// Debian machine) in a temp directory. Like the certificate SQL Server makes for itself
// ("SSL_Self_Signed_Fallback"): self-signed, no SAN for the address the client dials, so a client
// that verifies it refuses it; only a pinned fingerprint or blanket trust accepts it.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, upper-case hex with colons (what Node's fingerprint256 gives). */
  fingerprint256: string;
  subject: string;
  validTo: string;
}

const cache = new Map<string, TestCertificate>();

/** One certificate per common name per test process (openssl takes ~50 ms, RSA 2048). */
export function testCertificate(commonName = 'SSL_Self_Signed_Fallback'): TestCertificate {
  const hit = cache.get(commonName);
  if (hit) return hit;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-fake-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', `/CN=${commonName}`, '-sha256'],
      { stdio: 'ignore' },
    );
    const key = fs.readFileSync(keyFile, 'utf8');
    const cert = fs.readFileSync(certFile, 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    const made: TestCertificate = { key, cert, fingerprint256: x509.fingerprint256, subject: x509.subject, validTo: x509.validTo };
    cache.set(commonName, made);
    return made;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
