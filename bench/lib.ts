/** Small helpers shared by the benchmarks: percentiles and one JSON result line per figure. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): { n: number; p50: number; p99: number; mean: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), mean: round(mean), min: round(s[0] ?? NaN), max: round(s.at(-1) ?? NaN) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Print one machine-readable line; scripts/run-bench.js collects them. */
export function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(`BENCH ${JSON.stringify({ name, ...figures })}\n`);
}
