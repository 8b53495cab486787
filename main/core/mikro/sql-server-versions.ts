/**
 * PRELOGIN's VERSION (major.minor.build) → the product an admin knows: "SQL Server 2012 SP4
 * (11.0.7001)". Service-pack baselines from Microsoft's build lists (2008 R2 to 2022; 2017 and
 * later have no service packs, only cumulative updates). Product names are names, not prose: they
 * are the same in every language.
 *
 * `tls12` tells whether that build can speak TLS 1.2 (KB3135244: 2008 R2 SP3 10.50.6542,
 * 2012 SP2 11.0.5352 / SP3 11.0.6216, 2014 RTM 12.0.2564 / SP1 12.0.4439; 2016 and later always).
 */
export interface SqlServerProduct {
  /** "SQL Server 2012 SP4 (11.0.7001)" */
  name: string;
  /** "SQL Server 2012" */
  release: string;
  level: string | null;
  version: string;
  /** null when the release is unknown. */
  tls12: boolean | null;
}

interface Release {
  major: number;
  minor: number;
  release: string;
  levels: [number, string][];
  /** Lowest build that has TLS 1.2, or 0 = every build, or null = never. */
  tls12From: number | null;
  /** TLS 1.2 arrived in SP2 CU for 2012: builds in [from, to) of an older branch also have it. */
  tls12Also?: [number, number];
}

const RELEASES: Release[] = [
  { major: 10, minor: 0, release: 'SQL Server 2008', levels: [[1600, 'RTM'], [2531, 'SP1'], [4000, 'SP2'], [5500, 'SP3'], [6000, 'SP4']], tls12From: 6547 },
  { major: 10, minor: 50, release: 'SQL Server 2008 R2', levels: [[1600, 'RTM'], [2500, 'SP1'], [4000, 'SP2'], [6000, 'SP3']], tls12From: 6542 },
  { major: 11, minor: 0, release: 'SQL Server 2012', levels: [[2100, 'RTM'], [3000, 'SP1'], [5058, 'SP2'], [6020, 'SP3'], [7001, 'SP4']], tls12From: 6216, tls12Also: [5352, 6020] },
  { major: 12, minor: 0, release: 'SQL Server 2014', levels: [[2000, 'RTM'], [4100, 'SP1'], [5000, 'SP2'], [6024, 'SP3']], tls12From: 4439, tls12Also: [2564, 4100] },
  { major: 13, minor: 0, release: 'SQL Server 2016', levels: [[1601, 'RTM'], [4001, 'SP1'], [5026, 'SP2'], [6300, 'SP3']], tls12From: 0 },
  { major: 14, minor: 0, release: 'SQL Server 2017', levels: [[1000, 'RTM']], tls12From: 0 },
  { major: 15, minor: 0, release: 'SQL Server 2019', levels: [[2000, 'RTM']], tls12From: 0 },
  { major: 16, minor: 0, release: 'SQL Server 2022', levels: [[1000, 'RTM']], tls12From: 0 },
];

export function sqlServerProduct(major: number, minor: number, build: number): SqlServerProduct {
  const version = `${major}.${minor}.${build}`;
  const r = RELEASES.find((x) => x.major === major && x.minor === minor);
  if (!r) {
    const name = major > 16 ? `SQL Server (${version})` : major >= 9 && major < 10 ? `SQL Server 2005 (${version})` : `SQL Server (${version})`;
    return { name, release: name, level: null, version, tls12: major > 16 ? true : major < 10 ? false : null };
  }
  let level: string | null = null;
  for (const [from, label] of r.levels) if (build >= from) level = label;
  // 2017+: CUs only; the build is the precise fact, "RTM" would mislead for a patched server.
  const shown = r.levels.length === 1 ? null : level;
  const tls12 = r.tls12From === null ? false : build >= r.tls12From || (r.tls12Also ? build >= r.tls12Also[0] && build < r.tls12Also[1] : false);
  return { name: `${r.release}${shown ? ` ${shown}` : ''} (${version})`, release: r.release, level: shown, version, tls12 };
}
