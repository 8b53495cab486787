// A raw TDS client that asks for login-only encryption, as an ODBC / OLE DB client with encryption
// left at its default does (PRELOGIN ENCRYPTION = OFF): tedious never sends OFF (it sends ON or
// NOT_SUP), so this is how a test drives the server's login-only path ([MS-TDS] 2.2.6.5: with
// OFF on both sides only the LOGIN7 exchange is encrypted, then TDS continues in clear).
//
// Steps: TCP; PRELOGIN (OFF); the TLS handshake inside PRELOGIN packets (client flights wrapped,
// one server message per flight); LOGIN7 and its answer through TLS; then one SQL batch and its
// answer in clear on the same socket. Every byte the client wrote on the socket is kept (`sent`),
// and every byte it read in clear after the login (`receivedClear`), so a test can see what an
// eavesdropper on the LAN sees.

import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { parsePreloginAnswer, preloginPayload, type PreloginAnswer } from '../../../main/core/mikro/stages/prelogin-probe.js';
import { encodeMessage, MessageReader, PacketType, type TdsMessage } from './packets.js';

const LOGINACK = 0xad;
/** Tokens with a 2-byte length the login answer may hold: ENVCHANGE, LOGINACK, ERROR, INFO. */
const SIZED = new Set([0xe3, LOGINACK, 0xaa, 0xab]);
const DONE = 0xfd;

/** Walks the login answer's tokens looking for LOGINACK. */
function hasLoginAck(data: Buffer): boolean {
  for (let i = 0; i < data.length; ) {
    const t = data[i]!;
    if (t === LOGINACK) return true;
    if (SIZED.has(t)) i += 3 + data.readUInt16LE(i + 1);
    else if (t === DONE) i += 13;
    else return false;
  }
  return false;
}

export interface LoginOnlyRun {
  prelogin: PreloginAnswer;
  /** TLS protocol of the login's handshake (null when none happened). */
  tlsProtocol: string | null;
  /** The LOGIN7 answer (read through TLS) carried a LOGINACK. */
  loggedIn: boolean;
  /** The LOGIN7 payload as built (what must not appear on the wire in clear). */
  login7: Buffer;
  /** The batch's answer payload, read in clear. */
  answer: Buffer;
  /** Every byte this client wrote on the TCP socket. */
  sent: Buffer;
  /** Every byte read from the TCP socket after the LOGIN7 answer. */
  receivedClear: Buffer;
}

/** TLS over PRELOGIN during the handshake (flights wrapped), raw records on the socket after it. */
class LoginTlsDuplex extends Duplex {
  raw = false;
  private flight: Buffer[] = [];
  private records = Buffer.alloc(0);
  private afterCcs = false;

  constructor(private readonly socket: net.Socket) {
    super();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.raw) {
      this.socket.write(chunk);
      return cb();
    }
    this.flight.push(chunk);
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5) {
      const length = this.records.readUInt16BE(3);
      if (this.records.length < 5 + length) break;
      const type = this.records[0];
      const first = this.records[5];
      this.records = this.records.subarray(5 + length);
      // Flight ends: ClientHello; the Finished after ChangeCipherSpec; an alert.
      if (type === 0x15 || (type === 0x16 && (this.afterCcs || first === 0x01))) {
        this.socket.write(encodeMessage(PacketType.PRELOGIN, Buffer.concat(this.flight), 4096));
        this.flight = [];
      } else if (type === 0x14) this.afterCcs = true;
    }
    cb();
  }
}

export async function loginOnlyClient(host: string, port: number, login: { user: string; password: string; database: string; sql: string }, timeoutMs = 5000): Promise<LoginOnlyRun> {
  const { default: Login7Payload } = (await import('tedious/lib/login7-payload.js')) as unknown as { default: new (o: Record<string, number>) => Record<string, unknown> & { toBuffer(): Buffer } };
  const socket = net.connect({ host, port, noDelay: true });
  const sent: Buffer[] = [];
  const write = socket.write.bind(socket) as (b: Buffer) => boolean;
  socket.write = ((b: Buffer) => {
    sent.push(Buffer.from(b));
    return write(b);
  }) as typeof socket.write;
  const timer = setTimeout(() => socket.destroy(new Error(`login-only client: no progress within ${timeoutMs} ms`)), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const failed = new Promise<never>((_, reject) => {
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('login-only client: the server closed the connection')));
    });
    failed.catch(() => undefined);

    // Incoming bytes: TDS messages in clear, or TLS records once the handshake is over.
    const clear = new MessageReader();
    let waiting: ((m: TdsMessage) => void) | null = null;
    const ready: TdsMessage[] = [];
    const deliver = (m: TdsMessage) => (waiting ? (waiting(m), (waiting = null)) : ready.push(m));
    const nextClear = () => Promise.race([new Promise<TdsMessage>((resolve) => (ready.length ? resolve(ready.shift()!) : (waiting = resolve))), failed]);
    let duplex: LoginTlsDuplex | null = null;
    let tlsRecords = false;
    const receivedClear: Buffer[] = [];
    let afterLogin = false;
    socket.on('data', (chunk: Buffer) => {
      if (tlsRecords) return void duplex!.push(chunk);
      if (afterLogin) receivedClear.push(Buffer.from(chunk));
      for (const m of clear.push(chunk)) {
        // A handshake answer goes to TLS; anything else to whoever waits.
        if (m.type === PacketType.PRELOGIN && duplex && !duplex.raw) duplex.push(m.data);
        else deliver(m);
      }
    });

    // PRELOGIN, ENCRYPTION = OFF.
    const payload = preloginPayload(false);
    payload[payload.readUInt16BE(6)] = 0x00;
    socket.write(encodeMessage(PacketType.PRELOGIN, payload, 4096));
    const prelogin = parsePreloginAnswer((await nextClear()).data);

    // The handshake inside PRELOGIN packets.
    duplex = new LoginTlsDuplex(socket);
    const cleartext = tls.connect({ socket: duplex as unknown as net.Socket, rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    await Promise.race([new Promise<void>((resolve, reject) => (cleartext.once('secureConnect', resolve), cleartext.once('error', reject))), failed]);
    duplex.raw = true;
    tlsRecords = true;
    const tlsProtocol = cleartext.getProtocol();

    // LOGIN7 through TLS, its answer read through TLS.
    const l7 = new Login7Payload({ tdsVersion: 0x74000004, packetSize: 4096, clientProgVer: 0, clientPid: process.pid, connectionId: 0, clientTimeZone: 0, clientLcid: 0x409 });
    Object.assign(l7, { userName: login.user, password: login.password, database: login.database, appName: 'login-only raw client', hostname: 'test', libraryName: 'raw', serverName: host, language: '' });
    const login7 = l7.toBuffer();
    const inTls = new MessageReader();
    const answer7 = new Promise<TdsMessage>((resolve) =>
      cleartext.on('data', (chunk: Buffer) => {
        const m = inTls.push(chunk)[0];
        if (m) resolve(m);
      }),
    );
    cleartext.write(encodeMessage(PacketType.LOGIN7, login7, 4096));
    const loginAnswer = await Promise.race([answer7, failed]);
    const loggedIn = hasLoginAck(loginAnswer.data);

    // From here on, as the server now expects: TDS in clear on the same socket.
    tlsRecords = false;
    afterLogin = true;
    const allHeaders = Buffer.alloc(22);
    allHeaders.writeUInt32LE(22, 0);
    allHeaders.writeUInt32LE(18, 4);
    allHeaders.writeUInt16LE(2, 8); // transaction descriptor
    allHeaders.writeUInt32LE(1, 18); // outstanding requests
    socket.write(encodeMessage(PacketType.SQL_BATCH, Buffer.concat([allHeaders, Buffer.from(login.sql, 'utf16le')]), 4096));
    const answer = (await nextClear()).data;
    return { prelogin, tlsProtocol, loggedIn, login7, answer, sent: Buffer.concat(sent), receivedClear: Buffer.concat(receivedClear) };
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
