/**
 * mssql's `ConnectionPool.connect()` logs in once to check the settings, destroys that connection,
 * and the first query then logs in again: two TCP connects, two TLS handshakes, two LOGIN7s (two
 * NTLM exchanges) for every pool. Against a factory LAN server that doubles what a test connection,
 * a diagnostics run or the first query of the day costs, and the server sees two logins.
 *
 * `keepFirstConnection` lets the pool keep that first connection: its destroy is held back and
 * the pool's first create hands it over (mssql still validates it on checkout — a connection that
 * died meanwhile is dropped and a new one made). A held connection the pool never took is destroyed
 * when the pool closes. mssql 12's pool methods (`_poolCreate`, `_poolDestroy`); the Mikro tests
 * count the logins, so a change there shows.
 */
import type sql from 'mssql';

interface PoolInternals {
  _poolCreate(): Promise<unknown>;
  _poolDestroy(connection: unknown): Promise<void>;
  close(): Promise<void>;
}

export function keepFirstConnection(pool: sql.ConnectionPool): void {
  const p = pool as unknown as PoolInternals;
  if (typeof p._poolCreate !== 'function' || typeof p._poolDestroy !== 'function') return; // another mssql: leave it be
  const create = p._poolCreate.bind(p);
  const destroy = p._poolDestroy.bind(p);
  const close = p.close.bind(p);
  let first: unknown = null; // the connection connect() made
  let held: unknown = null; // …once connect() meant to destroy it
  let created = 0;
  p._poolCreate = async () => {
    if (held) {
      const c = held;
      held = null;
      return c;
    }
    const c = await create();
    if (created++ === 0) first = c;
    return c;
  };
  p._poolDestroy = (c) => {
    if (c !== null && c === first) {
      first = null;
      held = c;
      return Promise.resolve();
    }
    return destroy(c);
  };
  p.close = async () => {
    const c = held;
    held = null;
    if (c) await destroy(c).catch(() => undefined);
    return close();
  };
}
