import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCall } from '../../main/app/ipc.js';
import { Core } from '../../main/core/core.js';
import { createFileLogger } from '../../main/core/logging/logger.js';
import { KeytarSecretStore } from '../../main/core/secrets/keytar-store.js';
import { createServer } from '../../main/server/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

// Runs against the real Secret Service that `npm test` starts (scripts/with-keyring.sh).
const CANARY = `canary-${crypto.randomBytes(8).toString('hex')}`;
const NAME = `test_canary_${crypto.randomBytes(4).toString('hex')}`;
const TOKEN = 'canary-test-token-000000000000000';
let tmp: ReturnType<typeof tempDir>;
let core: Core;
let app: FastifyInstance;
let base: string;

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('run under scripts/with-keyring.sh (npm test does): this test needs a real Secret Service');
  tmp = tempDir();
  writeConfig(tmp.dir, 'system_config.json', { database: { auto_migrate_on_startup: true } });
  const logger = await createFileLogger({ logDir: path.join(tmp.dir, 'logs'), sync: true, level: 'debug' });
  core = await Core.open({ dataDir: tmp.dir, logger, secretStore: new KeytarSecretStore(tmp.dir), env: {} });
  await core.startAutoMigrate();
  app = await createServer(core, { host: '127.0.0.1', port: 0, token: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await core.secretStore?.delete(NAME).catch(() => undefined);
  await app?.close();
  await core?.close();
  tmp?.remove();
});

describe('a secret set through the API never comes back out', () => {
  it('HTTP set → list → config: the value is stored in the keychain and absent from every answer, row, log and file', async () => {
    const answers: string[] = [];
    const post = async (op: string, body: unknown) => {
      const res = await fetch(`${base}/api/op/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      answers.push(text);
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
    };

    const set = await post('secrets.set', { name: NAME, value: CANARY });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ name: NAME, ref: `VAULT:${NAME}` });
    expect(await core.secretStore!.get(NAME)).toBe(CANARY);

    await post('config.save', { file: 'mikro_connection.json', patch: { password: `VAULT:${NAME}`, host: 'mikro.local', database: 'MikroDB' } });
    const list = await post('secrets.list', {});
    expect(JSON.stringify(list.body)).toContain(NAME);
    await post('config.check', {});
    await post('config.get', { file: 'mikro_connection.json' });
    await post('audit.list', { limit: 100 });
    await post('audit.export', {});
    const ipc = await handleCall('secrets.list', { url: 'file:///app/index.html', parent: null }, {}, {
      invoke: (n, i, c) => core.invoke(n, i as never, c),
      context: core.context('ipc'),
      isTrusted: () => true,
    });
    answers.push(JSON.stringify(ipc));
    const health = await fetch(`${base}/health`);
    answers.push(await health.text());

    for (const a of answers) expect(a).not.toContain(CANARY);
    const rows = await core.db.kysely.selectFrom('audit_log').selectAll().execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['SECRET_SET', 'CONFIG_SAVED', 'AUDIT_EXPORTED']));
    expect(JSON.stringify(rows)).not.toContain(CANARY);
    for (const file of allFiles(tmp.dir)) {
      if (file.endsWith('.sqlite') || file.includes('-wal') || file.includes('-shm')) continue;
      expect(fs.readFileSync(file, 'utf8'), file).not.toContain(CANARY);
    }
  });

  it('the CLI takes the value from stdin (never argv) and lists names only', async () => {
    const name = `${NAME}_cli`;
    try {
      const set = await runCli(['secrets', 'set', name, '--json', '--data-dir', tmp.dir], {}, `${CANARY}\n`);
      expect(set.code).toBe(0);
      expect(set.stdout + set.stderr).not.toContain(CANARY);
      expect(await core.secretStore!.get(name)).toBe(CANARY);
      const list = await runCli(['secrets', 'list', '--json', '--data-dir', tmp.dir]);
      expect(list.stdout).toContain(name);
      expect(list.stdout).not.toContain(CANARY);
      const del = await runCli(['secrets', 'delete', name, '--data-dir', tmp.dir]);
      expect(del.code).toBe(0);
      expect(await core.secretStore!.get(name)).toBeNull();
      expect((await runCli(['secrets', 'delete', name, '--data-dir', tmp.dir])).code).toBe(1);
    } finally {
      await core.secretStore!.delete(name).catch(() => undefined);
    }
  });

  it('audit verify and export from the CLI', async () => {
    const verify = await runCli(['audit', 'verify', '--json', '--data-dir', tmp.dir]);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    const out = path.join(tmp.dir, 'audit.csv');
    const exp = await runCli(['audit', 'export', '--action', 'SECRET_SET', '--output', out, '--data-dir', tmp.dir]);
    expect(exp.code).toBe(0);
    expect(exp.stderr).toMatch(/kayıt .*audit\.csv dosyasına yazıldı/);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv).toContain('SECRET_SET');
    expect(csv).not.toContain('CONFIG_SAVED');
    expect(csv).not.toContain(CANARY);
    // Turkish (the default): ";" between fields, as Excel in Turkey expects; English ","; --delimiter chooses.
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFid;ts;/);
    const enCsv = await runCli(['audit', 'export', '--lang', 'en', '--action', 'SECRET_SET', '--data-dir', tmp.dir]);
    expect(enCsv.stdout.split('\r\n')[0]).toMatch(/^\uFEFFid,ts,/);
    const chosen = await runCli(['audit', 'export', '--delimiter', ',', '--action', 'SECRET_SET', '--data-dir', tmp.dir]);
    expect(chosen.stdout.split('\r\n')[0]).toMatch(/^\uFEFFid,ts,/);
    const text = await runCli(['audit', 'verify', '--data-dir', tmp.dir]);
    expect(text.stdout).toMatch(/^Denetim kaydının özet zinciri sağlam: \d+ kayıt doğrulandı\./);
  });

  it('config check exits 1 and names a planted plain-text secret, without printing it', async () => {
    const file = path.join(tmp.dir, 'config', 'whatsapp.json');
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    raw.access_token = 'EAAGplantedCanaryToken0123456789abcdefghij';
    fs.writeFileSync(file, JSON.stringify(raw));
    const r = await runCli(['config', 'check', '--data-dir', tmp.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/whatsapp\.json access_token \(meta_token\) → VAULT:whatsapp\.access_token olacak/);
    expect(r.stdout).toMatch(/Düz metin gizli değer: 1 /);
    expect(r.stdout).not.toContain('EAAGplanted');
    const en = await runCli(['config', 'check', '--lang', 'en', '--data-dir', tmp.dir]);
    expect(en.stdout).toMatch(/Plain-text secrets: 1 /);
    const fixed = await runCli(['config', 'check', '--fix-secrets', '--data-dir', tmp.dir]);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).access_token).toBe('VAULT:whatsapp.access_token');
    await core.secretStore!.delete('whatsapp.access_token');
  });
});
