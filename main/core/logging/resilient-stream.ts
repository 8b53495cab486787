/**
 * The log file stream that cannot crash the process. pino-roll's SonicBoom emits `error` when
 * the disk is full or the folder read-only (ENOSPC, EROFS, EACCES), and an unheard `error`
 * kills Node: `serve` died of it and every CLI verb failed before doing its work. Here a failure
 * only changes state: lines wait in a bounded buffer (oldest dropped first, counted), the folder
 * is tried again after `retryMs`, and once it takes writes again the buffer is written out with
 * a line saying how many lines were lost.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What health and diagnostics say about the log folder of this process. */
export interface LogFolderState {
  writable: boolean;
  dir: string;
  /** When writing first failed (ISO time), null while writable. */
  since: string | null;
  /** The OS's words (`ENOSPC: no space left on device, write`), for technical detail. */
  error: string | null;
  /** Lines lost since the process started (the buffer was full or the disk refused them). */
  dropped: number;
  /** Lines waiting in memory for the folder to take writes again. */
  buffered: number;
}

/** The part of a SonicBoom stream used here. */
export interface FileStream {
  write(line: string): unknown;
  on(event: 'error' | 'drop', listener: (arg: unknown) => void): unknown;
  destroy?(): void;
  end?(): void;
}

export interface ResilientOptions {
  dir: string;
  open: () => Promise<FileStream>;
  retryMs?: number | undefined;
  /** Bytes of lines kept while the folder fails (default 1 MiB). */
  bufferBytes?: number;
}

const PROBE_BYTES = 4096;

export class ResilientLogStream {
  private stream: FileStream | null = null;
  private failure: { since: string; error: string } | null = null;
  private readonly buffer: string[] = [];
  private bufferedBytes = 0;
  private dropped = 0;
  private retryAt = 0;
  private opening: Promise<void> | null = null;
  private readonly retryMs: number;
  private readonly bufferBytes: number;

  constructor(private readonly opts: ResilientOptions) {
    this.retryMs = opts.retryMs ?? 30_000;
    this.bufferBytes = opts.bufferBytes ?? 1024 * 1024;
  }

  /** Open the file once; resolves whether or not the folder can be written. */
  start(): Promise<void> {
    return this.reopen();
  }

  state(): LogFolderState {
    return {
      writable: this.failure === null && this.stream !== null,
      dir: this.opts.dir,
      since: this.failure?.since ?? null,
      error: this.failure?.error ?? null,
      dropped: this.dropped,
      buffered: this.buffer.length,
    };
  }

  write(line: string): boolean {
    const s = this.stream;
    if (s && !this.failure) {
      try {
        s.write(line);
        return true;
      } catch (err) {
        this.fail(err, s);
      }
    }
    this.keep(line);
    if (!this.opening && Date.now() >= this.retryAt) void this.reopen();
    return true;
  }

  private keep(line: string): void {
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    while (this.bufferedBytes > this.bufferBytes && this.buffer.length > 0) {
      this.bufferedBytes -= this.buffer.shift()!.length;
      this.dropped++;
    }
  }

  private reopen(): Promise<void> {
    this.opening ??= this.tryOpen().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async tryOpen(): Promise<void> {
    let s: FileStream;
    try {
      // A full disk still lets a file be opened for appending: write a little first, so a folder
      // is called writable only when it really takes bytes.
      probe(this.opts.dir);
      s = await this.opts.open();
    } catch (err) {
      this.fail(err, null);
      return;
    }
    s.on('error', (err) => this.fail(err, s));
    s.on('drop', () => this.dropped++);
    const waiting = this.buffer.splice(0);
    this.bufferedBytes = 0;
    const lost = this.dropped;
    const wasFailing = this.failure;
    this.stream = s;
    this.failure = null;
    try {
      if (wasFailing) s.write(`${JSON.stringify({ level: 40, time: new Date().toISOString(), pid: process.pid, msg: 'log folder writable again', failed_since: wasFailing.since, error: wasFailing.error, dropped_lines: lost })}\n`);
      for (const line of waiting) s.write(line);
    } catch (err) {
      this.fail(err, s);
    }
  }

  private fail(err: unknown, from: FileStream | null): void {
    if (from && from !== this.stream) return; // a stream already given up on
    const e = err as NodeJS.ErrnoException;
    const text = e?.message ?? String(err);
    this.failure ??= { since: new Date().toISOString(), error: text };
    this.retryAt = Date.now() + this.retryMs;
    const old = this.stream;
    this.stream = null;
    if (old) {
      old.on('error', () => undefined); // late errors of the dead stream are expected
      try {
        old.destroy?.();
      } catch {
        /* already broken */
      }
    }
  }
}

function probe(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(file, Buffer.alloc(PROBE_BYTES, 0x20));
  } finally {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      /* the write's own error (if any) is the one that matters */
    }
  }
}
