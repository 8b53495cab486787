// Shared set-up for the jobs tests: a pg_dump that waits at a gate until the test opens it (the
// backup_config.json `pg_dump_path` seam), so a backup or a diagnostics check is running for as
// long as the test needs — no sleeping and hoping.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface GatedPgDump {
  /** The script to put in `pg_dump_path`. */
  path: string;
  /** How many invocations have reached the gate. */
  arrivals(): number;
  /** Let every invocation waiting at the gate go on (resolves once one has read it). */
  release(): Promise<void>;
  cleanup(): void;
}

/** `gateVersion`: also hold `pg_dump --version` (a diagnostics check), not only the dump. */
export function gatedPgDump(dir: string, opts: { gateVersion?: boolean } = {}): GatedPgDump {
  fs.mkdirSync(dir, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' }).trim();
  const gate = path.join(dir, 'gate');
  const arrived = path.join(dir, 'arrived');
  execFileSync('mkfifo', [gate]);
  const script = path.join(dir, 'pg_dump');
  fs.writeFileSync(
    script,
    [
      '#!/bin/sh',
      opts.gateVersion ? '' : `if [ "$1" = "--version" ]; then exec "${real}" "$@"; fi`,
      `echo "$$" >> "${arrived}"`,
      `cat "${gate}" > /dev/null`,
      `exec "${real}" "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const writers = new Set<ReturnType<typeof spawn>>();
  return {
    path: script,
    arrivals: () => (fs.existsSync(arrived) ? fs.readFileSync(arrived, 'utf8').trim().split('\n').filter(Boolean).length : 0),
    // In a child: opening a FIFO for writing blocks until a reader is there.
    release: () =>
      new Promise<void>((resolve, reject) => {
        const w = spawn('sh', ['-c', `echo go > "${gate}"`], { stdio: 'ignore' });
        writers.add(w);
        w.on('error', reject);
        w.on('exit', () => {
          writers.delete(w);
          resolve();
        });
      }),
    cleanup: () => writers.forEach((w) => w.kill()),
  };
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A reader of `GET /api/events` that collects the frames it gets. */
export interface SseClient {
  frames: { id: string; event: string; data: unknown }[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseClient & { status: number }> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const frames: SseClient['frames'] = [];
  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    const { SseParser } = await import('../../renderer/src/event-stream.js');
    const parser = new SseParser((f) => frames.push({ id: f.id ?? '', event: f.event, data: JSON.parse(f.data) }));
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    ended = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        /* aborted by close() */
      }
    })();
  }
  return { status: res.status, frames, ended, close: () => ac.abort() };
}
