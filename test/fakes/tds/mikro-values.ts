// How SQL Server compares values, for the Mikro fixtures: by column type, strings by collation.
// - uniqueidentifier: SqlGuid order — bytes 10-15 first, then 8-9, 6-7, 4-5, 0-3 (of the
//   display form, the first three groups read back to front). NOT the string order.
// - nvarchar: Turkish_* CI → ICU Turkish (I/ı and İ/i are different letters); other CI → ICU root;
//   _CS_ → case matters too; _BIN/_BIN2 → code points.
// - datetime: instants; numbers and bits numerically. A NULL on either side compares as null.

import type { MikroSqlType } from './mikro-fixtures.js';

/** < 0, 0, > 0, or null when either side is NULL (SQL's UNKNOWN). */
export type Compare = (a: unknown, b: unknown) => number | null;

/** GUID bytes as SQL Server sends them (first three groups little-endian) → upper-case display form. */
export function guidFromBuffer(b: Buffer): string {
  const h = (from: number, to: number, reverse: boolean): string => {
    const part = [...b.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`;
}

const guidKeys = new Map<string, string>();
/** The SqlGuid sort key of a GUID string (hex, most significant first), or null if not a GUID. */
export function guidOrderKey(guid: string): string | null {
  let key = guidKeys.get(guid);
  if (key !== undefined) return key;
  const hex = guid.replace(/[{}-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{32}$/.test(hex)) return null;
  const byte = (i: number) => hex.slice(i * 2, i * 2 + 2);
  key = [10, 11, 12, 13, 14, 15, 8, 9, 7, 6, 5, 4, 3, 2, 1, 0].map(byte).join('');
  if (guidKeys.size > 500_000) guidKeys.clear();
  guidKeys.set(guid, key);
  return key;
}

function toGuidKey(v: unknown): string {
  const key = typeof v === 'string' ? guidOrderKey(v) : Buffer.isBuffer(v) ? guidOrderKey(guidFromBuffer(v)) : null;
  if (key === null) throw new Error(`Conversion failed when converting from a character string to uniqueidentifier.`);
  return key;
}

const collators = new Map<string, Intl.Collator | null>();
function collatorFor(collation: string): Intl.Collator | null {
  let c = collators.get(collation);
  if (c !== undefined) return c;
  const up = collation.toUpperCase();
  if (/_BIN2?$/.test(up)) c = null;
  else {
    const locale = up.startsWith('TURKISH') ? 'tr' : 'en';
    c = new Intl.Collator(locale, { sensitivity: /_CS_/.test(up) ? 'variant' : /_AI\b|_AI_/.test(up) ? 'base' : 'accent' });
  }
  collators.set(collation, c);
  return c;
}

function toTime(v: unknown): number {
  const t = v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
  if (Number.isNaN(t)) throw new Error('Conversion failed when converting date and/or time from character string.');
  return t;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

export function compareValues(type: MikroSqlType, collation: string): Compare {
  const isNull = (v: unknown) => v === null || v === undefined;
  switch (type) {
    case 'uniqueidentifier':
      return (a, b) => {
        if (isNull(a) || isNull(b)) return null;
        const [x, y] = [toGuidKey(a), toGuidKey(b)];
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case 'datetime':
      return (a, b) => (isNull(a) || isNull(b) ? null : sign(toTime(a) - toTime(b)));
    case 'nvarchar': {
      const collator = collatorFor(collation);
      return (a, b) => {
        if (isNull(a) || isNull(b)) return null;
        const x = String(a);
        const y = String(b);
        // Trailing spaces do not count in SQL Server string comparison.
        const [p, q] = [x.replace(/ +$/, ''), y.replace(/ +$/, '')];
        return collator ? sign(collator.compare(p, q)) : p < q ? -1 : p > q ? 1 : 0;
      };
    }
    default:
      return (a, b) => (isNull(a) || isNull(b) ? null : sign(Number(a) - Number(b)));
  }
}

/**
 * A primitive that orders like `compareValues` for this type (null for NULL), so a big table is
 * sorted by comparing precomputed keys; undefined for nvarchar, which needs its collator.
 */
export function sortKeyFor(type: MikroSqlType): ((v: unknown) => string | number | null) | undefined {
  const isNull = (v: unknown) => v === null || v === undefined;
  switch (type) {
    case 'uniqueidentifier':
      return (v) => (isNull(v) ? null : toGuidKey(v));
    case 'datetime':
      return (v) => (isNull(v) ? null : toTime(v));
    case 'nvarchar':
      return undefined;
    default:
      return (v) => (isNull(v) ? null : Number(v));
  }
}
