import { describe, expect, it } from "vitest";
import { parseImageUri, resolvedUri, transportRef } from "./image-uri";

const LOCAL = "127.0.0.1:5000";

describe("parseImageUri", () => {
  it("splits a local URI with a tag", () => {
    expect(parseImageUri("127.0.0.1:5000/fn/echo:v1", LOCAL)).toEqual({
      uri: "127.0.0.1:5000/fn/echo:v1",
      registry: "127.0.0.1:5000",
      repository: "fn/echo",
      tag: "v1",
      pullRegistry: "127.0.0.1:5000",
    });
  });

  it("keeps a digest and defaults a bare repository to latest", () => {
    const d = "sha256:" + "a".repeat(64);
    const byDigest = parseImageUri(`localhost:5000/echo@${d}`, LOCAL);
    expect(byDigest).toMatchObject({ registry: "localhost:5000", repository: "echo", digest: d });
    expect("tag" in byDigest).toBe(false);
    expect(parseImageUri("localhost:5000/echo", LOCAL)).toMatchObject({ tag: "latest" });
  });

  it("pulls ECR URIs from the local registry but reports them under their own host", () => {
    const ref = parseImageUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:prod", LOCAL);
    if ("error" in ref) throw new Error(ref.error);
    expect(ref.pullRegistry).toBe(LOCAL);
    expect(transportRef(ref)).toBe("docker://127.0.0.1:5000/app:prod");
    const d = "sha256:" + "b".repeat(64);
    expect(transportRef(ref, d)).toBe(`docker://127.0.0.1:5000/app@${d}`);
    expect(resolvedUri(ref, d)).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@${d}`);
  });

  it.each([
    ["", "non-empty"],
    ["echo:v1", "registry host"],
    ["127.0.0.1:5000/Echo:v1", "repository"],
    ["127.0.0.1:5000/echo:bad/tag", "tag"],
    ["127.0.0.1:5000/echo@sha256:xyz", "digest"],
    ["127.0.0.1:5000/echo:-v1", "tag"],
  ])("refuses %j", (uri, why) => {
    const ref = parseImageUri(uri, LOCAL);
    expect("error" in ref && ref.error).toContain(why);
  });
});
