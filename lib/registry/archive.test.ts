import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildOciImage } from "@/test/support/images/build-test-image";
import { writeTar, type TarEntry } from "@/test/support/images/tar-writer";
import { planArchive, splitImageName } from "./archive-plan";
import { safeMemberPath, scanArchive } from "./archive-scan";
import { ociArchive } from "@/test/support/images/test-archives";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function archive(name: string, entries: TarEntry[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, writeTar(entries));
  return file;
}

describe("reading image archives", () => {
  it("normalises member paths and refuses ones that escape", () => {
    expect(safeMemberPath("./blobs//sha256/ab")).toBe("blobs/sha256/ab");
    expect(() => safeMemberPath("../etc/passwd")).toThrow(/escapes the archive/);
    expect(() => safeMemberPath("blobs/../../x")).toThrow(/escapes the archive/);
    expect(() => safeMemberPath("/etc/passwd")).toThrow(/absolute path/);
  });

  it("refuses an archive with an escaping member, a symlink out, or a device file", async () => {
    await expect(
      scanArchive(archive("a.tar", [{ name: "../evil", type: "file", data: "x" }])),
    ).rejects.toThrow(/escapes the archive/);
    await expect(
      scanArchive(archive("b.tar", [{ name: "l", type: "symlink", target: "../../etc/shadow" }])),
    ).rejects.toThrow(/escapes the archive/);
    await expect(
      scanArchive(archive("c.tar", [{ name: "null", type: "chardev", major: 1, minor: 3 }])),
    ).rejects.toThrow(/character-device/);
  });

  it("refuses an archive without a usable manifest, and a file that is not a tar", async () => {
    const scan = await scanArchive(
      archive("d.tar", [{ name: "readme", type: "file", data: "hi" }]),
    );
    expect(() => planArchive(scan)).toThrow(/no image manifest/);
    const broken = await scanArchive(
      archive("e.tar", [{ name: "manifest.json", type: "file", data: "[{}]" }]),
    );
    expect(() => planArchive(broken)).toThrow(/manifest.json is not usable/);
    const notTar = path.join(dir, "f.tar");
    fs.writeFileSync(notTar, Buffer.alloc(2048, 7));
    await expect(scanArchive(notTar)).rejects.toThrow(/not a readable tar archive/);
  });

  it("reads the image name an archive carries", () => {
    expect(splitImageName("docker.io/library/app:v1")).toEqual({ repository: "app", tag: "v1" });
    expect(splitImageName("localhost:5000/team/app:2")).toEqual({
      repository: "team/app",
      tag: "2",
    });
    expect(splitImageName("team/app")).toEqual({ repository: "team/app" });
    expect(splitImageName("v1")).toEqual({ tag: "v1" });
    expect(splitImageName(undefined)).toEqual({});
  });
});

describe("multi-platform OCI archives", () => {
  /** Two single-file images in one layout, and an index over both as the archive's image. */
  function multiPlatform(keepArm: boolean): string {
    const layout = path.join(dir, `multi-${keepArm}`);
    const amd = buildOciImage(layout, "amd", {
      layers: [[{ name: "amd", type: "file", data: "amd" }]],
      architecture: "amd64",
    });
    const arm = buildOciImage(layout, "arm", {
      layers: [[{ name: "arm", type: "file", data: "arm" }]],
      architecture: "arm64",
    });
    const blobs = path.join(layout, "blobs", "sha256");
    const size = (d: string) => fs.statSync(path.join(blobs, d.slice(7))).size;
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: arm,
            size: size(arm),
            platform: { architecture: "arm64", os: "linux" },
          },
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: amd,
            size: size(amd),
            platform: { architecture: "amd64", os: "linux" },
          },
        ],
      }),
    );
    const indexDigest = `sha256:${crypto.createHash("sha256").update(index).digest("hex")}`;
    fs.writeFileSync(path.join(blobs, indexDigest.slice(7)), index);
    fs.writeFileSync(
      path.join(layout, "index.json"),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: "application/vnd.oci.image.index.v1+json",
            digest: indexDigest,
            size: index.length,
          },
        ],
      }),
    );
    if (!keepArm) {
      // docker save of one platform: the other platform's layer is missing.
      const armManifest = JSON.parse(fs.readFileSync(path.join(blobs, arm.slice(7)), "utf8")) as {
        layers: { digest: string }[];
      };
      for (const l of armManifest.layers) fs.rmSync(path.join(blobs, l.digest.slice(7)));
    }
    const file = path.join(dir, `multi-${keepArm}.tar`);
    fs.writeFileSync(file, ociArchive(layout));
    return file;
  }

  it("pushes the whole index when every platform is there", async () => {
    const plan = planArchive(await scanArchive(multiPlatform(true)));
    expect(plan.top.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(plan.children).toHaveLength(2);
    expect(plan.architecture).toBe("amd64");
  });

  it("pushes the one usable platform when the others' layers were left out", async () => {
    const plan = planArchive(await scanArchive(multiPlatform(false)));
    expect(plan.top.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(plan.children).toEqual([]);
    expect(plan.architecture).toBe("amd64");
  });
});
