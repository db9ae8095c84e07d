/**
 * A minimal ustar writer for test images. Written by hand (not the system tar) because the
 * tests need entries real tools refuse to create, such as `../escape`, device nodes, or headers
 * that lie about their size.
 */
export type TarEntry =
  | { name: string; type: "file"; data: Buffer | string; mode?: number }
  | { name: string; type: "dir"; mode?: number }
  | { name: string; type: "symlink"; target: string }
  | { name: string; type: "hardlink"; target: string }
  | { name: string; type: "chardev"; major: number; minor: number };

const TYPEFLAG = { file: "0", hardlink: "1", symlink: "2", chardev: "3", dir: "5" } as const;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** Fields of one 512-byte header block; `sizeField` writes the raw 12-byte size field as given. */
export interface HeaderFields {
  name: string;
  /** The typeflag character ("0", "5", "x", "L", "\0", ...). */
  type: string;
  size?: number;
  sizeField?: Buffer;
  mode?: number;
  link?: string;
  major?: number;
  minor?: number;
  /** ustar prefix field (bytes 345-500). */
  prefix?: string;
}

/** One header block with a valid checksum (ustar magic). */
export function tarHeader(f: HeaderFields): Buffer {
  const h = Buffer.alloc(512);
  h.write(f.name, 0, 100, "utf8");
  h.write(octal(f.mode ?? 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  if (f.sizeField) f.sizeField.copy(h, 124, 0, 12);
  else h.write(octal(f.size ?? 0, 12), 124, "ascii");
  h.write(octal(1_700_000_000, 12), 136, "ascii"); // fixed mtime: reproducible digests
  h.write("        ", 148, "ascii"); // checksum placeholder
  h.write(f.type, 156, "latin1");
  h.write(f.link ?? "", 157, 100, "utf8");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(octal(f.major ?? 0, 8), 329, "ascii");
  h.write(octal(f.minor ?? 0, 8), 337, "ascii");
  if (f.prefix) h.write(f.prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148, "ascii");
  return h;
}

/** Zero bytes up to the next 512-byte boundary. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** A PAX extended ("x") or global ("g") header with its records. */
export function paxHeader(records: Record<string, string>, type: "x" | "g" = "x"): Buffer {
  let body = "";
  for (const [k, v] of Object.entries(records)) {
    const rest = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len += 1;
    body += `${len}${rest}`;
  }
  const data = Buffer.from(body, "utf8");
  return Buffer.concat([
    tarHeader({ name: "PaxHeader", type, size: data.length }),
    data,
    tarPadding(data.length),
  ]);
}

/** A GNU long name ("L") or long link ("K") record. */
export function gnuLongHeader(type: "L" | "K", value: string): Buffer {
  const data = Buffer.from(`${value}\0`, "utf8");
  return Buffer.concat([
    tarHeader({ name: "././@LongLink", type, size: data.length }),
    data,
    tarPadding(data.length),
  ]);
}

/** Serialises entries into an uncompressed tar archive (with the two closing zero blocks). */
export function writeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = e.type === "dir" && !e.name.endsWith("/") ? `${e.name}/` : e.name;
    const link = e.type === "symlink" || e.type === "hardlink" ? e.target : "";
    const pax: Record<string, string> = {};
    if (Buffer.byteLength(name) > 99) pax.path = name;
    if (Buffer.byteLength(link) > 99) pax.linkpath = link;
    if (Object.keys(pax).length) parts.push(paxHeader(pax));
    const short = name.slice(0, 99);
    if (e.type === "file") {
      const data = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : e.data;
      parts.push(
        tarHeader({ name: short, type: TYPEFLAG.file, size: data.length, mode: e.mode ?? 0o644 }),
        data,
        tarPadding(data.length),
      );
    } else if (e.type === "dir") {
      parts.push(tarHeader({ name: short, type: TYPEFLAG.dir, mode: e.mode ?? 0o755 }));
    } else if (e.type === "chardev") {
      parts.push(
        tarHeader({
          name: short,
          type: TYPEFLAG.chardev,
          mode: 0o666,
          major: e.major,
          minor: e.minor,
        }),
      );
    } else {
      parts.push(
        tarHeader({ name: short, type: TYPEFLAG[e.type], mode: 0o777, link: link.slice(0, 99) }),
      );
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
