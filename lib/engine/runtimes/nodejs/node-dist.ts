import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";

/**
 * Node.js binaries for the nodejsNN.x runtimes, from the npm registry's `node-linux-<arch>`
 * packages (the official builds, published by the Node.js project): fetched once per major,
 * verified against the registry's sha512 integrity, and kept in `<root>/<major>/bin/node` with
 * `dist.json` (version, integrity), like an image layer. The major is pinned to the version
 * first fetched. scripts/with-node.ts uses the same code for CI's Node.js 24 run.
 */
const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org";

export interface NodeDist {
  major: number;
  version: string;
  /** Host path of the binary. */
  node: string;
  integrity: string;
}

export interface FetchOptions {
  registry?: string;
  /** Also keep include/node (headers for building native addons against it: CI's Node.js run). */
  withHeaders?: boolean;
  /** Called with whole percents (and 100 at the end) while the tarball downloads. */
  onProgress?: (p: { version: string; percent: number; bytes: number; total?: number }) => void;
}

const PACKAGE = `node-linux-${process.arch === "arm64" ? "arm64" : "x64"}`;

/** The installed distribution of a major, when it is there (synchronous: launch's hot path). */
export function installedNode(root: string, major: number): NodeDist | undefined {
  const dir = path.join(root, String(major));
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "dist.json"), "utf8")) as {
      version: string;
      integrity: string;
    };
    const node = path.join(dir, "bin", "node");
    return fs.existsSync(node)
      ? { major, version: meta.version, node, integrity: meta.integrity }
      : undefined;
  } catch {
    return undefined;
  }
}

interface Release {
  version: string;
  tarball: string;
  integrity: string;
}

/** The newest stable release of a major in the registry's (abbreviated) package document. */
async function latestRelease(registry: string, major: number): Promise<Release> {
  const url = `${registry.replace(/\/+$/, "")}/${PACKAGE}`;
  const res = await fetch(url, { headers: { accept: "application/vnd.npm.install-v1+json" } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const doc = (await res.json()) as {
    versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }>;
  };
  const candidates = Object.entries(doc.versions ?? {})
    .map(([v, meta]) => ({ v, parts: /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number), meta }))
    .filter((c) => c.parts?.[0] === major && c.meta.dist?.tarball && c.meta.dist.integrity)
    .sort(
      (a, b) =>
        (b.parts?.[1] ?? 0) - (a.parts?.[1] ?? 0) || (b.parts?.[2] ?? 0) - (a.parts?.[2] ?? 0),
    );
  const best = candidates[0];
  if (!best) throw new Error(`the npm registry has no ${PACKAGE} release of Node.js ${major}`);
  return {
    version: best.v,
    tarball: best.meta.dist?.tarball ?? "",
    integrity: best.meta.dist?.integrity ?? "",
  };
}

/** Downloads, checks the integrity, extracts package/bin/node into dir/bin/node. */
async function download(release: Release, dir: string, opts: FetchOptions): Promise<void> {
  const m = /^sha512-(.+)$/.exec(release.integrity);
  if (!m?.[1]) throw new Error(`unsupported integrity ${release.integrity}`);
  const res = await fetch(release.tarball);
  if (!res.ok || !res.body) throw new Error(`${release.tarball} answered HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length")) || undefined;
  const hash = crypto.createHash("sha512");
  let bytes = 0;
  let lastPercent = -1;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      const percent = total ? Math.floor((bytes * 100) / total / 10) * 10 : -1;
      if (percent > lastPercent && percent < 100) {
        lastPercent = percent;
        opts.onProgress?.({ version: release.version, percent, bytes, total });
      }
      cb(null, chunk);
    },
  });
  const extract = tar.extract();
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true, mode: 0o755 });
  let found = false;
  const arch = process.arch === "arm64" ? "linux-aarch64" : "linux-x86_64";
  const wanted = (name: string): string | undefined => {
    if (name === "package/bin/node") return path.join(bin, "node");
    if (!opts.withHeaders || !name.startsWith("package/include/")) return undefined;
    // OpenSSL's configuration for every platform: only this one's.
    const m = /\/openssl\/archs\/([^/]+)\//.exec(name);
    if (m && m[1] !== arch) return undefined;
    const rel = name.slice("package/".length);
    return rel.includes("..") ? undefined : path.join(dir, rel);
  };
  extract.on("entry", (header, stream, next) => {
    const dest = header.type === "file" ? wanted(header.name) : undefined;
    if (dest) {
      if (header.name === "package/bin/node") found = true;
      fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 });
      const out = fs.createWriteStream(dest, {
        mode: header.name === "package/bin/node" ? 0o755 : 0o644,
      });
      stream.pipe(out);
      // "close", not "finish": the file must be closed before it is run (ETXTBSY).
      out.on("close", () => next());
      out.on("error", next);
    } else {
      stream.on("end", () => next());
      stream.resume();
    }
  });
  await pipeline(
    Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
    meter,
    zlib.createGunzip(),
    extract,
  );
  const got = hash.digest("base64");
  if (got !== m[1])
    throw new Error(
      `integrity check failed for ${release.tarball}: the registry says sha512-${m[1]}, the download is sha512-${got}`,
    );
  if (!found) throw new Error(`${release.tarball} holds no package/bin/node`);
  opts.onProgress?.({ version: release.version, percent: 100, bytes, total });
}

const inflight = new Map<string, Promise<NodeDist>>();

/** The distribution of a major: the installed one, else fetched (once, however many callers). */
export function ensureNode(
  root: string,
  major: number,
  opts: FetchOptions = {},
): Promise<NodeDist> {
  const have = installedNode(root, major);
  if (have) return Promise.resolve(have);
  const key = `${root}\0${major}`;
  let p = inflight.get(key);
  if (!p) {
    p = fetchNode(root, major, opts).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

async function fetchNode(root: string, major: number, opts: FetchOptions): Promise<NodeDist> {
  const release = await latestRelease(opts.registry ?? DEFAULT_NPM_REGISTRY, major);
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  const tmp = fs.mkdtempSync(path.join(root, `.tmp-${major}-`));
  try {
    await download(release, tmp, opts);
    // The binary runs here and says what it is before it is kept.
    const said = execFileSync(path.join(tmp, "bin", "node"), ["--version"], {
      encoding: "utf8",
    }).trim();
    if (said !== `v${release.version}`)
      throw new Error(`the downloaded node says ${said}, expected v${release.version}`);
    fs.writeFileSync(
      path.join(tmp, "dist.json"),
      JSON.stringify({ package: PACKAGE, version: release.version, integrity: release.integrity }) +
        "\n",
    );
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, path.join(root, String(major)));
    } catch {
      // another engine kept the same major meanwhile
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const kept = installedNode(root, major);
  if (!kept) throw new Error(`Node.js ${major} was fetched but is not in ${root}`);
  return kept;
}
