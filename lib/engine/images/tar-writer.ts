/**
 * A minimal ustar writer for test images. Written by hand (not the system tar) because the
 * tests need entries real tools refuse to create, such as `../escape` or device nodes.
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

function header(
  name: string,
  type: string,
  size: number,
  mode: number,
  link = "",
  major = 0,
  minor = 0,
): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write(octal(mode, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(1_700_000_000, 12), 136, "ascii"); // fixed mtime: reproducible digests
  h.write("        ", 148, "ascii"); // checksum placeholder
  h.write(type, 156, "ascii");
  h.write(link, 157, 100, "utf8");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(octal(major, 8), 329, "ascii");
  h.write(octal(minor, 8), 337, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148, "ascii");
  return h;
}

function pad(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** A PAX extended header carrying a path or link too long for the 100-byte fields. */
function paxHeader(records: Record<string, string>): Buffer[] {
  let body = "";
  for (const [k, v] of Object.entries(records)) {
    const rest = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len += 1;
    body += `${len}${rest}`;
  }
  const data = Buffer.from(body, "utf8");
  return [header("PaxHeader", "x", data.length, 0o644), data, pad(data.length)];
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
    if (Object.keys(pax).length) parts.push(...paxHeader(pax));
    const short = name.slice(0, 99);
    if (e.type === "file") {
      const data = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : e.data;
      parts.push(
        header(short, TYPEFLAG.file, data.length, e.mode ?? 0o644),
        data,
        pad(data.length),
      );
    } else if (e.type === "dir") {
      parts.push(header(short, TYPEFLAG.dir, 0, e.mode ?? 0o755));
    } else if (e.type === "chardev") {
      parts.push(header(short, TYPEFLAG.chardev, 0, 0o666, "", e.major, e.minor));
    } else {
      parts.push(header(short, TYPEFLAG[e.type], 0, 0o777, link.slice(0, 99)));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
