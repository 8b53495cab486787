// Start a kill-child.ts process and kill -9 it at a chosen moment after it said "ready".
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/cli.js';

const CHILD = path.join(import.meta.dirname, 'kill-child.ts');

/**
 * Run the child in ONE process (`node --import tsx`, not the tsx CLI, which would run the script in
 * a grandchild that survives the kill), wait for "ready", wait `afterMs`, SIGKILL it; resolves once it is dead. */
export async function killAfter(args: string[], afterMs: number): Promise<{ pid: number; stderr: string }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const dead = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child never said ready: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) before it was killed: ${stderr}`));
    });
  });
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  await dead;
  return { pid: child.pid!, stderr };
}
