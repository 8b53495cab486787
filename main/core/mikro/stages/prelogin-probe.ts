/**
 * A credential-free look at the server, as tedious would start: TCP, one PRELOGIN exchange
 * ([MS-TDS] 2.2.6.5: the server's VERSION and ENCRYPTION answer), then — when both sides agree on
 * encryption — the TLS handshake the way TDS 7.x carries it: every client flight inside one
 * PRELOGIN message, every server flight back in one ([MS-TDS] 3.2.5.2). The handshake accepts any
 * certificate so that the certificate can be SHOWN; whether it is acceptable (CA, pin, blanket
 * trust) is decided by the caller from `authorized`/`authorizationError` and the fingerprint.
 * Nothing is sent after the handshake: the socket is closed, no LOGIN7 ever goes on this one.
 */
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

const TYPE_PRELOGIN = 0x12;
const HEADER = 8;
const STATUS_EOM = 0x01;

export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;
export type EncryptAnswer = 'OFF' | 'ON' | 'NOT_SUP' | 'REQ' | 'UNKNOWN';

export interface PreloginAnswer {
  major: number;
  minor: number;
  build: number;
  encryption: EncryptAnswer;
}

/** A client PRELOGIN: VERSION, ENCRYPTION (ON or NOT_SUP, as tedious sends), INSTOPT, THREADID, MARS. */
export function preloginPayload(encrypt: boolean): Buffer {
  const options: [number, Buffer][] = [
    [0x00, Buffer.from([0x13, 0x02, 0x00, 0x02, 0x00, 0x00])],
    [0x01, Buffer.from([encrypt ? ENCRYPT.ON : ENCRYPT.NOT_SUP])],
    [0x02, Buffer.from([0x00])],
    [0x03, Buffer.alloc(4)],
    [0x04, Buffer.from([0x00])],
  ];
  const headerLength = options.length * 5 + 1;
  const header = Buffer.alloc(headerLength);
  let at = headerLength;
  options.forEach(([token, data], i) => {
    header.writeUInt8(token, i * 5);
    header.writeUInt16BE(at, i * 5 + 1);
    header.writeUInt16BE(data.length, i * 5 + 3);
    at += data.length;
  });
  header.writeUInt8(0xff, headerLength - 1);
  return Buffer.concat([header, ...options.map(([, d]) => d)]);
}

export function parsePreloginAnswer(data: Buffer): PreloginAnswer {
  const out: PreloginAnswer = { major: 0, minor: 0, build: 0, encryption: 'UNKNOWN' };
  for (let o = 0; o + 5 <= data.length && data[o] !== 0xff; o += 5) {
    const token = data.readUInt8(o);
    const at = data.readUInt16BE(o + 1);
    const len = data.readUInt16BE(o + 3);
    if (at + len > data.length) continue;
    if (token === 0x00 && len >= 4) {
      out.major = data.readUInt8(at);
      out.minor = data.readUInt8(at + 1);
      out.build = data.readUInt16BE(at + 2);
    } else if (token === 0x01 && len >= 1) {
      const v = data.readUInt8(at);
      out.encryption = (['OFF', 'ON', 'NOT_SUP', 'REQ'] as const)[v] ?? 'UNKNOWN';
    }
  }
  return out;
}

function packet(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(type, 0);
  header.writeUInt8(STATUS_EOM, 1);
  header.writeUInt16BE(HEADER + payload.length, 2);
  header.writeUInt8(1, 6);
  return Buffer.concat([header, payload]);
}

/** Reads whole TDS messages off a socket (PRELOGIN answers only; they fit a few packets). */
export class TdsMessages {
  private buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private ready: Buffer[] = [];
  private failure: Error | null = null;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.push(chunk));
    const end = (err?: Error) => this.fail(err ?? new Error('the server closed the connection'));
    socket.on('error', end);
    socket.on('close', () => end());
  }

  send(type: number, payload: Buffer): void {
    this.socket.write(packet(type, payload));
  }

  next(): Promise<Buffer> {
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(this.failure);
  }

  private push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= HEADER) {
      const length = this.buffer.readUInt16BE(2);
      if (length < HEADER) return this.fail(new Error(`not a TDS answer (packet length ${length})`));
      if (this.buffer.length < length) return;
      const status = this.buffer.readUInt8(1);
      this.parts.push(this.buffer.subarray(HEADER, length));
      this.buffer = this.buffer.subarray(length);
      if (status & STATUS_EOM) {
        const message = Buffer.concat(this.parts);
        this.parts = [];
        const w = this.waiting;
        this.waiting = null;
        if (w) w.resolve(message);
        else this.ready.push(message);
      }
    }
  }
}

/**
 * The client end of TLS inside PRELOGIN: collects the TLS socket's output and sends it as one
 * PRELOGIN message when a flight ends (ClientHello; the Finished after ChangeCipherSpec; an alert).
 */
class PreloginFlightDuplex extends Duplex {
  private out: Buffer[] = [];
  private records = Buffer.alloc(0);
  private afterCcs = false;

  constructor(private readonly wire: TdsMessages) {
    super();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.out.push(chunk);
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5) {
      const length = this.records.readUInt16BE(3);
      if (this.records.length < 5 + length) break;
      const type = this.records[0];
      const first = this.records[5];
      this.records = this.records.subarray(5 + length);
      if (type === 0x15 || (type === 0x16 && (this.afterCcs || first === 0x01))) this.flush();
      else if (type === 0x14) this.afterCcs = true;
    }
    cb();
  }

  private flush(): void {
    const flight = Buffer.concat(this.out);
    this.out = [];
    this.wire.send(TYPE_PRELOGIN, flight);
    // Exactly one server message answers each flight.
    this.wire.next().then(
      (answer) => this.push(answer),
      (err: Error) => this.destroy(err),
    );
  }
}

export interface ProbeSocket {
  socket: net.Socket;
  wire: TdsMessages;
}

/** TCP connect, bounded by `timeoutMs` and `signal`. */
export function connectTcp(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // Request/answer traffic: no Nagle (see tcp-connector.ts).
    const socket = net.connect({ host, port, noDelay: true });
    const timer = setTimeout(() => finish(Object.assign(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => finish(Object.assign(new Error('cancelled'), { code: 'ECANCEL' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    function finish(err?: Error) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('connect');
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    }
    socket.once('connect', () => finish());
    socket.once('error', (e) => finish(e));
  });
}

export async function sendPrelogin(socket: net.Socket, encrypt: boolean, timeoutMs: number): Promise<{ answer: PreloginAnswer; wire: TdsMessages }> {
  const wire = new TdsMessages(socket);
  wire.send(TYPE_PRELOGIN, preloginPayload(encrypt));
  const data = await withTimeout(wire.next(), timeoutMs, 'PRELOGIN answer');
  return { answer: parsePreloginAnswer(data), wire };
}

export interface TlsProbe {
  protocol: string | null;
  cipher: string;
  certificate: tls.PeerCertificate;
  authorized: boolean;
  authorizationError: string | null;
}

/** The handshake over PRELOGIN packets; accepts any certificate (the caller judges it). */
export function tlsOverPrelogin(wire: TdsMessages, opts: { servername?: string; minVersion: tls.SecureVersion; ciphers?: string; timeoutMs: number }): Promise<TlsProbe> {
  const duplex = new PreloginFlightDuplex(wire);
  const socket = tls.connect({
    socket: duplex as unknown as net.Socket,
    ...(opts.servername ? { servername: opts.servername } : {}),
    rejectUnauthorized: false,
    // tedious caps TDS 7.x TLS at 1.2; so does the probe, so that it sees what tedious will see.
    minVersion: opts.minVersion,
    maxVersion: 'TLSv1.2',
    ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
  });
  const handshake = new Promise<TlsProbe>((resolve, reject) => {
    socket.once('secureConnect', () => {
      const authErr = (socket as tls.TLSSocket & { authorizationError?: Error | string }).authorizationError;
      resolve({
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        certificate: socket.getPeerCertificate(),
        authorized: socket.authorized,
        authorizationError: authErr ? String(authErr) : null,
      });
      socket.destroy();
    });
    socket.once('error', reject);
  });
  return withTimeout(handshake, opts.timeoutMs, 'TLS handshake').finally(() => socket.destroy());
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
