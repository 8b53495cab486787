/**
 * What the support bundle must never contain, and the host names it pseudonymises. Known secret
 * values come from the diagnostics' collection (ENV:, VAULT: references, literals in the config
 * files, secret-named variables) plus two more sources a bundle reaches that a report does not:
 * every value the keychain holds for the console, and literals left in the config files' `.bak`
 * copies (the `.bak` files themselves are never put in the bundle, but their values could be in
 * an old log line).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../../shared/config.js';
import { stringLeaves } from '../config/json-walk.js';
import type { ConfigService } from '../config/config-service.js';
import { withTimeout } from '../db/app-database.js';
import { collectKnownSecrets } from '../diagnostics/redact.js';
import { isLiteralSecret } from '../secrets/secret-patterns.js';
import type { SecretStore } from '../secrets/secret-store.js';

export interface SecretSources {
  config: Pick<ConfigService, 'value' | 'references'>;
  env: NodeJS.ProcessEnv;
  secretStore: SecretStore | null;
  configDir: string;
}

const KEYCHAIN_BOUND_MS = 3_000;

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

/** Every secret value the bundle could echo, longest first. */
export async function bundleSecrets(src: SecretSources): Promise<string[]> {
  const values = new Set(await collectKnownSecrets({ config: src.config as ConfigService, env: src.env, secretStore: src.secretStore }));
  for (const name of CONFIG_FILE_NAMES) {
    for (const leaf of stringLeaves(readJson(path.join(src.configDir, `${name}.bak`)))) {
      if (isLiteralSecret(leaf.key, leaf.value)) values.add(leaf.value.trim());
    }
  }
  const store = src.secretStore;
  if (store) {
    const all = store
      .list()
      .then((names) => Promise.all(names.map((n) => store.get(n).then((v) => v && values.add(v.trim())).catch(() => undefined))))
      .catch(() => undefined);
    await withTimeout(all, KEYCHAIN_BOUND_MS, 'the keychain').catch(() => undefined);
  }
  return [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

const HOST_KEY = /^(host|hostname|server|server_name|instance|nas|nas_path|path_nas|share|url|base_url|database_url|migration_url|target)$/i;

/** A host in a URL, a UNC path (`\\NAS01\yedek`), `server\instance` or `server,port`. */
function hostsIn(value: string): string[] {
  const v = value.trim();
  if (/^(VAULT|ENV):/.test(v)) return [];
  const unc = /^\\\\([^\\/]+)/.exec(v);
  if (unc) return [unc[1]!];
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return [new URL(v).hostname.replace(/^\[|\]$/g, '')].filter(Boolean);
  } catch {
    return [];
  }
  const plain = /^([A-Za-z0-9][A-Za-z0-9.-]*)(?:[\\,:]\S*)?$/.exec(v);
  return plain ? [plain[1]!] : [];
}

/** Host names the console is configured with (config files and the database URL in the environment). */
export function configuredHosts(src: Pick<SecretSources, 'config' | 'env'>): string[] {
  const out = new Set<string>();
  for (const name of CONFIG_FILE_NAMES) {
    let raw: unknown;
    try {
      raw = src.config.value(name, []);
    } catch {
      continue;
    }
    for (const leaf of stringLeaves(raw)) if (HOST_KEY.test(leaf.key)) for (const h of hostsIn(leaf.value)) out.add(h);
  }
  for (const k of ['DATABASE_URL', 'DATABASE_MIGRATION_URL']) if (src.env[k]) for (const h of hostsIn(src.env[k]!)) out.add(h);
  return [...out];
}
