import { describe, expect, it } from "vitest";
import { parseImageUri } from "./image-uri";
import { registryError } from "./resolve-image";

/** The reason code registryError gives skopeo's last line for `uri`. */
function codeFor(uri: string, line: string): string {
  const ref = parseImageUri(uri, "127.0.0.1:5000");
  if ("error" in ref) throw new Error(ref.error);
  const stderr = `time="x" level=fatal msg="${line.replaceAll('"', '\\"')}"`;
  return registryError(ref, { code: 1, stdout: Buffer.alloc(0), stderr }).code;
}

describe("skopeo's failures as AWS reason codes", () => {
  // Lines as skopeo prints them (seen in this project's runs against the local registry).
  const anonymous = (host: string, repo: string) =>
    `Error parsing image name "docker://${host}/${repo}:v1": reading manifest v1 in ${host}/${repo}: authentication required`;
  const unknownTag = (host: string, repo: string) =>
    `Error parsing image name "docker://${host}/${repo}:v1": reading manifest v1 in ${host}/${repo}: manifest unknown: manifest unknown`;

  it.each(["127.0.0.1:5101", "127.0.0.1:40412", "127.0.0.1:34040", "127.0.0.1:44013"])(
    "registry %s: the port's digits decide nothing",
    (host) => {
      expect(codeFor(`${host}/lambda/busybox:v1`, anonymous(host, "lambda/busybox"))).toBe(
        "ImageAccessDenied",
      );
      expect(codeFor(`${host}/lambda/busybox:v1`, unknownTag(host, "lambda/busybox"))).toBe(
        "ImageDeleted",
      );
    },
  );

  it("a repository named like an error decides nothing either", () => {
    const host = "127.0.0.1:5000";
    expect(codeFor(`${host}/denied/app:v1`, unknownTag(host, "denied/app"))).toBe("ImageDeleted");
    expect(codeFor(`${host}/app-404:v1`, anonymous(host, "app-404"))).toBe("ImageAccessDenied");
  });

  it("HTTP statuses in skopeo's words", () => {
    const uri = "r.example:5000/app:v1";
    const status = (s: string) =>
      `reading manifest v1 in r.example:5000/app: received unexpected HTTP status: ${s}`;
    expect(codeFor(uri, status("404 Not Found"))).toBe("ImageDeleted");
    expect(codeFor(uri, status("403 Forbidden"))).toBe("ImageAccessDenied");
    expect(codeFor(uri, status("401 Unauthorized"))).toBe("ImageAccessDenied");
    expect(codeFor(uri, status("500 Internal Server Error"))).toBe("InvalidImage");
  });
});
