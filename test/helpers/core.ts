import { Core, type CoreOptions } from '../../main/core/core.js';
import { tempDir, writeConfig } from './temp.js';

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
  writeConfig(tmp.dir, 'system_config.json', { environment: 'test', ...extra.system, database: { auto_migrate_on_startup: false, ...database } });
  const core = await Core.open({ dataDir: tmp.dir, env: { ...extra.env }, ...extra });
  return {
    core,
    dataDir: tmp.dir,
    cleanup: async () => {
      await core.close();
      tmp.remove();
    },
  };
}
