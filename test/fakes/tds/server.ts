// A small SQL Server (TDS 7.4) fake on loopback TCP, for driving the real `mssql`/tedious client in tests.
//
// What it does: PRELOGIN (answers ENCRYPTION = NOT_SUP and does no TLS unless `tls` is given; with
// `tls` it does what SQL Server does, see "TLS modes" below),
// LOGIN7 (records user/database/app/TypeFlags, accepts or rejects), SQL batches and RPC requests
// (sp_executesql by name or ProcID 10: the @statement text is the "SQL"), ATTENTION (cancel) with the
// one-response-per-request + separate DONE_ATTN acknowledgement framing tedious expects.
//
// Client options that work against it (tedious 19.2.2, read from node_modules/tedious/lib/connection.js):
//   - `encrypt: false`: PRELOGIN says NOT_SUP (0x02); the fake answers NOT_SUP; plain TCP.
//   - `encrypt: true`: PRELOGIN says ON (0x01). tedious only starts TLS when the server answers ON or
//     REQ (performTlsNegotiation), so with this fake's NOT_SUP it carries on UNENCRYPTED, sends LOGIN7
//     (password only XOR-scrambled) in clear text and reports no error at all; no 'secure' event is
//     emitted on the tedious Connection. `trustServerCertificate` is irrelevant then. This is the
//     "encryption configured but not in effect" case the product must detect (e.g. via the absence of
//     the tedious 'secure' event, or by asking the server: sys.dm_exec_connections.encrypt_option).
//   - `encrypt: 'strict'` (TDS 8): tedious opens TLS before PRELOGIN; the fake sees a TLS ClientHello,
//     counts it in `tlsAttempts` and drops the socket, so connecting fails (ESOCKET).
//   - a `preloginEncryption` of 0x01/0x03 makes tedious (encrypt:true) start TLS inside PRELOGIN
//     packets; the fake cannot do TLS and drops the socket (counted in `tlsAttempts`). With encrypt:false
//     and a server REQ/ON, tedious fails with EENCRYPT "Server requires encryption".
//   - TLS modes (`tls: { encryption }`, a throw-away self-signed certificate by default, tls.ts):
//     'on'  = certificate, Force Encryption off: a client ON gets ON and full TLS (handshake inside
//             PRELOGIN packets, then raw TLS records); a client OFF gets OFF and LOGIN7 only inside
//             TLS (login-only; tedious never sends OFF); a client NOT_SUP gets NOT_SUP, all in clear.
//     'req' = Force Encryption on: answers REQ; TLS for ON/OFF clients; a clear LOGIN7 is cut off.
//     'strict' = TDS 8: TLS (ALPN tds/8.0) from the first byte, PRELOGIN inside it.
//     `maxVersion: 'TLSv1'` makes an old server (SQL Server 2012 before the TLS 1.2 update).
//     Each login records whether its LOGIN7 came inside TLS (`TdsLogin.encrypted`).
//   - `readOnlyIntent`, `database`, `appName`, `packetSize`, `requestTimeout`, `connectTimeout`,
//     `cancelTimeout`: all honoured as the real server would.

import net from 'node:net';
import tls from 'node:tls';
import { startBrowserFake, type BrowserFake } from './browser.js';
import { testCertificate } from './cert.js';
import { fakeSecureContext, PreloginTlsDuplex } from './tls.js';
import { defaultAnswer, encodeParts, type ScriptedAnswer, type ScriptedReply, type TokenPart } from './answers.js';
import { encodeMessage, MessageReader, PacketStatus, PacketType, type TdsMessage } from './packets.js';
import { parseLogin7, parsePreloginEncryption, parseRpc, parseSqlBatch, preloginResponse } from './requests.js';
import { splitSessionPrelude } from './session.js';
import { ntlmResponder, SSPI_PACKET } from './ntlm.js';
import { rightsResponder } from './rights.js';
import { done, DoneStatus, envChangeBytes, envChangeString, errorToken, loginAck, Token, TURKISH_CI_AS } from './tokens.js';
import type { TdsLogin } from './requests.js';
import type { TdsFake, TdsFakeMode, TdsFakeOptions, TdsRequestRecord } from './types.js';

export type { ColumnSpec, ColumnType, ScriptedAnswer, ScriptedError, ScriptedReply } from './answers.js';
export type { RpcParam, TdsLogin } from './requests.js';
export type { FixtureResponder, AnswerFn, LoginFn, LoginResult, TdsFake, TdsFakeMode, TdsFakeOptions, TdsRequestRecord } from './types.js';

interface Pending {
  cancelled: boolean;
  /** Answered with `hang`: nothing is running, ATTENTION has to send the request's response itself. */
  hung: boolean;
  /** Set while a `delayMs` timer runs. */
  wake?: () => void;
}

interface Conn {
  id: number;
  socket: net.Socket;
  reader: MessageReader;
  stage: 'prelogin' | 'tls-handshake' | 'login' | 'ready' | 'hung';
  encryptRequested: number;
  /** Where TDS bytes go: the socket, or the TLS socket while TDS runs inside TLS. */
  out: (b: Buffer) => void;
  /** The server end of TLS, once a handshake started. */
  tls: { socket: tls.TLSSocket; duplex: PreloginTlsDuplex | null } | null;
  /** TDS traffic currently travels inside TLS. */
  encrypted: boolean;
  /** Login-only encryption (client OFF, server 'on'): TLS is dropped after the LOGIN7 answer. */
  loginOnly: boolean;
  packetSize: number;
  chain: Promise<void>;
  pending: Pending | undefined;
  /** Resolves on the socket's 'close' event. */
  closed: Promise<void>;
  /** The database the login opened (LOGIN7's, else master). */
  database: string;
}

function parseVersion(v: string): { major: number; minor: number; build: number } {
  const [major = 16, minor = 0, build = 1000] = v.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return { major, minor, build };
}

export async function startTdsFake(opts: TdsFakeOptions = {}): Promise<TdsFake> {
  const host = opts.host ?? '127.0.0.1';
  const serverVersion = opts.serverVersion ?? '16.0.1000';
  const version = parseVersion(serverVersion);
  const preloginEncryption = opts.preloginEncryption ?? 0x02;
  const tlsMode = opts.tls?.encryption ?? null;
  const certificate = tlsMode ? (opts.tls?.certificate ?? testCertificate()) : null;
  const secureContext = certificate ? fakeSecureContext({ ...certificate, ...(opts.tls?.minVersion ? { minVersion: opts.tls.minVersion } : {}), ...(opts.tls?.maxVersion ? { maxVersion: opts.tls.maxVersion } : {}) }) : null;
  let lastTls: { protocol: string | null; cipher: string } | null = null;
  let lastTlsError: string | null = null;
  let answerFn = opts.answer;
  let loginFn = opts.login;
  const ntlm = ntlmResponder(opts.ntlm);
  const rights = rightsResponder(opts.roles);
  let mode: TdsFakeMode = opts.mode ?? 'normal';

  const statements: string[] = [];
  const requests: TdsRequestRecord[] = [];
  const logins: TdsLogin[] = [];
  const counters = { connections: 0, bytesReceived: 0, attentions: 0, tlsAttempts: 0, tlsHandshakes: 0, tlsFailures: 0 };
  const open = new Set<Conn>();

  const send = (conn: Conn, payload: Buffer, type: number = PacketType.TABULAR_RESULT): void => {
    if (!conn.socket.destroyed && conn.socket.writable) conn.out(encodeMessage(type, payload, conn.packetSize));
  };
  const drop = (conn: Conn): void => {
    conn.socket.destroy();
  };

  /** The TLS socket's events, shared by the PRELOGIN-wrapped and the strict (TLS-first) forms. */
  const watchTls = (conn: Conn, socket: tls.TLSSocket): void => {
    socket.on('secure', () => {
      counters.tlsHandshakes++;
      lastTls = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      conn.encrypted = true;
      conn.out = (b) => socket.write(b);
      if (conn.stage === 'tls-handshake') conn.stage = 'login';
    });
    socket.on('data', (chunk: Buffer) => {
      if (conn.stage === 'hung') return;
      try {
        for (const msg of conn.reader.push(chunk)) onMessage(conn, msg);
      } catch {
        drop(conn);
      }
    });
    socket.on('error', (err) => {
      counters.tlsFailures++;
      lastTlsError = err.message;
      drop(conn);
    });
  };

  /** TLS inside PRELOGIN packets ([MS-TDS] 7.x): the handshake starts with the client's next PRELOGIN. */
  const startPreloginTls = (conn: Conn): void => {
    const duplex = new PreloginTlsDuplex(
      (flight) => {
        if (!conn.socket.destroyed) conn.socket.write(encodeMessage(PacketType.PRELOGIN, flight, conn.packetSize));
      },
      (records) => {
        if (!conn.socket.destroyed) conn.socket.write(records);
      },
    );
    const socket = new tls.TLSSocket(duplex as unknown as net.Socket, { isServer: true, secureContext: secureContext! });
    conn.tls = { socket, duplex };
    conn.stage = 'tls-handshake';
    counters.tlsAttempts++;
    watchTls(conn, socket);
  };

  /** ENCRYPTION answer and whether TLS follows, as SQL Server decides ([MS-TDS] 2.2.6.5). */
  const negotiate = (client: number): { answer: number; tls: 'none' | 'full' | 'login-only' } => {
    if (tlsMode === null) return { answer: preloginEncryption, tls: 'none' };
    if (tlsMode === 'strict') return { answer: 0x02, tls: 'none' }; // already inside TLS
    if (tlsMode === 'req') return { answer: 0x03, tls: client === 0x02 ? 'none' : 'full' };
    if (client === 0x00) return { answer: 0x00, tls: 'login-only' };
    if (client === 0x02 || client < 0) return { answer: 0x02, tls: 'none' };
    return { answer: 0x01, tls: 'full' };
  };

  const onPrelogin = (conn: Conn, msg: TdsMessage): void => {
    conn.encryptRequested = parsePreloginEncryption(msg.data);
    const n = negotiate(conn.encryptRequested);
    if (mode === 'hang-after-prelogin') {
      conn.stage = 'hung';
    } else {
      conn.stage = 'login';
    }
    send(conn, preloginResponse(version, n.answer));
    if (n.tls !== 'none' && conn.stage === 'login') {
      conn.loginOnly = n.tls === 'login-only';
      startPreloginTls(conn);
    }
  };

  const onLogin7 = (conn: Conn, msg: TdsMessage): void => {
    const login = { ...parseLogin7(msg.data, conn.encryptRequested), encrypted: conn.encrypted, ...ntlm.facts(conn) };
    if (tlsMode === 'req' && !conn.encrypted) {
      drop(conn); // Force Encryption: a clear LOGIN7 never gets an answer
      return;
    }
    if (ntlm.begin(conn, msg, (b) => send(conn, b))) return; // SSPI NEGOTIATE → CHALLENGE; resumed on the AUTHENTICATE (ntlm.ts)
    logins.push(login);
    const verdict = loginFn?.(login) ?? opts.mikro?.login(login) ?? { ok: true };
    if (!verdict.ok) {
      const err = errorToken({ number: verdict.number, message: verdict.message, state: verdict.state ?? 1, class: verdict.class ?? 14, procName: '' });
      send(conn, Buffer.concat([err, done(DoneStatus.ERROR, 0)]));
      conn.socket.end();
      conn.stage = 'hung';
      return;
    }
    rights.remember(conn, login);
    const size = Math.min(32767, Math.max(512, login.packetSize || 4096));
    const database = login.database || 'master';
    conn.database = database;
    const tokens = Buffer.concat([
      envChangeString(1, database, 'master'),
      envChangeBytes(7, TURKISH_CI_AS, Buffer.alloc(0)),
      envChangeString(2, 'us_english', ''),
      envChangeString(4, String(size), String(conn.packetSize)),
      loginAck('Microsoft SQL Server', version),
      done(DoneStatus.FINAL, 0),
    ]);
    send(conn, tokens);
    if (conn.loginOnly && conn.encrypted) {
      // Login-only encryption: the answer went inside TLS; from now on TDS travels in clear.
      conn.encrypted = false;
      conn.out = (b) => conn.socket.write(b);
    }
    conn.packetSize = size;
    conn.stage = 'ready';
  };

  const wait = (pending: Pending, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      pending.wake = () => { clearTimeout(t); resolve(); };
    });

  /** Runs one request to completion (or to its hang). Serialised per connection via `conn.chain`. */
  const onRequest = async (conn: Conn, msg: TdsMessage): Promise<void> => {
    if (msg.status & PacketStatus.IGNORE) {
      // Cancelled while being sent: discard it, but every request still gets one response message.
      send(conn, Buffer.alloc(0));
      return;
    }
    const rpc = msg.type === PacketType.RPC_REQUEST;
    let record: TdsRequestRecord;
    if (rpc) {
      const call = parseRpc(msg.data);
      const sql = call.sql ?? `EXEC ${typeof call.proc === 'number' ? `procid:${call.proc}` : call.proc}`;
      record = { kind: 'rpc', sql, proc: call.proc, params: call.params, connection: conn.id, resetConnection: false };
    } else {
      record = { kind: 'batch', sql: parseSqlBatch(msg.data), params: [], connection: conn.id, resetConnection: false };
    }
    record.resetConnection = (msg.status & PacketStatus.RESETCONNECTION) !== 0;
    Object.assign(record, splitSessionPrelude(record.sql)); // the console's SET prelude, kept apart (session.ts)
    statements.push(record.sql);
    requests.push(record);

    const pending: Pending = { cancelled: false, hung: false };
    conn.pending = pending;
    let reply: ScriptedReply;
    try {
      reply = await answerFn?.(record.sql, record);
    } catch (e) {
      reply = { error: { number: 50000, message: `TDS fake answer() threw: ${(e as Error).message}` } };
    }
    reply ??= rights.answer(conn, record.sql); // SUSER_NAME() & co. of this connection's login (rights.ts)
    if (reply === undefined && /encrypt_option\s+FROM\s+sys\.dm_exec_connections/i.test(record.sql)) {
      // What SQL Server says of this session: TRUE only while TDS runs inside TLS (login-only is FALSE).
      reply = { columns: [{ name: 'encrypt_option', type: 'nvarchar' }], rows: [[conn.encrypted ? 'TRUE' : 'FALSE']] };
    }
    if (reply === undefined && opts.mikro) {
      try {
        reply = opts.mikro.answer(record, conn.database); // the Mikro fixture tables and catalogs
      } catch (e) {
        reply = { error: { number: 8169, class: 16, message: (e as Error).message } };
      }
    }
    let parts: ScriptedAnswer[] = reply === undefined ? defaultAnswer(record.sql, serverVersion) : Array.isArray(reply) ? reply : [reply];
    // Unwrap delays (they can nest) and look for hang/close anywhere in the answer.
    while (!pending.cancelled) {
      const delayed = parts.find((p): p is Extract<ScriptedAnswer, { delayMs: number }> => 'delayMs' in p);
      if (!delayed) break;
      await wait(pending, delayed.delayMs);
      pending.wake = undefined;
      const inner = Array.isArray(delayed.answer) ? delayed.answer : [delayed.answer];
      parts = parts.flatMap((p) => (p === delayed ? inner : [p]));
    }
    if (conn.pending === pending) conn.pending = undefined;
    if (pending.cancelled) {
      send(conn, done(DoneStatus.FINAL, 0)); // the cancelled request's own (empty) response
      return;
    }
    if (parts.some((p) => 'close' in p)) {
      drop(conn);
      return;
    }
    if (parts.some((p) => 'hang' in p)) {
      pending.hung = true;
      conn.pending = pending; // stays pending until ATTENTION or close
      return;
    }
    const prefix = record.resetConnection ? envChangeBytes(18, Buffer.alloc(0), Buffer.alloc(0)) : Buffer.alloc(0);
    send(conn, Buffer.concat([prefix, encodeParts(parts as TokenPart[], rpc)]));
  };

  const onAttention = (conn: Conn): void => {
    counters.attentions++;
    const pending = conn.pending;
    if (pending && !pending.cancelled) {
      pending.cancelled = true;
      if (pending.hung) {
        conn.pending = undefined; // nothing runs for a hung request: send its (empty) response now
        send(conn, done(DoneStatus.FINAL, 0));
      } else {
        pending.wake?.(); // still in answer() or a delay: its handler sends the empty response
      }
    }
    conn.chain = conn.chain.then(() => send(conn, done(DoneStatus.ATTN, 0, Token.DONE)));
  };

  const onMessage = (conn: Conn, msg: TdsMessage): void => {
    if (conn.stage === 'hung') return;
    if (msg.type === PacketType.ATTENTION) {
      onAttention(conn);
      return;
    }
    switch (conn.stage) {
      case 'prelogin':
        if (msg.type !== PacketType.PRELOGIN) throw new Error(`expected PRELOGIN, got 0x${msg.type.toString(16)}`);
        onPrelogin(conn, msg);
        return;
      case 'tls-handshake':
        if (msg.type !== PacketType.PRELOGIN) throw new Error(`expected a TLS handshake PRELOGIN, got 0x${msg.type.toString(16)}`);
        conn.tls?.duplex?.feed(msg.data);
        return;
      case 'login':
        if (msg.type === PacketType.PRELOGIN) {
          counters.tlsAttempts++; // TLS handshake wrapped in PRELOGIN packets
          drop(conn);
          return;
        }
        if (msg.type === SSPI_PACKET) {
          const login7 = ntlm.authenticate(conn, msg.data); // NTLM AUTHENTICATE: resume the LOGIN7 it belongs to
          if (login7) onLogin7(conn, login7);
          else drop(conn);
          return;
        }
        if (msg.type !== PacketType.LOGIN7) throw new Error(`expected LOGIN7, got 0x${msg.type.toString(16)}`);
        onLogin7(conn, msg);
        return;
      case 'ready':
        if (msg.type !== PacketType.SQL_BATCH && msg.type !== PacketType.RPC_REQUEST) {
          throw new Error(`unsupported TDS message type 0x${msg.type.toString(16)}`);
        }
        conn.chain = conn.chain.then(() => onRequest(conn, msg)).catch(() => drop(conn));
        return;
    }
  };

  let nextId = 0;
  const server = net.createServer((socket) => {
    counters.connections++;
    const conn: Conn = {
      id: ++nextId, socket, reader: new MessageReader(), stage: 'prelogin',
      encryptRequested: -1, packetSize: 4096, chain: Promise.resolve(), pending: undefined,
      closed: new Promise<void>((resolve) => socket.once('close', () => resolve())),
      out: (b) => socket.write(b), tls: null, encrypted: false, loginOnly: false, database: 'master',
    };
    if (mode === 'hang-after-accept') conn.stage = 'hung';
    open.add(conn);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      open.delete(conn);
      conn.pending?.wake?.();
      conn.pending = undefined;
    });
    if (tlsMode === 'strict' && mode !== 'hang-after-accept') {
      // TDS 8: TLS from the first byte; the TLS socket reads the TCP socket itself.
      const t = new tls.TLSSocket(socket, { isServer: true, secureContext: secureContext!, ALPNProtocols: ['tds/8.0'] });
      conn.tls = { socket: t, duplex: null };
      counters.tlsAttempts++;
      watchTls(conn, t);
      socket.on('close', () => { counters.bytesReceived += socket.bytesRead; });
      return;
    }
    socket.on('data', (chunk: Buffer) => {
      counters.bytesReceived += chunk.length;
      if (conn.stage === 'hung') return;
      if (conn.encrypted && conn.tls?.duplex?.raw) {
        conn.tls.duplex.feed(chunk); // raw TLS records after the handshake
        return;
      }
      if (conn.stage === 'prelogin' && chunk[0] === 0x16) {
        counters.tlsAttempts++; // TLS ClientHello: encrypt 'strict' (TDS 8)
        drop(conn);
        return;
      }
      try {
        for (const msg of conn.reader.push(chunk)) onMessage(conn, msg);
      } catch {
        drop(conn);
      }
    });
    if (mode === 'close-after-accept') drop(conn);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const browser: BrowserFake | null = opts.browser
    ? await startBrowserFake(host, opts.browser.instances.map((i) => ({ ...i, port: i.port ?? address.port, version: i.version ?? `${serverVersion}.0` })))
    : null;

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host,
    statements,
    requests,
    logins,
    get connections() { return counters.connections; },
    get openConnections() { return open.size; },
    get bytesReceived() { return counters.bytesReceived; },
    get attentions() { return counters.attentions; },
    get tlsAttempts() { return counters.tlsAttempts; },
    get tlsHandshakes() { return counters.tlsHandshakes; },
    get tlsFailures() { return counters.tlsFailures; },
    get lastTls() { return lastTls; },
    get lastTlsError() { return lastTlsError; },
    certificate,
    browserPort: browser?.port ?? null,
    get browserRequests() { return browser?.requests ?? 0; },
    setAnswer(fn) { answerFn = fn; },
    setMode(m) { mode = m; },
    setLogin(fn) { loginFn = fn; },
    clearRecords() {
      statements.length = 0;
      requests.length = 0;
      logins.length = 0;
      counters.connections = 0;
      counters.bytesReceived = 0;
      counters.attentions = 0;
      counters.tlsAttempts = 0;
      counters.tlsHandshakes = 0;
      counters.tlsFailures = 0;
      lastTls = null;
      lastTlsError = null;
    },
    close() {
      closing ??= (async () => {
        const listener = new Promise<void>((resolve) => server.close(() => resolve()));
        const sockets = [...open].map((conn) => {
          conn.socket.destroy();
          return conn.closed;
        });
        await Promise.all([listener, ...sockets, browser?.close()]);
      })();
      return closing;
    },
  };
}
