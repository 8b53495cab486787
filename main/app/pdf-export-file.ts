/**
 * The PDF export's input file (R-DIAG-7): the report's HTML in a private temporary folder
 * (owner-only on POSIX; the user's own %TEMP% on Windows), loaded from there instead of as a
 * data: URL, which Chromium caps at 2 MB — a long Turkish report is larger. Without electron,
 * so a test holds it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Write `html` to `<tmp>/optiplan360-pdf-XXXX/report.html`; `remove()` deletes the folder. */
export async function writeTempHtml(html: string, tmpDir = os.tmpdir()): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(tmpDir, 'optiplan360-pdf-'));
  const file = path.join(dir, 'report.html');
  await fs.writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
  // Windows may hold the file a moment after the window closed (antivirus scan): retry the delete.
  return { file, remove: () => fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }) };
}
