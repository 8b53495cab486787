/**
 * A cheap fingerprint of what the external health probes read: the config files (CONFIG_FILES:
 * whatsapp.json, mikro_connection.json, system_config.json …) and the keychain's "last changed"
 * file. A cached probe answer is reused only while it is unchanged, so saving settings or a
 * secret shows in the next /health at once, while polling alone never calls Meta or Mikro more
 * than every 30 s. Sizes and modification times only (one stat per file, no directory listing,
 * nothing read): it runs on every /health.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES } from '../config/config-files.js';
import { SECRETS_META_FILE } from '../secrets/secrets-meta.js';

export function settingsFingerprint(configDir: string, dataDir: string): string {
  let out = '';
  for (const file of [...CONFIG_FILES.map((n) => path.join(configDir, n)), path.join(dataDir, SECRETS_META_FILE)]) {
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    out += st ? `${st.size}:${st.mtimeNs}|` : '-|';
  }
  return out;
}
