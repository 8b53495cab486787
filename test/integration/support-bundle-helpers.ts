/** Reading a support bundle back in tests: the entries in zip order, extracted with a standard tool. */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Extracted {
  /** Entry names in the order the zip holds them. */
  order: string[];
  dir: string;
  files: Map<string, Buffer>;
  manifest: {
    console_name: string;
    version: string;
    runtime: Record<string, string>;
    options: Record<string, unknown>;
    files: { name: string; size: number; sha256: string }[];
    unavailable: { part: string; code: string; reason_text: string; technical_detail?: string }[];
  };
}

/** `unzip -t` must pass (a standard tool opens it), then `unzip -d` extracts it. */
export function openBundle(zip: string, into: string): Extracted {
  execFileSync('unzip', ['-tq', zip]);
  const order = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
  fs.mkdirSync(into, { recursive: true });
  execFileSync('unzip', ['-q', '-o', zip, '-d', into]);
  const files = new Map<string, Buffer>();
  for (const name of order) files.set(name, fs.readFileSync(path.join(into, name)));
  return { order, dir: into, files, manifest: JSON.parse(files.get('manifest.json')!.toString('utf8')) as Extracted['manifest'] };
}

export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

/** Every file of the bundle whose text contains `needle`. */
export function filesContaining(b: Extracted, needle: string): string[] {
  return [...b.files].filter(([, content]) => content.toString('utf8').includes(needle)).map(([name]) => name);
}
