import crypto from "node:crypto";
import type { Duplex } from "node:stream";

/** The few PostgreSQL wire messages a relay speaks before it steps aside (protocol 3.0). */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Buffers a stream's bytes and hands out whole messages; `detach` returns what is left. */
export class MessageReader {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly onData = (d: Buffer) => {
    this.buf = Buffer.concat([this.buf, d]);
    this.wake?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly stream: Duplex) {
    stream.on("data", this.onData);
    stream.on("end", this.onEnd);
    stream.on("close", this.onEnd);
    stream.on("error", this.onEnd);
  }

  private async need(n: number): Promise<void> {
    while (this.buf.length < n) {
      if (this.ended) throw new Error("connection closed");
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }

  private take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** A startup-phase message: int32 length (itself included), then the body. */
  async startup(): Promise<Buffer> {
    await this.need(4);
    const len = this.buf.readInt32BE(0);
    if (len < 8 || len > 10_000) throw new Error("invalid startup packet");
    await this.need(len);
    return Buffer.from(this.take(len));
  }

  /** A regular message: a type byte, int32 length, body. */
  async message(): Promise<{ type: string; body: Buffer; raw: Buffer }> {
    await this.need(5);
    const len = this.buf.readInt32BE(1);
    if (len < 4 || len > 1_000_000) throw new Error("invalid message");
    await this.need(1 + len);
    const raw = Buffer.from(this.take(1 + len));
    return { type: String.fromCharCode(raw[0] ?? 0), body: raw.subarray(5), raw };
  }

  /** Stops reading; the bytes already buffered belong to whoever reads next. */
  detach(): Buffer {
    this.stream.off("data", this.onData);
    this.stream.off("end", this.onEnd);
    this.stream.off("close", this.onEnd);
    this.stream.off("error", this.onEnd);
    this.stream.pause();
    return this.take(this.buf.length);
  }
}

export function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");

/** Startup message parameters (user, database, application_name, …). */
export function startupParams(packet: Buffer): Record<string, string> {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2)
    if (parts[i]) out[parts[i] ?? ""] = parts[i + 1] ?? "";
  return out;
}

export function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.concat([
    ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

export const authRequest = (code: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(code, 0);
  return message("R", b);
};

/** A FATAL ErrorResponse as PostgreSQL sends it. */
export function fatal(code: string, text: string): Buffer {
  return message(
    "E",
    Buffer.concat([
      cstr("SFATAL"),
      cstr("VFATAL"),
      cstr(`C${code}`),
      cstr(`M${text}`),
      Buffer.from([0]),
    ]),
  );
}

/** The password in a PasswordMessage ('p'). */
export const passwordOf = (body: Buffer) =>
  body.subarray(0, Math.max(0, body.indexOf(0))).toString("utf8");

/** Logs in to a PostgreSQL server (PgBouncer) with a password: SCRAM-SHA-256, md5 or cleartext. Resolves at AuthenticationOk. */
export async function authenticate(
  reader: MessageReader,
  out: Duplex,
  user: string,
  password: string,
): Promise<Buffer> {
  const hmac = (k: Buffer, s: string) => crypto.createHmac("sha256", k).update(s).digest();
  let scram: { bare: string; nonce: string; expect?: Buffer } | undefined;
  for (;;) {
    const m = await reader.message();
    if (m.type === "E")
      throw Object.assign(new Error("upstream refused the login"), { response: m.raw });
    if (m.type !== "R") throw new Error(`unexpected message ${m.type} during login`);
    const code = m.body.readInt32BE(0);
    if (code === 0) return m.raw;
    if (code === 3) out.write(message("p", cstr(password)));
    else if (code === 5) {
      const salt = m.body.subarray(4, 8);
      const inner = crypto
        .createHash("md5")
        .update(password + user)
        .digest("hex");
      const outer = crypto
        .createHash("md5")
        .update(Buffer.concat([Buffer.from(inner), salt]))
        .digest("hex");
      out.write(message("p", cstr(`md5${outer}`)));
    } else if (code === 10) {
      const nonce = crypto.randomBytes(18).toString("base64");
      scram = { bare: `n=*,r=${nonce}`, nonce };
      const first = Buffer.from(`n,,${scram.bare}`);
      const len = Buffer.alloc(4);
      len.writeInt32BE(first.length, 0);
      out.write(message("p", Buffer.concat([cstr("SCRAM-SHA-256"), len, first])));
    } else if (code === 11 && scram) {
      const serverFirst = m.body.subarray(4).toString("utf8");
      const attrs = Object.fromEntries(serverFirst.split(",").map((kv) => [kv[0], kv.slice(2)]));
      if (!attrs.r?.startsWith(scram.nonce)) throw new Error("SCRAM nonce mismatch");
      const salted = crypto.pbkdf2Sync(
        password,
        Buffer.from(attrs.s ?? "", "base64"),
        Number(attrs.i),
        32,
        "sha256",
      );
      const clientKey = hmac(salted, "Client Key");
      const stored = crypto.createHash("sha256").update(clientKey).digest();
      const finalNoProof = `c=biws,r=${attrs.r}`;
      const authMessage = `${scram.bare},${serverFirst},${finalNoProof}`;
      const sig = hmac(stored, authMessage);
      const proof = Buffer.from(clientKey.map((b, i) => b ^ (sig[i] ?? 0)));
      scram.expect = hmac(hmac(salted, "Server Key"), authMessage);
      out.write(message("p", Buffer.from(`${finalNoProof},p=${proof.toString("base64")}`)));
    } else if (code === 12 && scram) {
      const v = /v=([^,]+)/.exec(m.body.subarray(4).toString("utf8"))?.[1] ?? "";
      if (!scram.expect || !Buffer.from(v, "base64").equals(scram.expect))
        throw new Error("SCRAM server signature mismatch");
    } else throw new Error(`unsupported authentication request ${code}`);
  }
}
