// Public types of the TDS fake (see server.ts for behaviour).

import type tls from 'node:tls';
import type { ScriptedReply } from './answers.js';
import type { BrowserInstance } from './browser.js';
import type { TestCertificate } from './cert.js';
import type { RpcParam, TdsLogin } from './requests.js';
import type { SessionSettings } from './session.js';
import type { NtlmOptions } from './ntlm.js';
import type { FakeRoles } from './rights.js';

export type TdsFakeMode = 'normal' | 'hang-after-accept' | 'close-after-accept' | 'hang-after-prelogin';

export interface TdsRequestRecord {
  kind: 'batch' | 'rpc';
  /** Batch text; sp_executesql @statement; `EXEC <name>` for other procedures. */
  sql: string;
  /** RPC procedure name or ProcID (10 = sp_executesql). */
  proc?: string | number;
  /** RPC parameters after decoding (sp_executesql: @statement, @params, then the user's inputs). */
  params: RpcParam[];
  /** 1-based number of the TCP connection it came on. */
  connection: number;
  /** The RESETCONNECTION status bit was set. */
  resetConnection: boolean;
  /** The text as received, prelude included (`sql` is without the console's SET prelude). */
  raw?: string;
  /** The SET LOCK_TIMEOUT / isolation prelude the batch started with, if any (session.ts). */
  session?: SessionSettings;
}

/** Fixture databases that answer SELECTs on their tables and catalogs (mikro-answers.ts). */
export interface FixtureResponder {
  answer(request: TdsRequestRecord, currentDatabase: string): ScriptedReply;
  login(login: TdsLogin): LoginResult | undefined;
}

export type AnswerFn = (sql: string, request: TdsRequestRecord) => ScriptedReply | Promise<ScriptedReply>;
export type LoginResult = { ok: true } | { ok: false; number: number; message: string; state?: number; class?: number };
export type LoginFn = (login: TdsLogin) => LoginResult;

export interface TdsFakeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** NTLM logins (ntlm.ts): known accounts get their NTLMv2 proof verified. */
  ntlm?: NtlmOptions;
  /** Server roles every login holds, as the least-privilege query sees them (rights.ts); `sa` has all. */
  roles?: FakeRoles;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Per-statement script; returning undefined uses the default answers (see `defaultAnswer`). */
  answer?: AnswerFn;
  /** Mikro fixture databases (mikro-answers.ts MikroFixtureServer): scripted `answer`/`login` still win. */
  mikro?: FixtureResponder;
  /** Accept or reject a login; default accepts everyone. */
  login?: LoginFn;
  /** Reported in PRELOGIN VERSION, LOGINACK and SELECT @@VERSION. Default '16.0.1000'. */
  serverVersion?: string;
  mode?: TdsFakeMode;
  /** ENCRYPTION byte of the PRELOGIN answer when `tls` is not given. Default 0x02 (NOT_SUP); no TLS then. */
  preloginEncryption?: number;
  /** TLS as SQL Server does it (see server.ts "TLS modes"). */
  tls?: {
    encryption: 'on' | 'req' | 'strict';
    /** Default: a throw-away self-signed certificate (cert.ts). */
    certificate?: TestCertificate;
    /** 'TLSv1' for both makes an old server that speaks only TLS 1.0. */
    minVersion?: tls.SecureVersion;
    maxVersion?: tls.SecureVersion;
  };
  /** A SQL Server Browser (UDP) on the same host listing these instances; `port` defaults to the fake's. */
  browser?: { instances: Array<Omit<BrowserInstance, 'port'> & { port?: number }> };
}

export interface TdsFake {
  readonly port: number;
  readonly host: string;
  /** Every SQL text received, in order: batch text and sp_executesql @statement (tedious' initial `set ...` batch and mssql's pool validation `SELECT 1;` included). */
  readonly statements: string[];
  readonly requests: TdsRequestRecord[];
  readonly logins: TdsLogin[];
  /** TCP connections accepted. */
  readonly connections: number;
  /** TCP connections currently open. */
  readonly openConnections: number;
  readonly bytesReceived: number;
  /** ATTENTION (cancel) messages received. */
  readonly attentions: number;
  /** TLS handshakes started (without `tls`: connections dropped because the client started TLS). */
  readonly tlsAttempts: number;
  /** TLS handshakes completed. */
  readonly tlsHandshakes: number;
  /** TLS handshakes or sessions that failed (client alert, protocol mismatch). */
  readonly tlsFailures: number;
  /** Protocol and cipher of the last completed handshake. */
  readonly lastTls: { protocol: string | null; cipher: string } | null;
  /** The server-side TLS error of the last failure (OpenSSL's words). */
  readonly lastTlsError: string | null;
  /** The certificate served (null without `tls`). */
  readonly certificate: TestCertificate | null;
  /** UDP port of the SQL Server Browser fake (null without `browser`). */
  readonly browserPort: number | null;
  readonly browserRequests: number;
  setAnswer(fn: AnswerFn | undefined): void;
  setMode(mode: TdsFakeMode): void;
  setLogin(fn: LoginFn | undefined): void;
  /** Forget recorded statements, requests, logins and zero the counters (open sockets stay open). */
  clearRecords(): void;
  /** Closes the listener and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}
