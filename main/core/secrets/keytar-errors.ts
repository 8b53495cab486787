/**
 * Turns what keytar / libsecret / D-Bus say into one plain E_KEYCHAIN_UNAVAILABLE (R-CFG-7):
 * what is wrong, and what to do. Messages carry secret names at most, never a value.
 *
 * Texts seen from keytar 7.9 on Linux (libsecret over D-Bus):
 * - no session bus, no display:   "Cannot autolaunch D-Bus without X11 $DISPLAY"
 * - bus address points nowhere:   "Could not connect: No such file or directory" / "…Connection refused"
 * - bus without Secret Service:   "[GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: ]The name
 *                                  org.freedesktop.secrets was not provided by any .service files"
 * - keyring locked (no prompt):   set → "Cannot create an item in a locked collection";
 *                                  get → null (indistinguishable from "not set" without a probe)
 * - no login keyring:             "Object does not exist at path “/org/freedesktop/secrets/collection/login”"
 */
import { AppError, isAppError } from '../../../shared/errors.js';

export type KeychainProblem = 'load' | 'no-bus' | 'no-service' | 'locked' | 'no-collection' | 'prompt' | 'timeout' | 'stuck' | 'other';

/** Our own marker for a call that did not settle in time (keytar never gives up on a hung bus). */
export class KeychainTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${formatSeconds(ms)}`);
    this.name = 'KeychainTimeout';
  }
}

/** An earlier call is still hanging; another call would only pile up behind it. */
export class KeychainStuck extends Error {
  constructor() {
    super('an earlier keychain call is still waiting for an answer');
    this.name = 'KeychainStuck';
  }
}

/** keytar's native module could not be loaded (missing build, wrong ABI, missing libsecret). */
export class KeytarLoadError extends Error {
  constructor(cause: unknown) {
    super(firstLine(cause instanceof Error ? cause.message : String(cause)), { cause });
    this.name = 'KeytarLoadError';
  }
}

export function classifyKeychainError(err: unknown): KeychainProblem {
  if (err instanceof KeytarLoadError) return 'load';
  if (err instanceof KeychainTimeout) return 'timeout';
  if (err instanceof KeychainStuck) return 'stuck';
  const m = err instanceof Error ? err.message : String(err);
  if (/not provided by any \.service files|ServiceUnknown|NameHasNoOwner|Name has no owner/i.test(m)) return 'no-service';
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|Connection refused|Failed to connect|Error spawning command line|dbus-launch|Not connected|Connection is closed|disconnected/i.test(m)) {
    return 'no-bus';
  }
  if (/\blocked\b|is locked|IsLocked/i.test(m)) return 'locked';
  if (/Object does not exist at path|NoSuchObject|No such object|no default collection|collection\/login/i.test(m)) return 'no-collection';
  if (/prompt|dismissed|cancel/i.test(m)) return 'prompt';
  return 'other';
}

const REASON: Record<KeychainProblem, string> = {
  load: 'the keychain module (keytar) could not be loaded',
  'no-bus': 'there is no D-Bus session to reach a Secret Service',
  'no-service': 'no Secret Service (such as gnome-keyring) is running in this D-Bus session',
  locked: 'the keyring is locked',
  'no-collection': 'the keyring has no default (login) collection to store secrets in',
  prompt: 'the keyring asked to be unlocked and the prompt was dismissed or could not be shown',
  timeout: 'the keychain did not answer in time',
  stuck: 'an earlier keychain call is still waiting for an answer',
  other: 'the keychain reported an error',
};

export function keychainAdvice(platform: NodeJS.Platform): string {
  const env = 'or use ENV:<NAME> references (environment variables) instead of VAULT:<name>';
  if (platform === 'win32') return `Check that Windows Credential Manager works for this user, ${env}.`;
  if (platform === 'darwin') return `Check that the login keychain is unlocked (Keychain Access), ${env}.`;
  return (
    'On Linux start a Secret Service (e.g. gnome-keyring: `gnome-keyring-daemon --start --components=secrets` ' +
    `in the desktop D-Bus session) and unlock the login keyring, ${env}.`
  );
}

/**
 * One E_KEYCHAIN_UNAVAILABLE for any keychain failure. `subject` names what was being done
 * (e.g. "cannot read secret VAULT:db_password"); `scrub` is a value to keep out of the message.
 */
export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'Windows Credential Manager';
  if (platform === 'darwin') return 'macOS Keychain';
  return 'Secret Service';
}

export function keychainUnavailable(err: unknown, opts: { platform: NodeJS.Platform; subject?: string; scrub?: string }): AppError {
  if (isAppError(err)) return err;
  const problem = classifyKeychainError(err);
  let raw = firstLine(err instanceof Error ? err.message : String(err));
  if (opts.scrub) raw = raw.split(opts.scrub).join('***');
  let reason = REASON[problem];
  if (problem === 'timeout' || problem === 'stuck') {
    reason += ' (a hung D-Bus call, or an unlock prompt waiting for the user)';
  }
  const head = opts.subject ? `${opts.subject}: ` : '';
  const detail = raw && problem !== 'stuck' ? ` (${raw})` : '';
  const message = `${head}the OS keychain (${keychainName(opts.platform)}) is not available: ${reason}${detail}. ${keychainAdvice(opts.platform)}`;
  return new AppError('E_KEYCHAIN_UNAVAILABLE', message, [{ path: 'keychain', message: problem }], { cause: err });
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
