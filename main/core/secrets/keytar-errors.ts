/**
 * Turns what keytar / libsecret / D-Bus say into one plain E_KEYCHAIN_UNAVAILABLE (R-CFG-7):
 * what is wrong and what to do, as catalogue messages (secrets.keychain.*); the OS's own words go
 * to technical_detail. Messages carry secret names at most, never a value.
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
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';

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

/** The catalogue key of each problem (secrets.keychain.reason.*). */
const REASON_KEY: Record<KeychainProblem, MessageKey> = {
  load: 'secrets.keychain.reason.load',
  'no-bus': 'secrets.keychain.reason.no_bus',
  'no-service': 'secrets.keychain.reason.no_service',
  locked: 'secrets.keychain.reason.locked',
  'no-collection': 'secrets.keychain.reason.no_collection',
  prompt: 'secrets.keychain.reason.prompt',
  timeout: 'secrets.keychain.reason.timeout',
  stuck: 'secrets.keychain.reason.stuck',
  other: 'secrets.keychain.reason.other',
};

type PlatformKey = 'win32' | 'darwin' | 'linux';
const platformKey = (platform: NodeJS.Platform): PlatformKey => (platform === 'win32' || platform === 'darwin' ? platform : 'linux');

/** What to do, for this platform (Windows: "Windows Kimlik Bilgileri Yöneticisi"). */
export function keychainAdvice(platform: NodeJS.Platform): Message {
  return msg(`secrets.keychain.advice.${platformKey(platform)}`);
}

/** The keychain's name as people know it on this platform, in their language. */
export function keychainStoreName(platform: NodeJS.Platform): Message {
  return msg(`secrets.keychain.name.${platformKey(platform)}`);
}

/** The keychain's name in English, for technical text and the backend label. */
export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'Windows Credential Manager';
  if (platform === 'darwin') return 'macOS Keychain';
  return 'Secret Service';
}

/**
 * One E_KEYCHAIN_UNAVAILABLE for any keychain failure: the message names the store in the
 * reader's words ("Windows Kimlik Bilgileri Yöneticisi") and the reason; the next step is the
 * platform's advice; what the OS or keytar said is technical_detail. `subject` says what was
 * being done (a secrets.keychain.subject.* message); `scrub` is a value to keep out of the text.
 */
export function keychainUnavailable(err: unknown, opts: { platform: NodeJS.Platform; subject?: Message; scrub?: string }): AppError {
  if (isAppError(err)) return err;
  const problem = classifyKeychainError(err);
  let raw = firstLine(err instanceof Error ? err.message : String(err));
  if (opts.scrub) raw = raw.split(opts.scrub).join('***');
  const store = keychainStoreName(opts.platform);
  const reason = msg(REASON_KEY[problem]);
  const message = opts.subject ? msg('secrets.keychain.unavailable_subject', { subject: opts.subject, store, reason }) : msg('secrets.keychain.unavailable', { store, reason });
  const technical = `${keychainName(opts.platform)}: ${problem}${raw && problem !== 'stuck' ? ` (${raw})` : ''}`;
  return new AppError('E_KEYCHAIN_UNAVAILABLE', message, [{ path: 'keychain', message: problem }], { cause: err, technical_detail: technical, next_step: keychainAdvice(opts.platform) });
}
function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
