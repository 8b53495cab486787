// NTLM inside LOGIN7, as SQL Server answers it for tedious' `authentication: { type: 'ntlm' }`
// (tedious 19.2.2: ntlm.js writes the NEGOTIATE, token/sspi-token-parser.js reads the CHALLENGE,
// ntlm-payload.js writes the AUTHENTICATE; [MS-NLMP] 2.2.1):
//   client LOGIN7 with SSPI = NTLM NEGOTIATE (type 1)  →  server SSPI token 0xED = CHALLENGE (type 2)
//   client message 0x11 (SSPI) = AUTHENTICATE (type 3)  →  server LOGINACK (or an 18456 error)
// The fake parses the NEGOTIATE, sends a CHALLENGE with a fresh server nonce and target info, and
// checks the AUTHENTICATE: domain, user, workstation, an NTLMv2 response (blob type 0x0101 carrying
// our nonce's target info) and, when the account's password is known, the NTProofStr itself:
//   NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain))
//   NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob)
// node:crypto has no MD4 under OpenSSL 3 (crypto.getHashes() lists none), so MD4 comes from js-md4,
// the library tedious itself uses for the client side (a dependency of tedious, pinned with it).
// tedious writes NtChallengeResponseLen = 16 and puts the blob right after the proof; the fake
// reads it from there (and from inside the field when a client declares the full length).

import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { TdsMessage } from './packets.js';

const md4 = createRequire(import.meta.url)('js-md4') as { arrayBuffer(data: Uint8Array): ArrayBuffer };

/** Message type of the client's SSPI packet (tedious: packet.js NTLMAUTH_PKT). */
export const SSPI_PACKET = 0x11;
const SSPI_TOKEN = 0xed;
const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export interface NtlmOptions {
  /** `DOMAIN\user` (case-insensitive) → password. Known accounts get their NTProofStr verified. */
  accounts?: Record<string, string>;
  /** NetBIOS domain the server announces in its CHALLENGE. Default FABRIKA. */
  domain?: string;
}

/** What the fake learnt from one NTLM exchange (on `TdsLogin.ntlm`). */
export interface NtlmLogin {
  negotiateFlags: number;
  /** Domain the client named in its NEGOTIATE (OEM), upper-case as tedious sends it. */
  negotiateDomain: string;
  domain: string;
  user: string;
  workstation: string;
  /** The AUTHENTICATE carried an NTLMv2 response (blob type 1.1, our target info inside). */
  ntlmV2: boolean;
  /** The client's NTLMv2 blob echoed the server challenge's target info. */
  targetInfoEchoed: boolean;
  /** true/false: NTProofStr checked against the known password; null: account unknown (structure only). */
  verified: boolean | null;
}

interface Pending {
  login7: TdsMessage;
  challenge: Buffer;
  targetInfo: Buffer;
  negotiateFlags: number;
  negotiateDomain: string;
  result?: NtlmLogin;
}

function field(data: Buffer, at: number): Buffer {
  const len = data.readUInt16LE(at);
  const offset = data.readUInt32LE(at + 4);
  return offset + len <= data.length ? data.subarray(offset, offset + len) : Buffer.alloc(0);
}

/** The SSPI bytes of a LOGIN7 (ibSSPI at 78, cbSSPI at 80; [MS-TDS] 2.2.6.4), or null. */
function login7Sspi(data: Buffer): Buffer | null {
  if (data.length < 82) return null;
  const at = data.readUInt16LE(78);
  const len = data.readUInt16LE(80);
  return len > 0 && at + len <= data.length ? data.subarray(at, at + len) : null;
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** CHALLENGE laid out as tedious' parser reads it: domain at 56, target info right after. */
function challengeMessage(domain: string, challenge: Buffer, targetInfo: Buffer): Buffer {
  const name = Buffer.from(domain, 'utf16le');
  const head = Buffer.alloc(56);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  // Unicode | RequestTarget | NTLM | AlwaysSign | TargetTypeDomain | ExtendedSecurity | TargetInfo | Version | 128 | 56
  head.writeUInt32LE((0x00000001 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00010000 | 0x00080000 | 0x00800000 | 0x02000000 | 0x20000000 | 0x80000000) >>> 0, 20);
  challenge.copy(head, 24);
  head.writeUInt16LE(targetInfo.length, 40);
  head.writeUInt16LE(targetInfo.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]).copy(head, 48); // version 10.0.19041, NTLM revision 15
  return Buffer.concat([head, name, targetInfo]);
}

function sspiToken(body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(SSPI_TOKEN, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

const hmacMd5 = (key: Buffer, data: Buffer): Buffer => crypto.createHmac('md5', key).update(data).digest();

export function ntowfV2(password: string, user: string, domain: string): Buffer {
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
  return hmacMd5(ntHash, Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/** Parses an AUTHENTICATE against the pending challenge. */
function readAuthenticate(data: Buffer, p: Pending, accounts: Record<string, string>): NtlmLogin {
  if (data.length < 64 || !data.subarray(0, 8).equals(SIGNATURE) || data.readUInt32LE(8) !== 3) throw new Error('not an NTLM AUTHENTICATE message');
  const domain = field(data, 28).toString('utf16le');
  const user = field(data, 36).toString('utf16le');
  const workstation = field(data, 44).toString('utf16le');
  const ntLen = data.readUInt16LE(20);
  const ntOff = data.readUInt32LE(24);
  const proof = data.subarray(ntOff, ntOff + 16);
  const blob = ntLen > 16 ? data.subarray(ntOff + 16, ntOff + ntLen) : data.subarray(ntOff + 16);
  const ntlmV2 = proof.length === 16 && blob.length >= 32 && blob[0] === 1 && blob[1] === 1;
  const targetInfoEchoed = ntlmV2 && blob.includes(p.targetInfo);
  const password = Object.entries(accounts).find(([k]) => k.toUpperCase() === `${domain}\\${user}`.toUpperCase())?.[1];
  let verified: boolean | null = null;
  if (password !== undefined) verified = ntlmV2 && hmacMd5(ntowfV2(password, user, domain), Buffer.concat([p.challenge, blob])).equals(proof);
  return { negotiateFlags: p.negotiateFlags, negotiateDomain: p.negotiateDomain, domain, user, workstation, ntlmV2, targetInfoEchoed, verified };
}

/** Per-server NTLM state; the hooks in server.ts are `begin`, `authenticate` and `facts`. */
export function ntlmResponder(opts: NtlmOptions = {}) {
  const pending = new WeakMap<object, Pending>();
  const serverDomain = opts.domain ?? 'FABRIKA';
  const accounts = opts.accounts ?? {};
  return {
    /**
     * LOGIN7 carrying an NTLM NEGOTIATE: sends the CHALLENGE and returns true (the login waits for
     * the AUTHENTICATE). False for a plain LOGIN7, and for the one resumed after the exchange.
     */
    begin(conn: object, msg: TdsMessage, send: (payload: Buffer) => void): boolean {
      if (pending.get(conn)?.result) return false;
      const sspi = login7Sspi(msg.data);
      if (!sspi || sspi.length < 32 || !sspi.subarray(0, 8).equals(SIGNATURE) || sspi.readUInt32LE(8) !== 1) return false;
      const negotiateFlags = sspi.readUInt32LE(12);
      const negotiateDomain = field(sspi, 16).toString('latin1');
      const challenge = crypto.randomBytes(8);
      const targetInfo = Buffer.concat([
        avPair(2, Buffer.from(serverDomain, 'utf16le')),
        avPair(1, Buffer.from('FAKE-MSSQL', 'utf16le')),
        avPair(4, Buffer.from(`${serverDomain.toLowerCase()}.local`, 'utf16le')),
        avPair(0, Buffer.alloc(0)),
      ]);
      pending.set(conn, { login7: msg, challenge, targetInfo, negotiateFlags, negotiateDomain });
      send(sspiToken(challengeMessage(serverDomain, challenge, targetInfo)));
      return true;
    },
    /** The client's SSPI message: checks it and returns the LOGIN7 to resume, or null (drop the socket). */
    authenticate(conn: object, data: Buffer): TdsMessage | null {
      const p = pending.get(conn);
      if (!p || p.result) return null;
      try {
        p.result = readAuthenticate(data, p, accounts);
      } catch {
        return null;
      }
      return p.login7;
    },
    /** `{ ntlm }` for the recorded login once the exchange happened, else nothing. */
    facts(conn: object): { ntlm?: NtlmLogin } {
      const r = pending.get(conn)?.result;
      return r ? { ntlm: r } : {};
    },
  };
}
