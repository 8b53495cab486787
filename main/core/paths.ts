/**
 * Where the console keeps its data (R-CFG-0, R-CFG-1). The desktop app, the CLI and `serve`
 * must agree, so they all call `resolvePaths`; the default equals what Electron's
 * `app.getPath('userData')` gives for the product name "OptiPlan360".
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'OptiPlan360';

export interface PathOptions {
  dataDir?: string | undefined;
  configDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

export interface AppPaths {
  dataDir: string;
  configDir: string;
  logDir: string;
  backupDir: string;
  /** The embedded SQLite default. */
  defaultSqliteFile: string;
}

/** Electron's userData for the product on each platform. */
export function platformDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, PRODUCT_NAME);
}

/** `--data-dir` > `OPTIPLAN_DATA_DIR` > platform default; `--config-dir` > `OPTIPLAN_CONFIG_DIR` > `<data>/config`. */
export function resolvePaths(opts: PathOptions = {}): AppPaths {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.homeDir ?? os.homedir();
  const dataDir = path.resolve(
    nonEmpty(opts.dataDir) ?? nonEmpty(env.OPTIPLAN_DATA_DIR) ?? platformDataDir(platform, env, home),
  );
  const configDir = path.resolve(
    nonEmpty(opts.configDir) ?? nonEmpty(env.OPTIPLAN_CONFIG_DIR) ?? path.join(dataDir, 'config'),
  );
  return {
    dataDir,
    configDir,
    logDir: path.join(dataDir, 'logs'),
    backupDir: path.join(dataDir, 'backups'),
    defaultSqliteFile: path.join(dataDir, 'optiplan360.sqlite'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}
