// Client-to-server message parsers: PRELOGIN, LOGIN7, SQL batch, RPC ([MS-TDS] 2.2.6),
// checked against what tedious 19 writes (prelogin-payload.js, login7-payload.js,
// sqlbatch-payload.js, rpcrequest-payload.js, all-headers.js).

import type { NtlmLogin } from './ntlm.js';

export interface TdsLogin {
  user: string;
  /** Clear text: LOGIN7 only scrambles it (nibble swap + XOR 0xA5). */
  password: string;
  database: string;
  appName: string;
  hostName: string;
  serverName: string;
  libraryName: string;
  /** TypeFlags bit 0x20 (fReadOnlyIntent), what `readOnlyIntent: true` sets (ApplicationIntent=ReadOnly). */
  readOnlyIntent: boolean;
  /** Raw LOGIN7 TypeFlags byte. */
  typeFlags: number;
  /** TDS version the client asked for, e.g. 0x74000004 for 7.4. */
  tdsVersion: number;
  packetSize: number;
  /** PRELOGIN ENCRYPTION byte the client sent: 0x00 OFF, 0x01 ON, 0x02 NOT_SUP, 0x03 REQ; -1 if none. */
  encryptRequested: number;
  /** The LOGIN7 came inside TLS (set by the server; parseLogin7 cannot know). */
  encrypted: boolean;
  /** The NTLM exchange this LOGIN7 carried (ntlm.ts; set by the server), when it carried one. */
  ntlm?: NtlmLogin;
}

// ---------------------------------------------------------------- PRELOGIN

const PL_VERSION = 0x00;
const PL_ENCRYPTION = 0x01;
const PL_INSTOPT = 0x02;
const PL_THREADID = 0x03;
const PL_MARS = 0x04;
const PL_TERMINATOR = 0xff;

/** Returns the ENCRYPTION byte of a client PRELOGIN, or -1 when the option is absent. */
export function parsePreloginEncryption(data: Buffer): number {
  let offset = 0;
  while (offset < data.length && data[offset] !== PL_TERMINATOR) {
    if (offset + 5 > data.length) break;
    const token = data.readUInt8(offset);
    const at = data.readUInt16BE(offset + 1);
    const len = data.readUInt16BE(offset + 3);
    if (token === PL_ENCRYPTION && len >= 1 && at < data.length) return data.readUInt8(at);
    offset += 5;
  }
  return -1;
}

/** Server PRELOGIN answer: VERSION, ENCRYPTION, INSTOPT, THREADID, MARS. */
export function preloginResponse(version: { major: number; minor: number; build: number }, encryption: number): Buffer {
  const options: [number, Buffer][] = [];
  const ver = Buffer.alloc(6);
  ver.writeUInt8(version.major & 0xff, 0);
  ver.writeUInt8(version.minor & 0xff, 1);
  ver.writeUInt16BE(version.build & 0xffff, 2);
  ver.writeUInt16BE(0, 4);
  options.push([PL_VERSION, ver]);
  options.push([PL_ENCRYPTION, Buffer.from([encryption & 0xff])]);
  options.push([PL_INSTOPT, Buffer.from([0x00])]);
  options.push([PL_THREADID, Buffer.alloc(0)]);
  options.push([PL_MARS, Buffer.from([0x00])]);
  const headerLength = options.length * 5 + 1;
  const header = Buffer.alloc(headerLength);
  let dataOffset = headerLength;
  options.forEach(([token, data], i) => {
    header.writeUInt8(token, i * 5);
    header.writeUInt16BE(dataOffset, i * 5 + 1);
    header.writeUInt16BE(data.length, i * 5 + 3);
    dataOffset += data.length;
  });
  header.writeUInt8(PL_TERMINATOR, headerLength - 1);
  return Buffer.concat([header, ...options.map(([, d]) => d)]);
}

// ---------------------------------------------------------------- LOGIN7

function readUcs2At(data: Buffer, fieldOffset: number): string {
  const at = data.readUInt16LE(fieldOffset);
  const chars = data.readUInt16LE(fieldOffset + 2);
  if (chars === 0 || at + chars * 2 > data.length) return '';
  return data.toString('utf16le', at, at + chars * 2);
}

function unscramble(data: Buffer, fieldOffset: number): string {
  const at = data.readUInt16LE(fieldOffset);
  const chars = data.readUInt16LE(fieldOffset + 2);
  if (chars === 0 || at + chars * 2 > data.length) return '';
  const b = Buffer.from(data.subarray(at, at + chars * 2));
  for (let i = 0; i < b.length; i++) {
    const x = (b[i] ?? 0) ^ 0xa5;
    b[i] = ((x & 0x0f) << 4) | (x >> 4);
  }
  return b.toString('utf16le');
}

/** LOGIN7 fixed part is 94 bytes; offsets below are [MS-TDS] 2.2.6.4. */
export function parseLogin7(data: Buffer, encryptRequested: number): TdsLogin {
  if (data.length < 94) throw new Error(`LOGIN7 too short (${data.length} bytes)`);
  const typeFlags = data.readUInt8(26);
  return {
    tdsVersion: data.readUInt32LE(4),
    packetSize: data.readUInt32LE(8),
    typeFlags,
    readOnlyIntent: (typeFlags & 0x20) !== 0,
    hostName: readUcs2At(data, 36),
    user: readUcs2At(data, 40),
    password: unscramble(data, 44),
    appName: readUcs2At(data, 48),
    serverName: readUcs2At(data, 52),
    libraryName: readUcs2At(data, 60),
    database: readUcs2At(data, 68),
    encryptRequested,
    encrypted: false,
  };
}

// ---------------------------------------------------------------- SQL batch and RPC

/** Skips ALL_HEADERS (TDS 7.2+): a DWORD total length that includes itself. */
function skipAllHeaders(data: Buffer): number {
  if (data.length < 4) return 0;
  const total = data.readUInt32LE(0);
  // A plausible ALL_HEADERS block is at least 4 + 18 bytes (transaction descriptor header).
  return total >= 4 && total <= data.length && total < 1024 ? total : 0;
}

export function parseSqlBatch(data: Buffer): string {
  return data.toString('utf16le', skipAllHeaders(data));
}

export interface RpcParam {
  name: string;
  /** TDS type byte, e.g. 0x26 INTN, 0xE7 NVARCHAR. */
  typeId: number;
  /** Decoded for common scalar types; `undefined` when not decoded. */
  value: unknown;
}

export interface RpcCall {
  /** Procedure name, or the well-known ProcID (10 = sp_executesql). */
  proc: string | number;
  params: RpcParam[];
  /** For sp_executesql: text of the first NVARCHAR parameter (@statement). */
  sql: string | undefined;
}

class Cursor {
  constructor(readonly b: Buffer, public o: number) {}
  u8(): number { const v = this.b.readUInt8(this.o); this.o += 1; return v; }
  u16(): number { const v = this.b.readUInt16LE(this.o); this.o += 2; return v; }
  u32(): number { const v = this.b.readUInt32LE(this.o); this.o += 4; return v; }
  u64(): bigint { const v = this.b.readBigUInt64LE(this.o); this.o += 8; return v; }
  take(n: number): Buffer {
    if (this.o + n > this.b.length) throw new RangeError('RPC parameter runs past the message');
    const v = this.b.subarray(this.o, this.o + n); this.o += n; return v;
  }
}

function readPlp(c: Cursor): Buffer | null {
  const total = c.u64();
  if (total === 0xffffffffffffffffn) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const len = c.u32();
    if (len === 0) break;
    chunks.push(c.take(len));
  }
  return Buffer.concat(chunks);
}

/** Reads one parameter's TYPE_INFO and value. Throws on types it does not know. */
function readParamValue(c: Cursor, typeId: number): unknown {
  switch (typeId) {
    case 0x26: case 0x68: case 0x6d: case 0x6e: case 0x6f: case 0x24: { // INTN BITN FLTN MONEYN DATETIMN GUID
      c.u8(); // max length
      const len = c.u8();
      if (len === 0) return null;
      const v = c.take(len);
      if (typeId === 0x26) return len === 1 ? v.readUInt8(0) : len === 2 ? v.readInt16LE(0) : len === 4 ? v.readInt32LE(0) : v.readBigInt64LE(0);
      if (typeId === 0x68) return v.readUInt8(0) !== 0;
      if (typeId === 0x6d) return len === 4 ? v.readFloatLE(0) : v.readDoubleLE(0);
      return Buffer.from(v);
    }
    case 0x6a: case 0x6c: { // DECIMALN NUMERICN: max length, precision, scale
      c.u8(); c.u8(); const scale = c.u8();
      const len = c.u8();
      if (len === 0) return null;
      const v = c.take(len);
      let n = 0n;
      for (let i = len - 1; i >= 1; i--) n = (n << 8n) | BigInt(v[i] ?? 0);
      const sign = v[0] === 1 ? '' : '-';
      const s = n.toString().padStart(scale + 1, '0');
      return sign + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
    }
    case 0x28: { // DATEN
      const len = c.u8();
      return len === 0 ? null : Buffer.from(c.take(len));
    }
    case 0x29: case 0x2a: case 0x2b: { // TIMEN DATETIME2N DATETIMEOFFSETN: scale
      c.u8();
      const len = c.u8();
      return len === 0 ? null : Buffer.from(c.take(len));
    }
    case 0xe7: case 0xef: case 0xa7: case 0xaf: case 0xa5: case 0xad: { // (N)VARCHAR (N)CHAR VARBINARY BINARY
      const max = c.u16();
      const textual = typeId !== 0xa5 && typeId !== 0xad;
      if (textual) c.take(5); // collation
      let raw: Buffer | null;
      if (max === 0xffff) {
        raw = readPlp(c);
      } else {
        const len = c.u16();
        raw = len === 0xffff ? null : c.take(len);
      }
      if (raw === null) return null;
      if (typeId === 0xe7 || typeId === 0xef) return raw.toString('utf16le');
      if (typeId === 0xa7 || typeId === 0xaf) return raw.toString('latin1');
      return Buffer.from(raw);
    }
    default:
      throw new Error(`unsupported RPC parameter type 0x${typeId.toString(16)}`);
  }
}

export function parseRpc(data: Buffer): RpcCall {
  const c = new Cursor(data, skipAllHeaders(data));
  const nameLen = c.u16();
  const proc: string | number = nameLen === 0xffff ? c.u16() : c.take(nameLen * 2).toString('utf16le');
  c.u16(); // OptionFlags
  const params: RpcParam[] = [];
  try {
    while (c.o < data.length) {
      const nameChars = c.u8();
      const name = c.take(nameChars * 2).toString('utf16le');
      c.u8(); // StatusFlags
      const typeId = c.u8();
      params.push({ name, typeId, value: readParamValue(c, typeId) });
    }
  } catch {
    // Unknown type or batch separator (0x80/0xFF): keep what was decoded, ignore the rest.
  }
  const isExecuteSql = proc === 10 || (typeof proc === 'string' && /^(sys\.)?sp_executesql$/i.test(proc));
  const first = params[0];
  const sql = isExecuteSql && first && typeof first.value === 'string' ? first.value : undefined;
  return { proc, params, sql };
}
