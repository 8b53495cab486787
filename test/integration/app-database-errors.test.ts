// Application database errors speak in messages (database.errors.*): the person reads which
// engine or file and what to do; the driver's words go to technical_detail; a password never
// appears in either. Real SQLite files and a real (refused) PostgreSQL port.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, withTimeout } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { AppError, isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { tempDir } from '../helpers/temp.js';

const TR = translator('tr');
const EN = translator('en');
const both = (m: Message) => ({ tr: TR.t(m), en: EN.t(m) });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function caught(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('application database errors', () => {
  it('an invalid URL is E_CONFIG_INVALID naming the field in both languages, never repeating the URL', async () => {
    const err = await caught(() => parseDatabaseUrl('mysql://root:url-secret-pw@h/db', '/tmp'));
    expect(err).toMatchObject({ code: 'E_CONFIG_INVALID', text: { key: 'database.errors.invalid_url' }, details: [{ path: 'database.url', message: { key: 'database.errors.invalid_url_field' } }] });
    expect(both(err.text).tr).toMatch(/^database\.url \/ DATABASE_URL geçersiz: postgres:\/\/kullanıcı@sunucu:5432\/veritabanı veya sqlite:<yol> bekleniyor\.$/);
    expect(both(err.text).en).toMatch(/expected postgres:\/\/user@host:5432\/db or sqlite:<path>\.$/);
    expect(JSON.stringify([err.toBody(), err.message])).not.toContain('url-secret-pw');
    const noPath = await caught(() => parseDatabaseUrl('sqlite:', '/tmp'));
    expect(noPath.text.key).toBe('database.errors.sqlite_needs_path');
    expect(both(noPath.details[0]!.message as Message).tr).toBe('sqlite:<yol> biçiminde bir dosya yolu olmalı');
  });

  it('a SQLite file that cannot be opened is E_DB_UNAVAILABLE naming the file; a good one opens', async () => {
    const t = tempDir('optiplan-db-');
    cleanups.push(() => t.remove());
    const notADb = path.join(t.dir, 'not-a-database.sqlite');
    fs.writeFileSync(notADb, 'this is not a SQLite database file, just text long enough to have a header '.repeat(20));
    const db = openAppDatabase(parseDatabaseUrl(`sqlite:${notADb}`, t.dir));
    cleanups.push(() => db.close());
    const err = await caught(() => db.ping(2000));
    expect(err).toMatchObject({ code: 'E_DB_UNAVAILABLE', text: { key: 'database.errors.sqlite_open', params: { file: notADb } }, technicalDetail: expect.stringMatching(/SQLITE_NOTADB|not a database/) });
    expect(both(err.text).tr).toBe(`SQLite veritabanı dosyası açılamadı: ${notADb}`);
    expect(both(err.nextStep).en).toMatch(/^Check that the file exists/);

    const good = openAppDatabase(parseDatabaseUrl(`sqlite:${path.join(t.dir, 'good.sqlite')}`, t.dir));
    cleanups.push(() => good.close());
    expect(await good.ping(2000)).toBeGreaterThanOrEqual(0);
  });

  it('a refused PostgreSQL is E_DB_UNAVAILABLE "cannot reach" with the driver text as technical detail, password-free', async () => {
    const db = openAppDatabase(parseDatabaseUrl('postgres://postgres:ping-secret-pw@127.0.0.1:1/none', '/tmp'), { connectTimeoutMs: 1000 });
    cleanups.push(() => db.close());
    const err = await caught(() => db.ping(1500));
    expect(err).toMatchObject({ code: 'E_DB_UNAVAILABLE', text: { key: 'database.errors.unavailable', params: { engine: 'PostgreSQL' } }, technicalDetail: expect.stringMatching(/ECONNREFUSED/) });
    expect(both(err.text)).toEqual({ tr: 'PostgreSQL veritabanına ulaşılamıyor.', en: 'Cannot reach the PostgreSQL database.' });
    expect(JSON.stringify([err.toBody(), err.message])).not.toContain('ping-secret-pw');
  });

  it('withTimeout: E_TIMEOUT naming what did not answer and the bound, in the language', async () => {
    const err = await caught(() => withTimeout(new Promise(() => undefined), 150, 'Mikro SQL Server'));
    expect(err).toMatchObject({ code: 'E_TIMEOUT', text: { key: 'database.errors.timeout' } });
    expect(both(err.text)).toEqual({ tr: 'Mikro SQL Server 150 ms içinde yanıt vermedi.', en: 'Mikro SQL Server did not answer within 150 ms.' });
    expect(await withTimeout(Promise.resolve(7), 150, 'x')).toBe(7);
  });
});
