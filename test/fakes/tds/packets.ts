// TDS packet framing for the loopback test server ([MS-TDS] 2.2.3).
//
// Every TDS message is cut into packets. Packet header (8 bytes):
//   Type (1) | Status (1) | Length (2, big-endian, header included) | SPID (2) | PacketID (1) | Window (1)
// Status bit 0x01 (EOM) marks the last packet of a message, 0x02 (IGNORE) tells the server to drop
// the message (tedious uses it when a request is cancelled while it is still being sent), 0x08
// (RESETCONNECTION) asks for a session reset before the request runs.

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

export const PacketStatus = {
  EOM: 0x01,
  IGNORE: 0x02,
  RESETCONNECTION: 0x08,
} as const;

export const HEADER_LENGTH = 8;

export interface TdsMessage {
  type: number;
  /** Status byte of the last packet (EOM, IGNORE, RESETCONNECTION bits). */
  status: number;
  /** Concatenated packet payloads (headers stripped). */
  data: Buffer;
}

/**
 * Accumulates raw socket bytes and yields complete TDS messages.
 * Throws on a structurally impossible header so the caller can drop the connection
 * (a TLS ClientHello, for instance, starts with 0x16 0x03 and has a nonsense length).
 */
export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private currentType: number | undefined;

  push(chunk: Buffer): TdsMessage[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: TdsMessage[] = [];
    while (this.buffer.length >= HEADER_LENGTH) {
      const type = this.buffer.readUInt8(0);
      const status = this.buffer.readUInt8(1);
      const length = this.buffer.readUInt16BE(2);
      if (length < HEADER_LENGTH) {
        throw new Error(`invalid TDS packet length ${length}`);
      }
      if (this.buffer.length < length) break;
      const payload = this.buffer.subarray(HEADER_LENGTH, length);
      this.buffer = this.buffer.subarray(length);
      if (this.currentType !== undefined && this.currentType !== type) {
        // A new message type before EOM: only ATTENTION may interleave like this. Deliver it
        // on its own and keep collecting the unfinished message.
        if (type === PacketType.ATTENTION) {
          out.push({ type, status, data: Buffer.from(payload) });
          continue;
        }
        throw new Error(`TDS packet type 0x${type.toString(16)} inside a 0x${this.currentType.toString(16)} message`);
      }
      this.currentType = type;
      this.parts.push(Buffer.from(payload));
      if (status & PacketStatus.EOM) {
        out.push({ type, status, data: Buffer.concat(this.parts) });
        this.parts = [];
        this.currentType = undefined;
      }
    }
    return out;
  }
}

/** Splits a message payload into packets of at most `packetSize` bytes (header included). */
export function encodeMessage(type: number, payload: Buffer, packetSize: number): Buffer {
  const room = Math.max(packetSize, 512) - HEADER_LENGTH;
  const packets: Buffer[] = [];
  let offset = 0;
  let packetId = 1;
  do {
    const chunk = payload.subarray(offset, offset + room);
    offset += chunk.length;
    const last = offset >= payload.length;
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(type, 0);
    header.writeUInt8(last ? PacketStatus.EOM : 0x00, 1);
    header.writeUInt16BE(HEADER_LENGTH + chunk.length, 2);
    header.writeUInt16BE(0x0033, 4); // SPID, any non-zero value
    header.writeUInt8(packetId % 256, 6);
    header.writeUInt8(0, 7);
    packets.push(header, chunk);
    packetId++;
  } while (offset < payload.length);
  return Buffer.concat(packets);
}
