/**
 * CSV export of a query result (R-MIKRO-10): RFC 4180 (comma, CRLF, fields with `"`, the
 * delimiter, CR or LF quoted and `"` doubled), UTF-8 with a BOM so Excel on Windows reads Turkish
 * characters (ş, ğ, İ, ı) correctly instead of guessing the ANSI code page.
 *
 * Formula injection: ERP text fields are typed by many people; a cell starting with = + - @ (or
 * tab/CR) would run as a formula when the file is opened in Excel. Such TEXT cells get a leading
 * apostrophe (OWASP advice); numbers are never touched. `escapeFormulas: false` turns this off.
 * Note: Excel in a Turkish locale expects `;` as the list separator; pass `delimiter: ';'` then.
 */

export interface CsvOptions {
  /** Default ','. */
  delimiter?: ',' | ';' | '\t';
  /** Default true. */
  bom?: boolean;
  /** Default true. */
  escapeFormulas?: boolean;
}

export type CsvColumn = string | { name: string };

export function csvCell(value: unknown, opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = opts.escapeFormulas === false ? value : escapeFormula(value);
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (typeof value === 'boolean') text = value ? '1' : '0';
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else if (value instanceof Uint8Array) text = `0x${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
  else text = JSON.stringify(value) ?? '';
  const needsQuotes = text.includes('"') || text.includes(delimiter) || text.includes('\r') || text.includes('\n');
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

function escapeFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function toCsv(columns: readonly CsvColumn[], rows: readonly (readonly unknown[])[], opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  // Header names are data too (aliases come from the user's SQL).
  const header = columns.map((c) => csvCell(typeof c === 'string' ? c : c.name, opts)).join(delimiter);
  const lines = [header, ...rows.map((row) => columns.map((_, i) => csvCell(row[i], opts)).join(delimiter))];
  return `${opts.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
