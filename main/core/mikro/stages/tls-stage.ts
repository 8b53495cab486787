/**
 * The `prelogin` and `tls` stages: what the server says before any credential (its version named
 * as a product, whether it encrypts), then the TLS handshake it would do with tedious, judged:
 * pin (wins over any CA verdict) → CA + host name → blanket trust (WARN) → refused with the
 * certificate's facts. An old server that shares no TLS version with us is named as such, with
 * its version, never as a certificate problem.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { ErrorCode } from '../../../../shared/errors.js';
import { msg, type Message } from '../../../../shared/messages.js';
import type { MikroCertificateFacts, MikroTlsMinVersion } from '../../../../shared/mikro.js';
import { sqlServerProduct, type SqlServerProduct } from '../sql-server-versions.js';
import { certificateFacts, fingerprintsEqual, isOldTlsFailure, isWeakProtocol, normaliseFingerprint, tlsContextOptions } from '../tls-policy.js';
import { sendPrelogin, tlsOverPrelogin, type EncryptAnswer, type PreloginAnswer, type TdsMessages } from './prelogin-probe.js';

export interface StageOutcome {
  status: 'PASS' | 'WARN' | 'FAIL' | 'SKIP';
  detail: Message;
  next_step?: Message;
  technical_detail?: string;
  facts?: Record<string, unknown>;
  /** The error code of the test result when this stage is its first FAIL. */
  code?: ErrorCode;
}

export interface PreloginFacts {
  answer: PreloginAnswer;
  product: SqlServerProduct;
  wire: TdsMessages;
  /** tedious will run TLS (the client asked for it and the server offers or requires it). */
  tlsFollows: boolean;
}

const encryptionWord = (e: EncryptAnswer): Message => msg(`mikro.stages.prelogin.encryption.${e}`);

export async function preloginStage(
  socket: net.Socket,
  s: { encrypt: boolean; certificate_fingerprint?: string | null | undefined },
  timeoutMs: number,
): Promise<{ outcome: StageOutcome; facts: PreloginFacts | null }> {
  let answer: PreloginAnswer;
  let wire: TdsMessages;
  try {
    ({ answer, wire } = await sendPrelogin(socket, s.encrypt, timeoutMs));
  } catch (err) {
    const technical_detail = (err as Error).message;
    if ((err as { code?: string }).code === 'ETIMEDOUT') {
      // TCP accepted, then silence: a hung service, or something else listening that never speaks TDS.
      return { outcome: { status: 'FAIL', code: 'E_MIKRO_TIMEOUT', detail: msg('mikro.stages.prelogin.timeout', { timeout: timeoutMs }), next_step: msg('mikro.stages.prelogin.timeout_rec'), technical_detail }, facts: null };
    }
    return { outcome: { status: 'FAIL', code: 'E_MIKRO_UNREACHABLE', detail: msg('mikro.stages.prelogin.not_sql'), next_step: msg('mikro.stages.prelogin.not_sql_rec'), technical_detail }, facts: null };
  }
  const product = sqlServerProduct(answer.major, answer.minor, answer.build);
  const offers = answer.encryption === 'ON' || answer.encryption === 'REQ';
  const facts = { product: product.name, version: product.version, encryption: answer.encryption, tls12_capable: product.tls12 };
  const found: PreloginFacts = { answer, product, wire, tlsFollows: s.encrypt && offers };
  const params = { product: product.name, encryption: encryptionWord(answer.encryption) };
  if (!s.encrypt && offers) {
    // tedious: "Server requires encryption" (EENCRYPT) before LOGIN7.
    return { outcome: { status: 'FAIL', code: 'E_MIKRO_CERTIFICATE', detail: msg('mikro.stages.prelogin.requires_encryption', params), next_step: msg('mikro.stages.prelogin.requires_encryption_rec'), facts }, facts: found };
  }
  if (!offers && s.certificate_fingerprint) {
    return { outcome: { status: 'FAIL', code: 'E_MIKRO_CERTIFICATE', detail: msg('mikro.stages.prelogin.pin_without_tls', params), next_step: msg('mikro.stages.prelogin.pin_without_tls_rec'), facts }, facts: found };
  }
  if (!offers) {
    // tedious carries on in clear text: the SQL password would cross the LAN readable.
    return { outcome: { status: 'WARN', detail: msg('mikro.stages.prelogin.clear_password', params), next_step: msg('mikro.stages.prelogin.clear_password_rec'), facts }, facts: found };
  }
  return { outcome: { status: 'PASS', detail: msg('mikro.stages.prelogin.ok', params), facts }, facts: found };
}

export interface TlsStageResult {
  outcome: StageOutcome;
  certificate?: MikroCertificateFacts;
}

export async function tlsStage(
  prelogin: PreloginFacts,
  host: string,
  s: { trust_server_certificate: boolean; certificate_fingerprint?: string | null | undefined; tls_min_version: MikroTlsMinVersion },
  timeoutMs: number,
): Promise<TlsStageResult> {
  const product = prelogin.product.name;
  const ctx = tlsContextOptions(s.tls_min_version);
  let probe;
  try {
    probe = await tlsOverPrelogin(prelogin.wire, { ...(net.isIP(host) ? {} : { servername: host }), ...ctx, timeoutMs });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const technical = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
    if (isOldTlsFailure(e.code ? [e.code] : [], [e.message ?? ''])) {
      return {
        outcome: {
          status: 'FAIL',
          code: 'E_MIKRO_OLD_TLS',
          detail: msg('mikro.stages.tls.old_tls', { product, min: s.tls_min_version }),
          next_step: msg('mikro.stages.tls.old_tls_rec'),
          technical_detail: technical,
          facts: { product, version: prelogin.product.version, tls_min_version: s.tls_min_version, tls12_capable: prelogin.product.tls12 },
        },
      };
    }
    return { outcome: { status: 'FAIL', code: 'E_MIKRO_CERTIFICATE', detail: msg('mikro.stages.tls.failed', { product }), next_step: msg('mikro.stages.tls.failed_rec'), technical_detail: technical } };
  }
  const cert = certificateFacts(probe.certificate);
  const facts = { protocol: probe.protocol, cipher: probe.cipher, ...cert };
  const params = { protocol: probe.protocol ?? '?', cipher: probe.cipher, subject: cert.subject, issuer: cert.issuer, valid_to: cert.valid_to, fingerprint: cert.fingerprint256, product };
  const weak = isWeakProtocol(probe.protocol);
  const weakOr = (o: StageOutcome): StageOutcome =>
    weak && o.status === 'PASS' ? { ...o, status: 'WARN', detail: msg('mikro.stages.tls.weak', params), next_step: msg('mikro.stages.tls.old_tls_rec') } : o;

  if (s.certificate_fingerprint) {
    if (fingerprintsEqual(cert.fingerprint256, s.certificate_fingerprint)) {
      return { certificate: cert, outcome: weakOr({ status: 'PASS', detail: msg('mikro.stages.tls.pinned', params), facts: { ...facts, pinned: true } }) };
    }
    return {
      certificate: cert,
      outcome: {
        status: 'FAIL',
        code: 'E_MIKRO_CERTIFICATE',
        detail: msg('mikro.stages.tls.pin_mismatch', { ...params, expected: normaliseFingerprint(s.certificate_fingerprint) }),
        next_step: msg('mikro.stages.tls.pin_mismatch_rec'),
        facts: { ...facts, pinned: true },
      },
    };
  }
  const identity = probe.authorized ? tls.checkServerIdentity(host, probe.certificate) : undefined;
  if (probe.authorized && !identity) return { certificate: cert, outcome: weakOr({ status: 'PASS', detail: msg('mikro.stages.tls.ok', params), facts }) };
  const reason = identity ? identity.message : (probe.authorizationError ?? 'not trusted');
  if (s.trust_server_certificate) {
    return {
      certificate: cert,
      outcome: { status: 'WARN', detail: msg(weak ? 'mikro.stages.tls.weak' : 'mikro.stages.tls.trusted_blanket', params), next_step: msg('mikro.stages.tls.trusted_blanket_rec'), technical_detail: reason, facts },
    };
  }
  return {
    certificate: cert,
    outcome: { status: 'FAIL', code: 'E_MIKRO_CERTIFICATE', detail: msg('mikro.stages.tls.untrusted', params), next_step: msg('mikro.stages.tls.untrusted_rec'), technical_detail: reason, facts },
  };
}
