/**
 * The sync's reader running ahead of its writer: pages are read from Mikro one after another
 * (each starts after the previous page's last row) while the app database writes the ones already
 * read, so neither side waits for the other. At most `depth` pages wait, which bounds memory;
 * the writer takes every waiting page at once and commits them in one transaction (fewer, bigger
 * commits: on SQLite a commit costs about as much as writing a thousand rows).
 *
 * Order is kept: pages come out in the order they were read. A read that fails ends the reading;
 * the pages read before it are still handed out, then `take` throws the failure, so the writer
 * commits everything that was read correctly before the table is reported FAILED.
 */

export interface ReadPage<C, P> {
  /** What the writer needs of the page (its rows, or a handle to rows already handed to a worker). */
  page: P;
  rowCount: number;
  /** Where the next page starts (the page's last row). */
  last: C;
}

export class PageReader<C, P> {
  private readonly waiting: ReadPage<C, P>[] = [];
  private finished = false;
  private failure: { error: unknown } | null = null;
  private stopped = false;
  private wakeTaker: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;
  private readonly loop: Promise<void>;

  /**
   * `read(after)` reads the page after `after` (null: from the start), null when there is none;
   * a page shorter than `pageRows` is the last one.
   */
  constructor(
    private readonly read: (after: C | null) => Promise<ReadPage<C, P> | null>,
    private readonly pageRows: number,
    private readonly depth: number,
    start: C | null,
  ) {
    this.loop = this.run(start);
  }

  private async run(start: C | null): Promise<void> {
    let after = start;
    try {
      for (;;) {
        while (this.waiting.length >= this.depth && !this.stopped) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        if (this.stopped) return;
        const page = await this.read(after);
        if (this.stopped || !page) return;
        after = page.last;
        this.waiting.push(page);
        this.notifyTaker();
        if (page.rowCount < this.pageRows) return;
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.finished = true;
      this.notifyTaker();
    }
  }

  private notifyTaker(): void {
    const wake = this.wakeTaker;
    this.wakeTaker = null;
    wake?.();
  }

  /** Every page waiting (at least one), in order; null once the table is read; throws a failed read's error. */
  async take(): Promise<ReadPage<C, P>[] | null> {
    while (this.waiting.length === 0) {
      if (this.finished) {
        if (this.failure) throw this.failure.error;
        return null;
      }
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    const pages = this.waiting.splice(0);
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
    return pages;
  }

  /**
   * The writer gave up: read no further, wait for the read in flight (its page is dropped), and
   * return the pages that were waiting, so the caller can let go of what they hold.
   */
  async stop(): Promise<ReadPage<C, P>[]> {
    this.stopped = true;
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
    await this.loop;
    return this.waiting.splice(0);
  }
}
