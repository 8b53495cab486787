// Server-to-client token encoders ([MS-TDS] 2.2.7), written for what tedious 19 parses
// (node_modules/tedious/lib/token/*.js). All integers little-endian unless noted.

export const Token = {
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  ROW: 0xd1,
  RETURNSTATUS: 0x79,
  ENVCHANGE: 0xe3,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

export const DoneStatus = {
  FINAL: 0x00,
  MORE: 0x01,
  ERROR: 0x02,
  COUNT: 0x10,
  ATTN: 0x20,
} as const;

/** TDS 7.4 as tedious' tds-versions.js spells it; LOGINACK carries it big-endian. */
export const TDS_7_4 = 0x74000004;

/** Turkish_CI_AS (LCID 0x041F, ignore case/kana/width, sort id 0), the Mikro default collation. */
export const TURKISH_CI_AS = Buffer.from([0x1f, 0x04, 0xd0, 0x00, 0x00]);

export type ColumnType = 'int' | 'bigint' | 'smallint' | 'tinyint' | 'bit' | 'float' | 'nvarchar' | 'datetime2' | 'datetime' | 'uniqueidentifier';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** nvarchar: declared length in characters (default 4000), sent as the column's max length. */
  length?: number;
}

const ucs2 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/** B_VARCHAR: length in characters (1 byte) + UCS-2. */
export function bVarchar(s: string): Buffer {
  const b = ucs2(s.slice(0, 255));
  return Buffer.concat([Buffer.from([b.length / 2]), b]);
}

/** US_VARCHAR: length in characters (2 bytes) + UCS-2. */
export function usVarchar(s: string): Buffer {
  const b = ucs2(s.slice(0, 65535));
  const len = Buffer.alloc(2);
  len.writeUInt16LE(b.length / 2);
  return Buffer.concat([len, b]);
}

function withUShortLength(token: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(token, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** ENVCHANGE with B_VARCHAR values: 1 database, 2 language, 4 packet size. */
export function envChangeString(type: 1 | 2 | 4, newValue: string, oldValue: string): Buffer {
  return withUShortLength(Token.ENVCHANGE, Buffer.concat([Buffer.from([type]), bVarchar(newValue), bVarchar(oldValue)]));
}

/** ENVCHANGE with B_VARBYTE values: 7 SQL collation, 18 reset connection ack. */
export function envChangeBytes(type: 7 | 18, newValue: Buffer, oldValue: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([type, newValue.length]), newValue, Buffer.from([oldValue.length]), oldValue]);
  return withUShortLength(Token.ENVCHANGE, body);
}

export function loginAck(progName: string, version: { major: number; minor: number; build: number }): Buffer {
  const fixed = Buffer.alloc(5);
  fixed.writeUInt8(1, 0); // interface SQL_TSQL
  fixed.writeUInt32BE(TDS_7_4, 1);
  const ver = Buffer.from([version.major & 0xff, version.minor & 0xff, (version.build >> 8) & 0xff, version.build & 0xff]);
  return withUShortLength(Token.LOGINACK, Buffer.concat([fixed, bVarchar(progName), ver]));
}

export interface ErrorInfo {
  number: number;
  message: string;
  state?: number;
  class?: number;
  serverName?: string;
  procName?: string;
  lineNumber?: number;
}

/** ERROR (0xAA) or INFO (0xAB) token. */
export function errorToken(e: ErrorInfo, token: number = Token.ERROR): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt32LE(e.number, 0);
  head.writeUInt8(e.state ?? 1, 4);
  head.writeUInt8(e.class ?? 16, 5);
  const line = Buffer.alloc(4);
  line.writeInt32LE(e.lineNumber ?? 1);
  const body = Buffer.concat([head, usVarchar(e.message), bVarchar(e.serverName ?? 'FAKE-MSSQL'), bVarchar(e.procName ?? ''), line]);
  return withUShortLength(token, body);
}

/** DONE / DONEPROC / DONEINPROC: status, current command, 8-byte row count (TDS 7.2+). */
export function done(status: number, rowCount = 0, token: number = Token.DONE, curCmd = 0xc1): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt8(token, 0);
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(curCmd, 3);
  b.writeBigUInt64LE(BigInt(rowCount), 5);
  return b;
}

export function returnStatus(value: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt8(Token.RETURNSTATUS, 0);
  b.writeInt32LE(value, 1);
  return b;
}

const NVARCHAR_MAX_CHARS = 4000;
const PLP_NULL = 0xffffffffffffffffn;

function isMaxNvarchar(rows: readonly (readonly unknown[])[], index: number): boolean {
  return rows.some((r) => typeof r[index] === 'string' && (r[index] as string).length > NVARCHAR_MAX_CHARS);
}

/** COLMETADATA. Returns the per-column "nvarchar(max)" decision the ROW encoder must follow. */
export function colMetadata(columns: readonly ColumnSpec[], rows: readonly (readonly unknown[])[]): { bytes: Buffer; plp: boolean[] } {
  const head = Buffer.alloc(3);
  head.writeUInt8(Token.COLMETADATA, 0);
  head.writeUInt16LE(columns.length, 1);
  const parts: Buffer[] = [head];
  const plp: boolean[] = [];
  columns.forEach((col, i) => {
    const common = Buffer.alloc(6);
    common.writeUInt32LE(0, 0); // UserType
    common.writeUInt16LE(0x0001 | 0x0008, 4); // fNullable | updateable-unknown
    parts.push(common);
    const isPlp = col.type === 'nvarchar' && isMaxNvarchar(rows, i);
    plp.push(isPlp);
    switch (col.type) {
      case 'int': parts.push(Buffer.from([0x26, 4])); break; // INTN(4)
      case 'bigint': parts.push(Buffer.from([0x26, 8])); break; // INTN(8)
      case 'smallint': parts.push(Buffer.from([0x26, 2])); break; // INTN(2)
      case 'tinyint': parts.push(Buffer.from([0x26, 1])); break; // INTN(1)
      case 'uniqueidentifier': parts.push(Buffer.from([0x24, 16])); break; // GUIDTYPE(16)
      case 'bit': parts.push(Buffer.from([0x68, 1])); break; // BITN
      case 'float': parts.push(Buffer.from([0x6d, 8])); break; // FLTN(8)
      case 'datetime': parts.push(Buffer.from([0x6f, 8])); break; // DATETIMN(8)
      case 'datetime2': parts.push(Buffer.from([0x2a, 7])); break; // DATETIME2N, scale 7
      case 'nvarchar': {
        const t = Buffer.alloc(3);
        t.writeUInt8(0xe7, 0);
        t.writeUInt16LE(isPlp ? 0xffff : Math.min(NVARCHAR_MAX_CHARS, col.length ?? NVARCHAR_MAX_CHARS) * 2, 1);
        parts.push(t, TURKISH_CI_AS);
        break;
      }
    }
    parts.push(bVarchar(col.name));
  });
  return { bytes: Buffer.concat(parts), plp };
}

const MS_PER_DAY = 86_400_000;
/** Days from 0001-01-01 to 1970-01-01 (DATETIME2 counts days from 0001-01-01). */
const DAYS_0001_TO_1970 = 719_162;

function toDate(v: unknown): Date {
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${String(v)}`);
  return d;
}

/** A GUID's 16 bytes as SQL Server sends them: the first three groups little-endian (tedious' guidToArray). */
export function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const d = Buffer.from(hex, 'hex');
  return Buffer.from([d[3]!, d[2]!, d[1]!, d[0]!, d[5]!, d[4]!, d[7]!, d[6]!, ...d.subarray(8)]);
}

function encodeValue(type: ColumnType, v: unknown, plp: boolean): Buffer {
  const isNull = v === null || v === undefined;
  switch (type) {
    case 'int': {
      if (isNull) return Buffer.from([0]);
      const b = Buffer.alloc(5); b.writeUInt8(4, 0); b.writeInt32LE(Number(v), 1); return b;
    }
    case 'bigint': {
      if (isNull) return Buffer.from([0]);
      const b = Buffer.alloc(9); b.writeUInt8(8, 0); b.writeBigInt64LE(BigInt(v as number | bigint | string), 1); return b;
    }
    case 'smallint': {
      if (isNull) return Buffer.from([0]);
      const b = Buffer.alloc(3); b.writeUInt8(2, 0); b.writeInt16LE(Number(v), 1); return b;
    }
    case 'tinyint':
      return isNull ? Buffer.from([0]) : Buffer.from([1, Number(v) & 0xff]);
    case 'uniqueidentifier':
      return isNull ? Buffer.from([0]) : Buffer.concat([Buffer.from([16]), guidBytes(String(v))]);
    case 'bit':
      return isNull ? Buffer.from([0]) : Buffer.from([1, v ? 1 : 0]);
    case 'float': {
      if (isNull) return Buffer.from([0]);
      const b = Buffer.alloc(9); b.writeUInt8(8, 0); b.writeDoubleLE(Number(v), 1); return b;
    }
    case 'datetime': {
      if (isNull) return Buffer.from([0]);
      const ms = toDate(v).getTime() - Date.UTC(1900, 0, 1);
      const days = Math.floor(ms / MS_PER_DAY);
      const ticks = Math.round(((ms - days * MS_PER_DAY) * 300) / 1000);
      const b = Buffer.alloc(9); b.writeUInt8(8, 0); b.writeInt32LE(days, 1); b.writeUInt32LE(ticks, 5); return b;
    }
    case 'datetime2': {
      if (isNull) return Buffer.from([0]);
      const ms = toDate(v).getTime();
      const daysSince1970 = Math.floor(ms / MS_PER_DAY);
      const timeOfDay100ns = BigInt(ms - daysSince1970 * MS_PER_DAY) * 10_000n;
      const b = Buffer.alloc(9);
      b.writeUInt8(8, 0);
      b.writeUIntLE(Number(timeOfDay100ns & 0xffffffffffn), 1, 5);
      b.writeUIntLE(daysSince1970 + DAYS_0001_TO_1970, 6, 3);
      return b;
    }
    case 'nvarchar': {
      if (plp) {
        if (isNull) { const b = Buffer.alloc(8); b.writeBigUInt64LE(PLP_NULL); return b; }
        const data = ucs2(String(v));
        const head = Buffer.alloc(12);
        head.writeBigUInt64LE(BigInt(data.length), 0);
        head.writeUInt32LE(data.length, 8);
        return data.length === 0 ? Buffer.concat([head.subarray(0, 8), Buffer.alloc(4)]) : Buffer.concat([head, data, Buffer.alloc(4)]);
      }
      if (isNull) return Buffer.from([0xff, 0xff]);
      const data = ucs2(String(v));
      const len = Buffer.alloc(2); len.writeUInt16LE(data.length);
      return Buffer.concat([len, data]);
    }
  }
}

/** Bytes of a non-NULL value written by `writeFixed` (types whose size does not depend on the value). */
const FIXED_SIZE: Partial<Record<ColumnType, number>> = { int: 5, bigint: 9, smallint: 3, tinyint: 2, bit: 2, float: 9, datetime: 9, uniqueidentifier: 17 };

export function rowToken(columns: readonly ColumnSpec[], row: readonly unknown[], plp: readonly boolean[]): Buffer {
  // Fast path for big results (100 000-row fixtures): one buffer per row, no per-value buffers,
  // for the types whose encoding is a length byte + a fixed-size value or a short nvarchar.
  let size = 1;
  for (let i = 0; i < columns.length; i++) {
    const type = columns[i]!.type;
    const v = row[i];
    if (plp[i] || type === 'datetime2') return slowRowToken(columns, row, plp);
    if (v === null || v === undefined) size += type === 'nvarchar' ? 2 : 1;
    else size += type === 'nvarchar' ? 2 + String(v).length * 2 : FIXED_SIZE[type]!;
  }
  const b = Buffer.allocUnsafe(size);
  b[0] = Token.ROW;
  let o = 1;
  for (let i = 0; i < columns.length; i++) {
    const type = columns[i]!.type;
    const v = row[i];
    if (v === null || v === undefined) {
      if (type === 'nvarchar') { b.writeUInt16LE(0xffff, o); o += 2; } else b[o++] = 0;
      continue;
    }
    switch (type) {
      case 'nvarchar': {
        const text = String(v);
        b.writeUInt16LE(text.length * 2, o);
        o += 2 + b.write(text, o + 2, 'utf16le');
        break;
      }
      case 'uniqueidentifier': b[o] = 16; guidBytes(String(v)).copy(b, o + 1); o += 17; break;
      case 'int': b[o] = 4; b.writeInt32LE(Number(v), o + 1); o += 5; break;
      case 'bigint': b[o] = 8; b.writeBigInt64LE(BigInt(v as number | bigint | string), o + 1); o += 9; break;
      case 'smallint': b[o] = 2; b.writeInt16LE(Number(v), o + 1); o += 3; break;
      case 'tinyint': b[o] = 1; b[o + 1] = Number(v) & 0xff; o += 2; break;
      case 'bit': b[o] = 1; b[o + 1] = v ? 1 : 0; o += 2; break;
      case 'float': b[o] = 8; b.writeDoubleLE(Number(v), o + 1); o += 9; break;
      case 'datetime': {
        const ms = toDate(v).getTime() - Date.UTC(1900, 0, 1);
        const days = Math.floor(ms / MS_PER_DAY);
        b[o] = 8;
        b.writeInt32LE(days, o + 1);
        b.writeUInt32LE(Math.round(((ms - days * MS_PER_DAY) * 300) / 1000), o + 5);
        o += 9;
        break;
      }
      default: return slowRowToken(columns, row, plp);
    }
  }
  return o === size ? b : b.subarray(0, o);
}

function slowRowToken(columns: readonly ColumnSpec[], row: readonly unknown[], plp: readonly boolean[]): Buffer {
  const parts: Buffer[] = [Buffer.from([Token.ROW])];
  columns.forEach((col, i) => parts.push(encodeValue(col.type, row[i], plp[i] ?? false)));
  return Buffer.concat(parts);
}
