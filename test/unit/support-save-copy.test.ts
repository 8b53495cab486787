/**
 * "Farklı kaydet…" for a support bundle (the desktop-only support.saveCopy): the copy lands where
 * the dialog said, through a temporary name that never stays; a cancelled dialog copies nothing;
 * only a bundle name of the data folder's support/ is accepted (no path, no other file); the copy
 * is audited. Real files in a temp folder with a space in its name; the dialog is the one stub.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopInvoke } from '../../main/app/desktop-ops.js';
import { copyThroughTemp } from '../../main/app/support-copy.js';
import { contract } from '../../shared/contract.js';
import { tempDir } from '../helpers/temp.js';

const NAME = 'optiplan360-support-ATOLYE-PC-1-2026-12-03-15-20-00.zip';
const ctx = { door: 'ipc' as const, actor: 'op@pc' };
let tmp: ReturnType<typeof tempDir>;
let supportDir: string;
let outDir: string;

beforeEach(() => {
  tmp = tempDir('optiplan save copy ');
  supportDir = path.join(tmp.dir, 'data dir', 'support');
  outDir = path.join(tmp.dir, 'Masaüstü klasörü');
  fs.mkdirSync(supportDir, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(supportDir, NAME), Buffer.from('PK\u0003\u0004 zip bytes'));
  fs.writeFileSync(path.join(supportDir, 'notes.txt'), 'not a bundle');
});
afterEach(() => tmp.remove());

function setup(choice: string | null) {
  const chooseSavePath = vi.fn(async () => choice);
  const record = vi.fn(async () => undefined);
  const invoke = vi.fn(async () => ({}));
  const call = desktopInvoke({ invoke, printHtmlToPdf: vi.fn(), record, supportCopy: { dir: supportDir, chooseSavePath } });
  return { call, chooseSavePath, record, invoke };
}

describe('support.saveCopy (desktop only)', () => {
  it('is an IPC-only operation of the contract', () => {
    expect(contract['support.saveCopy'].doors).toEqual(['ipc']);
  });

  it('copies the bundle where the user chose, with nothing left beside it, and audits it', async () => {
    const target = path.join(outDir, 'destek paketi.zip');
    const { call, chooseSavePath, record, invoke } = setup(target);
    expect(await call('support.saveCopy', { filename: NAME }, ctx)).toEqual({ saved: true, path: target });
    expect(chooseSavePath).toHaveBeenCalledWith(NAME, { name: 'Zip', extensions: ['zip'] });
    expect(fs.readFileSync(target)).toEqual(fs.readFileSync(path.join(supportDir, NAME)));
    expect(fs.readdirSync(outDir)).toEqual(['destek paketi.zip']);
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ action: 'SUPPORT_BUNDLE_SAVED', target: NAME, result: 'success', actor: 'op@pc' }));
    expect(invoke).not.toHaveBeenCalled();
  });

  it('replaces an older file of the same name', async () => {
    const target = path.join(outDir, NAME);
    fs.writeFileSync(target, 'old');
    const { call } = setup(target);
    await call('support.saveCopy', { filename: NAME }, ctx);
    expect(fs.readFileSync(target, 'utf8')).toContain('zip bytes');
  });

  it('a cancelled dialog copies nothing and audits nothing', async () => {
    const { call, record } = setup(null);
    expect(await call('support.saveCopy', { filename: NAME }, ctx)).toEqual({ saved: false });
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(record).not.toHaveBeenCalled();
  });

  it('refuses a path or another file of the folder before any dialog opens', async () => {
    const { call, chooseSavePath } = setup(path.join(outDir, 'x.zip'));
    for (const filename of [`../support/${NAME}`, 'notes.txt', `C:\\Users\\op\\${NAME}`, '']) {
      await expect(call('support.saveCopy', { filename }, ctx), filename).rejects.toMatchObject({ code: 'E_VALIDATION' });
    }
    await expect(call('support.saveCopy', { filename: 'optiplan360-support-gone.zip' }, ctx)).rejects.toMatchObject({ code: 'E_NOT_FOUND', text: { key: 'support.ui.copy_missing' } });
    expect(chooseSavePath).not.toHaveBeenCalled();
  });

  it('a copy that fails leaves no partial file and is audited as a failure', async () => {
    const target = path.join(outDir, 'no such folder', 'x.zip');
    const { call, record } = setup(target);
    await expect(call('support.saveCopy', { filename: NAME }, ctx)).rejects.toMatchObject({ code: 'E_INTERNAL' });
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ action: 'SUPPORT_BUNDLE_SAVED', result: 'failure', detail: 'ENOENT' }));
  });

  it('copyThroughTemp removes its partial file when the rename fails', async () => {
    // The target is a folder: the copy to the partial name works, the rename onto a non-empty folder does not.
    const target = path.join(outDir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'x');
    await expect(copyThroughTemp(path.join(supportDir, NAME), target)).rejects.toThrow();
    expect(fs.readdirSync(outDir)).toEqual(['taken']);
  });
});
