/**
 * The log of statements sent to Mikro (issue 12 §5): time, statement, rows, duration, who, outcome.
 * Every statement that goes through `MikroClient.query` is recorded — the query console, the
 * read-only verification, the connection test, the server facts — including the ones the guard
 * refused before anything was sent (so the SQL Board shows what was tried, not only what ran).
 *
 * Bounded: a ring of the last `capacity` entries in this process (the app or `serve`), statements
 * cut at 2 000 characters. Not persisted: the audit log (MIKRO_SQL_QUERY) is the durable record
 * of console queries; this is the close-up view for the SQL Board and the support data.
 * Masked: the resolved password (by the client), then e-mail addresses and long digit runs
 * (phone numbers, VKN/TCKN) inside the statement text.
 */
import type { MikroStatementLogEntry, MikroStatementLogView } from '../../../shared/mikro.js';
import { MIKRO_LOCK_TIMEOUT_MS } from './session-settings.js';

export type { MikroStatementLogEntry, MikroStatementLogView } from '../../../shared/mikro.js';

export const STATEMENT_LOG_CAPACITY = 500;
const MAX_STATEMENT_CHARS = 2_000;

const EMAIL = /([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
/** 10+ digits, optionally split by spaces, dots or dashes (+90 532 123 45 67, 1234567890, 12345678901). */
const LONG_NUMBER = /\+?\d(?:[\s.-]?\d){9,}/g;

/** E-mails → `a***@domain`; long digit runs → first two and last two digits kept. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, '$1***@$2').replace(LONG_NUMBER, (m) => {
    const digits = m.replace(/\D/g, '');
    return `${digits.slice(0, 2)}${'*'.repeat(Math.max(3, digits.length - 4))}${digits.slice(-2)}`;
  });
}

export type NewStatementLogEntry = Omit<MikroStatementLogEntry, 'id' | 'at'> & { at?: Date };

export class MikroStatementLog {
  private readonly entries: MikroStatementLogEntry[] = [];
  private next = 1;

  constructor(readonly capacity: number = STATEMENT_LOG_CAPACITY) {}

  record(e: NewStatementLogEntry): MikroStatementLogEntry {
    const masked = maskPersonalData(e.statement);
    const statement = masked.length > MAX_STATEMENT_CHARS ? `${masked.slice(0, MAX_STATEMENT_CHARS)}…` : masked;
    const { at, ...rest } = e;
    const when = (at ?? new Date()).toISOString();
    // A health probe every few seconds must not push the real statements out: a repeat of the
    // newest entry (same statement, who, outcome and target) is counted on it instead.
    const last = this.entries.at(-1);
    if (last && last.statement === statement && last.actor === e.actor && last.outcome === e.outcome && last.code === e.code && last.target === e.target) {
      this.next++;
      last.repeats = (last.repeats ?? 1) + 1;
      last.last_at = when;
      last.duration_ms = e.duration_ms;
      last.rows = e.rows;
      return last;
    }
    const entry: MikroStatementLogEntry = { ...rest, id: this.next++, at: when, statement };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  /** Newest first, at most `limit`. */
  view(limit = 100): MikroStatementLogView {
    const n = Math.max(0, Math.min(this.capacity, Math.floor(limit)));
    return {
      entries: n === 0 ? [] : this.entries.slice(-n).reverse().map((e) => ({ ...e })),
      capacity: this.capacity,
      total: this.next - 1,
      lock_timeout_ms: MIKRO_LOCK_TIMEOUT_MS,
    };
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** The process's log: every MikroClient writes here unless given its own. */
export const mikroStatementLog = new MikroStatementLog();
