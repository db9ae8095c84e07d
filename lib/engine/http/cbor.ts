/**
 * CBOR (RFC 8949) as Smithy's RPC v2 CBOR protocol uses it: maps with text keys, arrays, text and
 * byte strings, integers, floats, booleans, null, and tag 1 (epoch-seconds timestamps).
 */

export class CborError extends Error {}

/** Decodes one CBOR item. Tag-1 timestamps come back as epoch seconds (numbers). */
export function decodeCbor(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new CborError("truncated CBOR");
  };
  const length = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new CborError(`unsupported CBOR length ${info}`);
    need(size);
    const at = pos;
    pos += size;
    if (size === 1) return view.getUint8(at);
    if (size === 2) return view.getUint16(at);
    if (size === 4) return view.getUint32(at);
    const big = view.getBigUint64(at);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError("CBOR integer too large");
    return Number(big);
  };
  const chunks = (major: number, info: number): Uint8Array => {
    if (info !== 31) {
      const n = length(info);
      need(n);
      pos += n;
      return bytes.subarray(pos - n, pos);
    }
    const parts: Uint8Array[] = [];
    while (bytes[pos] !== 0xff) {
      need(1);
      const head = bytes[pos++] ?? 0;
      if (head >> 5 !== major) throw new CborError("mixed CBOR string chunks");
      parts.push(chunks(major, head & 31));
    }
    pos++;
    return Buffer.concat(parts);
  };
  const item = (): unknown => {
    need(1);
    const head = bytes[pos++] ?? 0;
    const major = head >> 5;
    const info = head & 31;
    switch (major) {
      case 0:
        return length(info);
      case 1:
        return -1 - length(info);
      case 2:
        return Buffer.from(chunks(2, info));
      case 3:
        return Buffer.from(chunks(3, info)).toString("utf8");
      case 4: {
        const out: unknown[] = [];
        if (info === 31) while (bytes[pos] !== 0xff) out.push(item());
        else for (let n = length(info); n > 0; n--) out.push(item());
        if (info === 31) pos++;
        return out;
      }
      case 5: {
        const out: Record<string, unknown> = {};
        const entry = () => {
          const key = item();
          if (typeof key !== "string") throw new CborError("CBOR map keys must be text");
          out[key] = item();
        };
        if (info === 31) {
          while (bytes[pos] !== 0xff) entry();
          pos++;
        } else for (let n = length(info); n > 0; n--) entry();
        return out;
      }
      case 6: {
        length(info);
        return item(); // tag 1 (epoch seconds) and others: the tagged value itself
      }
      default: {
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22 || info === 23) return null;
        if (info === 25) {
          need(2);
          pos += 2;
          return half(view.getUint16(pos - 2));
        }
        if (info === 26) {
          need(4);
          pos += 4;
          return view.getFloat32(pos - 4);
        }
        if (info === 27) {
          need(8);
          pos += 8;
          return view.getFloat64(pos - 8);
        }
        throw new CborError(`unsupported CBOR simple value ${info}`);
      }
    }
  };
  const value = item();
  if (pos !== bytes.length) throw new CborError("trailing bytes after CBOR item");
  return value;
}

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * Encodes a document: Dates as tag 1 epoch seconds, Maps and objects as maps, undefined skipped.
 * `doubles`: every number as a float64 (for outputs whose numbers the model types as doubles).
 */
export function encodeCbor(value: unknown, opts: { doubles?: boolean } = {}): Buffer {
  const out: Buffer[] = [];
  const head = (major: number, n: number) => {
    if (n < 24) out.push(Buffer.from([(major << 5) | n]));
    else if (n < 0x100) out.push(Buffer.from([(major << 5) | 24, n]));
    else if (n < 0x10000) {
      const b = Buffer.alloc(3);
      b[0] = (major << 5) | 25;
      b.writeUInt16BE(n, 1);
      out.push(b);
    } else if (n < 0x100000000) {
      const b = Buffer.alloc(5);
      b[0] = (major << 5) | 26;
      b.writeUInt32BE(n, 1);
      out.push(b);
    } else {
      const b = Buffer.alloc(9);
      b[0] = (major << 5) | 27;
      b.writeBigUInt64BE(BigInt(n), 1);
      out.push(b);
    }
  };
  const double = (n: number) => {
    const b = Buffer.alloc(9);
    b[0] = 0xfb;
    b.writeDoubleBE(n, 1);
    out.push(b);
  };
  const map = (entries: [string, unknown][]) => {
    const kept = entries.filter(([, v]) => v !== undefined);
    head(5, kept.length);
    for (const [k, v] of kept) {
      write(k);
      write(v);
    }
  };
  const write = (v: unknown): void => {
    if (v === null || v === undefined) out.push(Buffer.from([0xf6]));
    else if (typeof v === "boolean") out.push(Buffer.from([v ? 0xf5 : 0xf4]));
    else if (typeof v === "number") {
      if (!opts.doubles && Number.isSafeInteger(v)) head(v >= 0 ? 0 : 1, v >= 0 ? v : -1 - v);
      else double(v);
    } else if (typeof v === "string") {
      const b = Buffer.from(v, "utf8");
      head(3, b.length);
      out.push(b);
    } else if (v instanceof Date) {
      out.push(Buffer.from([0xc1]));
      double(v.getTime() / 1000);
    } else if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
      head(2, v.length);
      out.push(Buffer.from(v));
    } else if (Array.isArray(v)) {
      head(4, v.length);
      v.forEach(write);
    } else if (v instanceof Map)
      map([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]));
    else if (typeof v === "object") map(Object.entries(v));
    else throw new CborError(`cannot encode ${typeof v} as CBOR`);
  };
  write(value);
  return Buffer.concat(out);
}
