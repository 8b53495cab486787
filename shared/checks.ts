/**
 * One check shape for diagnostics, verification, health details and reports. `name` is the
 * stable id (scripts and run comparison key on it); every text is a message in the catalogues.
 *   PASS  the thing works;  WARN  it works but needs attention;  FAIL  it does not work;
 *   SKIP  not run: it depends on a check that failed or on an integration switched off
 *         (`skipped_because` names which), so it says nothing about health either way.
 */
import type { Message } from './messages.js';

export const CHECK_STATUSES = ['PASS', 'WARN', 'FAIL', 'SKIP'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const CHECK_CATEGORIES = ['system', 'database', 'config', 'mikro', 'whatsapp', 'backup', 'queues', 'audit'] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

/** SKIP ranks with PASS for the overall verdict: a switched-off part is not a problem. */
export const CHECK_STATUS_RANK: Readonly<Record<CheckStatus, number>> = { SKIP: 0, PASS: 0, WARN: 1, FAIL: 2 };

export interface Check {
  name: string;
  category: CheckCategory;
  status: CheckStatus;
  /** What is checked, for people ("Mikro bağlantısı"). */
  title: Message;
  /** What was found. */
  detail: Message;
  /** What to do; null on PASS and SKIP. */
  recommendation: Message | null;
  /** The playbook steps to follow, in order (empty on PASS and SKIP). */
  steps: Message[];
  /** Machine-readable figures behind the verdict (counts, latency, ages). Never secrets. */
  observed?: Record<string, unknown>;
  /** Raw driver / OS / server text, for support; never shown as the sentence. */
  technical_detail?: string;
  /** SKIP: the check name or setting (`mikro_connection.json enabled`) it depends on. */
  skipped_because?: string;
  duration_ms: number;
}

/** The worst status of a set of checks (PASS when empty or all SKIP/PASS). */
export function worstStatus(statuses: readonly CheckStatus[]): 'PASS' | 'WARN' | 'FAIL' {
  let worst = 0;
  for (const s of statuses) worst = Math.max(worst, CHECK_STATUS_RANK[s]);
  return worst === 2 ? 'FAIL' : worst === 1 ? 'WARN' : 'PASS';
}
