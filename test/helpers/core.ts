import { Core, type CoreOptions } from '../../main/core/core.js';
import { tempDir, writeConfig } from './temp.js';

/** The audit chain key the test cores use (`audit.key_ref` = ENV:OPTIPLAN_TEST_AUDIT_KEY). */
export const TEST_AUDIT_KEY_ENV = 'OPTIPLAN_TEST_AUDIT_KEY';
export const TEST_AUDIT_KEY = 'test-audit-chain-key-0123456789abcdef';

export interface TestCore {
  core: Core;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A core on a fresh data folder; `database` goes into system_config.json. */
export async function openTestCore(
  database: Record<string, unknown> = {},
  extra: Partial<CoreOptions> & { system?: Record<string, unknown> } = {},
): Promise<TestCore> {
  const tmp = tempDir();
  // The audit chain's HMAC key from the environment (no keychain in most tests); a test may name another.
  writeConfig(tmp.dir, 'system_config.json', { environment: 'test', audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, ...extra.system, database: { auto_migrate_on_startup: false, ...database } });
  const core = await Core.open({ dataDir: tmp.dir, ...extra, env: { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, ...extra.env } });
  return {
    core,
    dataDir: tmp.dir,
    cleanup: async () => {
      await core.close();
      tmp.remove();
    },
  };
}
