/**
 * The support bundle's staging folder: every file of the bundle is written here first, already
 * redacted, with its size and SHA-256 taken from the bytes as they are written. The zip is then
 * streamed from these files with manifest.json first (the manifest needs every other file's hash,
 * so they must exist before it; staging on disk keeps memory flat whatever the size of the logs).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StagedFile {
  /** Path inside the zip, always with `/`. */
  name: string;
  size: number;
  sha256: string;
}

/** A line longer than this is redacted in pieces (a log line is far shorter; a runaway one must not fill memory). */
const MAX_LINE = 64 * 1024;

/**
 * Text in, redacted text out, one line at a time, so a pattern never straddles two chunks of the
 * stream (only a single line longer than MAX_LINE is cut, and then at that size).
 */
export function lineRedactor(scrub: (line: string) => string): Transform {
  let rest = '';
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      rest += chunk.toString('utf8');
      let out = '';
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        out += `${scrub(rest.slice(0, nl))}\n`;
        rest = rest.slice(nl + 1);
      }
      while (rest.length > MAX_LINE) {
        out += scrub(rest.slice(0, MAX_LINE));
        rest = rest.slice(MAX_LINE);
      }
      done(null, out);
    },
    flush(done) {
      done(null, rest ? scrub(rest) : '');
    },
  });
}

/** Counts and hashes what passes through, unchanged (the staged files and the zip itself). */
export function measure(): { stream: Transform; result: () => { size: number; sha256: string } } {
  const hash = crypto.createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

export class Stage {
  readonly files: StagedFile[] = [];

  constructor(readonly dir: string) {}

  static create(parent: string): Stage {
    fs.mkdirSync(parent, { recursive: true });
    return new Stage(fs.mkdtempSync(path.join(parent, 'support-')));
  }

  pathOf(name: string): string {
    return path.join(this.dir, ...name.split('/'));
  }

  /** A text already redacted by the caller. */
  async text(name: string, text: string): Promise<StagedFile> {
    return this.stream(name, [Buffer.from(text, 'utf8')][Symbol.iterator]());
  }

  /** A stream (or iterable of chunks) redacted line by line on its way to the staging file. */
  async stream(name: string, source: Readable | Iterable<Buffer> | AsyncIterable<Buffer>, scrub?: (line: string) => string): Promise<StagedFile> {
    const file = this.pathOf(name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const m = measure();
    const steps: unknown[] = [source];
    if (scrub) steps.push(lineRedactor(scrub));
    steps.push(m.stream, fs.createWriteStream(file));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pipeline's overloads do not take a built array
    await (pipeline as (...s: any[]) => Promise<void>)(...steps);
    const staged = { name, ...m.result() };
    this.files.push(staged);
    return staged;
  }

  /** Removed after the zip is written (or failed): nothing of the bundle stays behind but the zip. */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
