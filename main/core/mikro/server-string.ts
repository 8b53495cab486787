/**
 * The server as admins type it (SSMS / connection-string forms): `host`, `host,port`,
 * `host\INSTANCE`, each optionally with a `tcp:` prefix; `.`, `(local)` and `localhost` name this
 * PC. A port and an instance name together are refused: which one wins differs between drivers,
 * so the admin has to choose. The Instance field of the SQL Board counts as an instance; the Port
 * field only counts when the string names no instance (with an instance the SQL Browser says the
 * port).
 */
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';

export interface ParsedServer {
  host: string;
  /** null with an instance name: the SQL Server Browser tells the port. */
  port: number | null;
  instance: string | null;
  form: 'host' | 'host,port' | 'host\\instance';
  tcp_prefix: boolean;
}

export type ServerParse = { ok: true; server: ParsedServer } | { ok: false; problem: Message; field: 'host' | 'instance' | 'port' };

const fail = (key: string, field: 'host' | 'instance' | 'port', params: Record<string, string | number> = {}): ServerParse => ({
  ok: false,
  problem: msg(`mikro.stages.parse.${key}` as MessageKey, params),
  field,
});

const LOCAL = new Set(['.', '(local)', '(localdb)']);

export function parseServerString(hostField: string | null | undefined, portField: number | null | undefined, instanceField: string | null | undefined): ServerParse {
  let text = (hostField ?? '').trim();
  if (!text) return fail('empty', 'host');
  let tcpPrefix = false;
  const prefix = /^([a-z]+):/i.exec(text);
  if (prefix && !/^\[|^[0-9a-f:]+$/i.test(text)) {
    const p = prefix[1]!.toLowerCase();
    if (p !== 'tcp') return fail('protocol', 'host', { prefix: `${prefix[1]}:` });
    tcpPrefix = true;
    text = text.slice(prefix[0].length).trim();
  }
  let port: number | null = null;
  let instance: string | null = null;
  let form: ParsedServer['form'] = 'host';
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const p = text.slice(comma + 1).trim();
    text = text.slice(0, comma).trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) return fail('bad_port', 'host', { port: p });
    port = Number(p);
    form = 'host,port';
  }
  const slash = text.indexOf('\\');
  if (slash >= 0) {
    instance = text.slice(slash + 1).trim() || null;
    text = text.slice(0, slash).trim();
    if (!instance) return fail('empty_instance', 'host');
    if (port !== null) return fail('port_and_instance', 'host', { port, instance });
    form = 'host\\instance';
  }
  const fieldInstance = instanceField?.trim() || null;
  if (fieldInstance) {
    if (port !== null) return fail('port_and_instance', 'instance', { port, instance: fieldInstance });
    if (instance && instance.toUpperCase() !== fieldInstance.toUpperCase()) return fail('instance_conflict', 'instance', { typed: instance, field: fieldInstance });
    instance = fieldInstance;
    form = 'host\\instance';
  }
  if (!text) return fail('empty', 'host');
  const host = LOCAL.has(text.toLowerCase()) ? 'localhost' : text.replace(/^\[(.*)\]$/, '$1');
  if (/\s/.test(host)) return fail('bad_host', 'host', { host });
  if (!instance && port === null) {
    port = portField ?? 1433;
  }
  return { ok: true, server: { host, port, instance, form, tcp_prefix: tcpPrefix } };
}
