// Server-side TLS as SQL Server does it for TDS 7.x ([MS-TDS] 2.2.6.5, 3.3.5.x): after the PRELOGIN
// exchange agreed on encryption, the TLS handshake records travel INSIDE TDS PRELOGIN (0x12)
// packets, one server message per client flight; once the handshake is done both sides send raw
// TLS records on the socket. tedious 19 (message-io.js startTls) sends each client flight as one
// PRELOGIN message and reads exactly one PRELOGIN message back per flight; it caps TLS at 1.2.
//
// A node `tls.TLSSocket` (isServer) runs over `PreloginTlsDuplex`: during the handshake its output
// is collected and sent as ONE PRELOGIN message when the flight is complete (after ServerHelloDone,
// after the Finished that follows ChangeCipherSpec, or on an alert); after the server's Finished
// the duplex switches to raw records both ways. Session resumption is not offered (tedious never
// resumes), so the abbreviated handshake does not need handling.

import { Duplex } from 'node:stream';
import tls from 'node:tls';

const CONTENT_CHANGE_CIPHER_SPEC = 0x14;
const CONTENT_ALERT = 0x15;
const CONTENT_HANDSHAKE = 0x16;
const HANDSHAKE_SERVER_HELLO_DONE = 0x0e;

export class PreloginTlsDuplex extends Duplex {
  /** true once the handshake is over: records go to and come from the socket unwrapped. */
  raw = false;
  private out: Buffer[] = [];
  private records = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private afterCcs = false;

  constructor(
    private readonly sendWrapped: (flight: Buffer) => void,
    private readonly sendRaw: (records: Buffer) => void,
  ) {
    super();
  }

  override _read(): void {
    // Data is pushed by feed().
  }

  /** Bytes from the client: a PRELOGIN payload during the handshake, raw records afterwards. */
  feed(data: Buffer): void {
    this.push(data);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.raw) {
      this.sendRaw(chunk);
    } else {
      this.out.push(chunk);
      this.scan(chunk);
    }
    cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.flush();
    cb();
  }

  private flush(): void {
    if (this.out.length === 0) return;
    const flight = Buffer.concat(this.out);
    this.out = [];
    this.sendWrapped(flight);
  }

  /** Walks the server's records to find where its flight ends. */
  private scan(chunk: Buffer): void {
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5) {
      const length = this.records.readUInt16BE(3);
      if (this.records.length < 5 + length) return;
      const type = this.records[0];
      const body = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      if (type === CONTENT_ALERT) {
        this.flush();
      } else if (type === CONTENT_CHANGE_CIPHER_SPEC) {
        this.afterCcs = true;
      } else if (type === CONTENT_HANDSHAKE && this.afterCcs) {
        // The (encrypted) Finished: the server's last handshake flight.
        this.flush();
        this.raw = true;
      } else if (type === CONTENT_HANDSHAKE) {
        this.handshake = Buffer.concat([this.handshake, body]);
        while (this.handshake.length >= 4) {
          const msgType = this.handshake[0];
          const msgLength = this.handshake.readUIntBE(1, 3);
          if (this.handshake.length < 4 + msgLength) break;
          this.handshake = this.handshake.subarray(4 + msgLength);
          if (msgType === HANDSHAKE_SERVER_HELLO_DONE) this.flush();
        }
      }
    }
  }
}

export interface FakeTlsOptions {
  key: string;
  cert: string;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
}

/** A secure context for the fake; TLS 1.0 on OpenSSL 3 needs security level 0 for its ciphers. */
export function fakeSecureContext(o: FakeTlsOptions): tls.SecureContext {
  const old = o.maxVersion === 'TLSv1' || o.maxVersion === 'TLSv1.1';
  return tls.createSecureContext({
    key: o.key,
    cert: o.cert,
    minVersion: o.minVersion ?? (old ? 'TLSv1' : 'TLSv1.2'),
    maxVersion: o.maxVersion ?? 'TLSv1.3',
    ciphers: o.ciphers ?? (old ? 'DEFAULT@SECLEVEL=0' : undefined),
  });
}
