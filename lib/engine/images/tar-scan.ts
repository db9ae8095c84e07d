/**
 * A streaming tar header reader that follows Go's archive/tar Reader (Go 1.19, the one umoci is
 * built with) rule for rule: which blocks are headers, which are data, and what name, link and
 * size each entry ends up with. The layer checker must see exactly the entries umoci will unpack;
 * any disagreement about where one entry's data ends lets a layer hide entries from the checker.
 *
 * Names are decoded as latin1 so every byte maps to one character, as Go's strings keep raw bytes.
 */

/** One entry as Go's `Reader.Next` hands it to umoci. */
export interface ScannedEntry {
  /** Typeflag after Go's normalisation: a legacy "\0" becomes "0", or "5" when the name ends in "/". */
  type: string;
  name: string;
  linkname: string;
  /** The entry's size after PAX records (Go's Header.Size). */
  size: number;
  /** The size field of the header block itself. */
  rawSize: number;
}

/** The archive is not one Go's reader would read to the end (Go returns an error for it). */
class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarFormatError";
  }
}

/** Types whose size Go ignores: the header is the whole entry (isHeaderOnlyType). */
export const HEADER_ONLY_TYPES: ReadonlySet<string> = new Set(["1", "2", "3", "4", "5", "6"]);

/** Go's maxSpecialFileSize: PAX and GNU long-name records above 1 MiB are refused. */
const MAX_SPECIAL_FILE = 1 << 20;
const BLOCK = 512;

const bad = (why: string) => new TarFormatError(why);

/** Go's parser.parseOctal: trims spaces and NULs on both sides, then strict base-8 to uint64. */
function parseOctal(b: Buffer): bigint {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === 0x20 || b[s] === 0)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0)) e--;
  if (s === e) return 0n;
  let digits = b.subarray(s, e);
  const nul = digits.indexOf(0);
  if (nul >= 0) digits = digits.subarray(0, nul);
  if (!digits.every((c) => c >= 0x30 && c <= 0x37)) throw bad("a header has a malformed number");
  const x = BigInt(`0o${digits.toString("latin1")}`);
  if (x >= 1n << 64n) throw bad("a header number overflows");
  return BigInt.asIntN(64, x);
}

/** Go's parser.parseNumeric: base-256 two's complement when the top bit is set, else octal. */
function parseNumeric(b: Buffer): bigint {
  const first = b[0] ?? 0;
  if (!(first & 0x80)) return parseOctal(b);
  const inv = first & 0x40 ? 0xff : 0;
  let x = 0n;
  for (let i = 0; i < b.length; i++) {
    let c = (b[i] ?? 0) ^ inv;
    if (i === 0) c &= 0x7f;
    if (x >> 56n > 0n) throw bad("a header number overflows");
    x = (x << 8n) | BigInt(c);
  }
  if (x >> 63n > 0n) throw bad("a header number overflows");
  return inv ? -x - 1n : x;
}

/** Go's strconv.ParseInt(s, 10, 64), used for PAX sizes. */
function parseDecimal(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw bad(`a PAX record has a malformed number "${s}"`);
  const x = BigInt(s);
  if (x >= 1n << 63n || x < -(1n << 63n)) throw bad("a PAX number overflows");
  return x;
}

/** Go's parser.parseString: up to the first NUL. */
function parseString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.toString("latin1", 0, nul >= 0 ? nul : b.length);
}

type Format = "v7" | "ustar" | "star" | "gnu";

/** Go's block.getFormat: the checksum must match (unsigned or signed sum), then the magic decides. */
function formatOf(h: Buffer): Format {
  let want: bigint;
  try {
    want = parseOctal(h.subarray(148, 156));
  } catch {
    throw bad("a header has a malformed checksum");
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
    unsigned += c;
    signed += c >= 0x80 ? c - 256 : c;
  }
  if (want !== BigInt(unsigned) && want !== BigInt(signed))
    throw bad("a header's checksum does not match");
  const magic = h.toString("latin1", 257, 263);
  if (magic === "ustar\0") return h.toString("latin1", 508, 512) === "tar\0" ? "star" : "ustar";
  if (magic === "ustar " && h.toString("latin1", 263, 265) === " \0") return "gnu";
  return "v7";
}

interface RawHeader {
  type: string;
  name: string;
  linkname: string;
  size: bigint;
}

/** Go's Reader.readHeader for a non-zero block. */
function readHeader(h: Buffer): RawHeader {
  const format = formatOf(h);
  const type = String.fromCharCode(h[156] ?? 0);
  let name = parseString(h.subarray(0, 100));
  const linkname = parseString(h.subarray(157, 257));
  const size = parseNumeric(h.subarray(124, 136));
  for (const [at, len] of [
    [100, 8], // mode
    [108, 8], // uid
    [116, 8], // gid
    [136, 12], // mtime
  ] as const)
    parseNumeric(h.subarray(at, at + len));
  if (format !== "v7") {
    parseNumeric(h.subarray(329, 337)); // devmajor
    parseNumeric(h.subarray(337, 345)); // devminor
    let prefix = "";
    if (format === "ustar") prefix = parseString(h.subarray(345, 500));
    else if (format === "star") {
      prefix = parseString(h.subarray(345, 476));
      parseNumeric(h.subarray(476, 488)); // atime
      parseNumeric(h.subarray(488, 500)); // ctime
    } else {
      // GNU has atime/ctime where ustar has its prefix; Go falls back to reading a prefix there
      // when they do not parse (files from pre-1.8 Go writers).
      let timesParse = true;
      for (const at of [345, 357]) {
        const field = h.subarray(at, at + 12);
        if (field[0] === 0) continue;
        try {
          parseNumeric(field);
        } catch {
          timesParse = false;
        }
      }
      if (!timesParse) {
        const s = parseString(h.subarray(345, 500));
        if ([...s].every((c) => c.charCodeAt(0) < 0x80)) prefix = s;
      }
    }
    if (prefix) name = `${prefix}/${name}`;
  }
  return { type, name, linkname, size };
}

/** Go's parsePAX / parsePAXRecord / validPAXRecord: any malformed record fails the archive. */
function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let s = data.toString("latin1");
  const offsets: string[] = [];
  while (s.length > 0) {
    const sp = s.indexOf(" ");
    if (sp < 0) throw bad("a PAX record is malformed");
    const nStr = s.slice(0, sp);
    if (!/^[+-]?[0-9]+$/.test(nStr)) throw bad("a PAX record has a malformed length");
    const n = Number(nStr);
    if (n < 5 || n > s.length || n - (sp + 1) <= 0) throw bad("a PAX record has a bad length");
    if (s[n - 1] !== "\n") throw bad("a PAX record does not end in a newline");
    const rec = s.slice(sp + 1, n - 1);
    s = s.slice(n);
    const eq = rec.indexOf("=");
    if (eq < 0) throw bad("a PAX record has no '='");
    const k = rec.slice(0, eq);
    const v = rec.slice(eq + 1);
    if (k === "" || k.includes("\0")) throw bad("a PAX record has a bad key");
    if (["path", "linkpath", "uname", "gname"].includes(k) && v.includes("\0"))
      throw bad(`the PAX record ${k} holds a NUL byte`);
    // GNU sparse 0.0 spreads its map over repeated records; Go folds them into GNU.sparse.map.
    if (k === "GNU.sparse.offset" || k === "GNU.sparse.numbytes") offsets.push(v);
    else out.set(k, v);
  }
  if (offsets.length > 0) out.set("GNU.sparse.map", offsets.join(","));
  return out;
}

/** Go's Int64 size as a JS number; larger than any layer we would accept anyway. */
function toSize(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER))
    throw bad("an entry's size is out of range");
  return Number(n);
}

type Meta = { kind: "x" | "g" | "L" | "K"; header: RawHeader; chunks: Buffer[] };

/**
 * Feed the uncompressed tar stream with write(); `onEntry` is called for every entry Go's
 * Reader.Next would return, in order (including PAX global headers, which Go returns as entries).
 * Throws TarFormatError where Go returns an error.
 */
export class GoTarScanner {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of data (then padding) still to pass over before the next header. */
  private skip = 0;
  private dataLeft = 0;
  private meta: Meta | undefined;
  private pax: Map<string, string> | undefined;
  private gnuLongName = "";
  private gnuLongLink = "";
  private sawZeroBlock = false;
  /** The end-of-archive marker was read: Go stops here and so do we. */
  ended = false;

  constructor(private readonly onEntry: (entry: ScannedEntry) => void) {}

  write(chunk: Buffer): void {
    if (this.ended) return;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    while (!this.ended) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, buf.length - off);
        if (take === 0) break;
        const data = Math.min(take, this.dataLeft);
        if (this.meta && data > 0)
          this.meta.chunks.push(Buffer.from(buf.subarray(off, off + data)));
        this.dataLeft -= data;
        off += take;
        this.skip -= take;
        if (this.skip > 0) break;
        if (this.meta) this.finishMeta(this.meta);
        continue;
      }
      if (buf.length - off < BLOCK) break;
      this.onBlock(buf.subarray(off, off + BLOCK));
      off += BLOCK;
    }
    buf = this.ended ? Buffer.alloc(0) : buf.subarray(off);
    this.pending = Buffer.from(buf);
  }

  /** At the end of the stream: Go fails on a header or data cut short (padding may be missing). */
  end(): void {
    if (this.ended) return;
    if (this.pending.length > 0) throw bad("the archive ends in the middle of a header");
    if (this.dataLeft > 0) throw bad("the archive ends in the middle of an entry's data");
  }

  private skipData(size: number): void {
    this.dataLeft = size;
    this.skip = Math.ceil(size / BLOCK) * BLOCK;
    // A record with no data is complete at once.
    if (this.skip === 0 && this.meta) this.finishMeta(this.meta);
  }

  private onBlock(h: Buffer): void {
    const zero = h.every((b) => b === 0);
    if (this.sawZeroBlock) {
      if (!zero) throw bad("a zero block is followed by more entries");
      this.ended = true;
      return;
    }
    if (zero) {
      this.sawZeroBlock = true;
      return;
    }
    const hdr = readHeader(h);
    if (!HEADER_ONLY_TYPES.has(hdr.type) && hdr.size < 0n)
      throw bad("an entry has a negative size");
    if (hdr.type === "x" || hdr.type === "g" || hdr.type === "L" || hdr.type === "K") {
      const size = toSize(hdr.size);
      if (size > MAX_SPECIAL_FILE) throw bad("a PAX or GNU long-name record is over 1 MiB");
      this.meta = { kind: hdr.type, header: hdr, chunks: [] };
      this.skipData(size);
      return;
    }
    this.emit(hdr);
  }

  private finishMeta(m: Meta): void {
    this.meta = undefined;
    const data = Buffer.concat(m.chunks);
    if (m.kind === "L") this.gnuLongName = parseString(data);
    else if (m.kind === "K") this.gnuLongLink = parseString(data);
    else {
      this.pax = parsePax(data);
      if (m.kind === "g") {
        // Go returns a global header as an entry of its own (its name merged with its own path
        // record) and starts the next entry with no pending PAX or GNU records.
        const path = this.pax.get("path");
        this.reset();
        this.onEntry({
          type: "g",
          name: path || m.header.name,
          linkname: "",
          size: 0,
          rawSize: toSize(m.header.size),
        });
      }
    }
  }

  private reset(): void {
    this.pax = undefined;
    this.gnuLongName = this.gnuLongLink = "";
  }

  /** Go's mergePAX, the GNU long-name override and the legacy-directory rule, then the entry. */
  private emit(hdr: RawHeader): void {
    const pax = this.pax ?? new Map<string, string>();
    let { name, linkname, size, type } = hdr;
    // Empty PAX values keep the header's own field (mergePAX skips them).
    if (pax.get("path")) name = pax.get("path") ?? name;
    if (pax.get("linkpath")) linkname = pax.get("linkpath") ?? linkname;
    const paxSize = pax.get("size");
    if (paxSize) size = parseDecimal(paxSize);
    for (const k of ["uid", "gid"]) {
      const v = pax.get(k);
      if (v) parseDecimal(v);
    }
    if (this.gnuLongName) name = this.gnuLongName;
    if (this.gnuLongLink) linkname = this.gnuLongLink;
    if (type === "\0") type = name.endsWith("/") ? "5" : "0";
    if (!HEADER_ONLY_TYPES.has(type) && size < 0n) throw bad("an entry has a negative size");
    // Sparse files change the entry's name and size and (old GNU format) read extra header
    // blocks; no image tool writes them, so they are refused rather than modelled.
    if (type === "S" || [...pax.keys()].some((k) => k.startsWith("GNU.sparse.")))
      throw bad(`"${name}" is a GNU sparse file, which is not supported`);
    this.reset();
    const entry: ScannedEntry = {
      type,
      name,
      linkname,
      size: toSize(size),
      rawSize: toSize(hdr.size),
    };
    this.onEntry(entry);
    this.skipData(HEADER_ONLY_TYPES.has(type) ? 0 : entry.size);
  }
}
