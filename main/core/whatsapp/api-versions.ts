/**
 * Graph API versions and the dates Meta ends them (Meta's changelog, late 2026). A version keeps
 * working until its end date and is refused from that day on (00:00 UTC, the earliest reading of
 * "available until"), so a console pinned to an ended version stops sending overnight. The
 * `whatsapp_api_version` check reads this table:
 *
 *   end date passed                 → FAIL, naming the version to move to
 *   end date within WARN_DAYS (90)  → WARN, with the days left and the version to move to
 *   otherwise                       → PASS (with the end date when one is announced)
 *
 * A version older than every row ended long ago (FAIL); one newer than every row is not in this
 * table yet (WARN: check Meta's changelog, then update this table).
 * "Move to" is the newest released version: Meta supports each for about two years, so the
 * newest one postpones the next move the longest.
 */

export interface GraphApiVersion {
  version: string;
  /** ISO date (YYYY-MM-DD) Meta released it. */
  released: string;
  /** ISO date (YYYY-MM-DD) from which Meta no longer serves it; null = not announced yet. */
  ends: string | null;
}

/** Oldest first. Update when Meta announces a version or an end date. */
export const GRAPH_API_VERSIONS: readonly GraphApiVersion[] = [
  { version: 'v20.0', released: '2024-05-21', ends: '2026-09-24' },
  { version: 'v21.0', released: '2024-10-02', ends: '2027-01-21' },
  { version: 'v22.0', released: '2025-01-21', ends: '2027-05-20' },
  { version: 'v23.0', released: '2025-05-29', ends: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', ends: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', ends: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29', ends: null },
];

/** The version shipped in config/whatsapp.json and used when none is configured. */
export const DEFAULT_API_VERSION = 'v26.0';

export const WARN_DAYS = 90;
const DAY_MS = 86_400_000;

export type VersionState = 'current' | 'ending_soon' | 'ended' | 'unknown_newer' | 'unknown_older' | 'malformed';

export interface VersionAssessment {
  version: string;
  state: VersionState;
  /** The row, when the version is in the table. */
  known: GraphApiVersion | null;
  /** Whole days until the end date (0 on the day before it ends is "less than a day"); null without one. */
  days_left: number | null;
  /** The newest released version (null when the configured one is already it). */
  move_to: string | null;
}

const parse = (v: string): [number, number] | null => {
  const m = /^v(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
};
const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
const endMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The newest version that has been released by `now`. */
export function newestReleased(now: Date, table: readonly GraphApiVersion[] = GRAPH_API_VERSIONS): GraphApiVersion {
  const released = table.filter((v) => endMs(v.released) <= now.getTime());
  return released[released.length - 1] ?? table[0]!;
}

export function assessApiVersion(version: string, now: Date, table: readonly GraphApiVersion[] = GRAPH_API_VERSIONS): VersionAssessment {
  const newest = newestReleased(now, table);
  const moveTo = (v: string) => (v === newest.version ? null : newest.version);
  const parsed = parse(version);
  if (!parsed) return { version, state: 'malformed', known: null, days_left: null, move_to: newest.version };
  const known = table.find((v) => compare(parse(v.version)!, parsed) === 0) ?? null;
  if (!known) {
    const older = compare(parsed, parse(table[0]!.version)!) < 0;
    return { version, state: older ? 'unknown_older' : 'unknown_newer', known: null, days_left: null, move_to: older ? newest.version : null };
  }
  if (!known.ends) return { version, state: 'current', known, days_left: null, move_to: moveTo(known.version) };
  const left = endMs(known.ends) - now.getTime();
  const days_left = Math.max(0, Math.floor(left / DAY_MS));
  if (left <= 0) return { version, state: 'ended', known, days_left: 0, move_to: moveTo(known.version) };
  if (left <= WARN_DAYS * DAY_MS) return { version, state: 'ending_soon', known, days_left, move_to: moveTo(known.version) };
  return { version, state: 'current', known, days_left, move_to: moveTo(known.version) };
}
