/**
 * Test helper: image archives as `docker save` and `podman save --format oci-archive` write them,
 * built from the engine's test images (real layers, real digests). Used only by tests.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestImageSpec } from "./build-test-image";
import { writeTar, type TarEntry } from "./tar-writer";

const sha256hex = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** Tars an OCI image layout directory (what buildOciImage wrote) into an OCI archive. */
export function ociArchive(layoutDir: string): Buffer {
  const entries: TarEntry[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(layoutDir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        entries.push({ name: r, type: "dir" });
        walk(r);
      } else if (d.isFile() && !d.name.startsWith("pushed-")) {
        entries.push({ name: r, type: "file", data: fs.readFileSync(path.join(layoutDir, r)) });
      }
    }
  };
  walk("");
  return writeTar(entries);
}

export interface DockerSaveOptions {
  repoTag?: string;
  /** Store the last layer twice and make the second a symlink, as older docker save does. */
  symlinkDuplicate?: boolean;
}

/** A classic `docker save` archive: manifest.json, <config>.json, <id>/layer.tar (plain tars). */
export function dockerSaveArchive(spec: TestImageSpec, options: DockerSaveOptions = {}): Buffer {
  const layerTars = spec.layers.map((l) => writeTar(l));
  const diffIds = layerTars.map((t) => `sha256:${sha256hex(t)}`);
  const lastDiff = diffIds[diffIds.length - 1];
  // Docker lists a layer twice when two layers have equal content; the second is a symlink.
  if (options.symlinkDuplicate && lastDiff) diffIds.push(lastDiff);
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? "amd64",
      os: "linux",
      config: {
        Entrypoint: spec.entrypoint,
        Cmd: spec.cmd,
        Env: spec.env ?? ["PATH=/bin"],
        WorkingDir: spec.workingDir ?? "/",
      },
      rootfs: { type: "layers", diff_ids: diffIds },
    }),
  );
  const configName = `${sha256hex(config)}.json`;
  const entries: TarEntry[] = [];
  const layerNames = layerTars.map((t, i) => {
    const id = sha256hex(Buffer.concat([t, Buffer.from(String(i))]));
    entries.push({ name: id, type: "dir" });
    entries.push({ name: `${id}/layer.tar`, type: "file", data: t });
    return `${id}/layer.tar`;
  });
  if (options.symlinkDuplicate && layerTars.length > 0) {
    const last = layerNames[layerNames.length - 1] ?? "";
    entries.push({ name: "dup", type: "dir" });
    entries.push({ name: "dup/layer.tar", type: "symlink", target: `../${last}` });
    layerNames.push("dup/layer.tar");
  }
  entries.push({ name: configName, type: "file", data: config });
  entries.push({
    name: "manifest.json",
    type: "file",
    data: JSON.stringify([
      {
        Config: configName,
        RepoTags: options.repoTag ? [options.repoTag] : null,
        Layers: layerNames,
      },
    ]),
  });
  return writeTar(entries);
}

/**
 * What Docker ≥ 25 writes for `docker save`: an OCI layout (index.json naming the image, blobs)
 * plus the classic manifest.json pointing into blobs/sha256/.
 */
export function docker25SaveArchive(layoutDir: string, repoTag: string): Buffer {
  const index = JSON.parse(fs.readFileSync(path.join(layoutDir, "index.json"), "utf8")) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const top = index.manifests[0];
  if (!top) throw new Error("empty layout");
  top.annotations = {
    "io.containerd.image.name": `docker.io/library/${repoTag}`,
    "org.opencontainers.image.ref.name": repoTag.split(":")[1] ?? "latest",
  };
  const blob = (d: string) => `blobs/sha256/${d.slice("sha256:".length)}`;
  const manifest = JSON.parse(fs.readFileSync(path.join(layoutDir, blob(top.digest)), "utf8")) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  const entries: TarEntry[] = [
    { name: "blobs", type: "dir" },
    { name: "blobs/sha256", type: "dir" },
    ...fs.readdirSync(path.join(layoutDir, "blobs", "sha256")).map((hex): TarEntry => ({
      name: `blobs/sha256/${hex}`,
      type: "file",
      data: fs.readFileSync(path.join(layoutDir, "blobs", "sha256", hex)),
    })),
    { name: "oci-layout", type: "file", data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: "index.json", type: "file", data: JSON.stringify({ schemaVersion: 2, ...index }) },
    {
      name: "manifest.json",
      type: "file",
      data: JSON.stringify([
        {
          Config: blob(manifest.config.digest),
          RepoTags: [repoTag],
          Layers: manifest.layers.map((l) => blob(l.digest)),
        },
      ]),
    },
  ];
  return writeTar(entries);
}
