/**
 * Diagnostics report → PDF with Electron's own print engine (R-DIAG-7). The self-contained HTML
 * report is written to a private temporary folder and loaded from there into a hidden,
 * script-less, sandboxed window — not as a data: URL, which Chromium caps at 2 MB and a long
 * Turkish report exceeds — then printed; the user picks where the file goes. The temporary
 * folder is removed whatever happens.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';

/** Write `html` to `<tmp>/optiplan360-pdf-XXXX/report.html`; `remove()` deletes the folder. */
export async function writeTempHtml(html: string, tmpDir = os.tmpdir()): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(tmpDir, 'optiplan360-pdf-'));
  const file = path.join(dir, 'report.html');
  await fs.writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
  return { file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

export async function printHtmlToPdf(html: string, suggestedName: string, parent: BrowserWindow | null): Promise<{ saved: boolean; path?: string }> {
  const temp = await writeTempHtml(html);
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    await win.loadFile(temp.file);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
    const options = { defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await fs.writeFile(choice.filePath, pdf);
    return { saved: true, path: choice.filePath };
  } finally {
    win.destroy();
    await temp.remove();
  }
}
