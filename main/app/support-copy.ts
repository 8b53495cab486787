/**
 * "Farklı kaydet…" for a support bundle (issue 18): a copy of a zip from the data folder's
 * support/ to where the user chose. Written beside the target under a temporary name first and
 * renamed into place, so a copy cut short (disk full, USB stick pulled) never leaves a zip that
 * looks whole; the rename is retried while Windows' scanner holds the target. Without electron,
 * so a test holds it; the save dialog is main.ts's.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import { SUPPORT_BUNDLE_FILENAME } from '../../shared/support.js';
import { renameWithRetrySync } from '../core/config/atomic-write.js';

/** The bundle `filename` in `supportDir`, or E_NOT_FOUND (a name only: the contract refuses paths). */
export async function bundleSource(supportDir: string, filename: string): Promise<string> {
  if (!SUPPORT_BUNDLE_FILENAME.test(filename) || path.basename(filename) !== filename) {
    throw new AppError('E_VALIDATION', `not a support bundle name: ${filename}`);
  }
  const file = path.join(supportDir, filename);
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new Error('not a file');
  } catch (err) {
    throw new AppError('E_NOT_FOUND', msg('support.ui.copy_missing', { file: filename }), [], { technical_detail: `${file}: ${err instanceof Error ? err.message : String(err)}` });
  }
  return file;
}

/** Copy `from` to `to` through `<to>.<random>.partial` and a retried rename; the partial file never stays. */
export async function copyThroughTemp(from: string, to: string): Promise<void> {
  const partial = path.join(path.dirname(to), `.${path.basename(to)}.${crypto.randomBytes(4).toString('hex')}.partial`);
  try {
    await fs.copyFile(from, partial);
    renameWithRetrySync(partial, to);
  } catch (err) {
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw err;
  }
}
