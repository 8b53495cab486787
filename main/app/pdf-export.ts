/**
 * Diagnostics report → PDF with Electron's own print engine (R-DIAG-7). The self-contained HTML
 * report is written to a private temporary folder and loaded from there into a hidden,
 * script-less, sandboxed window — not as a data: URL, which Chromium caps at 2 MB and a long
 * Turkish report exceeds — then printed; the user picks where the file goes. The temporary
 * folder is removed whatever happens.
 */
import fs from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';
import { writeTempHtml } from './pdf-export-file.js';

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
