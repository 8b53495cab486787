// The keychain store against a REAL Secret Service (gnome-keyring over D-Bus), and child
// processes for every way the keychain can be missing (R-CFG-4, R-CFG-6, R-CFG-7).
//
// Run under scripts/with-keyring.sh (a private D-Bus session with an unlocked gnome-keyring,
// HOME in a temp folder):   scripts/with-keyring.sh npx vitest run test/integration/keychain.test.ts
// Without it these tests FAIL on purpose: they must never write to a developer's own keyring.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { KEYCHAIN_SERVICE, KeytarSecretStore, importKeytar, type KeytarApi } from '../../main/core/secrets/keytar-store.js';
import { parseSecretRef, resolveSecretRef } from '../../main/core/secrets/secret-ref.js';
import { SECRETS_META_FILE } from '../../main/core/secrets/secrets-meta.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tr = translator('tr');
const en = translator('en');
const HINT = 'run the tests under scripts/with-keyring.sh, e.g. `scripts/with-keyring.sh npx vitest run` (needs the Debian packages dbus and gnome-keyring)';
const RUN_ID = `${process.pid}_${Date.now().toString(36)}`;

const tempDirs: string[] = [];
async function tempDir(label: string): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), `keychain-${label}-`));
  tempDirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('KeytarSecretStore against the real Secret Service', () => {
  const names: string[] = [];
  let keytar: KeytarApi;
  let metaDir: string;
  let store: KeytarSecretStore;
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  const name = (label: string): string => {
    const n = `kc_it_${RUN_ID}_${label}`;
    names.push(n);
    return n;
  };

  /** Why these tests cannot run here; each test FAILS with it (a skip would hide a missing keychain). */
  let missing: string | null = null;
  const need = (): void => {
    if (missing) throw new Error(missing);
  };

  beforeAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
      missing = `DBUS_SESSION_BUS_ADDRESS is not set, so there is no Secret Service to test against: ${HINT}`;
      return;
    }
    if (process.env.OPTIPLAN_PRIVATE_KEYRING !== '1') {
      missing = `not running under scripts/with-keyring.sh (OPTIPLAN_PRIVATE_KEYRING is not 1); refusing to write to what may be your own keyring: ${HINT}`;
      return;
    }
    keytar = await importKeytar();
    metaDir = await tempDir('meta');
    store = new KeytarSecretStore(metaDir, { now: () => new Date(clock) });
  });

  afterAll(async () => {
    if (!keytar) return;
    for (const n of names) await keytar.deletePassword(KEYCHAIN_SERVICE, n).catch(() => false);
  });

  it('is available', async () => {
    need();
    expect(await store.status()).toEqual({ available: true, backend: 'keytar (Secret Service)' });
  });

  it('set / get / overwrite / list / delete round trip, Turkish and other unicode values, metadata without values', async () => {
    need();
    const values: Record<string, string> = {
      tr: 'İstanbul şifresi: ĞÜŞÖÇİ ğüşöçı — "tırnak" \'tek\' \\ters/',
      mixed: 'ключ-密码-🔑-ﷺ-e\u0301',
      long: `Ş${'x'.repeat(3000)}ı`,
      lines: 'satır 1\nsatır 2\r\n\tsekme',
    };
    const created: Record<string, string> = {};
    for (const [label, value] of Object.entries(values)) {
      const n = name(label);
      created[n] = value;
      await store.set(n, value);
      clock += 1000;
    }
    for (const [n, value] of Object.entries(created)) {
      expect(await store.get(n)).toBe(value);
      // Really in the keyring under service OptiPlan360, not only in this object.
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, n)).toBe(value);
      expect(await new KeytarSecretStore(undefined).get(n)).toBe(value);
    }

    const listed = await store.list();
    for (const n of Object.keys(created)) expect(listed).toContain(n);
    expect(listed).toEqual([...listed].sort());

    const trName = Object.keys(created)[0]!;
    const before = (await store.listWithMeta()).find((m) => m.name === trName);
    expect(before?.changed_at).toBe('2026-03-01T10:00:00.000Z');

    // Overwrite: new value, newer changed_at.
    clock = Date.parse('2026-04-02T11:22:33.000Z');
    await store.set(trName, 'yeni değer ğ');
    expect(await store.get(trName)).toBe('yeni değer ğ');
    const after = (await store.listWithMeta()).find((m) => m.name === trName);
    expect(after).toEqual({ name: trName, changed_at: '2026-04-02T11:22:33.000Z' });

    const metaText = await fs.readFile(path.join(metaDir, SECRETS_META_FILE), 'utf8');
    for (const value of [...Object.values(values), 'yeni değer ğ']) expect(metaText).not.toContain(value);
    expect(metaText).not.toContain('ğ');
    expect(JSON.stringify(await store.listWithMeta())).not.toContain('ğ');
    expect(Object.keys(JSON.parse(metaText))).toEqual(expect.arrayContaining(Object.keys(created)));

    // Delete: gone from keyring, list and metadata; a second delete says false.
    expect(await store.delete(trName)).toBe(true);
    expect(await store.get(trName)).toBeNull();
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, trName)).toBeNull();
    expect(await store.delete(trName)).toBe(false);
    expect(await store.list()).not.toContain(trName);
    expect(JSON.parse(await fs.readFile(path.join(metaDir, SECRETS_META_FILE), 'utf8'))).not.toHaveProperty(trName);
    expect((await fs.readdir(metaDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('resolves VAULT: references; a missing one is E_SECRET_NOT_FOUND with the reference only', async () => {
    need();
    const n = name('ref');
    const canary = `Kanarya-ŞİFRE-${RUN_ID}`;
    await store.set(n, canary);
    const ctx = { env: {}, store };
    await expect(resolveSecretRef(parseSecretRef(`VAULT:${n}`)!, ctx)).resolves.toBe(canary);
    await store.delete(n);
    try {
      await resolveSecretRef(parseSecretRef(`VAULT:${n}`)!, ctx);
      expect.unreachable('a deleted secret must not resolve');
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('E_SECRET_NOT_FOUND');
      expect((e as Error).message).toContain(`VAULT:${n}`);
      expect((e as Error).message).not.toContain(canary);
    }
  });

  it('refuses invalid names and empty values before touching the keyring', async () => {
    need();
    await expect(store.set('bad name', 'x')).rejects.toMatchObject({ code: 'E_VALIDATION' });
    await expect(store.set(name('empty'), '')).rejects.toMatchObject({ code: 'E_VALIDATION' });
    await expect(store.get(`x${'y'.repeat(128)}`)).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });
});

// ---------------------------------------------------------------------------------------------
// No keychain: a child Node process with a broken environment. It must say so plainly, keep
// ENV: references working, and never hang or crash.

const CHILD = `
const store = new (await import(process.env.KC_STORE_URL)).KeytarSecretStore(process.env.KC_META_DIR, { timeoutMs: Number(process.env.KC_TIMEOUT_MS) });
const { parseSecretRef, resolveSecretRef } = await import(process.env.KC_REF_URL);
const attempt = async (fn) => { try { return { ok: (await fn()) ?? null }; } catch (e) { return { code: e.code, message: e.message, text: e.text, next_step: e.nextStep, technical_detail: e.technicalDetail }; } };
const ctx = { env: process.env, store };
const t0 = Date.now();
const out = {};
if (process.env.KC_PREPARE) {
  out.set = await attempt(() => store.set(process.env.KC_PREPARE, process.env.KC_CANARY));
  out.status = await store.status();
} else {
  out.status = await store.status();
  out.vault = await attempt(() => resolveSecretRef(parseSecretRef('VAULT:' + process.env.KC_NAME), ctx));
  out.env = await attempt(() => resolveSecretRef(parseSecretRef('ENV:KC_ENV_SECRET'), ctx));
  out.get = await attempt(() => store.get(process.env.KC_NAME));
  out.list = await attempt(() => store.list());
  out.set = await attempt(() => store.set(process.env.KC_NAME, process.env.KC_CANARY));
}
out.stuck = store.stuck;
out.ms = Date.now() - t0;
// A call stuck on a hung bus holds a libuv worker that even process.exit() waits for.
process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n', () => { if (store.stuck) process.kill(process.pid, 'SIGKILL'); });
`;

interface Attempt {
  ok?: unknown;
  code?: string;
  message?: string;
  text?: Message;
  next_step?: Message;
  technical_detail?: string;
}
interface ChildResult {
  status: { available: boolean; backend: string; problem?: Message; error?: string };
  vault: Attempt;
  env: Attempt;
  get: Attempt;
  list: Attempt;
  set: Attempt;
  stuck: boolean;
  ms: number;
}
interface ChildRun {
  result: ChildResult;
  exit: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  wallMs: number;
}

const ENV_CANARY = 'env-değer-çalışıyor';
const CHILD_CANARY = `child-şifre-${RUN_ID}`;

/** A fresh HOME / XDG set and a clean environment without any display or session bus. */
async function isolatedEnv(label: string, extra: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const home = await tempDir(label);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'GNOME_KEYRING_CONTROL', 'OPTIPLAN_PRIVATE_KEYRING']) delete env[k];
  for (const d of ['run', 'data', 'config', 'cache', 'meta']) await fs.mkdir(path.join(home, d), { mode: 0o700 });
  return {
    ...env,
    HOME: home,
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    KC_META_DIR: path.join(home, 'meta'),
    KC_STORE_URL: pathToFileURL(path.join(ROOT, 'main/core/secrets/keytar-store.ts')).href,
    KC_REF_URL: pathToFileURL(path.join(ROOT, 'main/core/secrets/secret-ref.ts')).href,
    KC_TIMEOUT_MS: '3000',
    KC_NAME: 'kc_child_secret',
    KC_CANARY: CHILD_CANARY,
    KC_ENV_SECRET: ENV_CANARY,
    ...extra,
  };
}

/** Runs the child script, optionally wrapped (e.g. in dbus-run-session); kills it after limitMs. */
function runChild(env: NodeJS.ProcessEnv, wrap: string[] = [], limitMs = 20_000): Promise<ChildRun> {
  const nodeArgs = ['--import', 'tsx', '--input-type=module', '-e', CHILD];
  const [cmd, ...args] = [...wrap, process.execPath, ...nodeArgs];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.on('error', reject);
    child.on('close', (exit, signal) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        reject(new Error(`child printed no result (exit ${exit}, signal ${signal}, ${Date.now() - started} ms)\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice('RESULT '.length)) as ChildResult, exit, signal, stderr, wallMs: Date.now() - started });
    });
  });
}

function expectUnavailable(run: ChildRun, reason: RegExp | null): void {
  const r = run.result;
  const why = `stderr: ${run.stderr.slice(-2000)}`;
  expect(r.status.available, why).toBe(false);
  expect(r.status.backend).toBe('keytar (Secret Service)');
  // The reason in the reader's words (store named), the OS's words as technical detail beside it.
  expect(r.status.problem, why).toBeDefined();
  expect(tr.t(r.status.problem!)).toMatch(/^İşletim sisteminin anahtar deposuna \(Secret Service\) erişilemiyor: /);
  if (reason) expect(`${en.t(r.status.problem!)} ${r.status.error ?? ''}`, why).toMatch(reason);
  for (const a of [r.vault, r.get, r.list, r.set]) {
    expect(a.code, `${JSON.stringify(a)} ${why}`).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(JSON.stringify(a)).not.toContain(CHILD_CANARY);
    expect(en.t(a.next_step!)).toContain('ENV:');
  }
  expect(tr.t(r.get.text!)).toMatch(/^VAULT:kc_child_secret gizli değeri okunamıyor: /);
  expect(en.t(r.vault.text!)).toContain('VAULT:kc_child_secret');
  expect(r.env).toEqual({ ok: ENV_CANARY });
  expect(run.stderr).not.toContain(CHILD_CANARY);
}

describe('without a usable keychain (child processes)', () => {
  it('bus address points to a socket that does not exist', async () => {
    const run = await runChild(await isolatedEnv('nobus', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/optiplan-bus' }));
    expectUnavailable(run, /no D-Bus session.*Could not connect/);
    expect(run.result.status.error).toMatch(/^Secret Service: no-bus \(Could not connect/);
    expect(run.exit).toBe(0);
    expect(run.result.ms).toBeLessThan(10_000); // no hang; generous for loaded CI machines
  });

  it('no bus address and no X11 display', async () => {
    const run = await runChild(await isolatedEnv('noaddr', {}));
    expectUnavailable(run, /no D-Bus session.*(autolaunch|Could not connect)/);
    expect(run.exit).toBe(0);
  });

  it('a bus that accepts the connection but never answers: times out, no hang', async () => {
    const env = await isolatedEnv('hung', { KC_TIMEOUT_MS: '1000' });
    const sock = path.join(env.HOME!, 'hung.sock');
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(sock, resolve));
    try {
      const run = await runChild({ ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` });
      expectUnavailable(run, /did not answer in time.*no answer within 1 s/);
      expect(run.result.stuck).toBe(true);
      // One timeout, then every further call fails fast instead of queueing behind the hung one.
      expect(run.result.ms).toBeLessThan(10_000);
      expect(run.wallMs).toBeLessThan(15_000);
    } finally {
      silent.close();
    }
  });

  it('a D-Bus session without any Secret Service', async () => {
    const env = await isolatedEnv('nosvc', {});
    const conf = path.join(env.HOME!, 'bus.conf');
    await fs.mkdir(path.join(env.HOME!, 'no-services'));
    await fs.writeFile(
      conf,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${os.tmpdir()}</listen><servicedir>${path.join(env.HOME!, 'no-services')}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
    );
    const run = await runChild(env, ['dbus-run-session', `--config-file=${conf}`, '--']);
    expectUnavailable(run, /no Secret Service.*org\.freedesktop\.secrets/);
    expect(run.exit).toBe(0);
  });

  it('a Secret Service with no login keyring (started on demand, fresh HOME)', async () => {
    const run = await runChild(await isolatedEnv('nologin', {}), ['dbus-run-session', '--']);
    expectUnavailable(run, null);
    expect(run.exit).toBe(0);
  });

  it('a locked keyring that holds OptiPlan360 items: unavailable, not "not set", and no crash', async () => {
    const env = await isolatedEnv('locked', {});
    // 1) Create the login keyring with a password and store an item in it.
    const unlockThenRun = ['dbus-run-session', '--', 'sh', '-c', 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"', 'sh'];
    const prep = await runChild({ ...env, KC_PREPARE: 'kc_child_secret' }, unlockThenRun);
    expect(prep.result.set, prep.stderr).toEqual({ ok: null });
    expect(prep.result.status.available).toBe(true);
    // 2) A new session: the daemon starts on demand and the keyring stays locked (no prompt can show).
    const run = await runChild(env, ['dbus-run-session', '--']);
    expectUnavailable(run, /locked/);
    expect(en.t(run.result.get.text!)).toMatch(/locked/);
    expect(tr.t(run.result.get.text!)).toMatch(/anahtar deposu kilitli/);
    // keytar's findCredentials would have crashed the process (SIGSEGV) on the locked item.
    expect(run.exit, run.stderr).toBe(0);
    expect(run.signal).toBeNull();
  });
});
