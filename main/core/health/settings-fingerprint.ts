/**
 * A cheap fingerprint of what the external health probes read: the config files (whatsapp.json,
 * mikro_connection.json, system_config.json …) and the keychain's "last changed" file. A cached
 * probe answer is reused only while it is unchanged, so saving settings or a secret shows in the
 * next /health at once, while polling alone never calls Meta or Mikro more than every 30 s.
 * Sizes and modification times only (a few stat calls): no file is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SECRETS_META_FILE } from '../secrets/secrets-meta.js';

export function settingsFingerprint(configDir: string, dataDir: string): string {
  const parts: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(configDir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    // No config folder: nothing to fingerprint but its absence.
  }
  for (const file of [...names.map((n) => path.join(configDir, n)), path.join(dataDir, SECRETS_META_FILE)]) {
    try {
      const st = fs.statSync(file, { bigint: true });
      parts.push(`${path.basename(file)}:${st.size}:${st.mtimeNs}`);
    } catch {
      parts.push(`${path.basename(file)}:-`);
    }
  }
  return parts.join('|');
}
