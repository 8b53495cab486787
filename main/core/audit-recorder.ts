/**
 * The audit log as the core's services and handlers record into it: the one audit policy of
 * main/core/audit/safe-audit.ts, with a failed write logged. An audit row is written once the
 * outcome of the action is known, and a failed write (the database may be the thing that is
 * down) never hides that outcome: `record` never throws.
 */
import type { Logger } from 'pino';
import { isAppError } from '../../shared/errors.js';
import type { AuditLog, AuditVerifyResult, VerifyOptions } from './audit/audit-log.js';
import type { AuditEntryInput, AuditWriter } from './audit/audit-types.js';

export class AuditRecorder implements AuditWriter {
  constructor(
    private readonly log: Pick<AuditLog, 'record' | 'verify'>,
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  async record(entry: AuditEntryInput): Promise<void> {
    try {
      await this.log.record(entry);
    } catch (err) {
      this.logger.error({ action: entry.action, code: isAppError(err) ? err.code : undefined }, 'audit row could not be written');
    }
  }

  /** Walk the hash chain (R-AUDIT-2); `incremental` from the last verified row (diagnostics). */
  verify(opts?: VerifyOptions): Promise<AuditVerifyResult> {
    return this.log.verify(opts);
  }
}
