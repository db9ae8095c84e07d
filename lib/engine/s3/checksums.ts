import crypto from "node:crypto";
import zlib from "node:zlib";

/** The flexible checksums S3 takes (x-amz-checksum-<name>), by header suffix. */
export const CHECKSUM_ALGORITHMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

let crc32cTable: Uint32Array | undefined;
function crc32c(data: Buffer): number {
  if (!crc32cTable) {
    crc32cTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crc32cTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of data) crc = (crc32cTable[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

let crc64Table: BigUint64Array | undefined;
function crc64nvme(data: Buffer): Buffer {
  if (!crc64Table) {
    crc64Table = new BigUint64Array(256);
    const poly = 0x9a6c9329ac4bc9b5n;
    for (let i = 0n; i < 256n; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n;
      crc64Table[Number(i)] = c;
    }
  }
  const mask = 0xffffffffffffffffn;
  let crc = mask;
  for (const b of data) crc = (crc64Table[Number((crc ^ BigInt(b)) & 0xffn)] ?? 0n) ^ (crc >> 8n);
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE((crc ^ mask) & mask);
  return out;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** The base64 checksum S3 reports for `data` (x-amz-checksum-<algorithm>). */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  switch (algorithm) {
    case "crc32":
      return u32(zlib.crc32(data)).toString("base64");
    case "crc32c":
      return u32(crc32c(data)).toString("base64");
    case "crc64nvme":
      return crc64nvme(data).toString("base64");
    case "sha1":
      return crypto.createHash("sha1").update(data).digest("base64");
    case "sha256":
      return crypto.createHash("sha256").update(data).digest("base64");
  }
}

/** S3's spelling of the algorithm in messages and ChecksumAlgorithm fields: "CRC32", "SHA256". */
export const algorithmName = (a: ChecksumAlgorithm) => a.toUpperCase();

export function isChecksumAlgorithm(s: string): s is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(s);
}
