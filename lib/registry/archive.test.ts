import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTar, type TarEntry } from "../engine/images/tar-writer";
import { planArchive, splitImageName } from "./archive-plan";
import { safeMemberPath, scanArchive } from "./archive-scan";

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
