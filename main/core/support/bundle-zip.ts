/**
 * Writing the support bundle's zip (yazl, streamed): manifest.json first, then every staged file
 * read from disk as the zip is written, so memory stays flat whatever the size of the logs. The
 * zip goes to a `.partial` name and is renamed once complete (a crash leaves no half bundle
 * under the real name). Its size and SHA-256 are taken from the bytes as they are written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { renameWithRetrySync } from '../config/atomic-write.js';
import { measure, type Stage } from './bundle-stage.js';

export async function writeZip(target: string, manifest: Buffer, stage: Stage): Promise<{ size: number; sha256: string }> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const zip = new yazl.ZipFile();
  // A fixed time for every entry would hide when the parts were read; the bundle's time is in the manifest.
  zip.addBuffer(manifest, 'manifest.json');
  for (const f of stage.files) zip.addFile(stage.pathOf(f.name), f.name);
  zip.end();
  const measured = measure();
  try {
    await pipeline(zip.outputStream, measured.stream, fs.createWriteStream(partial));
    renameWithRetrySync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return measured.result();
}
