/**
 * Host names and IP addresses replaced by pseudonyms that stay the same within one support
 * bundle (issue 18): the same address is always `host-1` in every file of the bundle, so the
 * topology (which console talks to which server) stays readable while the addresses do not
 * leave the shop. A new bundle starts a new table: pseudonyms say nothing across bundles.
 *
 * What is recognised: IPv4 addresses (each octet 0–255, so build numbers like 16.0.1000.6 stay),
 * IPv6 addresses written with at least two colons and a hex group, and the host names the
 * console itself is configured with (database URLs, the Mikro server, NAS shares …), which the
 * bundle hands over with `learnHosts`, and any host written as a URL's or a UNC path's host. A
 * bare host name only ever written in free text by a driver and never configured is not known,
 * and stays: the bundle's README says so.
 */
import { isIPv6 } from 'node:net';

const IPV4 = /(?<![\w.])((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?![\w]|\.\d)/g;
/** A run of hex digits and colons; only what `net.isIPv6` accepts (and is not a clock time) is taken. */
const IPV6_CANDIDATE = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi;
/** The host of a URL (`postgres://app@pg01.lan:5432/…`) or a UNC path (`\\\\NAS01\\yedek`), wherever it is written. */
const URL_HOST = /\b([a-z][a-z0-9+.-]*:\/\/(?:[^@\s/]*@)?)([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])(?=[:/\s"'?#]|$)/gi;
const UNC_HOST = /(\\\\)([A-Za-z0-9][A-Za-z0-9.-]*)(?=\\)/g;
/** Addresses that locate nothing in the shop and keep the text readable. */
const KEEP = new Set(['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost', '255.255.255.255', 'graph.facebook.com']);

export class Pseudonyms {
  private readonly table = new Map<string, string>();
  private hosts: string[] = [];
  private hostPattern: RegExp | null = null;

  /** The pseudonym of one host or address (`host-1`, `host-2`, … in order of first sight). */
  of(host: string): string {
    const key = host.toLowerCase();
    if (KEEP.has(key)) return host;
    let p = this.table.get(key);
    if (!p) {
      p = `host-${this.table.size + 1}`;
      this.table.set(key, p);
    }
    return p;
  }

  /** Host names (not addresses) to replace wherever they appear as a whole name. */
  learnHosts(names: Iterable<string>): void {
    const add = [...names].map((n) => n.trim()).filter((n) => n.length >= 2 && !KEEP.has(n.toLowerCase()) && !/^[\d.:]+$/.test(n));
    this.hosts = [...new Set([...this.hosts, ...add.map((n) => n.toLowerCase())])].sort((a, b) => b.length - a.length);
    for (const h of this.hosts) this.of(h);
    this.hostPattern = this.hosts.length
      ? new RegExp(`(?<![\\p{L}\\p{N}_.-])(${this.hosts.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`, 'giu')
      : null;
  }

  /** One text with every known host name and every IP address replaced. */
  apply(text: string): string {
    let out = text;
    if (out.includes('://')) out = out.replace(URL_HOST, (_m, head: string, host: string) => `${head}${this.of(host)}`);
    if (out.includes('\\\\')) out = out.replace(UNC_HOST, (_m, head: string, host: string) => `${head}${this.of(host)}`);
    if (this.hostPattern) out = out.replace(this.hostPattern, (m) => this.of(m));
    out = out.replace(IPV4, (m) => this.of(m));
    if (out.includes(':')) out = out.replace(IPV6_CANDIDATE, (m) => (isIPv6(m) && !/^\d{1,2}:\d{2}(:\d{2})?$/.test(m) ? this.of(m) : m));
    return out;
  }

  /** How many distinct hosts got a pseudonym (the manifest says it, never the table itself). */
  get count(): number {
    return this.table.size;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
