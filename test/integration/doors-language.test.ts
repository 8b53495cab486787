/**
 * One language per answer at every door: HTTP by `?lang` / Accept-Language (raw messages for the
 * console's own UI), the CLI by `--lang` or the configured language, errors included.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../main/server/server.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const TOKEN = 'test-run-token-0123456789abcdef-language';
let tc: TestCore | undefined;
let app: FastifyInstance | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
let base = '';

afterEach(async () => {
  await app?.close();
  await tc?.cleanup();
  tmp?.remove();
  app = tc = tmp = undefined;
});

async function serve(system: Record<string, unknown> = {}): Promise<void> {
  tc = await openTestCore({}, { system });
  app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

const badSecret = (headers: Record<string, string> = {}, query = '') =>
  fetch(`${base}/api/op/secrets.set${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify({ name: 'bad name!', value: 'x' }),
  });

type ErrorAnswer = { error: { code: string; message: unknown; next_step: unknown; details: { path: string; message: unknown }[]; technical_detail?: string } };

describe('HTTP answers in the caller’s language', () => {
  it('Turkish by default, English by Accept-Language, ?lang wins, raw messages on request', async () => {
    await serve();
    const trRes = await badSecret();
    expect(trRes.status).toBe(400);
    const trBody = (await trRes.json()) as ErrorAnswer;
    expect(trBody.error.code).toBe('E_VALIDATION');
    expect(trBody.error.message).toMatch(/^“Ad” alanı: /);
    expect(trBody.error.next_step).toBe('Belirtilen alanı düzeltip tekrar deneyin.');
    expect(trBody.error.technical_detail).toContain('secrets.set');

    const enBody = (await (await badSecret({ 'accept-language': 'en-US,en;q=0.9' })).json()) as ErrorAnswer;
    expect(enBody.error.message).toMatch(/^“Name”: /);
    expect(enBody.error.next_step).toBe('Correct the field named and try again.');

    const forced = (await (await badSecret({ 'accept-language': 'en' }, '?lang=tr')).json()) as ErrorAnswer;
    expect(forced.error.message).toMatch(/^“Ad” alanı: /);

    const raw = (await (await badSecret({ 'x-optiplan-messages': 'raw' })).json()) as ErrorAnswer;
    expect(raw.error.message).toMatchObject({ key: 'errors.validation.field' });
    expect(raw.error.next_step).toEqual({ key: 'errors.E_VALIDATION.next_step' });
  });

  it('the configured language is the default when the caller names none', async () => {
    await serve({ language: 'en' });
    const body = (await (await badSecret()).json()) as ErrorAnswer;
    expect(body.error.message).toMatch(/^“Name”: /);
  });
});

describe('CLI texts in one language', () => {
  function dataDir(system: Record<string, unknown> = {}): string {
    tmp = tempDir();
    writeConfig(tmp.dir, 'system_config.json', { ...system, database: { auto_migrate_on_startup: false } });
    return tmp.dir;
  }

  it('an error in Turkish by default and in English with --lang en; --json carries the text', async () => {
    const d = dataDir();
    const trRun = await runCli(['secrets', 'delete', 'bad name!', '--data-dir', d]);
    expect(trRun.code).toBe(1);
    expect(trRun.stderr).toMatch(/^hata E_VALIDATION: “Ad” alanı: /);
    expect(trRun.stderr).toContain('Ne yapmalı: Belirtilen alanı düzeltip tekrar deneyin.');
    expect(trRun.stderr).toContain('Teknik ayrıntı: invalid input for secrets.delete');

    const enRun = await runCli(['secrets', 'delete', 'bad name!', '--data-dir', d, '--lang', 'en', '--json']);
    expect(enRun.code).toBe(1);
    const body = JSON.parse(enRun.stdout) as ErrorAnswer;
    expect(body.error.message).toMatch(/^“Name”: /);
    expect(body.error.next_step).toBe('Correct the field named and try again.');
  });

  it('the configured language is the default; usage errors follow --lang and exit 64', async () => {
    const d = dataDir({ language: 'en' });
    const run = await runCli(['secrets', 'delete', 'bad name!', '--data-dir', d]);
    expect(run.stderr).toMatch(/^error E_VALIDATION: “Name”: /);

    const usageTr = await runCli(['health', '--bogus']);
    expect(usageTr.code).toBe(64);
    expect(usageTr.stderr).toMatch(/^Bilinmeyen seçenek: --bogus/);
    const usageEn = await runCli(['health', '--bogus', '--lang', 'en']);
    expect(usageEn.stderr).toMatch(/^Unknown option: --bogus/);
    const badLang = await runCli(['health', '--lang', 'de']);
    expect(badLang.code).toBe(64);
    expect(badLang.stderr).toMatch(/^--lang için geçersiz değer: de/);
  });
});
