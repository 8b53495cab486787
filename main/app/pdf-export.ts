/**
 * Diagnostics report → PDF with Electron's own print engine (R-DIAG-7). The self-contained HTML
 * report is loaded into a hidden, script-less, sandboxed window and printed; the user picks where
 * the file goes.
 */
import fs from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';

export async function printHtmlToPdf(html: string, suggestedName: string, parent: BrowserWindow | null): Promise<{ saved: boolean; path?: string }> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
    const options = { defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await fs.writeFile(choice.filePath, pdf);
    return { saved: true, path: choice.filePath };
  } finally {
    win.destroy();
  }
}
