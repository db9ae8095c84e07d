import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { ImageError } from "./errors";

export interface LayerSummary {
  /** sha256:<hex> of the uncompressed tar (the config's diff_id). */
  diffId: string;
  /** Sum of the regular files' sizes. */
  unpackedBytes: number;
  entries: number;
}

export interface LayerCheckOptions {
  /** Refuse once the unpacked size (this layer plus what came before) exceeds this. */
  budgetBytes: number;
  /** Expected sha256:<hex> of the compressed blob. */
  digest: string;
  /** For messages. */
  imageUri: string;
}

/** ustar fields: decode a NUL-terminated string. */
function str(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString("utf8", start, end >= 0 && end < start + len ? end : start + len);
}

/** Size fields are octal, or base-256 when the top bit of the first byte is set (GNU). */
function num(buf: Buffer, start: number, len: number): number {
  const first = buf[start] ?? 0;
  if (first & 0x80) {
    let n = first & 0x7f;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + (buf[i] ?? 0);
    return n;
  }
  const s = str(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

/** PAX records: "<len> key=value\n". */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.toString("utf8", i, space), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = data.toString("utf8", space + 1, i + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * True when no component of the path is `..`. Stricter than "resolves inside the root": no image
 * tool writes `..` into a layer, so one that does is hostile or broken either way.
 */
export function staysInside(name: string): boolean {
  return !name.split("/").includes("..");
}

/**
 * Reads one layer blob (gzip or plain tar) as a stream and refuses it when an entry escapes the
 * root (`..`, or a hard link pointing out), is a device node, or the unpacked size goes over the
 * budget; also checks the blob's digest so a corrupt layer is caught before unpacking.
 */
export async function checkLayer(file: string, options: LayerCheckOptions): Promise<LayerSummary> {
  const refuse = (why: string) =>
    new ImageError("InvalidImage", `The image ${options.imageUri} cannot be used: ${why}.`);
  const blobHash = crypto.createHash("sha256");
  const tarHash = crypto.createHash("sha256");
  let pending: Buffer = Buffer.alloc(0);
  let skip = 0; // bytes of entry data (plus padding) still to pass over
  let collect:
    { kind: "pax" | "longname" | "longlink"; need: number; chunks: Buffer[] } | undefined;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let unpackedBytes = 0;
  let entries = 0;
  let ended = false;

  const onHeader = (h: Buffer) => {
    if (h.every((b) => b === 0)) {
      ended = true;
      return;
    }
    const type = String.fromCharCode(h[156] ?? 48);
    const size = num(h, 124, 12);
    const padded = Math.ceil(size / 512) * 512;
    if (type === "x" || type === "g" || type === "L" || type === "K") {
      const kind = type === "L" ? "longname" : type === "K" ? "longlink" : "pax";
      if (size > 1 << 20) throw refuse("a layer has an oversized tar header");
      collect = { kind, need: size, chunks: [] };
      skip = padded;
      if (type === "g") collect = undefined; // global headers carry nothing we check
      return;
    }
    const magic = str(h, 257, 6);
    const prefix = magic.startsWith("ustar") ? str(h, 345, 155) : "";
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    const link = pax.linkpath ?? longLink ?? str(h, 157, 100);
    const realSize = pax.size !== undefined ? Number(pax.size) : size;
    pax = {};
    longName = longLink = undefined;
    entries += 1;
    if (!staysInside(name))
      throw refuse(`a layer holds the path "${name}", which escapes the image root`);
    if (type === "1" && !staysInside(link))
      throw refuse(`a layer holds a hard link to "${link}", outside the image root`);
    if (type === "3" || type === "4")
      throw refuse(`a layer holds the device file "${name}"; device files are not allowed`);
    if (type === "0" || type === "\0" || type === "7") {
      unpackedBytes += realSize;
      if (unpackedBytes > options.budgetBytes)
        throw refuse("its unpacked size is over the 10 GB limit");
    }
    skip = Math.ceil((type === "0" || type === "\0" || type === "7" ? realSize : size) / 512) * 512;
  };

  const onTar = (chunk: Buffer) => {
    tarHash.update(chunk);
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let off = 0;
    while (!ended) {
      if (skip > 0) {
        const take = Math.min(skip, pending.length - off);
        if (collect && collect.need > 0) {
          const part = pending.subarray(off, off + Math.min(take, collect.need));
          collect.chunks.push(Buffer.from(part));
          collect.need -= part.length;
        }
        off += take;
        skip -= take;
        if (skip > 0) break;
        if (collect) {
          const data = Buffer.concat(collect.chunks);
          if (collect.kind === "pax") pax = parsePax(data);
          else if (collect.kind === "longname") longName = str(data, 0, data.length);
          else longLink = str(data, 0, data.length);
          collect = undefined;
        }
        continue;
      }
      if (pending.length - off < 512) break;
      onHeader(pending.subarray(off, off + 512));
      off += 512;
    }
    pending = ended ? Buffer.alloc(0) : Buffer.from(pending.subarray(off));
  };

  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  await new Promise<void>((resolve, reject) => {
    const source = fs.createReadStream(file);
    source.on("data", (d) => blobHash.update(d));
    const tar = gzipped ? source.pipe(zlib.createGunzip()) : source;
    const fail = (e: unknown) => {
      source.destroy();
      reject(
        e instanceof ImageError
          ? e
          : refuse(
              `a layer is not a readable tar archive (${e instanceof Error ? e.message : String(e)})`,
            ),
      );
    };
    source.on("error", fail);
    tar.on("error", fail);
    tar.on("data", (d: Buffer) => {
      try {
        onTar(d);
      } catch (e) {
        fail(e);
      }
    });
    tar.on("end", () => resolve());
  });
  const blobDigest = `sha256:${blobHash.digest("hex")}`;
  if (blobDigest !== options.digest)
    throw refuse(`the layer ${options.digest} is corrupt (its content hashes to ${blobDigest})`);
  return { diffId: `sha256:${tarHash.digest("hex")}`, unpackedBytes, entries };
}
