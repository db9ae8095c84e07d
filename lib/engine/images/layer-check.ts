import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { ImageError } from "./errors";
import { GoTarScanner, HEADER_ONLY_TYPES, type ScannedEntry } from "./tar-scan";

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

/**
 * True when no component of the path is `..`. Stricter than "resolves inside the root": no image
 * tool writes `..` into a layer, so one that does is hostile or broken either way.
 */
function staysInside(name: string): boolean {
  return !name.split("/").includes("..");
}

/** Names are latin1 inside the scanner (byte for byte, as Go keeps them); messages show UTF-8. */
const shown = (name: string) => Buffer.from(name, "latin1").toString("utf8");

const KIND: Record<string, string> = {
  "1": "hard link",
  "2": "symbolic link",
  "3": "character device",
  "4": "block device",
  "5": "directory",
  "6": "FIFO",
};

/**
 * Reads one layer blob (gzip or plain tar) as a stream, entry by entry exactly as umoci's Go tar
 * reader will, and refuses it when an entry escapes the root (`..`, or a hard link pointing out),
 * is a device node, is a header-only entry (directory, link, device, FIFO) that claims data, is of
 * a type umoci cannot unpack, or the unpacked size goes over the budget; also checks the blob's
 * digest so a corrupt layer is caught before unpacking.
 */
export async function checkLayer(file: string, options: LayerCheckOptions): Promise<LayerSummary> {
  const refuse = (why: string) =>
    new ImageError("InvalidImage", `The image ${options.imageUri} cannot be used: ${why}.`);
  const blobHash = crypto.createHash("sha256");
  const tarHash = crypto.createHash("sha256");
  let unpackedBytes = 0;
  let entries = 0;

  const onEntry = (e: ScannedEntry) => {
    const name = shown(e.name);
    entries += 1;
    if (!staysInside(e.name))
      throw refuse(`a layer holds the path "${name}", which escapes the image root`);
    if (e.type === "1" && !staysInside(e.linkname))
      throw refuse(`a layer holds a hard link to "${shown(e.linkname)}", outside the image root`);
    if (e.type === "3" || e.type === "4")
      throw refuse(`a layer holds the device file "${name}"; device files are not allowed`);
    if (HEADER_ONLY_TYPES.has(e.type)) {
      // Go reads no data for these whatever the size says; a tool that reads `size` bytes would
      // see different entries than umoci unpacks, so such a header is refused outright.
      const claimed = e.rawSize || e.size;
      if (claimed !== 0)
        throw refuse(
          `a layer holds the ${KIND[e.type] ?? "entry"} "${name}" with a size of ${claimed} bytes; entries of that type carry no data`,
        );
      return;
    }
    if (e.type === "g")
      throw refuse(`a layer holds a PAX global header ("${name}"), which images cannot contain`);
    if (e.type !== "0" && e.type !== "7")
      throw refuse(
        `a layer holds "${name}" of tar entry type ${JSON.stringify(e.type)}, which cannot be unpacked`,
      );
    unpackedBytes += e.size;
    if (unpackedBytes > options.budgetBytes)
      throw refuse("its unpacked size is over the 10 GB limit");
  };
  const scanner = new GoTarScanner(onEntry);

  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  await new Promise<void>((resolve, reject) => {
    const source = fs.createReadStream(file);
    source.on("data", (d) => blobHash.update(d));
    const tar = gzipped ? source.pipe(zlib.createGunzip()) : source;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
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
      if (failed) return;
      tarHash.update(d);
      try {
        scanner.write(d);
      } catch (e) {
        fail(e);
      }
    });
    tar.on("end", () => {
      try {
        scanner.end();
        resolve();
      } catch (e) {
        fail(e);
      }
    });
  });
  const blobDigest = `sha256:${blobHash.digest("hex")}`;
  if (blobDigest !== options.digest)
    throw refuse(`the layer ${options.digest} is corrupt (its content hashes to ${blobDigest})`);
  return { diffId: `sha256:${tarHash.digest("hex")}`, unpackedBytes, entries };
}
