/**
 * Test helper: builds real OCI images from scratch (hand-written tar layers, node:crypto digests)
 * and pushes them with skopeo. Used only by tests; nothing binary is committed.
 */
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { runConfined } from "../../../lib/engine/images/exec";
import { writeTar, type TarEntry } from "./tar-writer";

export interface TestImageSpec {
  /** One array of entries per layer, bottom first. */
  layers: TarEntry[][];
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  architecture?: string;
}

function writeBlob(layout: string, data: Buffer): { digest: string; size: number } {
  const hex = crypto.createHash("sha256").update(data).digest("hex");
  fs.writeFileSync(path.join(layout, "blobs", "sha256", hex), data);
  return { digest: `sha256:${hex}`, size: data.length };
}

/** Adds the parent directories of every entry, so the tar lists them before their content. */
export function withParents(entries: TarEntry[]): TarEntry[] {
  const seen = new Set<string>();
  const out: TarEntry[] = [];
  for (const e of entries) {
    const parts = e.name.replace(/\/$/, "").split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!seen.has(dir) && !dir.includes("..")) {
        seen.add(dir);
        out.push({ name: dir, type: "dir" });
      }
    }
    if (e.type === "dir") seen.add(e.name.replace(/\/$/, ""));
    out.push(e);
  }
  return out;
}

/** Writes an OCI image layout at `layoutDir` with the image under `tag`; returns the manifest digest. */
export function buildOciImage(layoutDir: string, tag: string, spec: TestImageSpec): string {
  fs.mkdirSync(path.join(layoutDir, "blobs", "sha256"), { recursive: true });
  fs.writeFileSync(
    path.join(layoutDir, "oci-layout"),
    JSON.stringify({ imageLayoutVersion: "1.0.0" }),
  );
  const diffIds: string[] = [];
  const layers = spec.layers.map((entries) => {
    const tar = writeTar(entries);
    diffIds.push(`sha256:${crypto.createHash("sha256").update(tar).digest("hex")}`);
    // Level 1: the node layer is ~100 MB and the tests should not wait on compression.
    const blob = writeBlob(layoutDir, zlib.gzipSync(tar, { level: 1 }));
    return { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...blob };
  });
  const config = {
    architecture: spec.architecture ?? "amd64",
    os: "linux",
    config: {
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Env: spec.env ?? ["PATH=/usr/local/bin:/usr/bin:/bin"],
      WorkingDir: spec.workingDir ?? "/",
    },
    rootfs: { type: "layers", diff_ids: diffIds },
  };
  const configBlob = writeBlob(layoutDir, Buffer.from(JSON.stringify(config)));
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", ...configBlob },
    layers,
  };
  const manifestBlob = writeBlob(layoutDir, Buffer.from(JSON.stringify(manifest)));
  const indexFile = path.join(layoutDir, "index.json");
  const index = fs.existsSync(indexFile)
    ? (JSON.parse(fs.readFileSync(indexFile, "utf8")) as {
        manifests: { annotations?: Record<string, string> }[];
      })
    : { schemaVersion: 2, manifests: [] };
  index.manifests = index.manifests.filter(
    (m) => m.annotations?.["org.opencontainers.image.ref.name"] !== tag,
  );
  index.manifests.push({
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    ...manifestBlob,
    annotations: { "org.opencontainers.image.ref.name": tag },
  } as { annotations: Record<string, string> });
  fs.writeFileSync(indexFile, JSON.stringify({ schemaVersion: 2, ...index }));
  return manifestBlob.digest;
}

/**
 * Pushes `oci:<layout>:<tag>` to `docker://<dest>` (plain HTTP), with the credentials in
 * `authFile` (the local registry's `authFile`) when given; returns the pushed digest.
 */
export async function pushOciImage(
  layoutDir: string,
  tag: string,
  dest: string,
  authFile?: string,
): Promise<string> {
  const digestFile = path.join(layoutDir, `pushed-${crypto.randomBytes(4).toString("hex")}`);
  const res = await runConfined(
    "skopeo",
    [
      "--insecure-policy",
      "copy",
      "--quiet",
      "--dest-tls-verify=false",
      ...(authFile ? ["--dest-authfile", authFile] : []),
      "--digestfile",
      digestFile,
      `oci:${layoutDir}:${tag}`,
      `docker://${dest}`,
    ],
    [layoutDir],
    authFile ? { readable: [authFile] } : {},
  );
  if (res.code !== 0) throw new Error(`skopeo copy to ${dest} failed: ${res.stderr}`);
  const digest = fs.readFileSync(digestFile, "utf8").trim();
  fs.rmSync(digestFile);
  return digest;
}

const BOOTSTRAP = `#!/bin/sh
# A custom runtime in shell: long-polls the Runtime API with busybox wget.
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HANDLER="\${1:-\${_HANDLER:-}}"
MESSAGE="$(cat /etc/lambda-message)"
echo "bootstrap up: handler=$HANDLER"
while true; do
  HEADERS=/tmp/next-headers
  BODY=$(wget -q -S -O - "$API/invocation/next" 2>"$HEADERS") || { sleep 1; continue; }
  REQUEST_ID=$(grep -i '^ *lambda-runtime-aws-request-id:' "$HEADERS" | cut -d: -f2 | tr -d ' \\r')
  echo "handling $REQUEST_ID"
  case "$BODY" in
    *'"sleep"'*) sleep 2 ;;
    *'"allocate"'*) HOG=$(head -c 300000000 /dev/zero | tr '\\0' a); echo "allocated \${#HOG}" ;;
  esac
  case "$BODY" in
    *'"fail"'*)
      wget -q -O /dev/null --header "Lambda-Runtime-Function-Error-Type: Unhandled" \\
        --post-data '{"errorMessage":"asked to fail","errorType":"TestError"}' "$API/invocation/$REQUEST_ID/error" ;;
    *)
      wget -q -O /dev/null --post-data "{\\"message\\":\\"$MESSAGE\\",\\"handler\\":\\"$HANDLER\\",\\"cwd\\":\\"$(pwd)\\",\\"event\\":$BODY}" \\
        "$API/invocation/$REQUEST_ID/response" ;;
  esac
done
`;

const BUSYBOX_APPLETS = [
  "sh",
  "wget",
  "grep",
  "cut",
  "tr",
  "cat",
  "sleep",
  "pwd",
  "echo",
  "ls",
  "env",
  "id",
  "touch",
  "rm",
  "head",
];

/**
 * One layer: statically linked busybox, links for the given applets, a shell `bootstrap` at
 * /var/runtime (the entrypoint, handler "function.handler"), more files, a /tmp and /var/task.
 */
export function busyboxImage(
  bootstrap: string,
  opts: { applets: string[]; files?: TarEntry[]; env?: string[] },
): TestImageSpec {
  const busybox = fs.readFileSync(fs.realpathSync("/bin/busybox"));
  const entries: TarEntry[] = [
    { name: "bin/busybox", type: "file", data: busybox, mode: 0o755 },
    ...opts.applets.map((a): TarEntry => ({
      name: `bin/${a}`,
      type: "symlink",
      target: "busybox",
    })),
    { name: "var/runtime/bootstrap", type: "file", data: bootstrap, mode: 0o755 },
    ...(opts.files ?? []),
    { name: "tmp", type: "dir", mode: 0o1777 },
    { name: "var/task", type: "dir" },
  ];
  return {
    layers: [withParents(entries)],
    entrypoint: ["/var/runtime/bootstrap"],
    cmd: ["function.handler"],
    env: ["PATH=/bin", ...(opts.env ?? [])],
    workingDir: "/var/task",
  };
}

/**
 * Layer (a): busybox plus applet links and a shell `bootstrap` speaking the Runtime API. It
 * answers {"message","handler","cwd","event"}; an event containing "fail" reports an Unhandled
 * error, "sleep" waits 2 s first, "allocate" holds 300 MB first.
 */
export function busyboxRuntimeImage(message: string): TestImageSpec {
  return busyboxImage(BOOTSTRAP, {
    applets: BUSYBOX_APPLETS,
    files: [{ name: "etc/lambda-message", type: "file", data: message }],
  });
}

/** Shared libraries a binary needs, from ldd (absolute paths as the loader will look them up). */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync("ldd", [binary], { encoding: "utf8" });
  const libs: string[] = [];
  for (const line of out.split("\n")) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

function fileTree(hostDir: string, imageDir: string, skip: (rel: string) => boolean): TarEntry[] {
  const out: TarEntry[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(hostDir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (skip(r)) continue;
      if (d.isDirectory()) walk(r);
      else if (d.isFile()) {
        const mode = fs.statSync(path.join(hostDir, r)).mode & 0o777;
        out.push({
          name: `${imageDir}/${r}`,
          type: "file",
          data: fs.readFileSync(path.join(hostDir, r)),
          mode,
        });
      }
    }
  };
  walk("");
  return out;
}

/**
 * Layers (b): the host's node binary and its shared libraries, then aws-lambda-ric at /opt/ric,
 * then a handler in /var/task. Entrypoint node + the RIC, cmd the handler.
 */
export function nodeRicImage(
  message: string,
  ricDir = path.resolve("node_modules/aws-lambda-ric"),
): TestImageSpec {
  const node = fs.realpathSync(process.execPath);
  const libs = [
    ...new Set([
      ...sharedLibraries(node),
      ...sharedLibraries(path.join(ricDir, "rapid-client.node")),
    ]),
  ];
  const base: TarEntry[] = [
    { name: "usr/local/bin/node", type: "file", data: fs.readFileSync(node), mode: 0o755 },
    ...libs.map((l): TarEntry => ({
      name: l.slice(1),
      type: "file",
      data: fs.readFileSync(fs.realpathSync(l)),
      mode: 0o755,
    })),
    { name: "tmp", type: "dir", mode: 0o1777 },
  ];
  const ric = fileTree(
    ricDir,
    "opt/ric",
    (rel) => rel === "deps" || rel === "src" || rel === "scripts" || rel === "node-addon-api",
  );
  const handler = `export const handler = async (event, context) => ({
  message: ${JSON.stringify(message)},
  event,
  requestId: context.awsRequestId,
  node: process.version,
  cwd: process.cwd(),
});
`;
  return {
    layers: [
      withParents(base),
      withParents(ric),
      withParents([{ name: "var/task/index.mjs", type: "file", data: handler }]),
    ],
    entrypoint: ["/usr/local/bin/node", "/opt/ric/index.mjs"],
    cmd: ["index.handler"],
    env: [
      "PATH=/usr/local/bin:/usr/bin:/bin",
      "LAMBDA_TASK_ROOT=/var/task",
      "LAMBDA_RUNTIME_DIR=/var/runtime",
    ],
    workingDir: "/var/task",
  };
}
