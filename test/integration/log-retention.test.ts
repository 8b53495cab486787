// Log retention across processes: the app, `serve` and every CLI run append to the same numbered
// files; each rotation (and each start) removes the oldest files whoever wrote them, so the
// folder keeps its limit (2 rotated + the current one here) across processes and restarts; while
// several write at once, each may hold its own current file on top of that.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneLogFiles } from '../../main/core/logging/logger.js';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const CHILD = path.join(import.meta.dirname, 'log-writer-child.ts');
const TSX = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function writer(dir: string, lines: number, sync: boolean): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, CHILD, dir, String(lines), sync ? 'sync' : 'async'], { cwd: REPO, stdio: 'ignore' });
    child.on('close', resolve);
  });
}

const logFiles = (dir: string) => fs.readdirSync(dir).filter((f) => /^optiplan360\.\d+\.log$/.test(f));

describe('log retention across processes', { timeout: 120_000 }, () => {
  it('three processes at once, then three restarts: never more than the limit of files, the newest kept', async () => {
    const t = tempDir('optiplan-logs-');
    cleanups.push(() => t.remove());
    const dir = path.join(t.dir, 'logs');
    // Each writes ~10 × the rotation size: many rotations, by different processes, into one folder.
    expect(await Promise.all([writer(dir, 1_200, true), writer(dir, 1_200, false), writer(dir, 1_200, true)])).toEqual([0, 0, 0]);
    // While several run at once, each may hold its own current file besides the kept ones.
    expect(logFiles(dir).length).toBeLessThanOrEqual(3 + 2);
    for (let i = 0; i < 3; i++) expect(await writer(dir, 400, i % 2 === 0)).toBe(0);
    const files = logFiles(dir);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(files.length).toBeGreaterThan(0);
    // The numbers only grow: what is left are the newest files.
    const numbers = files.map((f) => Number(/\.(\d+)\.log$/.exec(f)![1])).sort((a, b) => a - b);
    expect(numbers[0]).toBeGreaterThan(10);
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(text).toContain('"msg":"line"');
  });

  it('a folder left over the limit (an older version, many short runs) is pruned at the next start', () => {
    const t = tempDir('optiplan-logs-');
    cleanups.push(() => t.remove());
    for (let n = 1; n <= 12; n++) fs.writeFileSync(path.join(t.dir, `optiplan360.${n}.log`), `${n}\n`);
    fs.writeFileSync(path.join(t.dir, 'other.txt'), 'kept');
    expect(pruneLogFiles(t.dir, 6).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `optiplan360.${n}.log`).sort());
    expect(fs.readdirSync(t.dir).sort()).toEqual(['optiplan360.10.log', 'optiplan360.11.log', 'optiplan360.12.log', 'optiplan360.7.log', 'optiplan360.8.log', 'optiplan360.9.log', 'other.txt']);
  });
});
