// The SecretStore implementations without a real keychain: the in-memory store, and the keytar
// store against a scripted fake keytar (error mapping, timeouts, the Linux lock guard, metadata).
// The real Secret Service is exercised in test/integration/keychain.test.ts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { KEYCHAIN_PROBE_SERVICE, KEYCHAIN_SERVICE, KeytarSecretStore, importKeytar, type KeytarApi } from '../../main/core/secrets/keytar-store.js';
import { classifyKeychainError } from '../../main/core/secrets/keytar-errors.js';
import { SECRETS_META_FILE } from '../../main/core/secrets/secrets-meta.js';
import { defaultSecretStore, keychainAvailable } from '../../main/core/secrets/default-store.js';

const tr = translator('tr');
const en = translator('en');

const CANARY = 'Gizli-Değer-ŞĞÜİıöç-9931';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'secrets-unit-'));
  dirs.push(d);
  return d;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(isAppError(e), `expected an AppError, got ${String(e)}`).toBe(true);
    return e as AppError;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** A keytar double backed by a Map; `fail` makes every call reject with that text. */
function fakeKeytar(opts: { fail?: string; locked?: boolean } = {}): KeytarApi & { items: Map<string, string>; calls: string[] } {
  const items = new Map<string, string>();
  const calls: string[] = [];
  const key = (s: string, a: string): string => `${s}\u0000${a}`;
  const gate = async (what: string): Promise<void> => {
    calls.push(what);
    if (opts.fail) throw new Error(opts.fail);
  };
  return {
    items,
    calls,
    async getPassword(s, a) {
      await gate(`get ${s}/${a}`);
      return opts.locked ? null : (items.get(key(s, a)) ?? null);
    },
    async setPassword(s, a, p) {
      await gate(`set ${s}/${a}`);
      if (opts.locked) throw new Error('Cannot create an item in a locked collection');
      items.set(key(s, a), p);
    },
    async deletePassword(s, a) {
      await gate(`delete ${s}/${a}`);
      return opts.locked ? false : items.delete(key(s, a));
    },
    async findCredentials(s) {
      await gate(`find ${s}`);
      if (opts.locked) throw new Error('findCredentials on a locked keyring would crash the process');
      return [...items].filter(([k]) => k.startsWith(`${s}\u0000`)).map(([k, password]) => ({ account: k.split('\u0000')[1]!, password }));
    },
  };
}

function store(k: KeytarApi, extra: { metaDir?: string; platform?: NodeJS.Platform; timeoutMs?: number; now?: () => Date } = {}): KeytarSecretStore {
  return new KeytarSecretStore(extra.metaDir, {
    loadKeytar: async () => k,
    platform: extra.platform ?? 'linux',
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    ...(extra.now ? { now: extra.now } : {}),
  });
}

describe('MemorySecretStore', () => {
  it('sets, gets, lists and deletes with "last changed" times', async () => {
    let t = Date.parse('2026-01-02T03:04:05.000Z');
    const s = new MemorySecretStore({ now: () => new Date(t) });
    await s.set('b_token', CANARY);
    t += 1000;
    await s.set('a.pass', 'x');
    expect(await s.get('b_token')).toBe(CANARY);
    expect(await s.get('missing')).toBeNull();
    expect(await s.list()).toEqual(['a.pass', 'b_token']);
    expect(await s.listWithMeta()).toEqual([
      { name: 'a.pass', changed_at: '2026-01-02T03:04:06.000Z' },
      { name: 'b_token', changed_at: '2026-01-02T03:04:05.000Z' },
    ]);
    expect(await s.delete('b_token')).toBe(true);
    expect(await s.delete('b_token')).toBe(false);
    expect(await s.list()).toEqual(['a.pass']);
    expect(await s.status()).toEqual({ available: true, backend: 'memory' });
  });

  it('validates names and values like the keychain store', async () => {
    const s = new MemorySecretStore();
    for (const bad of ['', 'has space', 'a/b', 'x'.repeat(129)]) {
      const e = await rejection(s.set(bad, 'v'));
      expect(e.code).toBe('E_VALIDATION');
    }
    expect((await rejection(s.get('bad name'))).code).toBe('E_VALIDATION');
    expect((await rejection(s.set('ok', ''))).code).toBe('E_VALIDATION');
    expect((await rejection(s.set('ok', 'a\u0000b'))).code).toBe('E_VALIDATION');
  });

  it('can act as an unavailable keychain', async () => {
    const s = new MemorySecretStore({ unavailable: 'no Secret Service' });
    expect((await s.status()).available).toBe(false);
    expect((await rejection(s.get('x'))).code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(await keychainAvailable(s)).toBe(false);
    expect(await keychainAvailable(null)).toBe(false);
    expect(await keychainAvailable(new MemorySecretStore())).toBe(true);
  });
});

describe('KeytarSecretStore (fake keytar)', () => {
  it('loads the real keytar module through the CommonJS default export', async () => {
    const api = await importKeytar();
    expect(typeof api.getPassword).toBe('function');
    expect(typeof api.findCredentials).toBe('function');
  });

  it('defaultSecretStore constructs without touching the keychain', async () => {
    const s = await defaultSecretStore(undefined, { loadKeytar: () => Promise.reject(new Error('must not load yet')) });
    expect(s).toBeInstanceOf(KeytarSecretStore);
    expect(s.backend).toMatch(/^keytar \((Windows Credential Manager|macOS Keychain|Secret Service)\)$/);
  });

  it('round trip, service OptiPlan360, metadata without values, atomic file', async () => {
    const dir = await tempDir();
    const k = fakeKeytar();
    const s = store(k, { metaDir: dir, now: () => new Date('2026-05-06T07:08:09.000Z') });
    await s.set('db_password', CANARY);
    expect(k.items.get(`${KEYCHAIN_SERVICE}\u0000db_password`)).toBe(CANARY);
    expect(await s.get('db_password')).toBe(CANARY);
    expect(await s.listWithMeta()).toEqual([{ name: 'db_password', changed_at: '2026-05-06T07:08:09.000Z' }]);
    const text = await fs.readFile(path.join(dir, SECRETS_META_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual({ db_password: '2026-05-06T07:08:09.000Z' });
    expect(text).not.toContain(CANARY);
    expect(await fs.readdir(dir)).toEqual([SECRETS_META_FILE]);
    expect(await s.delete('db_password')).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(dir, SECRETS_META_FILE), 'utf8'))).toEqual({});
    expect(await s.get('db_password')).toBeNull();
  });

  it('a damaged metadata file reads as empty and is replaced on the next change', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, SECRETS_META_FILE), '{not json');
    const s = store(fakeKeytar(), { metaDir: dir });
    expect(await s.meta.read()).toEqual({});
    await s.set('a', 'v');
    expect(Object.keys(JSON.parse(await fs.readFile(path.join(dir, SECRETS_META_FILE), 'utf8')))).toEqual(['a']);
  });

  it('list drops values and names that are not valid VAULT names', async () => {
    const k = fakeKeytar();
    k.items.set(`${KEYCHAIN_SERVICE}\u0000b`, CANARY);
    k.items.set(`${KEYCHAIN_SERVICE}\u0000a`, CANARY);
    k.items.set(`${KEYCHAIN_SERVICE}\u0000not valid`, CANARY);
    k.items.set(`other\u0000c`, CANARY);
    const s = store(k);
    const names = await s.list();
    expect(names).toEqual(['a', 'b']);
    expect(JSON.stringify(await s.listWithMeta())).not.toContain(CANARY);
  });

  it('validates before calling keytar', async () => {
    const k = fakeKeytar();
    const s = store(k);
    expect((await rejection(s.set('bad name', 'v'))).code).toBe('E_VALIDATION');
    expect((await rejection(s.set('ok', ''))).code).toBe('E_VALIDATION');
    expect((await rejection(s.get(''))).code).toBe('E_VALIDATION');
    expect((await rejection(s.delete('a/b'))).code).toBe('E_VALIDATION');
    expect(k.calls).toEqual([]);
  });

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-bus', /no D-Bus session/, /D-Bus oturumu yok/],
    ['Could not connect: No such file or directory', 'no-bus', /no D-Bus session/, /D-Bus oturumu yok/],
    [
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'no-service',
      /no Secret Service/,
      /çalışan bir Secret Service/,
    ],
    ['Cannot create an item in a locked collection', 'locked', /locked/, /kilitli/],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no-collection', /no default \(login\) collection/, /varsayılan \(login\) koleksiyon yok/],
    ['Something else entirely', 'other', /reported an error/, /bir hata bildirdi/],
  ])('maps %j to E_KEYCHAIN_UNAVAILABLE (%s)', async (text, problem, reason, reasonTr) => {
    expect(classifyKeychainError(new Error(text))).toBe(problem);
    const s = store(fakeKeytar({ fail: text }));
    const st = await s.status();
    expect(st.available).toBe(false);
    expect(st.backend).toBe('keytar (Secret Service)');
    expect(en.t(st.problem!)).toMatch(reason);
    expect(tr.t(st.problem!)).toMatch(reasonTr);
    // The OS's own words are technical detail, not the sentence.
    expect(st.error).toContain(text.slice(0, 20));
    expect(tr.t(st.problem!)).not.toContain(text.slice(0, 20));
    const e = await rejection(s.get('db_password'));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(tr.t(e.text)).toContain('VAULT:db_password');
    expect(en.t(e.text)).toMatch(/^cannot read secret VAULT:db_password: the OS keychain \(Secret Service\) is not available/);
    expect(tr.t(e.nextStep)).toContain('gnome-keyring');
    expect(en.t(e.nextStep)).toContain('ENV:');
    expect(e.technicalDetail).toContain(problem);
  });

  it('never echoes the value when keytar fails while storing it', async () => {
    const s = store(fakeKeytar({ fail: `weird failure mentioning ${CANARY}` }));
    const e = await rejection(s.set('db_password', CANARY));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(e.message).not.toContain(CANARY);
    expect(JSON.stringify(e.toBody())).not.toContain(CANARY);
    expect(e.technicalDetail).toContain('***');
  });

  it('a module that cannot load → unavailable, no crash, advice on Windows too', async () => {
    const s = new KeytarSecretStore(undefined, {
      platform: 'win32',
      loadKeytar: () => Promise.reject(new Error("Cannot find module '../build/Release/keytar.node'")),
    });
    const st = await s.status();
    expect(st).toMatchObject({ available: false, backend: 'keytar (Windows Credential Manager)' });
    expect(en.t(st.problem!)).toMatch(/could not be loaded/);
    expect(tr.t(st.problem!)).toContain('Windows Kimlik Bilgileri Yöneticisi');
    expect(en.t(st.problem!)).toContain('Windows Credential Manager');
    expect(st.error).toMatch(/Cannot find module/);
    const e = await rejection(s.get('db_password'));
    expect(tr.t(e.nextStep)).toMatch(/Windows Kimlik Bilgileri Yöneticisi’nin çalıştığını kontrol edin/);
    expect((await rejection(s.list())).code).toBe('E_KEYCHAIN_UNAVAILABLE');
  });

  it('Linux, locked keyring: status says locked; get/list fail instead of "not set" or a crash', async () => {
    const k = fakeKeytar({ locked: true });
    const s = store(k);
    const st = await s.status();
    expect(st.available).toBe(false);
    expect(st.error).toMatch(/locked/);
    expect(tr.t(st.problem!)).toMatch(/anahtar deposu kilitli/);
    const e = await rejection(s.get('db_password'));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(en.t(e.text)).toMatch(/locked/);
    expect((await rejection(s.list())).code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(k.calls.some((c) => c.startsWith('find'))).toBe(false);
  });

  it('Linux: the lock probe is written once, then only read', async () => {
    const k = fakeKeytar();
    const s = store(k);
    expect((await s.status()).available).toBe(true);
    expect((await s.status()).available).toBe(true);
    expect(k.calls.filter((c) => c.startsWith(`set ${KEYCHAIN_PROBE_SERVICE}`))).toHaveLength(1);
  });

  it('Windows/macOS: status reads only, never writes', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const k = fakeKeytar();
      expect((await store(k, { platform }).status()).available).toBe(true);
      expect(k.calls.every((c) => c.startsWith('get '))).toBe(true);
    }
  });

  it('a hung call times out; later calls fail fast until it settles, then work again', async () => {
    const k = fakeKeytar();
    let release: (() => void) | undefined;
    const realGet = k.getPassword.bind(k);
    let hang = true;
    k.getPassword = (s, a) => (hang ? new Promise<string | null>((resolve) => (release = () => resolve(null))) : realGet(s, a));
    const s = store(k, { timeoutMs: 200 });
    const t0 = Date.now();
    const st = await s.status();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(st.available).toBe(false);
    expect(en.t(st.problem!)).toMatch(/did not answer in time/);
    expect(st.error).toMatch(/timeout \(no answer within 0\.2 s\)/);
    expect(s.stuck).toBe(true);
    const t1 = Date.now();
    const e = await rejection(s.get('db_password'));
    expect(Date.now() - t1).toBeLessThan(100);
    expect(en.t(e.text)).toMatch(/still waiting/);
    hang = false;
    release!();
    await new Promise((r) => setTimeout(r, 10));
    expect(s.stuck).toBe(false);
    expect((await s.status()).available).toBe(true);
  });
});
