import { describe, expect, it, vi } from 'vitest';
import { Dispatcher, type Handlers } from '../../main/core/api/dispatch.js';
import { silentLogger } from '../../main/core/logging/logger.js';
import { AppError } from '../../shared/errors.js';

function handlers(overrides: Partial<Handlers>): Handlers {
  const fail = async () => {
    throw new Error('not used');
  };
  return { 'app.info': fail, 'health.get': fail, 'migrations.status': fail, 'migrations.up': fail, ...overrides } as Handlers;
}
const ctx = { door: 'cli' as const, actor: 'tester@host' };

describe('Dispatcher', () => {
  // Job operations (migrations.up, backup.run, …) attach instead: test/unit/jobs-dispatch.test.ts.
  it('refuses a second run of a conflicting write (same concurrency key) while the first is going, then allows it again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const set = vi.fn(async ({ name }: { name: string }) => {
      await gate;
      return { name, ref: `VAULT:${name}`, changed_at: 'now' };
    });
    const d = new Dispatcher(handlers({ 'secrets.set': set }), silentLogger());
    const first = d.invoke('secrets.set', { name: 'mikro_sql_password', value: 'a' }, ctx);
    await expect(d.invoke('secrets.set', { name: 'mikro_sql_password', value: 'b' }, ctx)).rejects.toMatchObject({ code: 'E_BUSY' });
    release();
    await first;
    await d.invoke('secrets.set', { name: 'mikro_sql_password', value: 'c' }, ctx);
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('validates input against the contract before calling the handler', async () => {
    const info = vi.fn();
    const d = new Dispatcher(handlers({ 'app.info': info }), silentLogger());
    await expect(d.invoke('app.info', { extra: true }, ctx)).rejects.toMatchObject({
      code: 'E_VALIDATION',
      details: [expect.objectContaining({ message: { key: 'errors.validation.field', params: { field: '$', reason: { key: 'errors.validation.unrecognized_keys', params: { keys: 'extra' } } } } })],
    });
    await expect(d.invoke('app.info', 'not an object', ctx)).rejects.toMatchObject({ code: 'E_VALIDATION' });
    expect(info).not.toHaveBeenCalled();
    await expect(d.invoke('no.such', {}, ctx)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('passes AppErrors through and hides unexpected error text behind E_INTERNAL', async () => {
    const d = new Dispatcher(
      handlers({
        'health.get': async () => {
          throw new AppError('E_DB_UNAVAILABLE', 'database down');
        },
        'migrations.status': async () => {
          throw new Error('driver said: password=hunter2');
        },
      }),
      silentLogger(),
    );
    await expect(d.invoke('health.get', {}, ctx)).rejects.toMatchObject({ code: 'E_DB_UNAVAILABLE', technicalDetail: 'database down', text: { key: 'errors.E_DB_UNAVAILABLE.message' } });
    const err = await d.invoke('migrations.status', {}, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INTERNAL' });
    expect(String((err as Error).message)).not.toContain('hunter2');
    expect((err as AppError).technicalDetail).toBeUndefined();
    expect((err as AppError).text).toEqual({ key: 'errors.unexpected', params: { op: 'migrations.status' } });
  });
});
