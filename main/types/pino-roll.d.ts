// pino-roll ships no types; this is the part of its documented API we use.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    mkdir?: boolean;
    sync?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    /** SonicBoom's: beyond this many buffered bytes, writes are dropped (a `drop` event). */
    maxLength?: number;
  }
  export default function pinoRoll(opts: PinoRollOptions): Promise<DestinationStream & { end(): void; flushSync(): void; destroy(): void; on(event: string, listener: (arg: unknown) => void): unknown }>;
}
