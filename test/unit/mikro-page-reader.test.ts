// The sync's read-ahead (page-reader.ts) with a scripted reader: pages come out in order, at most
// `depth` wait, a read failure comes after the pages read before it, and stop() waits for the
// read in flight.
import { describe, expect, it } from 'vitest';
import { PageReader, type ReadPage } from '../../main/core/mikro/sync/page-reader.js';

/** Pages of `size` numbered rows out of `total`; every read recorded with the cursor it started from. */
function script(total: number, size: number, failAt?: number) {
  const starts: Array<number | null> = [];
  const pending: Array<() => void> = [];
  const read = (after: number | null): Promise<ReadPage<number, number[]> | null> => {
    starts.push(after);
    const from = after === null ? 0 : after + 1;
    return new Promise((resolve, reject) => {
      pending.push(() => {
        if (failAt !== undefined && from >= failAt) return reject(new Error(`read failed at ${from}`));
        const rows = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => from + i);
        resolve(rows.length ? { page: rows, rowCount: rows.length, last: rows[rows.length - 1]! } : null);
      });
    });
  };
  /** Lets every read asked for so far answer, then lets the reader react. */
  const answer = async () => {
    while (pending.length) pending.shift()!();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { read, starts, answer, pending };
}

describe('PageReader', () => {
  it('reads ahead up to depth pages, each after the previous page’s last row, and hands them out in order', async () => {
    const s = script(23, 5);
    const reader = new PageReader(s.read, 5, 2, null);
    for (let i = 0; i < 4; i++) await s.answer();
    // Two pages wait and nothing more is asked for until the writer takes them.
    expect(s.starts).toEqual([null, 4]);
    expect(s.pending).toHaveLength(0);
    const first = await reader.take();
    expect(first!.map((p) => p.page)).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
    const rest: number[][] = [];
    for (;;) {
      const got = reader.take();
      await s.answer();
      const pages = await got;
      if (!pages) break;
      rest.push(...pages.map((p) => p.page));
    }
    expect(rest.flat()).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
    // The short page (3 rows) was the last: no read after it.
    expect(s.starts).toEqual([null, 4, 9, 14, 19]);
  });

  it('a failed read: the pages read before it come out first, then take() throws its error', async () => {
    const s = script(100, 5, 10);
    const reader = new PageReader(s.read, 5, 4, null);
    for (let i = 0; i < 4; i++) await s.answer();
    expect((await reader.take())!.map((p) => p.last)).toEqual([4, 9]);
    await expect(reader.take()).rejects.toThrow('read failed at 10');
  });

  it('stop(): reads no further and waits for the read in flight, whose outcome is dropped', async () => {
    const s = script(100, 5);
    const reader = new PageReader(s.read, 5, 1, 49);
    await s.answer();
    expect(s.starts).toEqual([49]);
    expect((await reader.take())![0]!.page[0]).toBe(50);
    await new Promise((r) => setImmediate(r));
    // The next page (after 54) is being read.
    expect(s.starts).toEqual([49, 54]);
    let stopped = false;
    const stopping = reader.stop().then((left) => ((stopped = true), left));
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await s.answer();
    // Its page is dropped (not among the pages handed back), and nothing more is read.
    expect(await stopping).toEqual([]);
    expect(stopped).toBe(true);
    expect(s.starts).toEqual([49, 54]);
  });

  it('stop() hands back the pages that were waiting, in order', async () => {
    const s = script(100, 5);
    const reader = new PageReader(s.read, 5, 3, null);
    for (let i = 0; i < 4; i++) await s.answer();
    expect((await reader.stop()).map((p) => p.last)).toEqual([4, 9, 14]);
  });

  it('an empty first page: take() resolves null at once', async () => {
    const s = script(0, 5);
    const reader = new PageReader(s.read, 5, 3, null);
    const got = reader.take();
    await s.answer();
    expect(await got).toBeNull();
  });
});
