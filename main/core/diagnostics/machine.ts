/** Where the report was taken: support needs the machine, OS and Node version next to the findings. */
import os from 'node:os';
import type { MachineInfo } from '../../../shared/diagnostics.js';

export function machineInfo(appDataDir?: string): MachineInfo {
  return {
    hostname: os.hostname(),
    platform: process.platform,
    os_release: os.release(),
    user: currentUser(),
    node: process.version,
    ...(appDataDir ? { app_data_dir: appDataDir } : {}),
  };
}

/** os.userInfo() throws for a uid without a passwd entry (containers); fall back to the env. */
function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
