import zlib from "node:zlib";

/**
 * The AWS event stream framing (application/vnd.amazon.eventstream): prelude (total length,
 * headers length, CRC32), string headers, payload, message CRC32. Only what responses need.
 */
export function encodeEventMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, "utf8");
    const v = Buffer.from(value, "utf8");
    const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(7, 1 + n.length); // 7 = string header value
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    headerParts.push(h);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBytes.length, 4);
  out.writeUInt32BE(zlib.crc32(out.subarray(0, 8)), 8);
  headerBytes.copy(out, 12);
  payload.copy(out, 12 + headerBytes.length);
  out.writeUInt32BE(zlib.crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** An `event` message with a JSON payload, as the awsJson protocols frame union members. */
export function encodeJsonEvent(eventType: string, value: unknown): Buffer {
  return encodeEventMessage(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    Buffer.from(JSON.stringify(value), "utf8"),
  );
}

/** A modelled exception inside the stream (e.g. SessionTimeoutException). */
export function encodeJsonException(exceptionType: string, message: string): Buffer {
  return encodeEventMessage(
    {
      ":exception-type": exceptionType,
      ":content-type": "application/json",
      ":message-type": "exception",
    },
    Buffer.from(JSON.stringify({ message }), "utf8"),
  );
}
