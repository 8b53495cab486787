/** The console's name in the fleet: `OPTIPLAN_CONSOLE_NAME`, else the computer name (issue 18). */
import os from 'node:os';

const MAX_NAME = 64;

export function consoleName(env: NodeJS.ProcessEnv): string {
  const configured = env.OPTIPLAN_CONSOLE_NAME?.trim();
  let host: string;
  try {
    host = os.hostname();
  } catch {
    host = '';
  }
  return (configured || host || env.COMPUTERNAME || 'console').slice(0, MAX_NAME);
}

/** The OS user, for the fleet row (the audit's actor names it the same way). */
export function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
